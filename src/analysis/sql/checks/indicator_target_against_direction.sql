-- One row per indicator row whose target is not in its desired direction from the baseline:
-- up with a target at or below the baseline, down with one at or above it.
select source_file, sheet, row_number, 'target_value' as field, target_value as value,
    baseline_value as detail
from raw_indicator
where period = $period and (
    (direction_code = 'up' and target_number <= baseline_number)
    or (direction_code = 'down' and target_number >= baseline_number)
)
