-- One row per period: all measures of the city by status and the overall completion rate.
-- grain: period
-- depends on: stg_measures
create or replace view completion_overall as
with

measures as (
    select * from stg_measures
),

counts as (
    select
        period,
        count(*) as measures,
        count(*) filter (where status = 'done') as done,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'delayed') as delayed,
        count(*) filter (where status = 'cancelled') as cancelled,
        count(distinct division) as divisions
    from measures
    group by period
),

final as (
    select
        period,
        measures,
        done,
        in_progress,
        not_started,
        delayed,
        cancelled,
        done / nullif(measures - cancelled, 0) as completion_rate,
        divisions
    from counts
)

select * from final
