-- One row per period x theme: the figures of funding_by_division for the projects tagged with
-- the theme (int_funding_counts). A project with several themes counts once in each; one
-- without a theme in none. Targets are set per division, so `target` and `target_attainment`
-- are always NULL here.
-- grain: period, theme
-- depends on: int_funding_counts, ref_theme
create or replace view funding_by_theme as
with

counts as (
    select * from int_funding_counts where breakdown = 'theme'
),

themes as (
    select theme, columns('^name_(.+)$') as 'theme_name_\1', sort_order
    from ref_theme
),

final as (
    select
        counts.* exclude (
            breakdown, division, programme, projects, divisions_with_target,
            running_eu_and_state_funding_eur, not_in_register
        ) replace (null::bigint as target),
        themes.* exclude (theme)
    from counts
    left join themes on themes.theme = counts.theme
)

select * from final
