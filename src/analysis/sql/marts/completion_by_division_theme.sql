-- One row per period x division x theme: the division's measures tagged with the theme, by
-- status, and their completion rate (int_status_counts; the cells of the division x theme
-- matrix). A measure with several themes counts once in each; a division x theme pair without
-- measures has no row.
-- grain: period, division, theme
-- depends on: int_status_counts, ref_division, ref_theme
create or replace view completion_by_division_theme as
with

counts as (
    select * from int_status_counts where breakdown = 'division_theme'
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order as division_sort_order
    from ref_division
),

themes as (
    select theme, columns('^name_(.+)$') as 'theme_name_\1', sort_order as theme_sort_order
    from ref_theme
),

final as (
    select
        counts.* exclude (breakdown),
        divisions.* exclude (division),
        themes.* exclude (theme)
    from counts
    left join divisions on divisions.division = counts.division
    left join themes on themes.theme = counts.theme
)

select * from final
