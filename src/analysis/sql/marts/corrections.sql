-- One row per correction of the period's status sheets (config/corrections.yml): the cell, the
-- field, the text it held and the new one, why and by whom, and whether it was applied or is
-- stale (the cell no longer holds the corrected text). Codes have their names beside them
-- (`<code>_name_<lang>`: field, correction_action, correction_state).
-- grain: period, entry
-- depends on: raw_correction, ref_code
create or replace view corrections as
with

source as (
    select * from raw_correction
),

fields as (
    select code as field, columns('^name_(.+)$') as 'field_name_\1'
    from ref_code
    where kind = 'field'
),

actions as (
    select code as correction_action, columns('^name_(.+)$') as 'correction_action_name_\1'
    from ref_code
    where kind = 'correction_action'
),

states as (
    select code as correction_state, columns('^name_(.+)$') as 'correction_state_name_\1'
    from ref_code
    where kind = 'correction_state'
),

final as (
    select
        source.period,
        source.entry,
        source.source_file,
        source.sheet,
        source.row_number,
        source.cell,
        fields.*,
        actions.*,
        source.found_value,
        source.was_value,
        source.new_value,
        source.reason,
        source.corrected_by,
        states.*,
        source.config_file
    from source
    left join fields on fields.field = source.field
    left join actions on actions.correction_action = source.action
    left join states on states.correction_state = source.state
)

select * from final
