-- One row per period x division: what changed since the previous loaded period. Counts of
-- measures added, finished (done or cancelled before, not followed now) and dropped
-- (unfinished, gone), status moves forward, backward, unchanged and other (to or from
-- cancelled), and reports left word for word unchanged.
-- grain: period, division
-- depends on: int_measure_changes, ref_division
create or replace view measure_changes_by_division as
with

changes as (
    select * from int_measure_changes
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order
    from ref_division
),

counts as (
    select
        period,
        any_value(previous_period) as previous_period,
        division,
        count(*) filter (where change = 'added') as added,
        count(*) filter (where change = 'finished') as finished,
        count(*) filter (where change = 'dropped') as dropped,
        count(*) filter (where direction = 'forward') as forward,
        count(*) filter (where direction = 'backward') as backward,
        count(*) filter (where direction = 'unchanged') as unchanged,
        count(*) filter (where direction = 'other') as other,
        count(*) filter (where report_unchanged) as reports_unchanged
    from changes
    group by period, division
),

final as (
    select
        counts.*,
        divisions.* exclude (division)
    from counts
    left join divisions using (division)
)

select * from final
