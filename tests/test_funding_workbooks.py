"""The funding register is opened like a status sheet: one opener, the same guards."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.sources import workbooks
from tests.test_funding_register import fi_row, only, register_xlsx, validate


@pytest.fixture
def period_dir(tmp_path: Path) -> Path:
    path = tmp_path / "raw" / "2025"
    (path / "funding").mkdir(parents=True)
    return path


def rewrite(path: Path, part: str, content: bytes) -> None:
    """Replace one part of the workbook's zip container."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == part else source.read(info))
    path.write_bytes(buffer.getvalue())


def test_a_merged_division_cell_is_read_for_every_row_it_spans(period_dir, reference):
    path = register_xlsx(
        period_dir,
        fi_row(),
        fi_row(Hanketunnus="VAN-25-02", Lyhenne="TWO"),
        fi_row(Hanketunnus="VAN-25-03", Lyhenne="THREE", Toimiala=None),
    )
    book = load_workbook(path)
    book["Hankkeet"].merge_cells("E5:E6")
    book.save(path)
    problems, con = validate(period_dir, reference)
    assert problems == []
    divisions = con.execute(
        "select row_number, division_key from raw_funding_register order by row_number"
    ).fetchall()
    assert [number for number, _ in divisions] == [4, 5, 6]
    assert divisions[1][1] == divisions[2][1] is not None


def test_damaged_sheet_xml_in_the_register_is_a_located_error(period_dir, reference):
    path = register_xlsx(period_dir, fi_row())
    rewrite(path, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'><c")
    problem = only(validate(period_dir, reference)[0])
    assert (problem.file, problem.severity) == ("funding/rekisteri.xlsx", "error")
    assert "a sheet cannot be read" in problem.message


def test_a_register_that_unpacks_far_beyond_its_size_is_refused(period_dir, reference, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNPACKED_BYTES", 2_000_000)
    path = register_xlsx(period_dir, fi_row())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 4_000_000)
    problem = only(validate(period_dir, reference)[0])
    assert problem.file == "funding/rekisteri.xlsx"
    assert "the workbook unpacks to 4 MB" in problem.message
    assert "a funding table unpacks to a few MB" in problem.fix


def test_a_password_protected_register_is_named(period_dir, reference):
    from msoffcrypto.format.ooxml import OOXMLFile

    path = register_xlsx(period_dir, fi_row())
    plain = io.BytesIO(path.read_bytes())
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("salasana", encrypted)
    path.write_bytes(encrypted.getvalue())
    problem = only(validate(period_dir, reference)[0])
    assert "the workbook is password-protected" in problem.message
