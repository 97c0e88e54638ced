-- One row per register row whose project id (or grant number) is used by another row of the
-- period, and per targets row that repeats a division's target for the same period.
with

register as (
    select *, source_file || coalesce(' [' || sheet || ']', '') || ' row ' || row_number as place
    from raw_funding_register
    where period = $period
),

targets as (
    select
        raw.*,
        divisions.division as division_code,
        source_file || coalesce(' [' || sheet || ']', '') || ' row ' || row_number as place
    from raw_funding_target as raw
    join ref_division_key as divisions on divisions.key = raw.division_key
    where raw.period = $period
),

by_id as (
    select a.source_file, a.sheet, a.row_number, 'project_id' as field, a.project_id as value,
        string_agg(b.place, ', ' order by b.place) as detail
    from register as a
    join register as b
        on lower(trim(a.project_id)) = lower(trim(b.project_id))
        and (a.source_file, a.sheet, a.row_number) is distinct from
            (b.source_file, b.sheet, b.row_number)
    group by all
),

by_grant as (
    select a.source_file, a.sheet, a.row_number, 'grant_id' as field, a.grant_id as value,
        string_agg(b.place, ', ' order by b.place) as detail
    from register as a
    join register as b
        on a.grant_key = b.grant_key
        and (a.source_file, a.sheet, a.row_number) is distinct from
            (b.source_file, b.sheet, b.row_number)
    group by all
),

by_division as (
    select a.source_file, a.sheet, a.row_number, 'division' as field, a.division as value,
        string_agg(b.place, ', ' order by b.place) as detail
    from targets as a
    join targets as b
        on a.division_code = b.division_code
        and coalesce(a.target_period, a.period) = coalesce(b.target_period, b.period)
        and (a.source_file, a.sheet, a.row_number) is distinct from
            (b.source_file, b.sheet, b.row_number)
    group by all
),

final as (
    select * from by_id
    union all
    select * from by_grant
    union all
    select * from by_division
)

select * from final
