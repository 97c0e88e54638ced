-- One row per data-quality finding on a measure: period, division, measure, what is wrong
-- (finding), the field and its text, and where it is (file, sheet, Excel row). The warning
-- checks of an ingest read this view, so the rules live here only.
--   done_without_report           done, Raportointi empty
--   report_missing                in progress, delayed or cancelled, Raportointi empty
--   progress_contradicts_status   done below 100 %, not started above 0 %,
--                                 in progress or delayed at 100 %
--   invalid_progress              Edistyminen % is not a percentage between 0 and 100
--   invalid_date                  Aikataulu is not a date
--   past_planned_end              not started, planned end before the end of the period
--                                 (periods that are years: 31 December)
-- Each code has its names beside it (`<code>_name_<lang>`: division, finding, field, status).
-- grain: period, measure_id, finding
-- depends on: ref_code, ref_division, ref_status, stg_measures
create or replace view quality_findings as
with

measures as (
    select * from stg_measures
),

joined as (
    select *, try_cast(period || '-12-31' as date) as period_end
    from measures
),

findings as (
    select *, 'done_without_report' as finding, 'report' as field, null as value
    from joined where status = 'done' and report is null
    union all
    select *, 'report_missing', 'report', null
    from joined where status in ('in_progress', 'delayed', 'cancelled') and report is null
    union all
    select *, 'progress_contradicts_status', 'progress', progress_text
    from joined
    where progress_pct between 0 and 100 and (
        (status = 'done' and progress_pct < 100)
        or (status = 'not_started' and progress_pct > 0)
        or (status in ('in_progress', 'delayed') and progress_pct >= 100)
    )
    union all
    select *, 'invalid_progress', 'progress', progress_text
    from joined
    where progress_text is not null
        and (progress_pct is null or progress_pct not between 0 and 100)
    union all
    select *, 'invalid_date', 'planned_end', planned_end_text
    from joined where planned_end_text is not null and planned_end is null
    union all
    select *, 'past_planned_end', 'planned_end', planned_end_text
    from joined where status = 'not_started' and planned_end < period_end
),

divisions as (
    select
        division,
        columns('^name_(.+)$') as 'division_name_\1',
        sort_order as division_sort_order
    from ref_division
),

finding_names as (
    select code as finding, columns('^name_(.+)$') as 'finding_name_\1'
    from ref_code
    where kind = 'finding'
),

fields as (
    select code as field, columns('^name_(.+)$') as 'field_name_\1'
    from ref_code
    where kind = 'field'
),

statuses as (
    select status, columns('^name_(.+)$') as 'status_name_\1' from ref_status
),

final as (
    select
        findings.period,
        findings.division,
        findings.measure_id,
        findings.finding,
        findings.field,
        findings.value,
        findings.status,
        findings.status_label,
        findings.source_file,
        findings.sheet,
        findings.row_number,
        divisions.* exclude (division),
        finding_names.* exclude (finding),
        fields.* exclude (field),
        statuses.* exclude (status)
    from findings
    left join divisions on divisions.division = findings.division
    left join finding_names on finding_names.finding = findings.finding
    left join fields on fields.field = findings.field
    left join statuses on statuses.status = findings.status
)

select * from final
