-- One row per period x project x theme: the register's themes (`;`-separated), or for a CORDIS
-- project without them the theme of its legal basis (config/funding.yml legal_basis_themes);
-- the `themes` of stg_funding_projects, one row each.
-- depends on: stg_funding_projects
create or replace view stg_funding_project_themes as
with

projects as (
    select period, project_key, themes from stg_funding_projects
),

final as (
    select period, project_key, unnest(themes) as theme from projects
)

select * from final
