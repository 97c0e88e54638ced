-- One row per empty register date that a project's phase needs, so that the project is left
-- out of a figure: a submission date (applications), a decision date (approved / rejected), a
-- start date (running). An unreadable date is already an error of its own.
with

source as (
    select raw.*, phases.phase as phase_code
    from raw_funding_register as raw
    join funding_ref_phase_key as phases
        on phases.period = raw.period and phases.key = raw.phase_key
    where raw.period = $period
),

final as (
    select source_file, sheet, row_number, 'submitted' as field, phase_code as value,
        'applications' as detail
    from source
    where phase_code in ('submitted', 'granted', 'rejected', 'running', 'closed')
        and submitted is null
    union all
    select source_file, sheet, row_number, 'decided', phase_code, 'decisions'
    from source
    where phase_code in ('granted', 'rejected', 'running', 'closed') and decided is null
    union all
    select source_file, sheet, row_number, 'start_date', phase_code, 'running projects'
    from source
    where phase_code in ('granted', 'running', 'closed') and start_date is null
)

select * from final
