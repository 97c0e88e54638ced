-- One row per indicator row whose theme is not a theme of config/themes.yml.
select source_file, sheet, row_number, 'theme' as field, theme as value, null as detail
from raw_indicator as raw
where period = $period and theme_key is not null
    and not exists (select 1 from ref_theme_key as ref where ref.key = raw.theme_key)
