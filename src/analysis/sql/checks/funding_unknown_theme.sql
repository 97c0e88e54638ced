-- One row per theme (a `;`-separated part of the register's theme cell) that is not configured.
with

parts as (
    select source_file, sheet, row_number, themes, unnest(theme_keys) as theme_key
    from raw_funding_register
    where period = $period
),

final as (
    select source_file, sheet, row_number, 'themes' as field, themes as value,
        theme_key as detail
    from parts
    where theme_key not in (select key from ref_theme_key)
)

select * from final
