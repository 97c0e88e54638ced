"""The report's funding section in Finnish and English: figures, formats, escaping, no data."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import duckdb
import pytest

from analysis import db
from analysis.i18n import catalogue
from analysis.mapping import match_key
from analysis.report import data
from analysis.report.funding import FundingSection
from analysis.report.html import Html
from analysis.report.pages import Page
from analysis.sources.funding import check_funding, read_funding
from tests.conftest import assert_valid_figures

ROOT = Path(__file__).resolve().parents[1]
XSS = "<script>alert(1)</script>"
NBSP = "\u00a0"
PARTS = (
    "key_figures",
    "applications_chart",
    "programme_chart",
    "pipeline_chart",
    "division_table",
    "theme_table",
    "follow_up_table",
)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, reference) -> Path:
    """A database file with the shipped example funding data of 2024 and 2025, and a project
    and a division whose names are markup."""
    path = tmp_path_factory.mktemp("funding") / "seuranta.duckdb"
    with db.connect(path) as con:
        db.apply_models(con)
        db.load_reference(con, reference)
        for period in ("2024", "2025"):
            batch = read_funding(period, ROOT / "data" / "raw" / period, ROOT / "config", reference)
            for table, frame in batch.frames(dt.datetime(2026, 1, 1)).items():
                db.insert_frame(con, table, frame)
            assert check_funding(con, period, reference) == []
        con.execute(
            "insert into ref_division by name select 'xss' as division, ? as name_fi, "
            "? as name_en, 99 as sort_order, 'fi' as language",
            [XSS, XSS],
        )
        con.execute("insert into ref_division_key values (?, 'xss')", [match_key(XSS)])
        con.execute(
            "update raw_funding_register set name = ? "
            "where period = '2025' and project_id = 'VAN-22-02'",
            [XSS],
        )
        con.execute(
            "update raw_funding_register set division_key = ? "
            "where period = '2025' and project_id = 'VAN-25-12'",
            [match_key(XSS)],
        )
    return path


def load(period: str, lang: str, db_path: Path) -> FundingSection:
    """The funding section of `period` on the overview in `lang`."""
    return FundingSection(data.load(period, lang, db_path), Page(lang=lang, period=period))


def text_of(html: Html) -> str:
    """The visible text of a part: tags removed, entities and no-break spaces kept."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html.markup))


@pytest.mark.parametrize(
    ("lang", "eur", "rate", "expected"),
    [
        (
            "fi",
            f"3{NBSP}340{NBSP}000{NBSP}€",
            f"62,5{NBSP}%",
            ["EU-rahoitus", "10 / 16", "Myönnetty 5 / ratkaistu 8 hakemusta (hylätty 3)"],
        ),
        (
            "en",
            "€3,340,000",
            "62.5%",
            ["EU funding", "10 / 16", "Approved 5 / decided 8 applications (rejected 3)"],
        ),
    ],
)
def test_key_figures(db_path, lang, eur, rate, expected):
    section = load("2025", lang, db_path)
    text = text_of(section.key_figures())
    for fragment in [eur, rate, *expected]:
        assert fragment in text, fragment
    assert section.has_data


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_part_renders_and_escapes_data_text(db_path, lang):
    section = load("2025", lang, db_path)
    for part in PARTS:
        html = getattr(section, part)()
        assert isinstance(html, Html) and html.markup, part
        assert XSS not in html.markup, part
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escaped in section.follow_up_table().markup  # the project's name
    assert escaped in section.division_table().markup  # the division's name
    assert escaped in section.applications_chart().markup


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_charts_are_valid_plotly_figures(db_path, lang, drawn_figures):
    section = load("2025", lang, db_path)
    for part in ("applications_chart", "programme_chart", "pipeline_chart"):
        getattr(section, part)()
    assert len(drawn_figures) == 3
    assert_valid_figures(drawn_figures)


def test_tables_in_both_languages(db_path):
    fi = text_of(load("2025", "fi", db_path).division_table())
    en = text_of(load("2025", "en", db_path).division_table())
    assert "EU-hankkeet toimialoittain, 2025" in fi and "EU projects by division, 2025" in en
    assert f"Kaupunginkanslia 3 2 1 1 50,0{NBSP}% 1{NBSP}000{NBSP}000{NBSP}€ 0" in fi
    assert "City Executive Office 3 2 1 1 50.0% €1,000,000 0" in en
    assert f"Yhteensä 16 10 5 3 62,5{NBSP}%" in fi


def test_follow_up_table_lists_the_projects_with_dates(db_path):
    text = text_of(load("2025", "en", db_path).follow_up_table())
    assert "Ohjaamo Vantaa 2 (VAN-23-01)" in text
    assert "31 July 2025 31 July 2027 €540,000" in text
    assert "ended within 2 years" in text
    fi = text_of(load("2025", "fi", db_path).follow_up_table())
    assert f"31. heinäkuuta 2025 31. heinäkuuta 2027 540{NBSP}000{NBSP}€" in fi


def test_charts_use_the_locale_and_say_what_they_show(db_path):
    for lang, separators, summary in [
        ("fi", f",{NBSP}", "Hakemuksia 10, tavoite 16: Kaupunginkanslia 2 / 3"),
        ("en", ".,", "Applications 10, target 16: City Executive Office 2 / 3"),
    ]:
        section = load("2025", lang, db_path)
        chart = section.applications_chart().markup
        assert f'"separators":"{separators}"' in chart.replace("\\u00a0", NBSP)
        assert summary in text_of(section.applications_chart())
        assert 'role="img"' in section.pipeline_chart().markup
    assert "Horizon Europe €620,000" in text_of(load("2025", "en", db_path).programme_chart())


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fi", "Kaudelta 2023 ei ole EU-rahoitustietoja"),
        ("en", "There is no EU funding data for 2023"),
    ],
)
def test_a_period_without_funding_data(db_path, lang, message):
    section = load("2023", lang, db_path)
    assert not section.has_data
    assert message in section.key_figures().markup
    assert 'id="sr-funding"' in section.key_figures().markup
    assert [getattr(section, part)().markup for part in PARTS[1:]] == [""] * (len(PARTS) - 1)


def test_a_database_without_the_funding_views(tmp_path):
    path = tmp_path / "old.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(ValueError, match="the report's views .*funding_overall.* are missing"):
        load("2025", "fi", path)


def test_unknown_language(db_path):
    with pytest.raises(ValueError, match="unknown report language"):
        load("2025", "de", db_path)


def test_catalogue_entries_have_the_same_placeholders_in_both_languages():
    entries = {k: v for k, v in catalogue().items() if k.startswith("funding.")}
    assert len(entries) > 40
    for key, texts in entries.items():
        fields = {
            lang: {name for _, name, _, _ in string.Formatter().parse(text) if name}
            for lang, text in texts.items()
        }
        assert fields["fi"] == fields["en"], key
