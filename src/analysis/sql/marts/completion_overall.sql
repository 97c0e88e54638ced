-- One row per period: all measures of the city by status, the overall completion rate
-- (int_status_counts) and the number of divisions with measures.
-- grain: period
-- depends on: int_status_counts
create or replace view completion_overall as
with

counts as (
    select * from int_status_counts where breakdown = 'overall'
),

divisions as (
    select period, count(division) as divisions
    from int_status_counts
    where breakdown = 'division'
    group by period
),

final as (
    select
        counts.* exclude (breakdown, division, theme),
        divisions.divisions
    from counts
    left join divisions on divisions.period = counts.period
)

select * from final
