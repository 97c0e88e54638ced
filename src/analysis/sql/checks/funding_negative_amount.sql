-- One row per negative amount in the period's register rows.
with

source as (
    select * from raw_funding_register where period = $period
),

amounts as (
    select source_file, sheet, row_number, 'total_budget' as field, total_budget as value,
        total_budget_eur as eur
    from source
    union all
    select source_file, sheet, row_number, 'eu_contribution', eu_contribution,
        eu_contribution_eur
    from source
    union all
    select source_file, sheet, row_number, 'own_financing', own_financing, own_financing_eur
    from source
),

final as (
    select source_file, sheet, row_number, field, value, null as detail
    from amounts
    where eur < 0
)

select * from final
