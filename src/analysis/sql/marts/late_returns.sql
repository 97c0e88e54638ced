-- One row per period x status file saved (by Excel's own record) after the period's deadline
-- in config/periods.yml, with the divisions whose rows the file holds.
-- grain: period, source_file
-- depends on: raw_file, ref_period, stg_measures
create or replace view late_returns as
with

files as (
    select * from raw_file where kind = 'status' and saved_at is not null
),

deadlines as (
    select * from ref_period where deadline is not null
),

divisions as (
    select distinct period, source_file, division from stg_measures
),

final as (
    select
        files.period,
        files.source_file,
        files.saved_at,
        deadlines.deadline,
        list(divisions.division order by divisions.division) as divisions
    from files
    join deadlines using (period)
    left join divisions using (period, source_file)
    where cast(files.saved_at as date) > deadlines.deadline
    group by all
)

select * from final
