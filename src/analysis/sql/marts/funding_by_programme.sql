-- One row per period x programme: applications, decisions and the EU contribution of the
-- projects approved in the period, and of the projects running in it (for EURA projects the
-- lists give EU and state funding together: running_eu_and_state_funding_eur;
-- int_funding_counts).
-- grain: period, programme
-- depends on: funding_ref_programme, int_funding_counts
create or replace view funding_by_programme as
with

counts as (
    select * from int_funding_counts where breakdown = 'programme'
),

programmes as (
    select period, programme, columns('^name_(.+)$') as 'programme_name_\1', sort_order
    from funding_ref_programme
),

final as (
    select
        counts.* exclude (
            breakdown, division, theme, projects, target, target_attainment,
            divisions_with_target, own_financing_eur, idea, preparation, awaiting_decision,
            follow_up, not_in_register
        ),
        programmes.* exclude (period, programme)
    from counts
    left join programmes
        on programmes.period = counts.period and programmes.programme = counts.programme
)

select * from final
