-- One row per period x project, each project counted once: every register row (with the blanks
-- of a matched CORDIS / structural-fund project filled in from it), then the city's projects of
-- the public exports that are not in the register. A public project's phase is derived from its
-- dates at the period's last day (granted before its start, closed after its end, else running)
-- and the CORDIS signature date stands in for its decision date. `themes` are the codes of its
-- theme keys: the register's themes (`;`-separated), or for a CORDIS project without them the
-- theme of its legal basis (config/funding.yml legal_basis_themes).
-- depends on: funding_ref_period, ref_theme_key, stg_funding_cordis, stg_funding_matches,
-- depends on: stg_funding_register, stg_funding_structural
create or replace view stg_funding_projects as
with

register as (
    select * from stg_funding_register
),

cordis as (
    select * from stg_funding_cordis
),

structural as (
    select * from stg_funding_structural
),

matches as (
    select * from stg_funding_matches
),

periods as (
    select * from funding_ref_period
),

cordis_for_register as (
    select
        matches.period,
        matches.project_id as register_id,
        cordis.project_id as cordis_id,
        cordis.title,
        cordis.acronym,
        cordis.theme_keys,
        cordis.signed_on,
        cordis.start_on,
        cordis.end_on,
        cordis.city_eu_contribution_eur,
        cordis.city_total_cost_eur
    from matches
    join cordis on cordis.period = matches.period and cordis.project_id = matches.external_id
    where matches.source = 'cordis'
    qualify row_number() over (
        partition by matches.period, matches.project_id order by cordis.project_id
    ) = 1
),

structural_for_register as (
    select
        matches.period,
        matches.project_id as register_id,
        structural.grant_key as structural_id,
        structural.layout,
        structural.name,
        structural.start_on,
        structural.end_on,
        structural.eu_contribution_eur,
        structural.eu_and_state_funding_eur,
        structural.total_budget_eur
    from matches
    join structural
        on structural.period = matches.period
        and structural.layout = matches.source
        and structural.grant_key = matches.external_id
    qualify row_number() over (
        partition by matches.period, matches.project_id order by structural.grant_key
    ) = 1
),

from_register as (
    select
        register.period,
        'register' as source,
        register.project_id,
        coalesce(c.cordis_id, s.structural_id) as external_id,
        coalesce(register.name, c.title, s.name) as name,
        coalesce(register.acronym, c.acronym) as acronym,
        register.division,
        register.programme,
        register.phase,
        register.submitted_on,
        coalesce(register.decided_on, c.signed_on) as decided_on,
        coalesce(register.start_on, c.start_on, s.start_on) as start_on,
        coalesce(register.end_on, c.end_on, s.end_on) as end_on,
        coalesce(
            register.total_budget_eur, c.city_total_cost_eur, s.total_budget_eur
        ) as total_budget_eur,
        coalesce(
            register.eu_contribution_eur, c.city_eu_contribution_eur, s.eu_contribution_eur
        ) as eu_contribution_eur,
        register.own_financing_eur as own_financing_given_eur,
        s.eu_and_state_funding_eur,
        case
            when len(register.theme_keys) > 0 then register.theme_keys
            else coalesce(c.theme_keys, []::varchar[])
        end as theme_keys,
        concat_ws(
            '+', 'register', case when c.cordis_id is not null then 'cordis' end, s.layout
        ) as sources,
        register.source_file,
        register.sheet,
        register.row_number
    from register
    left join cordis_for_register as c
        on c.period = register.period and c.register_id = register.project_id
    left join structural_for_register as s
        on s.period = register.period and s.register_id = register.project_id
),

from_cordis as (
    select
        cordis.period,
        'cordis' as source,
        null::varchar as project_id,
        cordis.project_id as external_id,
        coalesce(cordis.title, cordis.acronym) as name,
        cordis.acronym,
        null::varchar as division,
        cordis.programme,
        case
            when cordis.start_on is null then 'granted'
            when cordis.end_on <= periods.period_end then 'closed'
            when cordis.start_on > periods.period_end then 'granted'
            else 'running'
        end as phase,
        null::date as submitted_on,
        cordis.signed_on as decided_on,
        cordis.start_on,
        cordis.end_on,
        cordis.city_total_cost_eur as total_budget_eur,
        cordis.city_eu_contribution_eur as eu_contribution_eur,
        null::decimal(18, 2) as own_financing_given_eur,
        null::decimal(18, 2) as eu_and_state_funding_eur,
        cordis.theme_keys,
        'cordis' as sources,
        coalesce(cordis.project_file, cordis.organisation_file) as source_file,
        null::varchar as sheet,
        coalesce(cordis.project_line, cordis.organisation_lines[1]) as row_number
    from cordis
    join periods on periods.period = cordis.period
    where not exists (
        select 1 from matches
        where matches.period = cordis.period
            and matches.source = 'cordis'
            and matches.external_id = cordis.project_id
    )
),

from_structural as (
    select
        structural.period,
        structural.layout as source,
        null::varchar as project_id,
        structural.grant_key as external_id,
        structural.name,
        null::varchar as acronym,
        structural.division,
        structural.programme,
        case
            when structural.start_on is null then 'granted'
            when structural.end_on <= periods.period_end then 'closed'
            when structural.start_on > periods.period_end then 'granted'
            else 'running'
        end as phase,
        null::date as submitted_on,
        null::date as decided_on,
        structural.start_on,
        structural.end_on,
        structural.total_budget_eur,
        structural.eu_contribution_eur,
        null::decimal(18, 2) as own_financing_given_eur,
        structural.eu_and_state_funding_eur,
        []::varchar[] as theme_keys,
        structural.layout as sources,
        structural.source_file,
        structural.sheet,
        structural.line_number as row_number
    from structural
    join periods on periods.period = structural.period
    where not exists (
        select 1 from matches
        where matches.period = structural.period
            and matches.source = structural.layout
            and matches.external_id = structural.grant_key
    )
),

projects as (
    select * from from_register
    union all by name
    select * from from_cordis
    union all by name
    select * from from_structural
),

final as (
    select
        period,
        coalesce('register:' || project_id, source || ':' || external_id) as project_key,
        source,
        sources,
        project_id,
        external_id,
        name,
        acronym,
        division,
        programme,
        phase,
        submitted_on,
        decided_on,
        start_on,
        end_on,
        total_budget_eur,
        eu_contribution_eur,
        case
            when own_financing_given_eur is not null then own_financing_given_eur
            when source in ('register', 'cordis') then total_budget_eur - eu_contribution_eur
        end as own_financing_eur,
        eu_and_state_funding_eur,
        theme_keys,
        -- the theme codes the keys name, each once (a theme may be spelt two ways)
        coalesce(
            (
                select list(distinct themes.theme order by themes.theme)
                from unnest(projects.theme_keys) as keys(theme_key)
                join ref_theme_key as themes on themes.key = keys.theme_key
            ),
            []::varchar[]
        ) as themes,
        source_file,
        sheet,
        row_number
    from projects
)

select * from final
