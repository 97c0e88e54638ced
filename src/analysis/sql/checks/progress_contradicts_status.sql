-- One row per measure whose progress % contradicts its status
-- (the rule is in marts/quality_findings.sql).
select source_file, sheet, row_number, field, value, status_label as detail
from quality_findings
where period = $period and finding = 'progress_contradicts_status'
