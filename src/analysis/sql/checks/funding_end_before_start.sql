-- One row per project whose end date is before its start date: an error in the register, a
-- warning in a public export (the city cannot correct it; the row is used as it is).
with

register as (
    select source_file, sheet, row_number, start_date, start_on, end_on, end_date,
        'error' as severity
    from raw_funding_register
    where period = $period
),

cordis as (
    select source_file, null as sheet, line_number as row_number, start_date, start_on,
        end_on, end_date, 'warning' as severity
    from raw_cordis_project
    where period = $period
        and id in (
            select project_id from raw_cordis_organization
            where period = $period and city_match is not null
        )
),

structural as (
    select source_file, sheet, line_number as row_number, start_date, start_on, end_on,
        end_date, 'warning' as severity
    from raw_structural_fund_project
    where period = $period and city_match is not null
),

final as (
    select source_file, sheet, row_number, 'end_date' as field, end_date as value,
        start_date as detail, severity
    from (select * from register union all select * from cordis union all select * from structural)
    where end_on < start_on
)

select * from final
