-- One row per period x division (NULL division: projects of the public exports that are not in
-- the register): EU applications against the division's target, decisions, success rate and
-- the euros of the projects approved in the period, plus the running, idea-phase and
-- follow-up projects (int_funding_counts). Definitions: docs/funding.md.
-- grain: period, division
-- depends on: int_funding_counts, ref_division
create or replace view funding_by_division as
with

counts as (
    select * from int_funding_counts where breakdown = 'division'
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order
    from ref_division
),

final as (
    select
        counts.* exclude (
            breakdown, theme, programme, projects, divisions_with_target,
            running_eu_and_state_funding_eur, not_in_register
        ),
        divisions.* exclude (division)
    from counts
    left join divisions on divisions.division = counts.division
)

select * from final
