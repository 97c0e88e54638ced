-- One row per period x indicator with a value: the values of the indicator workbooks and of the
-- computed indicators in one list, with where each value comes from (the workbook's cell, or
-- the figure of the city's own data it is computed from). An indicator whose value is empty in
-- the period has no row here (it has one in indicator_progress).
-- grain: period, indicator
-- depends on: stg_indicators, int_indicator_computed
create or replace view indicator_values as
with

indicators as (
    select * from stg_indicators
),

computed as (
    select * from int_indicator_computed
),

final as (
    select
        indicators.period,
        indicators.indicator,
        coalesce(indicators.value, computed.value) as value,
        coalesce(indicators.value_source, computed.value_source) as source,
        indicators.computed,
        indicators.source_file,
        indicators.sheet,
        indicators.row_number,
        indicators.file_sha256
    from indicators
    left join computed
        on computed.period = indicators.period and computed.indicator = indicators.indicator
    where coalesce(indicators.value, computed.value) is not null
)

select * from final
