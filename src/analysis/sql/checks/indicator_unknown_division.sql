-- One row per indicator row whose division is not a division of config/divisions.yml.
select source_file, sheet, row_number, 'division' as field, division as value, null as detail
from raw_indicator as raw
where period = $period and division_key is not null
    and not exists (select 1 from ref_division_key as ref where ref.key = raw.division_key)
