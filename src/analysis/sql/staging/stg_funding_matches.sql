-- One row per period x project of a public export (CORDIS, EURA, Kohesio) that is also in the
-- city's register: the register's project id and the key it was matched on. The keys are tried
-- in the order of config/funding.yml `match_projects_on` (grant number, then acronym).
-- depends on: funding_ref_match_key, stg_funding_cordis, stg_funding_register,
-- depends on: stg_funding_structural
create or replace view stg_funding_matches as
with

external as (
    select period, 'cordis' as source, project_id as external_id, grant_key, acronym_key
    from stg_funding_cordis
    union all
    select period, layout as source, grant_key as external_id, grant_key, null as acronym_key
    from stg_funding_structural
),

register as (
    select period, project_id, grant_key, acronym_key
    from stg_funding_register
    where project_id is not null
),

keys as (
    select * from funding_ref_match_key
),

candidates as (
    select external.period, external.source, external.external_id, register.project_id,
        'grant_id' as matched_on
    from external
    join register
        on register.period = external.period and register.grant_key = external.grant_key
    union all
    select external.period, external.source, external.external_id, register.project_id,
        'acronym' as matched_on
    from external
    join register
        on register.period = external.period and register.acronym_key = external.acronym_key
),

final as (
    select candidates.period, candidates.source, candidates.external_id,
        candidates.project_id, candidates.matched_on
    from candidates
    join keys on keys.period = candidates.period and keys.key_name = candidates.matched_on
    qualify row_number() over (
        partition by candidates.period, candidates.source, candidates.external_id
        order by keys.priority, candidates.project_id
    ) = 1
)

select * from final
