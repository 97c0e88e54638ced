-- One row per period x status file saved (by Excel's own record) after the period's deadline
-- in config/periods.yml, with the divisions whose rows the file holds and their names.
-- grain: period, source_file
-- depends on: raw_file, ref_division, ref_period, stg_measures
create or replace view late_returns as
with

files as (
    select * from raw_file where kind = 'status' and saved_at is not null
),

deadlines as (
    select * from ref_period where deadline is not null
),

file_divisions as (
    select distinct period, source_file, division from stg_measures
),

names as (
    select division, columns('^name_(.+)$') as 'name_\1' from ref_division
),

-- division_names_<lang>: the divisions' names in that language, in the order of `divisions`
divisions as (
    select file_divisions.*, names.* exclude (division)
    from file_divisions
    left join names on names.division = file_divisions.division
),

final as (
    select
        files.period,
        files.source_file,
        files.saved_at,
        deadlines.deadline,
        list(divisions.division order by divisions.division) as divisions,
        list(columns('^name_(.+)$') order by divisions.division) as 'division_names_\1'
    from files
    join deadlines using (period)
    left join divisions using (period, source_file)
    where cast(files.saved_at as date) > deadlines.deadline
    group by all
)

select * from final
