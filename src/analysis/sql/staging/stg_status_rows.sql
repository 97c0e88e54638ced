-- One row per status row read, with the analyst's corrections applied (config/corrections.yml):
-- a corrected field takes the correction's value and match key, a skipped row is left out, and
-- `corrected_fields` names the fields that were corrected (lineage). Checks and marts read this.
-- depends on: raw_status, raw_correction
create or replace view stg_status_rows as
with

source as (
    select * from raw_status
),

corrections as (
    select * from raw_correction where state = 'applied'
),

skipped as (
    select distinct period, source_file, sheet, row_number
    from corrections
    where action = 'skip_row'
),

cells as (
    select
        period,
        source_file,
        sheet,
        row_number,
        list(field order by field) as corrected_fields,
        bool_or(field = 'measure_id') as set_measure_id,
        any_value(new_value) filter (where field = 'measure_id') as measure_id,
        bool_or(field = 'goal') as set_goal,
        any_value(new_value) filter (where field = 'goal') as goal,
        bool_or(field = 'measure') as set_measure,
        any_value(new_value) filter (where field = 'measure') as measure,
        bool_or(field = 'division') as set_division,
        any_value(new_value) filter (where field = 'division') as division,
        any_value(new_key) filter (where field = 'division') as division_key,
        bool_or(field = 'themes') as set_themes,
        any_value(new_value) filter (where field = 'themes') as themes,
        any_value(new_theme_keys) filter (where field = 'themes') as theme_keys,
        bool_or(field = 'status') as set_status,
        any_value(new_value) filter (where field = 'status') as status,
        any_value(new_key) filter (where field = 'status') as status_key,
        bool_or(field = 'progress') as set_progress,
        any_value(new_value) filter (where field = 'progress') as progress,
        bool_or(field = 'report') as set_report,
        any_value(new_value) filter (where field = 'report') as report,
        bool_or(field = 'owner') as set_owner,
        any_value(new_value) filter (where field = 'owner') as owner,
        bool_or(field = 'planned_end') as set_planned_end,
        any_value(new_value) filter (where field = 'planned_end') as planned_end
    from corrections
    where action = 'set'
    group by period, source_file, sheet, row_number
),

final as (
    select
        s.* replace (
            if(c.set_measure_id, c.measure_id, s.measure_id) as measure_id,
            if(c.set_goal, c.goal, s.goal) as goal,
            if(c.set_measure, c.measure, s.measure) as measure,
            if(c.set_division, c.division, s.division) as division,
            if(c.set_division, c.division_key, s.division_key) as division_key,
            if(c.set_themes, c.themes, s.themes) as themes,
            if(c.set_themes, coalesce(c.theme_keys, []), s.theme_keys) as theme_keys,
            if(c.set_status, c.status, s.status) as status,
            if(c.set_status, c.status_key, s.status_key) as status_key,
            if(c.set_progress, c.progress, s.progress) as progress,
            if(c.set_report, c.report, s.report) as report,
            if(c.set_owner, c.owner, s.owner) as owner,
            if(c.set_planned_end, c.planned_end, s.planned_end) as planned_end
        ),
        coalesce(c.corrected_fields, []::varchar[]) as corrected_fields
    from source as s
    left join cells as c using (period, source_file, sheet, row_number)
    anti join skipped as k using (period, source_file, sheet, row_number)
)

select * from final
