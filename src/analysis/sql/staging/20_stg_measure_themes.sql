-- One row per period x measure x theme (a measure with several themes has several rows).
create or replace view stg_measure_themes as
with

measures as (
    select period, measure_id, division, status, theme_keys from stg_measures
),

unnested as (
    select period, measure_id, division, status, unnest(theme_keys) as theme_key
    from measures
),

themes as (
    select * from ref_theme_key
),

final as (
    select distinct
        unnested.period,
        unnested.measure_id,
        themes.theme,
        unnested.division,
        unnested.status
    from unnested
    join themes on themes.key = unnested.theme_key
)

select * from final
