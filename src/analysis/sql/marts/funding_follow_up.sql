-- One row per period x granted project that ended within the follow-up years (two by default)
-- before the period's last day: end date after (last day - 2 years) and on or before the last
-- day. Its results are followed until `follow_up_until` (the end date + 2 years).
-- grain: period, project_key
-- depends on: funding_ref_programme, ref_division, stg_funding_project_flags
create or replace view funding_follow_up as
with

flags as (
    select * from stg_funding_project_flags where in_follow_up
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1'
    from ref_division
),

programmes as (
    select period, programme, columns('^name_(.+)$') as 'programme_name_\1'
    from funding_ref_programme
),

final as (
    select
        flags.period,
        flags.project_key,
        flags.project_id,
        flags.external_id,
        flags.name,
        flags.acronym,
        flags.division,
        divisions.* exclude (division),
        flags.programme,
        programmes.* exclude (period, programme),
        flags.start_on,
        flags.end_on,
        flags.follow_up_until,
        flags.eu_contribution_eur,
        flags.total_budget_eur,
        flags.sources,
        flags.source_file,
        flags.sheet,
        flags.row_number
    from flags
    left join divisions on divisions.division = flags.division
    left join programmes
        on programmes.period = flags.period and programmes.programme = flags.programme
)

select * from final
