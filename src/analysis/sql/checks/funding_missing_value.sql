-- One row per empty required cell of the period's register rows (project id, name, division,
-- programme, phase) and targets rows (division, target).
with

register as (
    select * from raw_funding_register where period = $period
),

targets as (
    select * from raw_funding_target where period = $period
),

register_cells as (
    select source_file, sheet, row_number, field, value
    from register
    unpivot include nulls (value for field in (project_id, name, division, programme, phase))
),

target_cells as (
    select source_file, sheet, row_number, field, value
    from targets
    unpivot include nulls (value for field in (division, target))
),

final as (
    select source_file, sheet, row_number, field, value, 'register' as detail
    from register_cells
    where value is null
    union all
    select source_file, sheet, row_number, field, value, 'targets' as detail
    from target_cells
    where value is null
)

select * from final
