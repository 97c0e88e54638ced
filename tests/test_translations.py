"""Translations of free text: sheet columns, the translator's round trip, reuse, staleness."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.report import overview as report
from analysis.sources.ingest import ingest_period
from analysis.translations import COLUMNS, source_hash
from tests.conftest import CONFIG, HEADERS_FI, ROOT
from tests.test_mart_tables import differences, reads_tables

DIVISION = "ymparisto"  # has no example translations


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def coverage(db: Path, period: str, division: str, lang: str) -> tuple:
    return query(
        db,
        "select texts, translated, stale, missing, coverage_rate from translation_coverage "
        "where period = ? and division = ? and lang = ?",
        period,
        division,
        lang,
    )[0]


def export(db: Path, path: Path, period: str = "2025", langs: str = "en") -> list[dict]:
    args = ["translations", "export", "--period", period, "--lang", langs]
    assert main([*args, "--db", str(db), "--out", str(path)]) == 0
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    assert tuple(header) == COLUMNS
    return [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]


def fill(path: Path, division: str, prefix: str = "EN: ") -> int:
    """Fill the translation of every row of `division`, as a translator would (openpyxl)."""
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    filled = 0
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(header, row, strict=True))
        if values["division"].value == division:
            values["translation"].value = prefix + values["source_text"].value
            filled += 1
    book.save(path)
    return filled


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """The example status sheets of 2025 (without the example translations) loaded."""
    base = tmp_path_factory.mktemp("translations")
    shutil.copytree(ROOT / "data/raw/2025/status", base / "raw/2025/status")
    ingest_period("2025", base / "raw", base / "seuranta.duckdb", CONFIG)
    return base


def test_the_round_trip_translates_a_division_and_its_pages(loaded: Path, tmp_path: Path) -> None:
    db = tmp_path / "seuranta.duckdb"
    shutil.copy(loaded / "seuranta.duckdb", db)
    assert coverage(db, "2025", DIVISION, "en")[1] == 0
    rows = export(db, tmp_path / "translate.xlsx", langs="en,sv")
    assert {row["lang"] for row in rows} == {"en", "sv"}
    assert all(row["translation"] is None for row in rows)
    assert all(row["source_hash"] == source_hash(row["source_text"]) for row in rows)
    filled = fill(tmp_path / "translate.xlsx", DIVISION)
    assert main(["translations", "import", str(tmp_path / "translate.xlsx"), "--db", str(db)]) == 0

    texts, translated, stale, missing, rate = coverage(db, "2025", DIVISION, "en")
    assert (translated, stale, missing, rate) == (texts, 0, 0, 1.0)
    assert filled == 2 * texts  # English and Swedish rows of the division
    assert coverage(db, "2025", DIVISION, "sv")[4] == 1.0
    assert coverage(db, "2025", "kanslia", "en")[4] < 1.0  # the others' texts still lack it
    lineage = query(db, "select distinct origin, source_file, period from raw_translation")
    assert lineage == [("import", "translate.xlsx", "2025")]
    assert differences(db) == {} and reads_tables(db)  # the stored marts follow the import

    page = report.load("2025", "en", db, "fi,en")
    division = next(p for p in page.divisions.pages if p.code == DIVISION)
    markup = division.measures_table().markup
    assert "EN: " in markup and 'lang="fi"' not in markup  # every text in English, none marked
    other = next(p for p in page.divisions.pages if p.code == "kanslia")
    assert '<span lang="fi">' in other.measures_table().markup
    assert "(in Finnish)" in other.measures_table().markup

    # the export now lists only what still lacks a translation
    again = export(db, tmp_path / "again.xlsx", langs="en")
    assert DIVISION not in {row["division"] for row in again}

    # importing the same file again replaces its rows instead of adding to them
    count = query(db, "select count(*) from raw_translation")[0][0]
    assert main(["translations", "import", str(tmp_path / "translate.xlsx"), "--db", str(db)]) == 0
    assert query(db, "select count(*) from raw_translation")[0][0] == count


def test_a_changed_source_text_shows_its_translation_stale_and_an_unchanged_one_reused(
    loaded: Path, tmp_path: Path
) -> None:
    shutil.copytree(loaded / "raw", tmp_path / "raw")
    db = tmp_path / "seuranta.duckdb"
    shutil.copy(loaded / "seuranta.duckdb", db)
    export(db, tmp_path / "translate.xlsx")
    fill(tmp_path / "translate.xlsx", DIVISION)
    folder = tmp_path / "raw/2025/translations"
    folder.mkdir()
    shutil.copy(tmp_path / "translate.xlsx", folder / "en.xlsx")  # returned into the period
    # the next period repeats the sheets, one report rewritten
    shutil.copytree(tmp_path / "raw/2025/status", tmp_path / "raw/2026/status")
    path = tmp_path / "raw/2026/status/kaupunkiympariston_toimiala.xlsx"
    book = load_workbook(path)
    sheet = book.active
    header_row = next(r for r in sheet.iter_rows() if r[0].value == "Tunnus")
    report_col = [c.value for c in header_row].index("Raportointi")
    first = sheet.cell(header_row[0].row + 1, report_col + 1)
    measure_id = sheet.cell(header_row[0].row + 1, 1).value
    first.value = "Uusi sanamuoto raportille."
    book.save(path)
    for period in ("2025", "2026"):
        ingest_period(period, tmp_path / "raw", db, CONFIG)

    assert coverage(db, "2025", DIVISION, "en")[4] == 1.0  # from the period's own folder
    texts, translated, stale, missing, _ = coverage(db, "2026", DIVISION, "en")
    assert (translated, stale, missing) == (texts - 1, 1, 0)  # the rest reused word for word
    state = query(
        db,
        "select state, shown_text, shown_lang from measure_texts "
        "where period = '2026' and measure_id = ? and field = 'report' and lang = 'en'",
        measure_id,
    )
    assert state == [("stale", "Uusi sanamuoto raportille.", "fi")]
    rows = export(db, tmp_path / "next.xlsx", period="2026")
    stale_rows = [row for row in rows if row["measure_id"] == measure_id]
    assert [(row["field"], row["source_text"]) for row in stale_rows] == [
        ("report", "Uusi sanamuoto raportille.")
    ]
    assert stale_rows[0]["stale_translation"].startswith("EN: ")
    files = query(db, "select source_file, kind from raw_file where kind = 'translation'")
    assert files == [("translations/en.xlsx", "translation")]


def test_translation_columns_and_swedish_headers_of_a_status_sheet(write_workbook, raw_dir):
    header = ["Kod", "Mål", "Åtgärd", "Sektor", "Läge", "Rapportering", "Åtgärd (en)",
              "Toimenpide (fi)", "Report (en)"]  # fmt: skip
    write_workbook(
        "kanslia.xlsx",
        {
            "Lägesrapport": [
                header,
                ["K-1", "Mål 1", "Ny åtgärd", "Stadskansliet", "Pågår", "Arbetet pågår",
                 "New measure", "Uusi toimenpide", None],
                ["K-2", "Mål 1", "Andra åtgärden", "Kanslia", "Försenad", "Försenat", None, None,
                 "Work is late"],
            ]
        },
    )  # fmt: skip
    db = raw_dir.parent / "seuranta.duckdb"
    ingest_period("2025", raw_dir, db, CONFIG)
    statuses = query(db, "select measure_id, status, division from stg_measures order by 1")
    assert statuses == [("K-1", "in_progress", "kanslia"), ("K-2", "delayed", "kanslia")]
    shown = query(
        db,
        "select measure_id, field, lang, state, shown_text from measure_texts "
        "where state = 'translated' order by 1, 2, 3",
    )
    assert shown == [
        ("K-1", "measure", "en", "translated", "New measure"),
        ("K-2", "report", "en", "translated", "Work is late"),
    ]
    # the Finnish column of a Finnish division is its own text, not a translation
    assert query(db, "select state from measure_texts where measure_id = 'K-1' and "
                     "field = 'measure' and lang = 'fi'") == [("original",)]  # fmt: skip
    lineage = query(
        db, "select origin, sheet, row_number, field, lang from raw_translation order by 3, 4, 5"
    )
    assert lineage == [
        ("sheet", "Lägesrapport", 2, "measure", "en"),
        ("sheet", "Lägesrapport", 2, "measure", "fi"),
        ("sheet", "Lägesrapport", 3, "report", "en"),
    ]
    assert HEADERS_FI[0] == "Tunnus"  # the Finnish headers stay the ones the fixtures use


def test_a_bad_translation_file_is_a_located_error_and_changes_nothing(
    loaded: Path, tmp_path: Path, capsys
) -> None:
    db = tmp_path / "seuranta.duckdb"
    shutil.copy(loaded / "seuranta.duckdb", db)
    export(db, tmp_path / "translate.xlsx")
    book = load_workbook(tmp_path / "translate.xlsx")
    sheet = book.active
    sheet["F2"] = "de"  # lang
    sheet["J2"] = "Übersetzung"
    sheet["G3"] = "not-a-hash"
    sheet["J3"] = "Translation"
    book.save(tmp_path / "translate.xlsx")
    before = query(db, "select count(*) from raw_translation")
    assert main(["translations", "import", str(tmp_path / "translate.xlsx"), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "translations!F2" in err and "translations!G3" in err and "Traceback" not in err
    assert "Nothing was written." in err
    assert query(db, "select count(*) from raw_translation") == before
