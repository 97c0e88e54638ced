-- One row per period x project (each counted once across the register and the public
-- exports), with the flags every funding figure counts and the names of its division,
-- programme, phase and source: the list behind the funding views, for analysts and the Excel output.
-- grain: period, project_key
-- depends on: funding_ref_phase, funding_ref_programme, ref_code, ref_division,
-- depends on: stg_funding_project_flags
create or replace view funding_projects as
with

flags as (
    select * from stg_funding_project_flags
),

sources as (
    select code as source, columns('^name_(.+)$') as 'source_name_\1'
    from ref_code
    where kind = 'source'
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1'
    from ref_division
),

programmes as (
    select period, programme, columns('^name_(.+)$') as 'programme_name_\1'
    from funding_ref_programme
),

phases as (
    select period, phase, columns('^name_(.+)$') as 'phase_name_\1'
    from funding_ref_phase
),

final as (
    select
        flags.period,
        flags.project_key,
        flags.project_id,
        flags.external_id,
        flags.source,
        sources.* exclude (source),
        flags.sources,
        flags.name,
        flags.acronym,
        flags.division,
        divisions.* exclude (division),
        flags.programme,
        programmes.* exclude (period, programme),
        flags.phase,
        phases.* exclude (period, phase),
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
    left join sources on sources.source = flags.source
    left join divisions on divisions.division = flags.division
    left join programmes
        on programmes.period = flags.period and programmes.programme = flags.programme
    left join phases on phases.period = flags.period and phases.phase = flags.phase
)

select * from final
