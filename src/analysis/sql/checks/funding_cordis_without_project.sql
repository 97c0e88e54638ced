-- One row per participation of the city in organization.csv whose project has no line in
-- project.csv: the project is counted, but without its dates and programme.
with

organisations as (
    select * from raw_cordis_organization where period = $period and city_match is not null
),

projects as (
    select id from raw_cordis_project where period = $period
),

final as (
    select source_file, null as sheet, line_number as row_number, 'project_id' as field,
        project_id as value, project_acronym as detail
    from organisations
    where project_id not in (select id from projects)
)

select * from final
