-- One row per period x project with the period's definitions applied (docs/funding.md): is it
-- an application, an approval or a rejection of the period, running in it, in the idea phase,
-- in its two-year follow-up, and counted in the pipeline. Every mart counts these flags.
-- depends on: funding_ref_period, stg_funding_projects
create or replace view stg_funding_project_flags as
with

projects as (
    select * from stg_funding_projects
),

periods as (
    select * from funding_ref_period
),

dated as (
    select
        projects.*,
        periods.period_start,
        periods.period_end,
        periods.follow_up_years,
        projects.phase in ('granted', 'running', 'closed') as is_granted,
        (periods.period_end - to_years(periods.follow_up_years))::date as follow_up_from
    from projects
    join periods on periods.period = projects.period
),

final as (
    select
        *,
        coalesce(
            phase in ('submitted', 'granted', 'rejected', 'running', 'closed')
            and submitted_on between period_start and period_end,
            false
        ) as is_application,
        coalesce(is_granted and decided_on between period_start and period_end, false)
            as is_approved,
        coalesce(phase = 'rejected' and decided_on between period_start and period_end, false)
            as is_rejected,
        coalesce(
            is_granted and start_on <= period_end and coalesce(end_on, period_end) >= period_start,
            false
        ) as is_running,
        coalesce(is_granted and end_on > follow_up_from and end_on <= period_end, false)
            as in_follow_up,
        (end_on + to_years(follow_up_years))::date as follow_up_until,
        coalesce(
            case phase
                when 'rejected' then decided_on between period_start and period_end
                when 'closed' then end_on between period_start and period_end
                else phase is not null
            end,
            false
        ) as in_pipeline
    from dated
)

select * from final
