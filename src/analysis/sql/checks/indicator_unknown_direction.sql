-- One row per indicator row whose desired direction is not a known label (up, down, stay).
select source_file, sheet, row_number, 'direction' as field, direction as value, null as detail
from raw_indicator
where period = $period and direction is not null and direction_code is null
