-- One row per register or targets row whose division is not configured (config/divisions.yml).
with

register as (
    select source_file, sheet, row_number, division, division_key
    from raw_funding_register where period = $period
),

targets as (
    select source_file, sheet, row_number, division, division_key
    from raw_funding_target where period = $period
),

final as (
    select source_file, sheet, row_number, 'division' as field, division as value,
        null as detail
    from (select * from register union all select * from targets)
    where division_key is not null
        and division_key not in (select key from ref_division_key)
)

select * from final
