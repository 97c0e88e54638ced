-- One row per register project in the phase `running` whose end date is before the period
-- began: the register has probably not been updated.
with

source as (
    select stg_funding_register.*, funding_ref_period.period_start
    from stg_funding_register
    join funding_ref_period using (period)
    where period = $period
),

final as (
    select source_file, sheet, row_number, 'phase' as field, phase_label as value,
        end_on::varchar as detail
    from source
    where phase = 'running' and end_on < period_start
)

select * from final
