-- One row per progress cell that is not a percentage between 0 and 100
-- (the rule is in marts/quality_findings.sql).
select source_file, sheet, row_number, field, value, status_label as detail
from quality_findings
where period = $period and finding = 'invalid_progress'
