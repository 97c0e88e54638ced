-- One row per period with funding data (files in data/raw/<period>/funding): the city's
-- totals of funding_by_division, each project counted once, and the sum of the divisions'
-- targets.
-- grain: period
-- depends on: funding_ref_period, stg_funding_project_flags, stg_funding_targets
create or replace view funding_overall as
with

periods as (
    select * from funding_ref_period
),

flags as (
    select * from stg_funding_project_flags
),

targets as (
    select period, sum(target) as target, count(*) as divisions_with_target
    from stg_funding_targets
    group by period
),

counts as (
    select
        period,
        count(*) as projects,
        count(*) filter (where is_application) as applications,
        count(*) filter (where is_approved) as approved,
        count(*) filter (where is_rejected) as rejected,
        coalesce(sum(eu_contribution_eur) filter (where is_approved), 0) as eu_contribution_eur,
        coalesce(sum(total_budget_eur) filter (where is_approved), 0) as total_budget_eur,
        coalesce(sum(own_financing_eur) filter (where is_approved), 0) as own_financing_eur,
        count(*) filter (where is_running) as running,
        coalesce(sum(eu_contribution_eur) filter (where is_running), 0)
            as running_eu_contribution_eur,
        count(*) filter (where phase = 'idea') as idea,
        count(*) filter (where phase = 'preparation') as preparation,
        count(*) filter (where phase = 'submitted') as awaiting_decision,
        count(*) filter (where in_follow_up) as follow_up,
        count(*) filter (where source <> 'register') as not_in_register
    from flags
    group by period
),

final as (
    select
        periods.period,
        periods.period_start,
        periods.period_end,
        periods.follow_up_years,
        coalesce(counts.projects, 0) as projects,
        coalesce(counts.applications, 0) as applications,
        targets.target,
        coalesce(counts.applications, 0) / nullif(targets.target, 0) as target_attainment,
        coalesce(targets.divisions_with_target, 0) as divisions_with_target,
        coalesce(counts.approved, 0) as approved,
        coalesce(counts.rejected, 0) as rejected,
        counts.approved / nullif(counts.approved + counts.rejected, 0) as success_rate,
        coalesce(counts.eu_contribution_eur, 0) as eu_contribution_eur,
        coalesce(counts.total_budget_eur, 0) as total_budget_eur,
        coalesce(counts.own_financing_eur, 0) as own_financing_eur,
        coalesce(counts.running, 0) as running,
        coalesce(counts.running_eu_contribution_eur, 0) as running_eu_contribution_eur,
        coalesce(counts.idea, 0) as idea,
        coalesce(counts.preparation, 0) as preparation,
        coalesce(counts.awaiting_decision, 0) as awaiting_decision,
        coalesce(counts.follow_up, 0) as follow_up,
        coalesce(counts.not_in_register, 0) as not_in_register
    from periods
    left join counts on counts.period = periods.period
    left join targets on targets.period = periods.period
)

select * from final
