-- One row per project of a public export (CORDIS, EURA, Kohesio) of the city that is not in the
-- register and matters for the period (approved, running or in follow-up): it is counted, but
-- without a division.
with

source as (
    select * from stg_funding_project_flags
    where period = $period and source <> 'register'
        and (is_approved or is_running or in_follow_up)
),

final as (
    select
        source_file,
        sheet,
        row_number,
        case when source = 'cordis' then 'id' else 'project_code' end as field,
        external_id as value,
        coalesce(acronym, name) as detail
    from source
)

select * from final
