-- One row per measure reported done whose Raportointi / Report cell is empty
-- (the rule is in marts/quality_findings.sql).
select source_file, sheet, row_number, field, value, status_label as detail
from quality_findings
where period = $period and finding = 'done_without_report'
