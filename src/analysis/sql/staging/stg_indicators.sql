-- One row per period x indicator defined in the period: the rows of the indicator workbooks and
-- the configured computed indicators, with division and theme mapped to their codes. Staging
-- only: the definitions as the period's inputs give them, nothing evaluated.
-- depends on: raw_indicator, raw_indicator_computed, ref_division_key, ref_theme_key
create or replace view stg_indicators as
with

workbook as (
    select * from raw_indicator
),

computed as (
    select * from raw_indicator_computed
),

divisions as (
    select * from ref_division_key
),

themes as (
    select * from ref_theme_key
),

from_workbook as (
    select
        workbook.period,
        trim(workbook.indicator_id) as indicator,
        false as computed,
        null::varchar as compute,
        workbook.name_fi,
        workbook.name_sv,
        workbook.name_en,
        workbook.unit,
        workbook.unit_code,
        workbook.direction_code as direction,
        workbook.goal,
        themes.theme,
        divisions.division,
        workbook.baseline_number as baseline_value,
        workbook.baseline_year_number as baseline_year,
        workbook.target_number as target_value,
        workbook.target_year_number as target_year,
        workbook.value_number as value,
        workbook.value_source,
        workbook.comment,
        workbook.source_file,
        workbook.sheet,
        workbook.row_number,
        workbook.file_sha256
    from workbook
    left join divisions on divisions.key = workbook.division_key
    left join themes on themes.key = workbook.theme_key
    where workbook.indicator_id is not null
),

from_config as (
    select
        period,
        indicator_id as indicator,
        true as computed,
        compute,
        name_fi,
        name_sv,
        name_en,
        null::varchar as unit,
        unit_code,
        direction_code as direction,
        goal,
        theme,
        division,
        baseline_number as baseline_value,
        baseline_year_number as baseline_year,
        target_number as target_value,
        target_year_number as target_year,
        null::double as value,
        null::varchar as value_source,
        null::varchar as comment,
        source_file,
        null::varchar as sheet,
        entry as row_number,
        null::varchar as file_sha256
    from computed
),

final as (
    select * from from_workbook
    union all by name
    select * from from_config
)

select * from final
