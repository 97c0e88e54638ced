-- One row per breakdown x its key: the funding figures of docs/funding.md for each period with
-- funding data (breakdown `overall`), period x division (`division`; NULL division: projects of
-- the public exports that are not in the register), period x theme (`theme`) and period x
-- programme (`programme`). The funding marts select their rows from here, so each figure is
-- written once:
--   success rate = approved / (approved + rejected); target attainment = applications / target.
-- A project counts once in the city, its division and its programme, and once in each of its
-- themes. Targets are set per division (the city's is their sum), so a division with a target
-- and no project has a row, and a theme or programme row has no target. The projects are
-- read once for all four breakdowns (a few thousand rows even at national scale, against
-- millions of measures in int_status_counts).
-- grain: breakdown, period, division, theme, programme
-- depends on: funding_ref_period, stg_funding_project_flags, stg_funding_targets
create or replace view int_funding_counts as
with

projects as (
    select
        period,
        project_key,
        division,
        programme,
        phase,
        source,
        is_application,
        is_approved,
        is_rejected,
        is_running,
        in_follow_up,
        eu_contribution_eur,
        total_budget_eur,
        own_financing_eur,
        eu_and_state_funding_eur,
        themes
    from stg_funding_project_flags
),

division_targets as (
    select period, division, target from stg_funding_targets
),

periods as (
    select period from funding_ref_period
),

breakdowns as (
    select 'overall' as breakdown, null::varchar as theme, projects.* exclude (division, programme)
    from projects
    union all by name
    select 'division' as breakdown, null::varchar as theme, projects.* exclude (programme)
    from projects
    union all by name
    select 'theme' as breakdown, unnest(themes) as theme, projects.* exclude (division, programme)
    from projects
    union all by name
    select 'programme' as breakdown, null::varchar as theme, projects.* exclude (division)
    from projects
),

counts as (
    select
        breakdown,
        period,
        division,
        theme,
        programme,
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
        coalesce(sum(eu_and_state_funding_eur) filter (where is_running), 0)
            as running_eu_and_state_funding_eur,
        count(*) filter (where phase = 'idea') as idea,
        count(*) filter (where phase = 'preparation') as preparation,
        count(*) filter (where phase = 'submitted') as awaiting_decision,
        count(*) filter (where in_follow_up) as follow_up,
        count(*) filter (where source <> 'register') as not_in_register
    from breakdowns
    group by breakdown, period, division, theme, programme
),

overall_targets as (
    select period, sum(target) as target, count(*) as divisions_with_target
    from division_targets
    group by period
),

-- the rows that exist without projects: a division with a target, a period with funding data
goals as (
    select 'division' as breakdown, period, division, target, 1 as divisions_with_target
    from division_targets
    union all
    select 'overall', periods.period, null, overall_targets.target,
        coalesce(overall_targets.divisions_with_target, 0)
    from periods
    left join overall_targets on overall_targets.period = periods.period
),

final as (
    select
        coalesce(counts.breakdown, goals.breakdown) as breakdown,
        coalesce(counts.period, goals.period) as period,
        coalesce(counts.division, goals.division) as division,
        counts.theme,
        counts.programme,
        coalesce(counts.projects, 0) as projects,
        coalesce(counts.applications, 0) as applications,
        goals.target,
        coalesce(counts.applications, 0) / nullif(goals.target, 0) as target_attainment,
        coalesce(goals.divisions_with_target, 0) as divisions_with_target,
        coalesce(counts.approved, 0) as approved,
        coalesce(counts.rejected, 0) as rejected,
        counts.approved / nullif(counts.approved + counts.rejected, 0) as success_rate,
        coalesce(counts.eu_contribution_eur, 0) as eu_contribution_eur,
        coalesce(counts.total_budget_eur, 0) as total_budget_eur,
        coalesce(counts.own_financing_eur, 0) as own_financing_eur,
        coalesce(counts.running, 0) as running,
        coalesce(counts.running_eu_contribution_eur, 0) as running_eu_contribution_eur,
        coalesce(counts.running_eu_and_state_funding_eur, 0)
            as running_eu_and_state_funding_eur,
        coalesce(counts.idea, 0) as idea,
        coalesce(counts.preparation, 0) as preparation,
        coalesce(counts.awaiting_decision, 0) as awaiting_decision,
        coalesce(counts.follow_up, 0) as follow_up,
        coalesce(counts.not_in_register, 0) as not_in_register
    from counts
    full join goals
        on goals.breakdown = counts.breakdown
        and goals.period = counts.period
        and goals.division is not distinct from counts.division
)

select * from final
