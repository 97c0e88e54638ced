-- One row per period x theme: the figures of funding_by_division for the projects tagged with
-- the theme. A project with several themes counts once in each; one without a theme in none.
-- Targets are set per division, so `target` and `target_attainment` are always NULL here.
-- grain: period, theme
-- depends on: ref_theme, stg_funding_project_flags, stg_funding_project_themes
create or replace view funding_by_theme as
with

flags as (
    select * from stg_funding_project_flags
),

project_themes as (
    select * from stg_funding_project_themes
),

themes as (
    select * from ref_theme
),

counts as (
    select
        flags.period,
        project_themes.theme,
        count(*) filter (where is_application) as applications,
        count(*) filter (where is_approved) as approved,
        count(*) filter (where is_rejected) as rejected,
        coalesce(sum(eu_contribution_eur) filter (where is_approved), 0) as eu_contribution_eur,
        coalesce(sum(total_budget_eur) filter (where is_approved), 0) as total_budget_eur,
        coalesce(sum(own_financing_eur) filter (where is_approved), 0) as own_financing_eur,
        count(*) filter (where is_running) as running,
        coalesce(sum(eu_contribution_eur) filter (where is_running), 0)
            as running_eu_contribution_eur,
        count(*) filter (where phase = 'idea') as idea,
        count(*) filter (where phase = 'preparation') as preparation,
        count(*) filter (where phase = 'submitted') as awaiting_decision,
        count(*) filter (where in_follow_up) as follow_up
    from flags
    join project_themes
        on project_themes.period = flags.period
        and project_themes.project_key = flags.project_key
    group by flags.period, project_themes.theme
),

final as (
    select
        counts.period,
        counts.theme,
        counts.applications,
        null::bigint as target,
        null::double as target_attainment,
        counts.approved,
        counts.rejected,
        counts.approved / nullif(counts.approved + counts.rejected, 0) as success_rate,
        counts.eu_contribution_eur,
        counts.total_budget_eur,
        counts.own_financing_eur,
        counts.running,
        counts.running_eu_contribution_eur,
        counts.idea,
        counts.preparation,
        counts.awaiting_decision,
        counts.follow_up,
        themes.name_fi as theme_name_fi,
        themes.name_en as theme_name_en,
        themes.sort_order
    from counts
    left join themes on themes.theme = counts.theme
)

select * from final
