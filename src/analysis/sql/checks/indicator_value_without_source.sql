-- One row per indicator row with a value of the period but no source for it.
select source_file, sheet, row_number, 'value_source' as field, value, null as detail
from raw_indicator
where period = $period and value is not null and value_source is null
