"""Text in another language than its page's: its own `lang`, a visible marker, never silently."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.report.components import table
from analysis.report.data import _with_label, _with_name, _with_texts
from analysis.report.html import division_link
from analysis.report.language import in_language, in_languages_markup, marked
from analysis.report.pages import Page

SV = Page(lang="sv", period="2025", langs=("fi", "sv", "en"))
EN = Page(lang="en", period="2025", langs=("fi", "sv", "en"))
FI = Page(lang="fi", period="2025", langs=("fi", "sv", "en"))


def test_a_text_in_the_pages_language_is_shown_as_it_is_escaped() -> None:
    assert in_language("Klar <b>2025</b>", "sv", SV).markup == "Klar &lt;b&gt;2025&lt;/b&gt;"
    assert in_language(None, "fi", SV).markup == ""


def test_a_text_in_another_language_has_its_lang_and_a_marker_in_the_pages() -> None:
    text = "Toteutettu <script>"
    assert in_language(text, "fi", SV).markup == (
        '<span class="sr-other-lang"><span lang="fi">Toteutettu &lt;script&gt;</span> '
        '<span class="sr-lang-mark">(på finska)</span></span>'
    )
    assert in_language(text, "fi", EN).markup.endswith(
        '<span class="sr-lang-mark">(in Finnish)</span></span>'
    )
    assert in_language("Klar", "sv", FI).markup == (
        '<span class="sr-other-lang"><span lang="sv">Klar</span> '
        '<span class="sr-lang-mark">(ruotsiksi)</span></span>'
    )
    assert "(på engelska)" in in_language("Done", "en", SV).markup


def test_measure_texts_replace_the_sheet_text_where_translated() -> None:
    measures = pd.DataFrame(
        {
            "measure_id": ["A-1", "A-2"],
            "goal": ["Tavoite", "Tavoite"],
            "measure": ["Toimenpide yksi", "Toimenpide kaksi"],
            "report": ["Raportti", None],
        }
    )
    period = pd.DataFrame(  # the period's measures as the report's query reads them
        {
            "measure_id": ["A-1", "A-2"],
            "goal": ["Goal", "Tavoite"],
            "goal_lang": ["en", "fi"],
            "measure": ["Measure one", "Toimenpide kaksi"],
            "measure_lang": ["en", "fi"],
            "report": ["Tavoite", None],
            "report_lang": ["fi", "en"],
        }
    )
    shown = _with_texts(measures, period, "en")
    assert shown["measure"].tolist() == ["Measure one", "Toimenpide kaksi"]
    assert shown["measure_lang"].tolist() == ["en", "fi"]
    assert shown["report_lang"].tolist() == ["fi", "en"]  # no text: nothing to mark
    cells = marked(shown, EN, ("goal", "measure", "report"))
    assert cells["measure"][0].markup == "Measure one"
    assert '<span lang="fi">Toimenpide kaksi</span>' in cells["measure"][1].markup
    markup = table(
        cells,
        columns={"measure_id": "column.measure_id", "measure": "column.measure"},
        caption_key="division.measures_caption",
        page=EN,
        group_by="goal",
        group_key="division.goal",
        text=True,
    ).markup
    assert "Goal: Goal</th>" in markup  # the translated goal as a plain heading
    assert 'Goal: <span class="sr-other-lang"><span lang="fi">Tavoite</span>' in markup
    assert '<span class="sr-lang-mark">(in Finnish)</span></span></th>' in markup


def test_an_owner_is_marked_in_the_language_its_division_writes_in() -> None:
    decisions = pd.DataFrame({"measure_id": ["A-1", "B-1"], "owner": ["hankepäällikkö", "rektor"]})
    period = pd.DataFrame(
        {
            "measure_id": ["A-1", "B-1"],
            "owner_lang": ["fi", "sv"],  # an owner is never translated: the source's language
        }
    )
    shown = _with_texts(decisions, period, "sv")
    assert shown["owner_lang"].tolist() == ["fi", "sv"]
    cells = marked(shown, SV, ("owner",))
    assert '<span lang="fi">hankepäällikkö</span>' in cells["owner"][0].markup
    assert cells["owner"][1].markup == "rektor"


def test_a_name_missing_in_swedish_falls_back_to_finnish_marked() -> None:
    frame = pd.DataFrame(
        {
            "division": ["kanslia", "kasvatus", None],
            "division_name_fi": ["Kaupunginkanslia", "Kasvatus", None],
            "division_name_sv": ["Stadskansliet", None, None],
            "division_name_en": ["City Executive Office", "Education", None],
        }
    )
    named = _with_name(frame, "division", "sv", missing="Sektor inte angiven")
    assert named["name"].tolist() == ["Stadskansliet", "Kasvatus", "Sektor inte angiven"]
    assert named["name_lang"].tolist() == ["sv", "fi", "sv"]
    labelled = _with_label(frame, "sv")
    assert labelled["division_label_lang"].tolist() == ["sv", "fi", "sv"]
    link = division_link(SV, "kasvatus", in_language("Kasvatus", "fi", SV)).markup
    assert link == (
        '<a href="divisions/kasvatus.html"><span class="sr-other-lang"><span lang="fi">Kasvatus'
        '</span> <span class="sr-lang-mark">(på finska)</span></span></a>'
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.just(""), st.text(alphabet="ab<>&\"' åä\u00a0\U0001f600")),
            st.one_of(st.none(), st.sampled_from(["fi", "sv", "en"])),
        ),
        max_size=12,
    ),
    st.sampled_from([FI, SV, EN]),
)
def test_a_column_is_marked_as_each_of_its_cells_would_be(cells, page) -> None:
    texts = pd.Series([text for text, _ in cells], dtype=object)
    langs = pd.Series([lang for _, lang in cells], dtype=object)
    expected = [in_language(text, lang, page).markup for text, lang in cells]
    assert in_languages_markup(texts, langs, page) == expected
    # a text column held in Arrow, as pandas reads a database's text
    assert in_languages_markup(texts.astype("str"), langs.astype("str"), page) == expected
