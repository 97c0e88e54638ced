-- One row per period x measure x theme (a measure with several themes has several rows).
-- depends on: ref_theme_key, stg_measures
create or replace view stg_measure_themes as
with

measures as (
    select period, measure_id, division, status, theme_keys from stg_measures
),

unnested as (
    select
        period,
        measure_id,
        division,
        status,
        len(theme_keys) > 1 as several_keys,
        unnest(theme_keys) as theme_key
    from measures
),

themes as (
    select * from ref_theme_key
),

joined as (
    select
        unnested.period,
        unnested.measure_id,
        themes.theme,
        unnested.division,
        unnested.status,
        unnested.several_keys
    from unnested
    join themes on themes.key = unnested.theme_key
),

-- Only a measure with several theme keys can name a theme twice (two spellings of one theme):
-- the duplicates are removed among those alone, which halves the cost at national scale.
final as (
    select period, measure_id, theme, division, status
    from joined
    where not several_keys
    union all
    select distinct period, measure_id, theme, division, status
    from joined
    where several_keys
)

select * from final
