-- One row per period x division (NULL division: projects of the public exports that are not in
-- the register): EU applications against the division's target, decisions, success rate and
-- the euros of the projects approved in the period, plus the running, idea-phase and
-- follow-up projects. Definitions: docs/funding.md.
-- grain: period, division
-- depends on: ref_division, stg_funding_project_flags, stg_funding_targets
create or replace view funding_by_division as
with

flags as (
    select * from stg_funding_project_flags
),

targets as (
    select * from stg_funding_targets
),

divisions as (
    select * from ref_division
),

counts as (
    select
        period,
        division,
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
        count(*) filter (where in_follow_up) as follow_up
    from flags
    group by period, division
),

keys as (
    select period, division from counts
    union
    select period, division from targets
),

final as (
    select
        keys.period,
        keys.division,
        coalesce(counts.applications, 0) as applications,
        targets.target,
        coalesce(counts.applications, 0) / nullif(targets.target, 0) as target_attainment,
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
        divisions.name_fi as division_name_fi,
        divisions.name_en as division_name_en,
        divisions.sort_order
    from keys
    left join counts
        on counts.period = keys.period and counts.division is not distinct from keys.division
    left join targets
        on targets.period = keys.period and targets.division is not distinct from keys.division
    left join divisions on divisions.division = keys.division
)

select * from final
