-- One row per period x programme: applications, decisions and the EU contribution of the
-- projects approved in the period, and of the projects running in it (for EURA projects the
-- lists give EU and state funding together: running_eu_and_state_funding_eur).
-- grain: period, programme
-- depends on: funding_ref_programme, stg_funding_project_flags
create or replace view funding_by_programme as
with

flags as (
    select * from stg_funding_project_flags
),

programmes as (
    select * from funding_ref_programme
),

counts as (
    select
        period,
        programme,
        count(*) filter (where is_application) as applications,
        count(*) filter (where is_approved) as approved,
        count(*) filter (where is_rejected) as rejected,
        coalesce(sum(eu_contribution_eur) filter (where is_approved), 0) as eu_contribution_eur,
        coalesce(sum(total_budget_eur) filter (where is_approved), 0) as total_budget_eur,
        count(*) filter (where is_running) as running,
        coalesce(sum(eu_contribution_eur) filter (where is_running), 0)
            as running_eu_contribution_eur,
        coalesce(sum(eu_and_state_funding_eur) filter (where is_running), 0)
            as running_eu_and_state_funding_eur
    from flags
    group by period, programme
),

final as (
    select
        counts.period,
        counts.programme,
        counts.applications,
        counts.approved,
        counts.rejected,
        counts.approved / nullif(counts.approved + counts.rejected, 0) as success_rate,
        counts.eu_contribution_eur,
        counts.total_budget_eur,
        counts.running,
        counts.running_eu_contribution_eur,
        counts.running_eu_and_state_funding_eur,
        programmes.name_fi as programme_name_fi,
        programmes.name_en as programme_name_en,
        programmes.sort_order
    from counts
    left join programmes
        on programmes.period = counts.period and programmes.programme = counts.programme
)

select * from final
