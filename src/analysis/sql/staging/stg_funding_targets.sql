-- One row per period x division: the number of EU applications the division aims at in the
-- period (rows of the targets table whose Kausi / Period is empty or the period itself).
-- depends on: raw_funding_target, ref_division_key
create or replace view stg_funding_targets as
with

source as (
    select * from raw_funding_target
    where target_value is not null and coalesce(target_period, period) = period
),

divisions as (
    select * from ref_division_key
),

final as (
    select
        source.period,
        divisions.division,
        sum(source.target_value) as target
    from source
    join divisions on divisions.key = source.division_key
    group by source.period, divisions.division
)

select * from final
