-- One row per period x measure compared with the previous loaded period: added; finished
-- (done or cancelled before, not followed any more); dropped (unfinished before, gone now);
-- or compared: the status before and now with the direction of the move. Ids renamed or merged in
-- config/measure_ids.yml are followed (a merged measure compares with its least advanced
-- predecessor). direction: forward / backward along not started < delayed < in progress <
-- done; unchanged; other (to or from cancelled). The codes without their names, for the
-- marts measure_changes (which adds them) and measure_changes_by_division (which counts them).
-- grain: period, measure_id
-- depends on: raw_status, ref_measure_id, stg_measures
create or replace view int_measure_changes as
-- CTEs used more than once are `not materialized`: DuckDB would otherwise compute them for
-- every period before a `where period = ...` on the view could narrow them.
with

periods as not materialized (
    select period, lag(period) over (order by period) as previous
    from (select distinct period from raw_status)
),

measures as not materialized (
    select
        *,
        case status
            when 'not_started' then 0 when 'delayed' then 1
            when 'in_progress' then 2 when 'done' then 3
        end as progress_rank
    from stg_measures
),

current as not materialized (
    select measures.*, periods.previous
    from measures
    join periods using (period)
    where periods.previous is not null
),

previous_rows as not materialized (
    select
        periods.period,
        measures.measure_id as previous_id,
        coalesce(ids.new_id, measures.measure_id) as measure_id,
        ids.new_id is not null as renamed,
        measures.status,
        measures.progress_rank,
        measures.report,
        measures.division
    from measures
    join periods on periods.previous = measures.period
    left join ref_measure_id as ids on ids.old_id = measures.measure_id
),

-- only renamed or merged ids need grouping; the others are one row each already
merged as (
    select
        period,
        measure_id,
        arg_min(status, coalesce(progress_rank, 9)) as status,
        min(progress_rank) as progress_rank,
        if(count(*) = 1, any_value(report), null) as report,
        any_value(division) as division,
        string_agg(previous_id, ', ' order by previous_id) as previous_ids
    from previous_rows
    where measure_id in (select measure_id from previous_rows where renamed)
    group by all
),

previous as not materialized (
    select period, measure_id, status, progress_rank, report, division,
        previous_id as previous_ids
    from previous_rows
    where measure_id not in (select measure_id from previous_rows where renamed)
    union all
    select period, measure_id, status, progress_rank, report, division, previous_ids
    from merged
),

-- measures of a period, with the measure they continue from the previous period if any
continued as (
    select
        current.period,
        current.previous as previous_period,
        current.measure_id,
        current.division,
        previous.previous_ids,
        previous.status as previous_status,
        current.status,
        previous.progress_rank as previous_rank,
        current.progress_rank,
        previous.report as previous_report,
        current.report,
        current.measure,
        current.source_file,
        current.sheet,
        current.row_number
    from current
    left join previous
        on previous.period = current.period and previous.measure_id = current.measure_id
),

-- measures of the previous period that are gone. A left join and an anti join rather than a
-- full outer join: a filter on `period` then reaches both sides, so one period is computed
-- alone instead of every period.
gone as (
    select
        previous.period,
        periods.previous as previous_period,
        previous.measure_id,
        previous.division,
        previous.previous_ids,
        previous.status as previous_status,
        cast(null as varchar) as status,
        previous.progress_rank as previous_rank,
        cast(null as integer) as progress_rank,
        previous.report as previous_report,
        cast(null as varchar) as report,
        cast(null as varchar) as measure,
        cast(null as varchar) as source_file,
        cast(null as varchar) as sheet,
        cast(null as integer) as row_number
    from previous
    join periods using (period)
    anti join current
        on current.period = previous.period and current.measure_id = previous.measure_id
),

joined as (
    select * from continued
    union all by name
    select * from gone
),

final as (
    select
        period,
        previous_period,
        measure_id,
        division,
        case
            when previous_status is null then 'added'
            when status is null and previous_status in ('done', 'cancelled') then 'finished'
            when status is null then 'dropped'
            else 'compared'
        end as change,
        previous_ids,
        previous_status,
        status,
        case
            when previous_status is null or status is null then null
            when status = previous_status then 'unchanged'
            when progress_rank is null or previous_rank is null then 'other'
            when progress_rank > previous_rank then 'forward'
            else 'backward'
        end as direction,
        coalesce(report is not null and report = previous_report, false) as report_unchanged,
        measure,
        report,
        source_file,
        sheet,
        row_number
    from joined
)

select * from final
