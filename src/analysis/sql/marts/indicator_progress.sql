-- One row per period x indicator defined in the period (indicator workbooks and computed
-- indicators): the value, the previous value, baseline and target, the progress from the
-- baseline towards the target, the value needed this year on a straight line from baseline to
-- target, and two evaluations, each rule in docs/indicators.md ("Evaluation") with an example:
--   evaluation: on_track, behind, off_track, no_target (no target value), no_value (no value in
--               the period);
--   trend:      improving, maintaining, worsening against the previous value (NULL without one).
-- The period's year is its first four digits (2025, 2025H1); the definitions (direction,
-- baseline, target) are the period's own.
-- grain: period, indicator
-- depends on: stg_indicators, int_indicator_computed, indicator_values, ref_code, ref_division
-- depends on: ref_theme
create or replace view indicator_progress as
with

-- the tolerances of the rules, written once
rules as (
    select
        0.10 as behind_margin,    -- behind: short of the line by at most 10 % of the way
        0.10 as target_margin,    -- without a baseline: behind within 10 % of the target
        0.05 as stay_margin,      -- direction stay: on track within 5 % of the target, behind within 10 %
        0.05 as trend_tolerance   -- maintaining: within 5 % of the previous value
),

indicators as (
    select * from stg_indicators
),

computed as (
    select * from int_indicator_computed
),

all_values as (
    select * from indicator_values
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order
    from ref_division
),

themes as (
    select theme, columns('^name_(.+)$') as 'theme_name_\1', sort_order
    from ref_theme
),

evaluations as (
    select code as evaluation, columns('^name_(.+)$') as 'evaluation_name_\1'
    from ref_code
    where kind = 'indicator_evaluation'
),

trends as (
    select code as trend, columns('^name_(.+)$') as 'trend_name_\1'
    from ref_code
    where kind = 'indicator_trend'
),

directions as (
    select code as direction, columns('^name_(.+)$') as 'direction_name_\1'
    from ref_code
    where kind = 'indicator_direction'
),

defined as (
    select
        indicators.* exclude (value, value_source, target_value, target_year),
        current_value.value,
        current_value.source as value_source,
        coalesce(indicators.target_value, computed.funding_target) as target_value,
        case
            when indicators.target_value is not null then indicators.target_year
            when computed.funding_target is not null
                then try_cast(left(indicators.period, 4) as integer)
        end as target_year,
        case when regexp_matches(indicators.period, '^\d{4}')
            then cast(left(indicators.period, 4) as integer) end as year
    from indicators
    left join computed
        on computed.period = indicators.period and computed.indicator = indicators.indicator
    left join all_values as current_value
        on current_value.period = indicators.period
        and current_value.indicator = indicators.indicator
),

previous as (
    select
        defined.period,
        defined.indicator,
        arg_max(earlier.period, earlier.period) as previous_period,
        arg_max(earlier.value, earlier.period) as previous_value
    from defined
    join all_values as earlier
        on earlier.indicator = defined.indicator and earlier.period < defined.period
    group by defined.period, defined.indicator
),

line as (
    select
        defined.*,
        previous.previous_period,
        previous.previous_value,
        case defined.direction when 'up' then 1 when 'down' then -1 else 0 end as sign,
        -- share of the way from baseline to target that the straight line has covered this year
        case
            when defined.baseline_value is not null and defined.baseline_year is not null
                and defined.target_value is not null and defined.target_year is not null
                and defined.target_year > defined.baseline_year and defined.year is not null
                then least(greatest(
                    (defined.year - defined.baseline_year)
                        / (defined.target_year - defined.baseline_year), 0.0), 1.0)
        end as expected_progress,
        (defined.value - defined.baseline_value)
            / nullif(defined.target_value - defined.baseline_value, 0) as progress
    from defined
    left join previous
        on previous.period = defined.period and previous.indicator = defined.indicator
),

measured as (
    select
        line.*,
        line.baseline_value + (line.target_value - line.baseline_value) * line.expected_progress
            as needed_value,
        case
            when line.value is null or line.target_value is null then null
            when line.direction = 'stay' then abs(line.value - line.target_value)
                <= rules.stay_margin * abs(line.target_value)
            else line.sign * (line.value - line.target_value) >= 0
        end as target_reached
    from line, rules
),

evaluated as (
    select
        measured.*,
        case
            when measured.target_value is null then 'no_target'
            when measured.value is null then 'no_value'
            when measured.target_reached then 'on_track'
            when measured.direction = 'stay' then
                case when abs(measured.value - measured.target_value)
                    <= 2 * rules.stay_margin * abs(measured.target_value)
                    then 'behind' else 'off_track' end
            when measured.year > measured.target_year then 'off_track'
            when measured.needed_value is not null then
                case
                    when measured.sign * (measured.value - measured.needed_value) >= 0
                        then 'on_track'
                    when measured.progress >= measured.expected_progress - rules.behind_margin
                        then 'behind'
                    else 'off_track'
                end
            when measured.sign * (measured.value - measured.target_value)
                >= -rules.target_margin * abs(measured.target_value) then 'behind'
            else 'off_track'
        end as evaluation,
        case
            when measured.value is null or measured.previous_value is null then null
            when abs(measured.value - measured.previous_value)
                <= rules.trend_tolerance * abs(measured.previous_value) then 'maintaining'
            when measured.direction = 'stay' then
                case when abs(measured.value - measured.target_value)
                    < abs(measured.previous_value - measured.target_value)
                    then 'improving' else 'worsening' end
            when measured.sign * (measured.value - measured.previous_value) > 0 then 'improving'
            else 'worsening'
        end as trend
    from measured, rules
),

final as (
    select
        evaluated.period,
        evaluated.indicator,
        evaluated.computed,
        evaluated.compute,
        evaluated.name_fi,
        evaluated.name_sv,
        evaluated.name_en,
        evaluated.unit,
        evaluated.unit_code,
        evaluated.direction,
        directions.* exclude (direction),
        evaluated.goal,
        evaluated.theme,
        themes.* exclude (theme, sort_order),
        evaluated.division,
        divisions.* exclude (division, sort_order),
        evaluated.year,
        evaluated.value,
        evaluated.value_source,
        evaluated.comment,
        evaluated.previous_period,
        evaluated.previous_value,
        evaluated.baseline_value,
        evaluated.baseline_year,
        evaluated.target_value,
        evaluated.target_year,
        evaluated.progress,
        evaluated.expected_progress,
        evaluated.needed_value,
        evaluated.target_reached,
        evaluated.evaluation,
        evaluations.* exclude (evaluation),
        evaluated.trend,
        trends.* exclude (trend),
        evaluated.source_file,
        evaluated.sheet,
        evaluated.row_number,
        evaluated.file_sha256,
        row_number() over (
            partition by evaluated.period
            order by evaluated.computed, evaluated.source_file, evaluated.sheet,
                evaluated.row_number
        ) as sort_order
    from evaluated
    left join divisions on divisions.division = evaluated.division
    left join themes on themes.theme = evaluated.theme
    left join directions on directions.direction = evaluated.direction
    left join evaluations on evaluations.evaluation = evaluated.evaluation
    left join trends on trends.trend = evaluated.trend
)

select * from final
