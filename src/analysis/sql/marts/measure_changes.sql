-- One row per period x measure compared with the previous loaded period (int_measure_changes:
-- added, finished, dropped or compared, and the direction of a compared measure's status),
-- with each code's names beside it (`<code>_name_<lang>`: division, change, previous_status,
-- status, direction).
-- grain: period, measure_id
-- depends on: int_measure_changes, ref_code, ref_division, ref_status
create or replace view measure_changes as
with

changes as (
    select * from int_measure_changes
),

divisions as (
    select
        division,
        columns('^name_(.+)$') as 'division_name_\1',
        sort_order as division_sort_order
    from ref_division
),

change_names as (
    select code as change, columns('^name_(.+)$') as 'change_name_\1'
    from ref_code
    where kind = 'change'
),

directions as (
    select code as direction, columns('^name_(.+)$') as 'direction_name_\1'
    from ref_code
    where kind = 'direction'
),

statuses as (
    select status, columns('^name_(.+)$') as 'status_name_\1' from ref_status
),

previous_statuses as (
    select status as previous_status, columns('^name_(.+)$') as 'previous_status_name_\1'
    from ref_status
),

final as (
    select
        changes.*,
        divisions.* exclude (division),
        change_names.* exclude (change),
        previous_statuses.* exclude (previous_status),
        statuses.* exclude (status),
        directions.* exclude (direction)
    from changes
    left join divisions on divisions.division = changes.division
    left join change_names on change_names.change = changes.change
    left join previous_statuses on previous_statuses.previous_status = changes.previous_status
    left join statuses on statuses.status = changes.status
    left join directions on directions.direction = changes.direction
)

select * from final
