"""Sheets as divisions send them back: merged cells, formulas, hidden sheets, odd number text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from analysis.sources.ingest import validate_period
from analysis.sources.status import read_workbook
from tests.bad_inputs import HEAD_FI, OK, book_bytes, table, with_row
from tests.conftest import CONFIG


def rows_of(path: Path, reference) -> list[dict]:
    book = read_workbook(path, f"status/{path.name}", reference)
    assert book.problems == []
    return [row for sheet in book.sheets for row in sheet.rows]


def test_merged_goal_cells_give_every_row_the_goal(tmp_path, reference):
    book = Workbook()
    sheet = book.active
    sheet.title = "Kanslia"
    for row in table(
        with_row(Tavoite="Yhteinen tavoite"),
        with_row(Tunnus="K-2", Tavoite=None),
        with_row(Tunnus="K-3", Tavoite=None),
    ):
        sheet.append(list(row))
    sheet.merge_cells("B4:B6")
    sheet.merge_cells("A1:I1")  # a merged title above the header
    path = tmp_path / "kanslia.xlsx"
    book.save(path)
    assert [r["goal"] for r in rows_of(path, reference)] == ["Yhteinen tavoite"] * 3


def test_merged_header_cell_spanning_two_columns(tmp_path, reference):
    book = Workbook()
    sheet = book.active
    sheet.title = "Kanslia"
    head = HEAD_FI[:7] + ["Raportointi", None, "Aikataulu"]  # report header over H:I
    sheet.append(head)
    sheet.append(OK[:7] + ["Raportti", None, "31.12.2025"])
    sheet.merge_cells("H1:I1")
    path = tmp_path / "kanslia.xlsx"
    book.save(path)
    [row] = rows_of(path, reference)
    assert row["report"] == "Raportti" and row["planned_end"] == "31.12.2025"


def test_formulas_are_read_as_their_cached_values(tmp_path, reference):
    """Excel stores a formula with its last value; the value is what the division saw."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Kanslia"
    for row in table(with_row(Tila='=IF(TRUE,"Valmis","")', **{"Edistyminen %": "=50+50"})):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    path = tmp_path / "kanslia.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    r'<c r="F4"([^>]*)><f>(.*?)</f><v ?/?>(</v>)?',
                    r'<c r="F4"\1 t="str"><f>\2</f><v>Valmis</v>',
                    text,
                )
                text = re.sub(
                    r'<c r="G4"([^>]*)><f>(.*?)</f><v ?/?>(</v>)?',
                    r'<c r="G4"\1><f>\2</f><v>100</v>',
                    text,
                )
                data = text.encode()
            target.writestr(item, data)
    [row] = rows_of(path, reference)
    assert row["status"] == "Valmis" and row["progress"] == "100"


def test_hidden_sheets_are_not_read(tmp_path, reference):
    path = tmp_path / "kanslia.xlsx"
    path.write_bytes(
        book_bytes({"Kanslia": table(OK), "Vanha": table(with_row(Tila="Ehkä"))}, hidden=["Vanha"])
    )
    assert [r["measure_id"] for r in rows_of(path, reference)] == ["K-1"]


def test_numbers_as_text_and_trailing_empty_rows_and_columns(tmp_path, reference):
    path = tmp_path / "kanslia.xlsx"
    rows = table(with_row(**{"Edistyminen %": "40\u00a0%"}), *([[None] * 12] * 5))
    rows[2] = list(rows[2]) + [None, None, "   "]
    path.write_bytes(book_bytes({"Kanslia": rows}))
    [row] = rows_of(path, reference)
    assert row["progress"] == "40\u00a0%"


def test_lock_files_and_hidden_files_in_the_folder_are_ignored(raw_dir):
    folder = raw_dir / "2025" / "status"
    folder.mkdir(parents=True)
    (folder / "kanslia.xlsx").write_bytes(book_bytes({"Kanslia": table(OK)}))
    (folder / "~$kanslia.xlsx").write_bytes(b"\x00owner")
    (folder / ".DS_Store").write_bytes(b"\x00\x00")
    assert validate_period("2025", raw_dir, CONFIG) == []


def test_xlsx_saved_with_an_xls_name_is_read(tmp_path, reference):
    path = tmp_path / "kanslia.xls"
    path.write_bytes(book_bytes({"Kanslia": table(OK)}))
    assert [r["measure_id"] for r in rows_of(path, reference)] == ["K-1"]
