-- One row per indicator row whose target year is not after its baseline year.
select source_file, sheet, row_number, 'target_year' as field, target_year as value,
    baseline_year as detail
from raw_indicator
where period = $period and target_year_number <= baseline_year_number
