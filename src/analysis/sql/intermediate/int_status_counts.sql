-- One row per breakdown x its key: the measures by status and the completion rate for each
-- period (breakdown `overall`), period x division (`division`), period x theme (`theme`) and
-- period x division x theme (`division_theme`). The completion marts select their rows from
-- here, so each count and the rate are written once:
--   completion rate = done / measures not cancelled; null when every measure is cancelled;
--   previous_period = the latest loaded period before the row's with a row for the same key;
--   completion_change_pp = (rate - the previous period's rate) * 100, percentage points; null
--   without a previous period or when either rate is null.
-- A measure counts once in the city and in its division, and once in each of its themes; one
-- without a theme counts in no theme. The four breakdowns are branches of one union rather
-- than GROUPING SETS: a mart's filter on `breakdown` reaches the branch it needs, so DuckDB
-- reads only that branch's input (a filter cannot pass GROUPING SETS, and every mart would
-- count all four).
-- grain: breakdown, period, division, theme
-- depends on: stg_measure_themes, stg_measures
create or replace view int_status_counts as
with

measures as (
    select period, division, status from stg_measures
),

measure_themes as (
    select period, division, theme, status from stg_measure_themes
),

breakdowns as (
    select 'overall' as breakdown, period, null::varchar as division, null::varchar as theme,
        status
    from measures
    union all
    select 'division', period, division, null, status from measures
    union all
    select 'theme', period, null, theme, status from measure_themes
    union all
    select 'division_theme', period, division, theme, status from measure_themes
),

counts as (
    select
        breakdown,
        period,
        division,
        theme,
        count(*) as measures,
        count(*) filter (where status = 'done') as done,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'delayed') as delayed,
        count(*) filter (where status = 'cancelled') as cancelled
    from breakdowns
    group by breakdown, period, division, theme
),

rated as (
    select
        *,
        done / nullif(measures - cancelled, 0) as completion_rate
    from counts
),

-- the same key's latest earlier period (a division or theme may be missing from a period)
final as (
    select
        *,
        lag(period) over earlier as previous_period,
        lag(completion_rate) over earlier as previous_completion_rate,
        (completion_rate - previous_completion_rate) * 100 as completion_change_pp
    from rated
    window earlier as (partition by breakdown, division, theme order by period)
)

select * from final
