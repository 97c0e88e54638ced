-- One row per status row whose measure id occurs more than once in the period,
-- with the other places the id occurs.
with

source as (
    select * from stg_status_rows where period = $period and measure_id is not null
),

located as (
    select *, source_file || ' [' || sheet || ' row ' || row_number || ']' as place
    from source
),

final as (
    select
        a.source_file, a.sheet, a.row_number, 'measure_id' as field, a.measure_id as value,
        string_agg(b.place, ', ' order by b.place) as detail
    from located as a
    join located as b
        on a.measure_id = b.measure_id
        and (a.source_file, a.sheet, a.row_number) <> (b.source_file, b.sheet, b.row_number)
    group by all
)

select * from final
