-- One row per register row whose EU contribution differs by more than one euro from the city's
-- own ecContribution in the matched CORDIS project.
with

matches as (
    select * from stg_funding_matches where period = $period and source = 'cordis'
),

register as (
    select * from stg_funding_register where period = $period
),

cordis as (
    select * from stg_funding_cordis where period = $period
),

final as (
    select
        register.source_file,
        register.sheet,
        register.row_number,
        'eu_contribution' as field,
        register.eu_contribution_eur::varchar as value,
        cordis.project_id || ': ' || coalesce(cordis.city_eu_contribution_eur::varchar, 'none')
            as detail
    from matches
    join register on register.project_id = matches.project_id
    join cordis on cordis.project_id = matches.external_id
    where register.eu_contribution_eur is not null
        and abs(register.eu_contribution_eur - coalesce(cordis.city_eu_contribution_eur, 0)) > 1
)

select * from final
