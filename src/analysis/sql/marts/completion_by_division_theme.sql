-- One row per period x division x theme: the division's measures tagged with the theme, by
-- status, and their completion rate (the cells of the division x theme matrix). A measure with
-- several themes counts once in each; a division x theme pair without measures has no row.
-- grain: period, division, theme
-- depends on: ref_division, ref_theme, stg_measure_themes
create or replace view completion_by_division_theme as
with

measure_themes as (
    select * from stg_measure_themes
),

divisions as (
    select * from ref_division
),

themes as (
    select * from ref_theme
),

counts as (
    select
        period,
        division,
        theme,
        count(*) as measures,
        count(*) filter (where status = 'done') as done,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'delayed') as delayed,
        count(*) filter (where status = 'cancelled') as cancelled
    from measure_themes
    group by period, division, theme
),

final as (
    select
        counts.period,
        counts.division,
        counts.theme,
        counts.measures,
        counts.done,
        counts.in_progress,
        counts.not_started,
        counts.delayed,
        counts.cancelled,
        counts.done / nullif(counts.measures - counts.cancelled, 0) as completion_rate,
        divisions.name_fi as division_name_fi,
        divisions.name_en as division_name_en,
        divisions.sort_order as division_sort_order,
        themes.name_fi as theme_name_fi,
        themes.name_en as theme_name_en,
        themes.sort_order as theme_sort_order
    from counts
    left join divisions on divisions.division = counts.division
    left join themes on themes.theme = counts.theme
)

select * from final
