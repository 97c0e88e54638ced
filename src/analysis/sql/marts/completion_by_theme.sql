-- One row per period x theme: measures tagged with the theme, by status, and the completion
-- rate (int_status_counts). A measure with several themes counts once in each; a measure
-- without a theme in none.
-- grain: period, theme
-- depends on: int_status_counts, ref_theme
create or replace view completion_by_theme as
with

counts as (
    select * from int_status_counts where breakdown = 'theme'
),

themes as (
    select theme, columns('^name_(.+)$') as 'theme_name_\1', sort_order
    from ref_theme
),

final as (
    select
        counts.* exclude (breakdown, division),
        themes.* exclude (theme)
    from counts
    left join themes on themes.theme = counts.theme
)

select * from final
