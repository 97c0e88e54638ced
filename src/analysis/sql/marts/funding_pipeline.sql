-- One row per period x phase: the projects of the period's register (and of the public
-- exports) in each phase at the period's end, with their EU contribution (applied for or
-- granted). Rejected projects count only if rejected in the period, closed ones only if they
-- ended in it; earlier ones are history (the follow-up list shows the recent ones).
-- grain: period, phase
-- depends on: funding_ref_phase, stg_funding_project_flags
create or replace view funding_pipeline as
with

flags as (
    select * from stg_funding_project_flags where in_pipeline
),

phases as (
    select period, phase, columns('^name_(.+)$') as 'phase_name_\1', sort_order
    from funding_ref_phase
),

counts as (
    select
        period,
        phase,
        count(*) as projects,
        coalesce(sum(eu_contribution_eur), 0) as eu_contribution_eur
    from flags
    group by period, phase
),

final as (
    select
        phases.period,
        phases.phase,
        coalesce(counts.projects, 0) as projects,
        coalesce(counts.eu_contribution_eur, 0) as eu_contribution_eur,
        phases.* exclude (period, phase)
    from phases
    left join counts on counts.period = phases.period and counts.phase = phases.phase
)

select * from final
