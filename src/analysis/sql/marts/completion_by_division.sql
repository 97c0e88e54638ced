-- One row per period x division: measures by status and the completion rate
-- (done / measures not cancelled; null when every measure is cancelled).
-- grain: period, division
-- depends on: ref_division, stg_measures
create or replace view completion_by_division as
with

measures as (
    select * from stg_measures
),

divisions as (
    select * from ref_division
),

counts as (
    select
        period,
        division,
        count(*) as measures,
        count(*) filter (where status = 'done') as done,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'delayed') as delayed,
        count(*) filter (where status = 'cancelled') as cancelled
    from measures
    group by period, division
),

final as (
    select
        counts.period,
        counts.division,
        counts.measures,
        counts.done,
        counts.in_progress,
        counts.not_started,
        counts.delayed,
        counts.cancelled,
        counts.done / nullif(counts.measures - counts.cancelled, 0) as completion_rate,
        divisions.name_fi as division_name_fi,
        divisions.name_en as division_name_en,
        divisions.sort_order
    from counts
    left join divisions on divisions.division = counts.division
)

select * from final
