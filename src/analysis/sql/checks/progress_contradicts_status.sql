-- One row per measure whose progress % contradicts its status: done below 100 %,
-- not started above 0 %, or in progress / delayed at 100 %.
with

source as (
    select * from stg_measures where period = $period and progress_pct between 0 and 100
),

raw as (
    select * from raw_status where period = $period
),

final as (
    select source.source_file, source.sheet, source.row_number, 'progress' as field,
        raw.progress as value, source.status_label as detail
    from source
    join raw using (source_file, sheet, row_number)
    where (source.status = 'done' and source.progress_pct < 100)
        or (source.status = 'not_started' and source.progress_pct > 0)
        or (source.status in ('in_progress', 'delayed') and source.progress_pct >= 100)
)

select * from final
