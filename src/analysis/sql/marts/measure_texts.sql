-- One row per period x measure x field x language of the product: the free text to show on a
-- page in that language and the language it is in. `state` is 'original' (the division wrote it
-- in that language), 'translated' (a translation of this very text: the sheet's own translation
-- column first, else the latest translation loaded for the same source text, of this period or
-- an earlier one),
-- 'stale' (only a translation of an earlier wording of the measure's field exists) or 'missing';
-- stale and missing show the original text, in its language.
-- grain: period, measure_id, field, lang
-- depends on: stg_measure_texts, raw_translation, ref_language
create or replace view measure_texts as
with

texts as (
    select * from stg_measure_texts
),

languages as (
    select * from ref_language
),

translations as (
    select * from raw_translation where trim(text) <> ''
),

-- a sheet's translation column belongs to the text on its own row
from_sheet as (
    select texts.period, texts.measure_id, texts.field, translations.lang, translations.text
    from texts
    join translations
        on translations.origin = 'sheet'
        and translations.period = texts.period
        and translations.source_file = texts.source_file
        and translations.sheet = texts.sheet
        and translations.row_number = texts.row_number
        and translations.field = texts.field
),

-- a translation workbook's row serves every text with its source hash in its period and the
-- later ones (an old period's page stays as it was); the latest load wins
by_hash as (
    select texts.period, texts.measure_id, texts.field, translations.lang,
        arg_max(translations.text, translations.loaded_at) as text
    from texts
    join translations
        on translations.source_hash = texts.source_hash
        and translations.period <= texts.period
    group by texts.period, texts.measure_id, texts.field, translations.lang
),

-- the wordings of a measure's field translated up to a period: another one means it changed
translated_wordings as (
    select distinct period, measure_id, field, lang, source_hash
    from translations
    where source_hash is not null
),

-- the texts of which an earlier wording was translated (a join driven by the few translations,
-- not a subquery per text: the period's filter then reaches `texts` from the outer query)
earlier as (
    select distinct texts.period, texts.measure_id, texts.field, wordings.lang
    from texts
    join translated_wordings as wordings
        on wordings.measure_id = texts.measure_id
        and wordings.field = texts.field
        and wordings.period <= texts.period
        and wordings.source_hash <> texts.source_hash
),

candidates as (
    select
        texts.*,
        languages.lang,
        languages.sort_order as lang_sort_order,
        coalesce(from_sheet.text, by_hash.text) as translation,
        earlier.lang is not null as has_earlier
    from texts
    cross join languages
    left join from_sheet
        on from_sheet.period = texts.period
        and from_sheet.measure_id = texts.measure_id
        and from_sheet.field = texts.field
        and from_sheet.lang = languages.lang
    left join by_hash
        on by_hash.period = texts.period
        and by_hash.measure_id = texts.measure_id
        and by_hash.field = texts.field
        and by_hash.lang = languages.lang
    left join earlier
        on earlier.period = texts.period
        and earlier.measure_id = texts.measure_id
        and earlier.field = texts.field
        and earlier.lang = languages.lang
),

final as (
    select
        period,
        measure_id,
        division,
        field,
        lang,
        case
            when lang = source_lang then 'original'
            when translation is not null then 'translated'
            when has_earlier then 'stale'
            else 'missing'
        end as state,
        case
            when lang <> source_lang and translation is not null then translation else text
        end as shown_text,
        case
            when lang <> source_lang and translation is not null then lang else source_lang
        end as shown_lang,
        text as source_text,
        source_lang,
        source_hash,
        lang_sort_order,
        source_file,
        sheet,
        row_number
    from candidates
)

select * from final
