-- One row per period x division: its data-quality score and what it is made of.
-- quality_score = measures without any finding / measures (0..1); late_files counts the
-- division's status files saved after the deadline (reported beside the score, not in it).
create or replace view quality_findings_by_division as
with

measures as (
    select period, division, measure_id from stg_measures
),

findings as (
    select * from quality_findings
),

late as (
    select period, unnest(divisions) as division, source_file from late_returns
),

divisions as (
    select * from ref_division
),

per_measure as (
    select
        measures.period,
        measures.division,
        measures.measure_id,
        count(findings.finding) as findings
    from measures
    left join findings using (period, division, measure_id)
    group by all
),

counts as (
    select
        period,
        division,
        count(*) as measures,
        count(*) filter (where findings > 0) as measures_with_findings,
        sum(findings)::bigint as findings
    from per_measure
    group by all
),

final as (
    select
        counts.period,
        counts.division,
        counts.measures,
        counts.measures_with_findings,
        counts.findings,
        (counts.measures - counts.measures_with_findings) / counts.measures as quality_score,
        (
            select count(distinct late.source_file) from late
            where late.period = counts.period and late.division = counts.division
        ) as late_files,
        divisions.name_fi as division_name_fi,
        divisions.name_en as division_name_en,
        divisions.sort_order
    from counts
    left join divisions using (division)
)

select * from final
