-- One row per period x measure: what a division page lists for each of its measures (status,
-- progress, the report as written in the sheet, owner, planned end, themes) with names for both
-- languages and where the row came from.
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
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order as division_sort_order
    from ref_division
),

statuses as (
    select status, columns('^name_(.+)$') as 'status_name_\1', sort_order as status_sort_order
    from ref_status
),

themes as (
    select * from ref_theme
),

-- the names of every theme in each language, as lists in the themes' order
theme_names as (
    select list(columns('^name_(.+)$') order by sort_order, theme) as 'names_\1'
    from themes
),

-- each theme's place in those lists
ranked_themes as (
    select theme, row_number() over (order by sort_order, theme) as theme_rank
    from themes
),

-- themes_<lang>: the names of the measure's themes in that language, `; `-separated in the
-- themes' order (picked from the lists by place: no ordered aggregate per measure)
theme_lists as (
    select
        theme_sets.period,
        theme_sets.measure_id,
        array_to_string(list_select(columns('^names_(.+)$'), theme_sets.theme_ranks), '; ')
            as 'themes_\1'
    from (
        select
            measure_themes.period,
            measure_themes.measure_id,
            list_sort(list(ranked_themes.theme_rank)) as theme_ranks
        from measure_themes
        join ranked_themes on ranked_themes.theme = measure_themes.theme
        group by measure_themes.period, measure_themes.measure_id
    ) as theme_sets
    cross join theme_names
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
        measures.planned_end,
        theme_lists.* exclude (period, measure_id),
        divisions.* exclude (division),
        statuses.* exclude (status),
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
