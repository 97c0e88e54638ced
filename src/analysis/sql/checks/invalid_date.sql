-- One row per Aikataulu / Planned end cell that is not a date
-- (the rule is in marts/quality_findings.sql).
select source_file, sheet, row_number, field, value, status_label as detail
from quality_findings
where period = $period and finding = 'invalid_date'
