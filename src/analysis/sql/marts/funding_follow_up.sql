-- One row per period x granted project that ended within the follow-up years (two by default)
-- before the period's last day: end date after (last day - 2 years) and on or before the last
-- day. Its results are followed until `follow_up_until` (the end date + 2 years). The projects
-- of funding_projects with `in_follow_up`, with the columns the follow-up list shows.
-- grain: period, project_key
-- depends on: funding_projects
create or replace view funding_follow_up as
with

projects as (
    select * from funding_projects where in_follow_up
),

final as (
    select
        period,
        project_key,
        project_id,
        external_id,
        name,
        acronym,
        division,
        columns('^division_name_'),
        programme,
        columns('^programme_name_'),
        start_on,
        end_on,
        follow_up_until,
        eu_contribution_eur,
        total_budget_eur,
        sources,
        source_file,
        sheet,
        row_number
    from projects
)

select * from final
