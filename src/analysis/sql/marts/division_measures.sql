-- One row per period x measure: what a division page lists for each of its measures (status,
-- progress, the report as written in the sheet, themes) with names for both languages and
-- where the row came from.
-- grain: period, measure_id
-- depends on: ref_division, ref_status, ref_theme, stg_measure_themes, stg_measures
create or replace view division_measures as
with

measures as (
    select * from stg_measures
),

measure_themes as (
    select * from stg_measure_themes
),

divisions as (
    select * from ref_division
),

statuses as (
    select * from ref_status
),

themes as (
    select * from ref_theme
),

theme_lists as (
    select
        measure_themes.period,
        measure_themes.measure_id,
        string_agg(themes.name_fi, '; ' order by themes.sort_order) as themes_fi,
        string_agg(themes.name_en, '; ' order by themes.sort_order) as themes_en
    from measure_themes
    join themes on themes.theme = measure_themes.theme
    group by measure_themes.period, measure_themes.measure_id
),

final as (
    select
        measures.period,
        measures.division,
        measures.measure_id,
        measures.goal,
        measures.measure,
        measures.status,
        measures.progress_pct,
        measures.report,
        measures.owner,
        theme_lists.themes_fi,
        theme_lists.themes_en,
        divisions.name_fi as division_name_fi,
        divisions.name_en as division_name_en,
        divisions.sort_order as division_sort_order,
        statuses.name_fi as status_name_fi,
        statuses.name_en as status_name_en,
        statuses.sort_order as status_sort_order,
        measures.source_file,
        measures.sheet,
        measures.row_number
    from measures
    left join theme_lists
        on theme_lists.period = measures.period and theme_lists.measure_id = measures.measure_id
    left join divisions on divisions.division = measures.division
    left join statuses on statuses.status = measures.status
)

select * from final
