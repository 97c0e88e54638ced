-- One row per period x theme: measures tagged with the theme, by status, and the completion
-- rate. A measure with several themes counts once in each; a measure without a theme in none.
-- grain: period, theme
-- depends on: ref_theme, stg_measure_themes
create or replace view completion_by_theme as
with

measure_themes as (
    select * from stg_measure_themes
),

themes as (
    select * from ref_theme
),

counts as (
    select
        period,
        theme,
        count(*) as measures,
        count(*) filter (where status = 'done') as done,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'delayed') as delayed,
        count(*) filter (where status = 'cancelled') as cancelled
    from measure_themes
    group by period, theme
),

final as (
    select
        counts.period,
        counts.theme,
        counts.measures,
        counts.done,
        counts.in_progress,
        counts.not_started,
        counts.delayed,
        counts.cancelled,
        counts.done / nullif(counts.measures - counts.cancelled, 0) as completion_rate,
        themes.name_fi as theme_name_fi,
        themes.name_en as theme_name_en,
        themes.sort_order
    from counts
    left join themes on themes.theme = counts.theme
)

select * from final
