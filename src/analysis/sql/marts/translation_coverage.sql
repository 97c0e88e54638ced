-- One row per period x division x language of the product: how much of the division's free
-- text (goals, measures, reports) a page in that language shows in that language. texts = the
-- division's texts; original = written in the language; translated = translated into it;
-- stale = shown untranslated because its translation is of an earlier wording; missing = shown
-- untranslated, with no translation; coverage_rate = (original + translated) / texts.
-- grain: period, division, lang
-- depends on: measure_texts, ref_division, ref_code
create or replace view translation_coverage as
with

texts as (
    select * from measure_texts
),

divisions as (
    select division, columns('^name_(.+)$') as 'division_name_\1', sort_order
    from ref_division
),

languages as (
    select code as lang, columns('^name_(.+)$') as 'lang_name_\1'
    from ref_code
    where kind = 'language'
),

counts as (
    select
        period,
        division,
        lang,
        any_value(lang_sort_order) as lang_sort_order,
        count(*) as texts,
        count(*) filter (where state = 'original') as original,
        count(*) filter (where state = 'translated') as translated,
        count(*) filter (where state = 'stale') as stale,
        count(*) filter (where state = 'missing') as missing
    from texts
    group by period, division, lang
),

final as (
    select
        counts.period,
        counts.division,
        divisions.* exclude (division, sort_order),
        counts.lang,
        languages.* exclude (lang),
        counts.texts,
        counts.original,
        counts.translated,
        counts.stale,
        counts.missing,
        (counts.original + counts.translated) / counts.texts as coverage_rate,
        divisions.sort_order,
        counts.lang_sort_order
    from counts
    left join divisions using (division)
    left join languages using (lang)
)

select * from final
