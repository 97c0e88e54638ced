-- One row per register row whose phase label maps to no phase (config/funding.yml `phases`).
with

source as (
    select * from raw_funding_register where period = $period
),

final as (
    select source_file, sheet, row_number, 'phase' as field, phase as value, null as detail
    from source
    where phase_key is not null
        and phase_key not in (select key from funding_ref_phase_key where period = $period)
)

select * from final
