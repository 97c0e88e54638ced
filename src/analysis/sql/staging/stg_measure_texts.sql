-- One row per period x measure x field (goal, measure, report) with text: the free text as the
-- division wrote it, the language it is written in (the division's `language`, Finnish unless
-- configured) and the md5 of the text, which keys its translations.
-- depends on: stg_measures, ref_division
create or replace view stg_measure_texts as
with

measures as (
    select * from stg_measures
),

divisions as (
    select * from ref_division
),

-- one row per field: the measures are read once, so that a period's filter reaches them
unpivoted as (
    select
        period, measure_id, division, source_file, sheet, row_number,
        unnest(['goal', 'measure', 'report']) as field,
        unnest([goal, measure, report]) as text
    from measures
),

final as (
    select
        unpivoted.period,
        unpivoted.measure_id,
        unpivoted.division,
        unpivoted.field,
        unpivoted.text,
        coalesce(divisions.language, 'fi') as source_lang,
        md5(unpivoted.text) as source_hash,
        unpivoted.source_file,
        unpivoted.sheet,
        unpivoted.row_number
    from unpivoted
    left join divisions using (division)
    where trim(unpivoted.text) <> ''  -- also leaves out a missing text
)

select * from final
