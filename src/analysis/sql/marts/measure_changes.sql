-- One row per period x measure compared with the previous loaded period: added; finished
-- (done or cancelled before, not followed any more); dropped (unfinished before, gone now);
-- or compared: the status before and now with the direction of the move. Ids renamed or merged in
-- config/measure_ids.yml are followed (a merged measure compares with its least advanced
-- predecessor). direction: forward / backward along not started < delayed < in progress <
-- done; unchanged; other (to or from cancelled).
create or replace view measure_changes as
with

periods as (
    select period, lag(period) over (order by period) as previous
    from (select distinct period from raw_status)
),

measures as (
    select
        *,
        case status
            when 'not_started' then 0 when 'delayed' then 1
            when 'in_progress' then 2 when 'done' then 3
        end as progress_rank
    from stg_measures
),

current as (
    select measures.*, periods.previous
    from measures
    join periods using (period)
    where periods.previous is not null
),

previous_rows as (
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

previous as (
    select period, measure_id, status, progress_rank, report, division,
        previous_id as previous_ids
    from previous_rows
    where measure_id not in (select measure_id from previous_rows where renamed)
    union all
    select period, measure_id, status, progress_rank, report, division, previous_ids
    from merged
),

joined as (
    select
        coalesce(current.period, previous.period) as period,
        coalesce(current.previous, (
            select p.previous from periods as p where p.period = previous.period
        )) as previous_period,
        coalesce(current.measure_id, previous.measure_id) as measure_id,
        coalesce(current.division, previous.division) as division,
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
    full outer join previous
        on previous.period = current.period and previous.measure_id = current.measure_id
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
