"""A receipt for each division: what was read and its problems by cell, in its language."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from analysis.cli import main
from tests.bad_inputs import book_bytes, table, with_row
from tests.conftest import CONFIG
from tests.test_real_sheets import patched

HEAD_EN = ["ID", "Goal", "Measure", "Division", "Theme", "Status", "Progress %", "Report"]


def sheets_of(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    return {s.title: [tuple(c.value for c in row) for row in s.iter_rows()] for s in book}


def test_validate_writes_one_receipt_per_division_in_its_language(tmp_path, capsys):
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    finnish = table(
        with_row(Tila="FORMULA"),
        with_row(Tunnus="K-2", Tila="Valmis", **{"Edistyminen %": None}),
        [],
        ["Päivitetty 24.11.2025"],
    )
    formula = patched(book_bytes({"Kanslia": finnish}), b"FORMULA", b"=HYPERLINK(&quot;x&quot;)")
    (folder / "kanslia.xlsx").write_bytes(formula)
    english = table(
        ["L-1", "G", "M", "Leisure", "Kotoutuminen", "In progress", "40", "Going"],
        ["L-2", "G", "M", "Leisure", "Kotoutuminen", "Done", None, "Done it"],
        head=HEAD_EN,
    )
    (folder / "leisure.xlsx").write_bytes(book_bytes({"Leisure": english}))
    (folder / "rikki.xlsx").write_bytes(b"PK\x03\x04 damaged")
    out = tmp_path / "receipts"
    args = ["validate", "--period", "2025", "--raw", str(tmp_path / "raw"), "--config", str(CONFIG)]
    assert main([*args, "--receipts", str(out)]) == 1
    assert "3 receipt(s)" in capsys.readouterr().err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["kuittaus_2025_kanslia.xlsx", "kuittaus_2025_rikki.xlsx",
                     "receipt_2025_vapaa_aika.xlsx"]  # fmt: skip

    kanslia = sheets_of(out / "kuittaus_2025_kanslia.xlsx")
    summary = dict(kanslia["Kuittaus"][1:])
    assert summary["Toimiala"] == "Kaupunginkanslia"
    assert summary["Luettuja toimenpiteitä"] == "2"
    assert summary["Tila: Toteutettu"] == "1" and summary["Tila tuntematon tai puuttuu"] == "1"
    assert summary["Virheitä"] == "1" and summary["Varoituksia"] == "1"
    problems = kanslia["Korjattavaa"]
    assert problems[0][:4] == ("Tiedosto", "Välilehti", "Solu", "Vakavuus")
    cells = {row[2]: row for row in problems[1:]}
    assert cells["F4"][3] == "Virhe" and "'=HYPERLINK(\"x\")'" in cells["F4"][4]
    assert cells["A7"][3] == "Varoitus" and "Päivitetty 24.11.2025" in cells["A7"][4]
    book = load_workbook(out / "kuittaus_2025_kanslia.xlsx")
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)

    leisure = sheets_of(out / "receipt_2025_vapaa_aika.xlsx")
    summary = dict(leisure["Receipt"][1:])
    assert summary["Division"] == "Leisure and Culture" and summary["Measures read"] == "2"
    assert summary["Result"] == "The data can go into the report."
    assert leisure["To fix"][1:] == []  # fmt: skip

    damaged = sheets_of(out / "kuittaus_2025_rikki.xlsx")
    assert "vioittunut" in damaged["Korjattavaa"][1][4]


def test_receipts_of_a_loaded_period_come_from_the_database(tmp_path):
    """What `run` writes beside the reports: the example's four files, the warning included."""
    import shutil

    from analysis.config import load_reference
    from analysis.sources.ingest import ingest_period
    from analysis.sources.receipts import receipts_from_database
    from tests.conftest import ROOT

    shutil.copytree(ROOT / "data/raw/2025", tmp_path / "raw/2025")
    db_path = tmp_path / "seuranta.duckdb"
    ingest_period("2025", tmp_path / "raw", db_path, CONFIG)
    paths = receipts_from_database(db_path, "2025", load_reference(CONFIG), tmp_path / "out")
    assert len(paths) == 5  # the divisions of the four status files
    kasvatus = sheets_of(tmp_path / "out/kuittaus_2025_kasvatus.xlsx")
    summary = dict(kasvatus["Kuittaus"][1:])
    assert summary["Luettuja toimenpiteitä"] == "10" and summary["Varoituksia"] == "1"
    assert kasvatus["Korjattavaa"][1][2] == "H8"
