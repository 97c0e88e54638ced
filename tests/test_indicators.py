"""The indicators workbook: every table of the report, in its language, formatted for people;
text never becomes a formula."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.export.workbook import Sheet, export, sheet_title, workbook, write_excel
from analysis.report import overview as report
from tests.test_report import XSS, build_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("db") / "seuranta.duckdb")


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


@pytest.mark.parametrize(
    ("lang", "sheets", "header", "status"),
    [
        (
            "fi",
            ["Koko kaupunki", "Toimialoittain", "Teemoittain", "Toimialat ja teemat",
             "Huomiota vaativat", "Toimenpiteet", "Toimialojen kehitys", "Syöttötiedostot",
             "Varoitukset"],
            ["Toimiala", "Toimenpiteitä", "Toteutettu", "Käynnissä", "Ei aloitettu",
             "Viivästynyt", "Luovuttu", "Toteutumisaste"],
            "Viivästynyt",
        ),
        (
            "en",
            ["Whole city", "By division", "By theme", "Divisions and themes", "Needing attention",
             "Measures", "Trend by division", "Input files", "Warnings"],
            ["Division", "Measures", "Done", "In progress", "Not started", "Delayed",
             "Cancelled", "Completion rate"],
            "Delayed",
        ),
    ],
)  # fmt: skip
def test_every_table_of_the_report_in_its_language(db_path, tmp_path, lang, sheets, header, status):
    tables = workbook(report.load(period="2025", lang=lang, db_path=db_path))
    path = write_excel(tables, tmp_path / "indicators.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == sheets
    divisions = book[sheets[1]]
    assert [c.value for c in divisions[1]] == header
    assert divisions["B2"].value == 20 and divisions["H2"].number_format == "0.0%"
    assert divisions["H4"].value is None  # every measure cancelled: no rate
    assert divisions["A4"].value == XSS and divisions["A4"].data_type == "s"
    overall = book[sheets[0]]
    assert [overall.cell(row=r, column=1).value for r in (2, 3)] == ["2024", "2025"]  # the trend
    attention = book[sheets[4]]
    assert [c.value for c in attention["B"][1:]] == ["K-2", "K-3", "KA-1"]
    assert attention["F2"].value == status and attention["G2"].value == pytest.approx(0.4)
    assert attention["G2"].number_format == "0%"
    formula = next(c for c in attention["H"] if c.value == "=1+2")
    assert formula.data_type == "s"
    measures = book[sheets[5]]
    assert measures.max_row == 5 and measures["L2"].value == 4  # the sheet row of K-1
    assert book[sheets[7]]["B2"].value == "b" * 64
    assert book[sheets[8]].max_row == 3


def test_export_writes_the_workbook_and_returns_the_views(db_path, tmp_path):
    out = tmp_path / "2025" / "indicators.xlsx"
    tables = export(db_path, "2025", out, lang="en")
    assert list(tables) == ["completion_overall", "completion_by_division", "completion_by_theme"]
    assert tables["completion_overall"]["measures"].tolist() == [50]  # the views, as they are
    assert load_workbook(out).sheetnames[0] == "Whole city"
