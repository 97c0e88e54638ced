-- One row per row whose division (from the column, else the sheet name) is not configured.
with

source as (
    select * from stg_status_rows where period = $period
),

final as (
    select
        source_file, sheet, row_number, 'division' as field, division as value,
        division_from as detail
    from source
    where division_key not in (select key from ref_division_key)
)

select * from final
