-- One row per period x computed indicator of config/indicators.yml: its value from the city's
-- own data of the period, where it comes from (the view and column, language-neutral like all
-- lineage), and for EU applications without a configured target the period's application
-- target (docs/indicators.md, "Computed indicators"):
--   eu_applications  = applications of int_funding_counts (the city, or the division);
--   eu_contribution  = EU contribution of the approved projects (euros), likewise;
--   goal_completion  = done / (measures - cancelled) x 100 of the measures whose goal (Tavoite)
--                      is the indicator's goal or starts with it and a space ("G6" -> "G6 ...").
-- A period without funding data has no value for the funding indicators (NULL, not 0).
-- grain: period, indicator
-- depends on: stg_indicators, int_funding_counts, stg_measures
create or replace view int_indicator_computed as
with

indicators as (
    select * from stg_indicators where computed
),

funding as (
    select * from int_funding_counts where breakdown in ('overall', 'division')
),

measures as (
    select period, lower(trim(goal)) as goal_key, status from stg_measures
),

funding_values as (
    select
        indicators.period,
        indicators.indicator,
        case indicators.compute
            when 'eu_applications' then funding.applications::double
            when 'eu_contribution' then funding.eu_contribution_eur::double
        end as value,
        case when indicators.compute = 'eu_applications' then funding.target::double end
            as funding_target,
        case indicators.compute
            when 'eu_applications' then 'int_funding_counts.applications'
            when 'eu_contribution' then 'int_funding_counts.eu_contribution_eur'
        end as value_source
    from indicators
    left join funding
        on funding.period = indicators.period
        and funding.breakdown = case when indicators.division is null then 'overall'
            else 'division' end
        and funding.division is not distinct from indicators.division
    where indicators.compute in ('eu_applications', 'eu_contribution')
),

goal_values as (
    select
        indicators.period,
        indicators.indicator,
        100.0 * count(*) filter (where measures.status = 'done')
            / nullif(count(*) filter (where measures.status <> 'cancelled'), 0) as value,
        null::double as funding_target,
        'stg_measures.status (n = ' || count(measures.status) || ')' as value_source
    from indicators
    left join measures
        on measures.period = indicators.period
        and (
            measures.goal_key = lower(trim(indicators.goal))
            or starts_with(measures.goal_key, lower(trim(indicators.goal)) || ' ')
        )
    where indicators.compute = 'goal_completion'
    group by indicators.period, indicators.indicator
),

final as (
    select * from funding_values
    union all
    select * from goal_values
)

select * from final
