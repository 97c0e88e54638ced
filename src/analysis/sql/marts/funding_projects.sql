-- One row per period x project (each counted once across the register and the public
-- exports), with the flags every funding figure counts and the names of its division,
-- programme and phase: the list behind the funding views, for analysts and the Excel output.
-- grain: period, project_key
-- depends on: funding_ref_phase, funding_ref_programme, ref_division, stg_funding_project_flags
create or replace view funding_projects as
with

flags as (
    select * from stg_funding_project_flags
),

divisions as (
    select * from ref_division
),

programmes as (
    select * from funding_ref_programme
),

phases as (
    select * from funding_ref_phase
),

final as (
    select
        flags.period,
        flags.project_key,
        flags.project_id,
        flags.external_id,
        flags.source,
        flags.sources,
        flags.name,
        flags.acronym,
        flags.division,
        divisions.name_fi as division_name_fi,
        divisions.name_en as division_name_en,
        flags.programme,
        programmes.name_fi as programme_name_fi,
        programmes.name_en as programme_name_en,
        flags.phase,
        phases.name_fi as phase_name_fi,
        phases.name_en as phase_name_en,
        flags.submitted_on,
        flags.decided_on,
        flags.start_on,
        flags.end_on,
        flags.total_budget_eur,
        flags.eu_contribution_eur,
        flags.own_financing_eur,
        flags.eu_and_state_funding_eur,
        flags.is_application,
        flags.is_approved,
        flags.is_rejected,
        flags.is_running,
        flags.in_follow_up,
        flags.follow_up_until,
        flags.in_pipeline,
        flags.source_file,
        flags.sheet,
        flags.row_number
    from flags
    left join divisions on divisions.division = flags.division
    left join programmes
        on programmes.period = flags.period and programmes.programme = flags.programme
    left join phases on phases.period = flags.period and phases.phase = flags.phase
)

select * from final
