-- One row per Aikataulu / Planned end cell that is not a date.
with

source as (
    select * from stg_measures where period = $period
),

raw as (
    select * from raw_status where period = $period
),

final as (
    select raw.source_file, raw.sheet, raw.row_number, 'planned_end' as field,
        raw.planned_end as value, null as detail
    from raw
    join source using (source_file, sheet, row_number)
    where raw.planned_end is not null and source.planned_end is null
)

select * from final
