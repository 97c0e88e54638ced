-- One row per period x measure that is delayed or not started: the measures the overview lists
-- for the executive group, with their reports as written, most urgent status first.
-- grain: period, measure_id
-- depends on: division_measures
create or replace view measures_needing_attention as
with

measures as (
    select * from division_measures
),

final as (
    select
        *,
        case status when 'delayed' then 1 else 2 end as urgency
    from measures
    where status in ('delayed', 'not_started')
)

select * from final
