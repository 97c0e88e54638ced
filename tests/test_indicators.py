"""The indicators workbook: every table of the report, in its language, formatted for people;
text never becomes a formula."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.export.workbook import SHEETS, Sheet, export, sheet_title, workbook, write_excel
from analysis.i18n import LANGS, catalogue
from tests import backtest


@pytest.fixture(scope="module")
def db_path() -> Path:
    """The example periods 2024 and 2025, loaded (shared with the back-test)."""
    return backtest.example_database()


@pytest.fixture(scope="module")
def books(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """indicators.xlsx of 2025 in every language, read back with openpyxl."""
    folder = tmp_path_factory.mktemp("xlsx")
    return {
        lang: load_workbook(write_excel(workbook(db_path, "2025", lang), folder / f"{lang}.xlsx"))
        for lang in LANGS
    }


def rows(book, key: str, lang: str) -> list[dict[str, object]]:
    """The rows of the sheet `xlsx.sheet.<key>` as header -> value."""
    sheet = book[catalogue()[f"xlsx.sheet.{key}"][lang]]
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, values, strict=True)) for values in sheet.iter_rows(2, values_only=True)
    ]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    frame = pd.DataFrame(
        {
            "division": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "kanslia"],
            "measures": [1, 2, 3, 4, 5],
            "completion_rate": [0.5, None, 1.0, 0.0, 0.25],
        }
    )
    sheet = Sheet("completion_by_division", frame, percent=frozenset({"completion_rate"}))
    path = write_excel([sheet], tmp_path / "indicators.xlsx")
    book = load_workbook(path)["completion_by_division"]
    assert [c.value for c in book[1]] == ["division", "measures", "completion_rate"]
    for row, expected in zip(book.iter_rows(min_row=2), frame["division"], strict=True):
        assert row[0].value == expected and row[0].data_type == "s"
    assert book["C2"].number_format == "0.0%" and book["C2"].value == 0.5
    assert book["C3"].value is None
    assert book.freeze_panes == "A2"


def test_formats_a_person_would_use(tmp_path):
    frame = pd.DataFrame(
        {
            "Tiedosto": ["status/a.xlsx", "status/b.xlsx"],
            "Tietorivejä": [1234, 5],
            "Edistyminen": [0.4, None],
            "Luettu": pd.to_datetime([dt.datetime(2025, 3, 5, 14, 30), dt.datetime(2025, 3, 6)]),
            "Raportointi": ["x" * 200, "lyhyt"],
        }
    )
    sheet = Sheet("Syöttötiedostot: [2025]", frame, whole_percent=frozenset({"Edistyminen"}))
    book = load_workbook(write_excel([sheet], tmp_path / "x.xlsx"))
    ws = book["Syöttötiedostot   2025"]
    assert ws["A1"].font.bold and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E3"
    assert ws["B2"].number_format == "#,##0" and ws["B2"].value == 1234
    assert ws["C2"].number_format == "0%" and ws["C2"].value == 0.4
    assert ws["D2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["D2"].value == dt.datetime(2025, 3, 5, 14, 30)
    # Excel stores a width with its font padding: 15 characters is 15.71
    assert ws.column_dimensions["A"].width == pytest.approx(len("status/a.xlsx") + 2, abs=1)
    assert (
        ws.column_dimensions["E"].width == pytest.approx(60, abs=1) and ws["E2"].alignment.wrap_text
    )


def test_sheet_titles_excel_accepts():
    assert sheet_title("a/b\\c?d*e[f]g:h") == "a b c d e f g h"
    assert len(sheet_title("x" * 40)) == 31


def test_every_sheet_of_the_list_in_its_language(books):
    for lang, book in books.items():
        assert book.sheetnames == [catalogue()[f"xlsx.sheet.{s.key}"][lang] for s in SHEETS]


@pytest.mark.parametrize("lang", LANGS)
def test_no_header_is_a_raw_column_name(books, lang):
    raw = {column for spec in SHEETS for column in spec.columns} - {"sheet"}  # Sheet/Välilehti
    for spec in SHEETS:
        sheet = books[lang][catalogue()[f"xlsx.sheet.{spec.key}"][lang]]
        headers = [cell.value for cell in sheet[1]]
        assert len(headers) == len(spec.columns), spec.key
        assert not raw & set(headers), (spec.key, raw & set(headers))


def test_figures_and_names_in_finnish(books):
    book = books["fi"]
    (city,) = [r for r in rows(book, "overall", "fi") if r["Kausi"] == "2025"]
    assert (city["Toimenpiteitä"], city["Toteutettu"], city["Luovuttu"]) == (50, 27, 2)
    assert city["Toteutumisaste"] == pytest.approx(27 / 48)
    kanslia = next(r for r in rows(book, "divisions", "fi") if r["Toimiala"] == "Kaupunginkanslia")
    assert kanslia["Verrattu kauteen"] == "2024"
    assert kanslia["Muutos (%-yksikköä)"] == pytest.approx(
        (kanslia["Toteutumisaste"] - kanslia["Edellinen toteutumisaste"]) * 100
    )
    sheet = book[catalogue()["xlsx.sheet.divisions"]["fi"]]
    (rate,) = [cell for cell in sheet[1] if cell.value == "Toteutumisaste"]
    assert sheet.cell(2, rate.column).number_format == "0.0%"


def test_codes_and_booleans_are_words_of_the_language(books):
    """The Finnish workbook showed `elinvoima, compared, in_progress, forward, False` and
    `done_without_report`; every code is now its name and every yes/no a word."""
    codes = {"compared", "added", "finished", "dropped", "forward", "backward", "unchanged",
             "other", "in_progress", "done", "not_started", "delayed", "cancelled", "elinvoima",
             "kanslia", "kasvatus", "True", "False"}  # fmt: skip
    changes = rows(books["fi"], "measure_changes", "fi")
    assert changes and not {str(v) for r in changes for v in r.values()} & codes
    assert {r["Raportti sama"] for r in changes} <= {"Kyllä", "Ei"}
    assert {r["Muutos"] for r in changes} <= {"Uusi", "Valmistunut", "Poistunut", "Verrattu"}
    english = rows(books["en"], "measure_changes", "en")
    assert {r["Report unchanged"] for r in english} <= {"Yes", "No"}
    findings = rows(books["fi"], "findings", "fi")
    names = {r["Havainto"] for r in findings}
    assert findings and not names & {"done_without_report", "report_missing"}
    assert names <= {v["fi"] for k, v in catalogue().items() if k.startswith("code.finding.")}


@pytest.mark.parametrize(
    ("lang", "headers", "word"),
    [
        ("fi", ["Vakavuus", "Tiedosto", "Välilehti", "Solu", "Havainto", "Korjaus"], "Varoitus"),
        ("en", ["Severity", "File", "Sheet", "Cell", "Problem", "Fix"], "Warning"),
    ],
)
def test_warnings_are_worded_in_the_language(books, lang, headers, word):
    """The Finnish "Varoitukset" sheet had English messages under the headers code, value,
    detail; each warning is now worded from its code in the workbook's language."""
    warnings = rows(books[lang], "problems", lang)
    assert warnings and list(warnings[0]) == headers
    assert {r[headers[0]] for r in warnings} == {word}
    english = {r["Problem"] for r in rows(books["en"], "problems", "en")}
    if lang == "fi":
        assert not {r["Havainto"] for r in warnings} & english


def test_export_writes_the_workbook_and_returns_the_views(db_path, tmp_path):
    out = tmp_path / "2025" / "indicators.xlsx"
    tables = export(db_path, "2025", out, lang="en")
    assert list(tables) == [
        "completion_overall",
        "completion_by_division",
        "completion_by_theme",
        "indicator_progress",
    ]
    assert tables["completion_overall"]["measures"].tolist() == [50]  # the views, as they are
    assert load_workbook(out).sheetnames[0] == "Whole city"
