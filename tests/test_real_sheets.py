"""Real sheets as divisions send them back: notes under the table, text as people type it."""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from analysis.cli import main
from analysis.sources.ingest import ingest_period, validate_period
from analysis.sources.status import read_workbook, sheet_names
from analysis.sources.workbooks import ole_saved_at
from tests.bad_inputs import HEAD_FI, OK, book_bytes, table, with_row
from tests.conftest import CONFIG


def read(path: Path, reference):
    return read_workbook(path, f"status/{path.name}", reference)


def test_a_division_workbook_with_a_note_under_each_table(tmp_path, reference):
    """The Vantaa case: four sheets, each with a one-line note under its table, read right."""
    sheets = {
        name: table(
            with_row(Tunnus=f"{code}-1", Toimiala=None),
            with_row(Tunnus=f"{code}-2", Toimiala=None, Tila="Valmis"),
            [],
            ["Päivitetty 24.11.2025"],
        )
        for name, code in (("Kanslia", "K"), ("Vapaa-aika", "V"), ("ELTY", "E"), ("KASKO", "O"))
    }
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    (folder / "vantaa.xlsx").write_bytes(book_bytes(sheets))
    problems = validate_period("2025", tmp_path / "raw", CONFIG)
    assert [p.severity for p in problems if p.severity == "error"] == []
    notes = [p for p in problems if p.code == "row_not_a_measure"]
    assert [(p.sheet, p.cell, p.value) for p in notes] == [
        (name, "A7", "Päivitetty 24.11.2025") for name in sorted(sheets)
    ]
    result = ingest_period("2025", tmp_path / "raw", tmp_path / "db.duckdb", CONFIG)
    assert result.rows == 8


def test_a_repeated_swedish_header_is_a_header_not_a_measure(tmp_path, reference):
    head = ["Kod", "Mål", "Åtgärd", "Sektor", "Tema", "Läge", "Framsteg %", "Rapportering"]
    path = tmp_path / "kanslia.xlsx"
    rows = table(OK[:8], head, ["K-2", *OK[1:8]], head=head)
    path.write_bytes(book_bytes({"Kanslia": rows}))
    book = read(path, reference)
    assert [r["measure_id"] for r in book.sheets[0].rows] == ["K-1", "K-2"]
    assert [(p.code, p.cell) for p in book.problems] == [("repeated_header", "5:5")]


def test_a_second_table_with_the_same_columns_is_read(tmp_path, reference):
    path = tmp_path / "kanslia.xlsx"
    rows = table(OK, [], ["Lisätoimenpiteet 2025"], HEAD_FI, with_row(Tunnus="K-2"))
    path.write_bytes(book_bytes({"Kanslia": rows}))
    book = read(path, reference)
    assert [r["measure_id"] for r in book.sheets[0].rows] == ["K-1", "K-2"]
    assert [(p.code, p.cell) for p in book.problems] == [
        ("row_not_a_measure", "A6"),
        ("repeated_header", "7:7"),
    ]


def test_empty_formatted_rows_to_the_end_of_the_sheet_are_not_warned(tmp_path, reference):
    book = Workbook()
    sheet = book.active
    sheet.title = "Kanslia"
    for row in table(OK):
        sheet.append(list(row))
    fill = PatternFill("solid", fgColor="FFFF00")
    for number in range(5, 400):
        for column in range(1, 10):
            sheet.cell(number, column).fill = fill
    sheet.cell(400, 1).value = " "  # a space typed far below counts as empty too
    path = tmp_path / "kanslia.xlsx"
    book.save(path)
    read_back = read(path, reference)
    assert read_back.problems == [] and len(read_back.sheets[0].rows) == 1


def test_text_pasted_from_the_web_matches(tmp_path, reference):
    """Zero-width spaces, BOMs, soft hyphens, en dashes and non-breaking hyphens."""
    path = tmp_path / "kanslia.xlsx"
    rows = table(
        with_row(Tila="Valmis\u200b", Raportointi="Tehty", **{"Edistyminen %": None}),
        with_row(Tunnus="\ufeffK-2", Teema="EU\u2011vaikuttaminen; Kotou\u00adtuminen"),
        with_row(Tunnus="K-3", Teema="EU\u2013vaikuttaminen", Toimiala="Kans\u200blia"),
        head=[
            f"{HEAD_FI[0]}\u200b",
            *HEAD_FI[1:5],
            "Tila*",
            *HEAD_FI[6:7],
            "Raportointi (lyhyt kuvaus)",
            HEAD_FI[8],
        ],
    )
    path.write_bytes(book_bytes({"Kanslia": rows}))
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    (folder / "kanslia.xlsx").write_bytes(path.read_bytes())
    assert validate_period("2025", tmp_path / "raw", CONFIG) == []
    book = read(path, reference)
    first, second, third = book.sheets[0].rows
    assert first["status"] == "Valmis" and second["measure_id"] == "K-2"
    assert second["theme_keys"] == ["eu-vaikuttaminen", "kotoutuminen"]
    assert third["theme_keys"] == ["eu-vaikuttaminen"]


def test_ids_typed_as_numbers_keep_the_shown_format(tmp_path, reference):
    book = Workbook()
    sheet = book.active
    sheet.title = "Kanslia"
    for row in table(
        with_row(Tunnus=1.1), with_row(Tunnus=1.1), with_row(Tunnus=1.2), with_row(Tunnus=3)
    ):
        sheet.append(list(row))
    sheet["A4"].number_format = "0.0"
    sheet["A5"].number_format = "0.00"
    path = tmp_path / "kanslia.xlsx"
    book.save(path)
    ids = [r["measure_id"] for r in read(path, reference).sheets[0].rows]
    assert ids == ["1.1", "1.10", "1.2", "3"]


@pytest.mark.parametrize(
    ("sheet", "division"),
    [
        ("Kasvatuksen ja oppimisen toimia", "kasvatuksen ja oppimisen toimiala"),  # 31
        ("Elinvoiman ja työllisyyden toim", "elinvoiman ja työllisyyden toimiala"),
    ],
)
def test_a_sheet_name_cut_to_31_characters_names_its_division(tmp_path, sheet, division):
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    rows = table(
        [v for i, v in enumerate(OK) if i != 3], head=[h for h in HEAD_FI if h != "Toimiala"]
    )
    (folder / "toimiala.xlsx").write_bytes(book_bytes({sheet: rows}))
    assert validate_period("2025", tmp_path / "raw", CONFIG) == []


def test_the_fix_lists_sheet_names_that_fit(reference):
    names = sheet_names(reference)
    assert all(len(name) <= 31 for name in names)
    assert "Kaupunginkanslia" in names and "Kasvatus ja oppiminen" in names


def patched(workbook: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced in its XML (a cell's text as Excel escapes it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename).replace(old, new))
    return out.getvalue()


def test_escape_sequences_in_a_cell_never_reach_the_terminal(tmp_path, capsys):
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    rows = table(with_row(Tila="ESCAPES"))
    (folder / "kanslia.xlsx").write_bytes(
        patched(book_bytes({"Kanslia": rows}), b"ESCAPES", b"_x001B_[2J_x001B_]0;pwned_x0007_?")
    )
    args = ["validate", "--period", "2025", "--raw", str(tmp_path / "raw"), "--config", str(CONFIG)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b[2J" in err
    assert main([*args, "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and json.loads(out)[0]["value"].startswith("\x1b[2J")


def test_a_file_name_that_is_not_utf8_gives_a_message(tmp_path, capsys):
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    name = b"toimiala_\xe4.xlsx"  # cp437/cp1252 bytes of a Windows zip, not UTF-8
    try:
        path = folder / name.decode("utf-8", "surrogateescape")
        path.write_bytes(book_bytes({"Kanslia": table(OK)}))
    except (UnicodeEncodeError, OSError):
        pytest.skip("the file system does not take non-UTF-8 names")
    args = ["validate", "--period", "2025", "--raw", str(tmp_path / "raw"), "--config", str(CONFIG)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "is not valid UTF-8" in err and "Traceback" not in err
    assert "toimiala_\\xe4.xlsx" in err


def ods_bytes(rows: list[list[object]], saved: str) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice saves one, with its meta.xml date."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    cells = "".join(
        "<table:table-row>"
        + "".join(
            '<table:table-cell office:value-type="string"><text:p>'
            f"{escape(str(v))}</text:p></table:table-cell>"
            if v is not None
            else "<table:table-cell/>"
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    namespaces = (
        f'xmlns:office="{office}" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Kanslia">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {namespaces} '
        f'office:version="1.2"><office:meta><dc:date>{saved}</dc:date></office:meta>'
        "</office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
        archive.writestr("meta.xml", meta)
    return buffer.getvalue()


def test_an_ods_workbook_is_read_with_its_save_time(tmp_path, reference):
    path = tmp_path / "kanslia.ods"
    path.write_bytes(ods_bytes(table(OK), "2025-11-24T09:15:00.123000000"))
    book = read(path, reference)
    assert book.problems == [] and book.sheets[0].rows[0]["measure_id"] == "K-1"
    assert book.saved_at == dt.datetime(2025, 11, 24, 9, 15, 0, 123000)


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """A compound (OLE2) file, as legacy Excel saves one, holding the given streams.

    Every stream is padded to 4096 bytes so that it lives in regular sectors (no mini stream).
    """
    sector = 512
    data = [s.ljust(max(4096, -(-len(s) // sector) * sector), b"\0") for s in streams.values()]
    counts = [len(d) // sector for d in data]
    first_data = 2  # sector 0: FAT, sector 1: directory
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # FAT sector, end of the directory chain
    starts = []
    for count in counts:
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    assert len(fat) <= 128 and first_data == 2
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    entries = [entry("Root Entry", 5, 0xFFFFFFFE, 0, 1, 0xFFFFFFFF)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        entries.append(entry(name, 2, starts[i], len(data[i]), 0xFFFFFFFF, right))
    directory = b"".join(entries).ljust(sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    )
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108
    return header + struct.pack("<128I", *fat) + directory + b"".join(data)


def summary_information(saved: dt.datetime) -> bytes:
    """A SummaryInformation property set holding only the last save time (PIDSI_LASTSAVE_DTM)."""
    ticks = int((saved - dt.datetime(1601, 1, 1)).total_seconds() * 10_000_000)
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    section = struct.pack("<II", 8 + 8 + 12, 1) + struct.pack("<II", 13, 16)
    section += struct.pack("<IQ", 64, ticks)  # VT_FILETIME
    header = struct.pack("<HHI", 0xFFFE, 0, 0x00020006) + b"\0" * 16 + struct.pack("<I", 1)
    return header + fmtid + struct.pack("<I", 48) + section


def test_the_save_time_of_a_legacy_xls(tmp_path):
    path = tmp_path / "kanslia.xls"
    saved = dt.datetime(2025, 11, 24, 9, 15)
    path.write_bytes(ole_bytes({"\x05SummaryInformation": summary_information(saved)}))
    assert ole_saved_at(path) == saved
