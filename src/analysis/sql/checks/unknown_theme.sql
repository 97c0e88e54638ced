-- One row per theme (a `;`-separated part of the Teema cell) that is not configured.
with

source as (
    select * from stg_status_rows where period = $period
),

parts as (
    select source_file, sheet, row_number, themes, unnest(theme_keys) as theme_key
    from source
),

final as (
    select source_file, sheet, row_number, 'themes' as field, themes as value,
        theme_key as detail
    from parts
    where theme_key not in (select key from ref_theme_key)
)

select * from final
