-- One row per period x division: its data-quality score and what it is made of.
-- quality_score = measures without any finding / measures (0..1); late_files counts the
-- division's status files saved after the deadline (reported beside the score, not in it).
-- grain: period, division
-- depends on: late_returns, quality_findings, ref_division, stg_measures
create or replace view quality_findings_by_division as
with

measures as (
    select period, division, count(*) as measures from stg_measures group by all
),

findings as (
    select
        period,
        division,
        count(distinct measure_id) as measures_with_findings,
        count(*) as findings
    from quality_findings
    group by all
),

late as (
    select period, division, count(distinct source_file) as late_files
    from (select period, unnest(divisions) as division, source_file from late_returns)
    group by all
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order
    from ref_division
),

final as (
    select
        measures.period,
        measures.division,
        measures.measures,
        coalesce(findings.measures_with_findings, 0) as measures_with_findings,
        coalesce(findings.findings, 0) as findings,
        (measures.measures - coalesce(findings.measures_with_findings, 0)) / measures.measures
            as quality_score,
        coalesce(late.late_files, 0) as late_files,
        divisions.* exclude (division)
    from measures
    left join findings using (period, division)
    left join late using (period, division)
    left join divisions using (division)
)

select * from final
