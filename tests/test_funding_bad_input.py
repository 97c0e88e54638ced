"""Funding inputs that used to crash: each is a located error, exit 1, the database unchanged."""

from __future__ import annotations

import csv
import hashlib
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.problems import InputError
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT
from tests.test_funding_register import HEADER_EN, HEADER_FI, en_row, fi_row, workbook
from tests.test_funding_workbooks import rewrite

TITLE = [["EU-hankkeet 2025"], []]


def register(*rows: list[object]) -> Callable[[Path], None]:
    def write(funding: Path) -> None:
        workbook(funding / "rekisteri_virhe.xlsx", {"Hankkeet": [*TITLE, HEADER_FI, *rows]})

    return write


def damaged_register(funding: Path) -> None:
    """A register whose sheet XML is cut off in the middle of a cell."""
    register(fi_row())(funding)
    path = funding / "rekisteri_virhe.xlsx"
    rewrite(path, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'><c")


def csv_register(text_of: Callable[[str], bytes], **changes: str) -> Callable[[Path], None]:
    """An English CSV register of two projects, encoded by `text_of`."""

    def write(funding: Path) -> None:
        lines = [
            ";".join(HEADER_EN),
            ";".join(en_row(**{"Project ID": "VAN-25-08", "Project name": "Kestävä Vantaa"})),
            ";".join(en_row(**{"Project ID": "VAN-25-09", **changes})),
        ]
        (funding / "register_bad.csv").write_bytes(text_of("\r\n".join(lines) + "\r\n"))

    return write


def _odd_utf16(text: str) -> bytes:
    return text.encode("utf-16")[:-1]


def _one_cp1252_line(text: str) -> bytes:
    *head, last, end = text.split("\r\n")
    return "\r\n".join(head).encode("utf-8") + b"\r\n" + last.encode("cp1252") + b"\r\n"


CASES: dict[str, tuple[Callable[[Path], None], str, str | None]] = {
    # name: (writer, message fragment, cell)
    "20-digit amount": (
        register(fi_row(**{"EU-osuus": "12345678901234567890 €"})),
        "too large to be an amount of euros",
        "N4",
    ),
    "1E+20 number cell": (
        register(fi_row(**{"Kokonaisbudjetti": 1e20})),
        "too large to be an amount of euros",
        "M4",
    ),
    "damaged sheet XML": (damaged_register, "a sheet cannot be read", None),
    "UTF-16 cut to an odd length": (csv_register(_odd_utf16), "cut off", None),
    "a field of 200,000 characters": (
        csv_register(str.encode, **{"Project name": "x" * 200_000}),
        "field larger than field limit",
        "line 3",
    ),
    "one cp1252 line in a UTF-8 register": (
        csv_register(_one_cp1252_line, **{"Project name": "Ympäristö"}),
        "is not UTF-8 like the rest of the file",
        "line 3",
    ),
}


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("funding_bad") / "seuranta.duckdb"
    ingest_period("2024", ROOT / "data/raw", path, CONFIG)
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_funding_input(name, tmp_path, loaded_db, capsys):
    write, message, cell = CASES[name]
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data/raw/2025", raw / "2025")
    write(raw / "2025" / "funding")
    db = tmp_path / "seuranta.duckdb"
    shutil.copy2(loaded_db, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    args = ["validate", "--period", "2025", "--raw", str(raw), "--config", str(CONFIG)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    with pytest.raises(InputError) as caught:
        ingest_period("2025", raw, db, CONFIG)
    located = [p for p in caught.value.problems if message in p.message]
    assert located and located[0].file.startswith("funding/"), caught.value.problems
    assert located[0].cell == cell
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_long_field_is_refused_whatever_the_csv_modules_limit(tmp_path):
    """The csv module's field limit is process-wide, and libraries raise it (frictionless sets
    it to its own): the reader's limit must not depend on it."""
    raw = tmp_path / "raw"
    (raw / "2025" / "funding").mkdir(parents=True)
    csv_register(str.encode, **{"Project name": "x" * 200_000})(raw / "2025" / "funding")
    default = csv.field_size_limit(sys.maxsize)
    try:
        with pytest.raises(InputError) as caught:
            ingest_period("2025", raw, tmp_path / "seuranta.duckdb", CONFIG)
    finally:
        csv.field_size_limit(default)
    located = [p for p in caught.value.problems if "field larger than field limit" in p.message]
    assert located and located[0].cell == "line 3", caught.value.problems
