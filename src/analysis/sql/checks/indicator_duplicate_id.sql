-- One row per indicator row whose id (case and surrounding spaces ignored) is used by another
-- row of the period or by a computed indicator of config/indicators.yml.
with

indicators as (
    select
        *,
        lower(trim(indicator_id)) as id_key,
        source_file || ' [' || sheet || '] row ' || row_number as place
    from raw_indicator
    where period = $period and indicator_id is not null
),

computed as (
    select lower(trim(indicator_id)) as id_key, source_file || ' (computed)' as place
    from raw_indicator_computed
    where period = $period
),

places as (
    select id_key, source_file, sheet, row_number, place from indicators
    union all
    select id_key, null, null, null, place from computed
),

final as (
    select a.source_file, a.sheet, a.row_number, 'indicator_id' as field, a.indicator_id as value,
        string_agg(b.place, ', ' order by b.place) as detail
    from indicators as a
    join places as b
        on b.id_key = a.id_key
        and (a.source_file, a.sheet, a.row_number) is distinct from
            (b.source_file, b.sheet, b.row_number)
    group by all
)

select * from final
