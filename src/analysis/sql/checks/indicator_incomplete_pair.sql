-- One row per indicator row with a baseline or target value but not its year, or the year but
-- not the value: a baseline and a target are each a value in a year.
with

indicators as (
    select * from raw_indicator where period = $period
),

pairs as (
    select source_file, sheet, row_number, 'baseline_value' as field, baseline_value as value,
        'baseline_year' as detail, baseline_value is null as empty, baseline_year is null as other
    from indicators
    union all
    select source_file, sheet, row_number, 'baseline_year', baseline_year,
        'baseline_value', baseline_year is null, baseline_value is null
    from indicators
    union all
    select source_file, sheet, row_number, 'target_value', target_value,
        'target_year', target_value is null, target_year is null
    from indicators
    union all
    select source_file, sheet, row_number, 'target_year', target_year,
        'target_value', target_year is null, target_value is null
    from indicators
),

final as (
    select source_file, sheet, row_number, field, value, detail
    from pairs
    where not empty and other
)

select * from final
