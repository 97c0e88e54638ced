-- One row per period x measure: sheet rows with division and status mapped to their codes.
-- depends on: stg_status_rows, ref_division_key, ref_status_key
create or replace view stg_measures as
with

source as (
    select * from stg_status_rows
),

divisions as (
    select * from ref_division_key
),

statuses as (
    select * from ref_status_key
),

progress as (
    select
        *,
        -- '40', '40 %', '40,5 %', '1 000' (any white space, also non-breaking, removed)
        try_cast(
            replace(regexp_replace(progress, '[\s\x{00A0}\x{202F}%]', '', 'g'), ',', '.')
            as double
        ) as progress_number,
        contains(progress, '%') as progress_has_sign,
        -- a date cell (read as 2025-12-31), d.m.yyyy, or an Excel serial number typed as a number
        case
            when regexp_full_match(trim(planned_end), '\d{4}-\d{2}-\d{2}( .*)?')
                then try_cast(left(trim(planned_end), 10) as date)
            when regexp_full_match(trim(planned_end), '\d{1,2}\.\d{1,2}\.\d{4}')
                then cast(try_strptime(trim(planned_end), '%d.%m.%Y') as date)
            when regexp_full_match(trim(planned_end), '\d{4,5}(\.\d+)?')
                then date '1899-12-30'
                    + cast(floor(cast(trim(planned_end) as double)) as integer)
        end as planned_end_date
    from source
),

final as (
    select
        progress.period,
        progress.measure_id,
        progress.goal,
        progress.measure,
        divisions.division,
        statuses.status,
        progress.status as status_label,
        case
            when progress_number is null then null
            when not progress_has_sign and progress_number between 0 and 1
                then progress_number * 100
            else progress_number
        end as progress_pct,
        progress.report,
        progress.owner,
        progress.planned_end_date as planned_end,
        progress.theme_keys,
        progress.progress as progress_text,
        progress.planned_end as planned_end_text,
        progress.source_file,
        progress.sheet,
        progress.row_number,
        progress.file_sha256,
        progress.loaded_at
    from progress
    left join divisions on divisions.key = progress.division_key
    left join statuses on statuses.key = progress.status_key
)

select * from final
