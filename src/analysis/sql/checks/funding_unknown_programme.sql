-- One row per register row, and per city project of a public export, whose programme (fund,
-- framework programme) is not configured in config/funding.yml `programmes`.
with

known as (
    select key from funding_ref_programme_key where period = $period
),

register as (
    select source_file, sheet, row_number, 'programme' as field, programme as value,
        programme_key as key, 'register' as detail
    from raw_funding_register
    where period = $period
),

cordis as (
    select source_file, null as sheet, line_number as row_number,
        'framework_programme' as field, framework_programme as value, programme_key as key,
        'cordis' as detail
    from raw_cordis_project
    where period = $period
        and id in (
            select project_id from raw_cordis_organization
            where period = $period and city_match is not null
        )
),

structural as (
    select source_file, sheet, line_number as row_number, 'fund' as field, fund as value,
        programme_key as key, layout as detail
    from raw_structural_fund_project
    where period = $period and city_match is not null and parse_status <> 'skipped'
),

final as (
    select source_file, sheet, row_number, field, value, detail
    from (select * from register union all select * from cordis union all select * from structural)
    where key is not null and key not in (select key from known)
)

select * from final
