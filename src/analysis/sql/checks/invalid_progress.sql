-- One row per progress cell that is not a percentage between 0 and 100.
with

source as (
    select * from stg_measures where period = $period
),

raw as (
    select * from raw_status where period = $period
),

final as (
    select raw.source_file, raw.sheet, raw.row_number, 'progress' as field,
        raw.progress as value, null as detail
    from raw
    join source using (source_file, sheet, row_number)
    where raw.progress is not null
        and (source.progress_pct is null or source.progress_pct not between 0 and 100)
)

select * from final
