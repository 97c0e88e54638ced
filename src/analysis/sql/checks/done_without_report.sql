-- One row per measure reported done whose Raportointi / Report cell is empty.
with

source as (
    select * from stg_measures where period = $period
),

final as (
    select source_file, sheet, row_number, 'report' as field, null as value,
        status_label as detail
    from source
    where status = 'done' and report is null
)

select * from final
