-- One row per empty required cell of the period's indicator rows: id, name, unit, direction.
with

indicators as (
    select source_file, sheet, row_number, indicator_id, name_fi, unit, direction
    from raw_indicator
    where period = $period
),

cells as (
    select source_file, sheet, row_number, field, value
    from indicators
    unpivot include nulls (value for field in (indicator_id, name_fi, unit, direction))
),

final as (
    select source_file, sheet, row_number, field, value, null as detail
    from cells
    where value is null
)

select * from final
