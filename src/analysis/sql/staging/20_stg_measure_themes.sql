-- One row per period x measure x theme (a measure with several themes has several rows).
create or replace view stg_measure_themes as
with

source as (
    select period, measure_id, theme_keys, status_key, division_key from raw_status
),

unnested as (
    select period, measure_id, unnest(theme_keys) as theme_key from source
),

themes as (
    select * from ref_theme_key
),

measures as (
    select * from stg_measures
),

final as (
    select distinct
        unnested.period,
        unnested.measure_id,
        themes.theme,
        measures.division,
        measures.status
    from unnested
    join themes on themes.key = unnested.theme_key
    join measures
        on measures.period = unnested.period and measures.measure_id = unnested.measure_id
)

select * from final
