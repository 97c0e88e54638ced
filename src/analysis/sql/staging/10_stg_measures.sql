-- One row per period x measure: sheet rows with division and status mapped to their codes.
create or replace view stg_measures as
with

source as (
    select * from raw_status
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
        try_cast(replace(replace(replace(trim(progress), '%', ''), ' ', ''), ',', '.') as double)
            as progress_number,
        contains(progress, '%') as progress_has_sign
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
