-- One row per period x CORDIS project in which the city participates (one of its PICs or VAT
-- numbers is in organization.csv): the city's own EU contribution and costs summed over its
-- participations, the project's dates and programme from project.csv, and the lines they
-- come from.
-- depends on: funding_ref_programme_key, raw_cordis_organization, raw_cordis_project
create or replace view stg_funding_cordis as
with

organisations as (
    select * from raw_cordis_organization where city_match is not null
),

projects as (
    select * from raw_cordis_project
    qualify row_number() over (partition by period, id order by source_file, line_number) = 1
),

programmes as (
    select * from funding_ref_programme_key
),

participation as (
    select
        period,
        project_id,
        any_value(project_acronym) as acronym_in_organisations,
        sum(ec_contribution_eur) as city_eu_contribution_eur,
        sum(total_cost_eur) as city_total_cost_eur,
        string_agg(distinct role, ', ' order by role) as city_roles,
        string_agg(distinct city_match, ', ' order by city_match) as city_match,
        min(source_file) as organisation_file,
        list(line_number order by line_number) as organisation_lines
    from organisations
    group by period, project_id
),

final as (
    select
        participation.period,
        participation.project_id,
        coalesce(projects.acronym, participation.acronym_in_organisations) as acronym,
        projects.title,
        projects.status,
        projects.framework_programme,
        programmes.programme,
        projects.legal_basis,
        coalesce(projects.theme_keys, []::varchar[]) as theme_keys,
        projects.start_on,
        projects.end_on,
        projects.signed_on,
        participation.city_eu_contribution_eur,
        participation.city_total_cost_eur,
        projects.total_cost_eur as project_total_cost_eur,
        projects.ec_max_contribution_eur as project_ec_max_contribution_eur,
        participation.city_roles,
        participation.city_match,
        coalesce(projects.grant_key, lower(trim(participation.project_id))) as grant_key,
        coalesce(
            projects.acronym_key, lower(trim(participation.acronym_in_organisations))
        ) as acronym_key,
        projects.source_file as project_file,
        projects.line_number as project_line,
        participation.organisation_file,
        participation.organisation_lines
    from participation
    left join projects
        on projects.period = participation.period and projects.id = participation.project_id
    left join programmes
        on programmes.period = participation.period and programmes.key = projects.programme_key
)

select * from final
