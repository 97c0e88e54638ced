-- One row per period x measure that needs a decision of the executive group: delayed or not
-- started now, or moved back since the previous loaded period (int_measure_changes' direction
-- `backward`, e.g. done -> in progress). Beside the division page's columns: the owner and the
-- planned end, the status in the previous period, and how long the measure has been behind
-- (delayed or not started): `behind_since` is the first period of its unbroken run of such
-- periods up to this one, `behind_periods` their number (2 = for the second period running).
-- Ids renamed or merged in config/measure_ids.yml are followed. `reason` is delayed,
-- not_started or moved_back; `urgency` orders them (delayed, moved back, not started), the
-- longest behind first within each.
-- grain: period, measure_id
-- depends on: division_measures, int_measure_changes, ref_measure_id, ref_status, stg_measures
create or replace view measures_needing_decision as
with

measures as (
    select * from division_measures
),

changes as (
    select period, measure_id, previous_period, previous_status, direction
    from int_measure_changes
    where change = 'compared' or change = 'added'
),

previous_statuses as (
    select status as previous_status, columns('^name_(.+)$') as 'previous_status_name_\1'
    from ref_status
),

periods as (
    select period, row_number() over (order by period) as period_index
    from (select distinct period from stg_measures)
),

-- every period in which a measure (under its current id) was delayed or not started
behind as (
    select distinct
        coalesce(ids.new_id, stg_measures.measure_id) as measure_id,
        stg_measures.period,
        periods.period_index
    from stg_measures
    join periods on periods.period = stg_measures.period
    left join ref_measure_id as ids on ids.old_id = stg_measures.measure_id
    where stg_measures.status in ('delayed', 'not_started')
),

-- runs of consecutive loaded periods: the index minus the row number is constant within one
runs as (
    select
        *,
        period_index - row_number() over (partition by measure_id order by period_index) as run
    from behind
),

streaks as (
    select
        measure_id,
        period,
        min(period) over (partition by measure_id, run) as behind_since,
        period_index - min(period_index) over (partition by measure_id, run) + 1
            as behind_periods
    from runs
),

selected as (
    select
        measures.*,
        changes.previous_period,
        changes.previous_status,
        coalesce(changes.direction = 'backward', false) as moved_back,
        streaks.behind_since,
        cast(coalesce(streaks.behind_periods, 0) as integer) as behind_periods
    from measures
    left join changes
        on changes.period = measures.period and changes.measure_id = measures.measure_id
    left join streaks
        on streaks.period = measures.period and streaks.measure_id = measures.measure_id
    where measures.status in ('delayed', 'not_started') or changes.direction = 'backward'
),

final as (
    select
        selected.*,
        previous_statuses.* exclude (previous_status),
        case
            when selected.status in ('delayed', 'not_started') then selected.status
            else 'moved_back'
        end as reason,
        case
            when selected.status = 'delayed' then 1
            when selected.status = 'not_started' then 3
            else 2
        end as urgency
    from selected
    left join previous_statuses on previous_statuses.previous_status = selected.previous_status
)

select * from final
