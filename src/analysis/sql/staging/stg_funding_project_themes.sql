-- One row per period x project x theme: the register's themes (`;`-separated), or for a CORDIS
-- project without them the theme of its legal basis (config/funding.yml legal_basis_themes).
-- depends on: ref_theme_key, stg_funding_projects
create or replace view stg_funding_project_themes as
with

projects as (
    select period, project_key, theme_keys from stg_funding_projects
),

unnested as (
    select period, project_key, unnest(theme_keys) as theme_key from projects
),

themes as (
    select * from ref_theme_key
),

final as (
    select distinct unnested.period, unnested.project_key, themes.theme
    from unnested
    join themes on themes.key = unnested.theme_key
)

select * from final
