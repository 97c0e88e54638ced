"""The fast workbook writer: values of every type come back as written, text stays text, and the
package is well-formed for Excel, openpyxl and calamine."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from analysis.export import xlsx

AWKWARD = [
    '=HYPERLINK("http://x")',
    "  leading and trailing  ",
    "a & b < c > d \"quoted\" 'single'",
    "bell\x07 and form feed\x0c",
    "literal _x0041_ stays",
    "rivinvaihto\nja ääkköset €",
    None,
]


def write(tmp_path: Path, *tables: xlsx.Table) -> Path:
    return xlsx.write_workbook(list(tables), tmp_path / "book.xlsx")


def test_column_letters():
    assert [xlsx.column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_every_type_reads_back_as_written(tmp_path):
    frame = pd.DataFrame(
        {
            "text": pd.Series(AWKWARD, dtype="str"),
            "count": pd.Series([1, 2, 3, None, 5, 6, 7], dtype="Int64"),
            "rate": [0.5, np.nan, np.inf, 0.1 + 0.2, 1e20, -1e-7, 0.0],
            "flag": [True, False, True, False, True, False, True],
            "when": pd.to_datetime(
                ["2025-03-05 14:30:00", None, "1999-12-31 23:59:59"] * 2 + [None], format="ISO8601"
            ),
            "mixed": [1, "kaksi", 3.5, dt.date(2025, 1, 2), None, np.int64(7), False],
        }
    )
    path = write(tmp_path, xlsx.Table("Data", frame, [None, "#,##0", "0.0%", None, None, None]))
    sheet = load_workbook(path)["Data"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    # Excel and calamine read control characters escaped as _xHHHH_ back (openpyxl does not)
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()
    assert [r[0] for r in calamine[1:]] == [v or "" for v in AWKWARD]
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(2, 8))
    assert [r[1] for r in rows[1:]] == [1, 2, 3, None, 5, 6, 7]
    assert [r[2] for r in rows[1:]] == [0.5, None, None, 0.30000000000000004, 1e20, -1e-7, 0]
    assert [r[3] for r in rows[1:]] == [True, False, True, False, True, False, True]
    assert rows[1][4] == dt.datetime(2025, 3, 5, 14, 30) and rows[2][4] is None
    assert rows[3][4] == dt.datetime(1999, 12, 31, 23, 59, 59)
    assert [r[5] for r in rows[1:]] == [1, "kaksi", 3.5, dt.datetime(2025, 1, 2), None, 7, False]
    assert sheet["B2"].number_format == "#,##0" and sheet["C2"].number_format == "0.0%"
    assert sheet["E2"].number_format == xlsx.DATETIME_FORMAT
    assert sheet["F5"].number_format == xlsx.DATE_FORMAT


def test_header_filters_widths_and_wrapping(tmp_path):
    frame = pd.DataFrame({"Tiedosto": ["status/a.xlsx", "b"], "Raportointi": ["x" * 200, "y"]})
    sheet = load_workbook(write(tmp_path, xlsx.Table("T", frame, [None, None])))["T"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet.column_dimensions["A"].width == len("status/a.xlsx") + 2
    assert sheet.column_dimensions["B"].width == xlsx.MAX_WIDTH
    assert sheet["B2"].alignment.wrap_text and not sheet["A2"].alignment.wrap_text


def test_long_text_is_cut_to_excels_limit(tmp_path):
    frame = pd.DataFrame({"report": ["é" * (xlsx.MAX_TEXT + 10)]}, dtype="str")
    sheet = load_workbook(write(tmp_path, xlsx.Table("T", frame, [None])))["T"]
    assert sheet["A2"].value == "é" * xlsx.MAX_TEXT


def test_empty_tables_sheet_names_and_a_well_formed_package(tmp_path):
    tables = [
        xlsx.Table("Tyhjä", pd.DataFrame({"a": pd.Series([], dtype="str")}), [None]),
        xlsx.Table("Ei sarakkeita", pd.DataFrame(), []),
        xlsx.Table("Kaupungin 'oma' & muut", pd.DataFrame({"n": [1]}), [None]),
    ]
    path = write(tmp_path, *tables)
    with zipfile.ZipFile(path) as package:
        assert package.namelist()[0] == "[Content_Types].xml"
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))  # every part parses as XML
        workbook = package.read("xl/workbook.xml").decode()
    assert "'Kaupungin ''oma'' &amp; muut'!$A$1:$A$2" in workbook
    book = load_workbook(path)
    assert book.sheetnames == [t.title for t in tables]
    assert [c.value for c in book["Tyhjä"][1]] == ["a"] and book["Tyhjä"].max_row == 1
    assert book["Kaupungin 'oma' & muut"]["A2"].value == 1


@pytest.mark.parametrize("rows", [xlsx._BLOCK - 1, xlsx._BLOCK, xlsx._BLOCK + 1])
def test_rows_across_blocks_keep_their_order(tmp_path, rows):
    frame = pd.DataFrame({"id": [f"M-{i}" for i in range(rows)], "n": range(rows)})
    path = write(tmp_path, xlsx.Table("T", frame, [None, None]))
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("T").to_python()
    assert len(values) == rows + 1
    assert values[-1] == [f"M-{rows - 1}", rows - 1] and values[1] == ["M-0", 0]


def test_text_read_in_chunks_is_written_whole_and_in_order(tmp_path):
    """A column read from DuckDB through Arrow comes in chunks (each block of rows is written
    from the chunks' buffers): every value, escaped or not, in its row."""
    chunks = pa.chunked_array([["a", "b & c", None], ["<d>", "e"], ["f\x07"]])
    frame = pd.DataFrame({"text": pd.Series(pd.arrays.ArrowExtensionArray(chunks))})
    path = write(tmp_path, xlsx.Table("T", frame, [None]))
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("T").to_python()
    assert [row[0] for row in values[1:]] == ["a", "b & c", "", "<d>", "e", "f\x07"]


@pytest.mark.parametrize(
    ("titles", "message"),
    [
        (["Data", "data"], "used twice"),
        (["a/b"], "none of"),
        (["x" * 32], "1 to 31 characters"),
        ([""], "1 to 31 characters"),
    ],
)
def test_sheet_names_excel_would_refuse(tmp_path, titles, message):
    tables = [xlsx.Table(title, pd.DataFrame({"n": [1]}), [None]) for title in titles]
    with pytest.raises(ValueError, match=message):
        write(tmp_path, *tables)
    assert not (tmp_path / "book.xlsx").exists()


def test_repeated_column_names_are_written_by_position(tmp_path):
    frame = pd.DataFrame([["a", 1]], columns=["Toimiala", "Toimiala"])
    sheet = load_workbook(write(tmp_path, xlsx.Table("T", frame, [None, "#,##0"])))["T"]
    assert [c.value for c in sheet[2]] == ["a", 1] and sheet["B2"].number_format == "#,##0"
