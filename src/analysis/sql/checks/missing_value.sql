-- One row per empty required cell (Tunnus, Tavoite, Toimenpide, Tila) of the period's rows.
with

source as (
    select * from stg_status_rows where period = $period
),

cells as (
    select source_file, sheet, row_number, field, value
    from source
    unpivot include nulls (value for field in (measure_id, goal, measure, status))
),

final as (
    select source_file, sheet, row_number, field, value, null as detail
    from cells
    where value is null
)

select * from final
