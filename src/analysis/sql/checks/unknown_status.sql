-- One row per status cell whose label maps to no status code.
with

source as (
    select * from stg_status_rows where period = $period
),

final as (
    select source_file, sheet, row_number, 'status' as field, status as value, null as detail
    from source
    where status_key is not null
        and status_key not in (select key from ref_status_key)
)

select * from final
