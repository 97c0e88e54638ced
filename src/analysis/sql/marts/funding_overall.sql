-- One row per period with funding data (files in data/raw/<period>/funding): the city's
-- totals of funding_by_division, each project counted once, and the sum of the divisions'
-- targets (int_funding_counts).
-- grain: period
-- depends on: funding_ref_period, int_funding_counts
create or replace view funding_overall as
with

periods as (
    select * from funding_ref_period
),

counts as (
    select * from int_funding_counts where breakdown = 'overall'
),

final as (
    select
        periods.period,
        periods.period_start,
        periods.period_end,
        periods.follow_up_years,
        counts.* exclude (
            breakdown, period, division, theme, programme, running_eu_and_state_funding_eur
        )
    from periods
    join counts on counts.period = periods.period
)

select * from final
