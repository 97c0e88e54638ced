"""Reading status workbooks: header detection, layouts, lineage and sheet-level problems."""

import datetime as dt

import pytest

from analysis.sources.cells import cell_text, column_letter
from analysis.sources.status import find_header, read_workbook
from tests.conftest import status_rows


def test_header_found_below_title_rows():
    rows = [
        ["Kansainväliset suuntaviivat"],
        ["Tila: luonnos"],
        [],
        ["", "TUNNUS", " tavoite ", "Toimenpide", "Tila"],
        ["", "K-1", "G", "M", "Valmis"],
    ]
    index, found = find_header(rows)
    assert index == 3
    assert found["measure_id"] == (1, "TUNNUS")
    assert found["status"] == (4, "Tila")


def test_title_row_with_one_header_word_is_not_the_header():
    rows = [["Tila"], ["ID", "Goal", "Measure", "Status"]]
    assert find_header(rows)[0] == 1


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("Raportointi (lyhyt kuvaus)", "report"),
        ("Tila*", "status"),
        (" TILA :", "status"),
        ("\ufeffTunnus", "measure_id"),
        ("Toimen\u00adpide", "measure"),
        ("Tavoite\u200b", "goal"),
        ("Vastuu\u00adhenkilö (nimi)", "owner"),
    ],
)
def test_headers_worded_a_little_differently(cell, field):
    """The one header matcher of status sheets and funding tables tolerates such wording."""
    from analysis.mapping import visible
    from analysis.sources.funding.layouts import register_layouts
    from analysis.sources.layout import column_key, header_keys

    rows = [["Tunnus", "Tavoite", "Toimenpide", cell]]
    _, found = find_header(rows)
    assert found[field][1] == visible(cell).strip()
    register, _ = register_layouts({})
    assert register.field_of('"Hankkeen nimi (virallinen)";') == "name"
    assert column_key("\u200bEU-osuus") == column_key("EU-osuus")
    assert header_keys("Tila (valinta)") == ("tila(valinta)", "tila")


def test_no_header_row():
    assert find_header([["Ohjeet"], ["Täytä tila."]]) is None


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (5, "F"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letter(index, letters):
    assert column_letter(index) == letters


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("  ", None),
        (" a ", "a"),
        (3.0, "3"),
        (0.25, "0.25"),
        (7, "7"),
        (True, "TRUE"),
        (dt.date(2025, 3, 1), "2025-03-01"),
        (dt.datetime(2025, 3, 1, 12, 30), "2025-03-01 12:30:00"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_finnish_workbook_rows_and_lineage(write_workbook, reference):
    path = write_workbook(
        "kanslia.xlsx",
        {
            "Tila 2025": status_rows(
                [
                    "K-1",
                    "G1",
                    "M1",
                    "Kaupunginkanslia",
                    "EU-vaikuttaminen; Kotoutuminen",
                    "Valmis.",
                    1,
                    "Tehty",
                ],
                [],
                ["K-2", "G1", "M2", "Kanslia", None, "käynnissä", "40 %", None],
            )
        },
    )
    book = read_workbook(path, "status/kanslia.xlsx", reference)
    assert book.problems == []
    assert len(book.sha256) == 64
    [sheet] = book.sheets
    assert sheet.header_row == 3
    assert sheet.columns["status"] == ("F", "Tila")
    first, second = sheet.rows
    assert first["row_number"] == 4 and second["row_number"] == 6  # empty row 5 skipped
    assert first["status_key"] == "valmis"
    assert first["theme_keys"] == ["eu-vaikuttaminen", "kotoutuminen"]
    assert first["progress"] == "1"
    assert second["division_key"] == "kanslia" and second["division_from"] == "column"


def test_sheet_per_division_without_division_column(write_workbook, reference):
    path = write_workbook(
        "other.xlsx",
        {
            "Vapaa-aika": [["ID", "Goal", "Measure", "Status"], ["V-1", "G", "M", "Done"]],
            "Instructions": [["Fill in the status of each measure."]],
        },
    )
    book = read_workbook(path, "status/other.xlsx", reference)
    assert book.problems == []
    [sheet] = book.sheets
    [row] = sheet.rows
    assert row["division"] == "Vapaa-aika" and row["division_from"] == "sheet"


def test_missing_required_column_names_sheet_row_and_expected_headers(write_workbook, reference):
    path = write_workbook(
        "kanslia.xlsx",
        {
            "Kanslia": [
                ["Otsikko"],
                ["Tunnus", "Tavoite", "Toimenpide", "Raportointi"],
                ["K-1", "G", "M", "x"],
            ]
        },
    )
    book = read_workbook(path, "status/kanslia.xlsx", reference)
    [problem] = book.problems
    assert (problem.file, problem.sheet, problem.cell) == ("status/kanslia.xlsx", "Kanslia", "2:2")
    assert "'Tila' / 'Status'" in problem.message
    assert "Expected headers: Tunnus / ID" in problem.fix


def test_division_column_required_when_sheet_is_not_a_division(write_workbook, reference):
    path = write_workbook("x.xlsx", {"Taul1": [["Tunnus", "Tavoite", "Toimenpide", "Tila"]]})
    [problem] = read_workbook(path, "status/x.xlsx", reference).problems
    assert "'Toimiala' / 'Division'" in problem.message
    assert "Kaupunginkanslia" in problem.fix


def test_workbook_without_any_status_table(write_workbook, reference):
    path = write_workbook("notes.xlsx", {"Muistio": [["Vain tekstiä"]]})
    [problem] = read_workbook(path, "status/notes.xlsx", reference).problems
    assert "no sheet has a header row" in problem.message
    assert "Muistio" in problem.message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kanslia.xlsx", b"this is not a workbook", "is a text file (for example CSV)"),
        ("kanslia.csv", b"Tunnus;Tila\n", "is a text file (for example CSV)"),
        ("kanslia.xlsx", b"PK\x03\x04 truncated", "the workbook is damaged"),
        ("kanslia.xlsx", bytes(range(256)) * 4, "is not an Excel workbook"),
    ],
)
def test_file_that_is_not_a_workbook(tmp_path, reference, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = read_workbook(path, f"status/{name}", reference).problems
    assert problem.sheet is None and message in problem.message
