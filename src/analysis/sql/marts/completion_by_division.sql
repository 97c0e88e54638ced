-- One row per period x division: measures by status and the completion rate
-- (done / measures not cancelled; null when every measure is cancelled; int_status_counts).
-- grain: period, division
-- depends on: int_status_counts, ref_division
create or replace view completion_by_division as
with

counts as (
    select * from int_status_counts where breakdown = 'division'
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order
    from ref_division
),

final as (
    select
        counts.* exclude (breakdown, theme),
        divisions.* exclude (division)
    from counts
    left join divisions on divisions.division = counts.division
)

select * from final
