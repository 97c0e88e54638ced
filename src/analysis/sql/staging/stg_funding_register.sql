-- One row per period x row of the city's project register: division, programme and phase
-- mapped to their codes (NULL when the label is not configured), dates and euros as read,
-- and the row's lineage.
-- depends on: funding_ref_phase_key, funding_ref_programme_key, raw_funding_register,
-- depends on: ref_division_key
create or replace view stg_funding_register as
with

source as (
    select * from raw_funding_register
),

divisions as (
    select * from ref_division_key
),

programmes as (
    select * from funding_ref_programme_key
),

phases as (
    select * from funding_ref_phase_key
),

final as (
    select
        source.period,
        source.project_id,
        source.name,
        source.acronym,
        source.grant_id,
        divisions.division,
        programmes.programme,
        phases.phase,
        source.submitted_on,
        source.decided_on,
        source.start_on,
        source.end_on,
        source.total_budget_eur,
        source.eu_contribution_eur,
        source.own_financing_eur,
        source.theme_keys,
        source.acronym_key,
        source.grant_key,
        source.division as division_label,
        source.programme as programme_label,
        source.phase as phase_label,
        source.source_file,
        source.sheet,
        source.row_number,
        source.file_sha256,
        source.loaded_at
    from source
    left join divisions on divisions.key = source.division_key
    left join programmes
        on programmes.period = source.period and programmes.key = source.programme_key
    left join phases on phases.period = source.period and phases.key = source.phase_key
)

select * from final
