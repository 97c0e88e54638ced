-- One row per period x structural-fund project of the city (EURA or Kohesio lines whose
-- implementer is the city; a project listed in several files counts once, from the first
-- file by name). EURA lists give the EU and state funding together, not the EU share alone.
-- depends on: funding_ref_programme_key, raw_structural_fund_project, ref_division_key
create or replace view stg_funding_structural as
with

source as (
    select * from raw_structural_fund_project
    where city_match is not null and parse_status <> 'skipped'
    qualify row_number() over (
        partition by period, layout, grant_key order by source_file, line_number
    ) = 1
),

divisions as (
    select * from ref_division_key
),

programmes as (
    select * from funding_ref_programme_key
),

final as (
    select
        source.period,
        source.layout,
        source.grant_key,
        source.project_code,
        source.operation_uri,
        source.name,
        source.fund,
        programmes.programme,
        source.programme_name,
        source.implementer,
        source.city_match,
        divisions.division,
        source.start_on,
        source.end_on,
        source.eu_budget_eur as eu_contribution_eur,
        source.granted_public_eur as eu_and_state_funding_eur,
        coalesce(source.total_eligible_eur, source.planned_public_total_eur) as total_budget_eur,
        source.parse_status,
        source.source_file,
        source.sheet,
        source.line_number
    from source
    left join divisions on divisions.key = source.division_key
    left join programmes
        on programmes.period = source.period and programmes.key = source.programme_key
)

select * from final
