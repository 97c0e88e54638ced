"""The yearly loop: next period's templates, filled by code, ingested, changes computed."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.sources.ingest import ingest_period, validate_period
from tests.conftest import CONFIG, ROOT

HEADER_ROW = 4


@pytest.fixture(scope="module")
def loop(tmp_path_factory) -> Path:
    """Example periods 2024 and 2025 loaded, and the 2026 templates written from them."""
    base = tmp_path_factory.mktemp("loop")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    for period in ("2024", "2025"):
        ingest_period(period, base / "raw", base / "seuranta.duckdb", CONFIG)
    assert (
        main(
            [
                "template",
                "--period",
                "2026",
                "--raw",
                str(base / "raw"),
                "--db",
                str(base / "seuranta.duckdb"),
                "--config",
                str(CONFIG),
            ]
        )
        == 0
    )
    return base


def status_folder(base: Path) -> Path:
    return base / "raw" / "2026" / "status"


def ids(path: Path) -> list[str]:
    sheet = load_workbook(path).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if row[0]]


def test_one_template_per_division_without_finished_measures(loop):
    assert sorted(p.name for p in status_folder(loop).iterdir()) == [
        "elinvoima.xlsx",
        "kanslia.xlsx",
        "kasvatus.xlsx",
        "vapaa_aika.xlsx",
        "ymparisto.xlsx",
    ]
    # kanslia 2025 "DDDDDDIDIDI" over measures 1,2,4,5,10,11,12,15,18,19,9: in progress 12, 18, 9
    assert ids(status_folder(loop) / "kanslia.xlsx") == ["KANS-12", "KANS-18", "KANS-09"]


def test_drop_down_protection_headers_and_previous_values(loop):
    book = load_workbook(status_folder(loop) / "kanslia.xlsx")
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers == [
        "Tunnus",
        "Tavoite",
        "Toimenpide",
        "Toimiala",
        "Teema",
        "Tila",
        "Edistyminen %",
        "Raportointi",
        "Vastuuhenkilö",
        "Aikataulu",
        "Edellinen tila (2025)",
        "Edellinen raportointi (2025)",
    ]
    [rule] = sheet.data_validations.dataValidation
    assert rule.type == "list"
    assert rule.formula1 == '"Toteutettu,Käynnissä,Ei aloitettu,Viivästynyt,Luovuttu"'
    assert str(rule.sqref).startswith("F5:F")
    assert sheet.protection.sheet is True
    assert sheet.freeze_panes == "B5"
    assert sheet["A5"].protection.locked and sheet["D4"].protection.locked  # id and header
    assert not sheet["F5"].protection.locked and not sheet["H5"].protection.locked
    assert not sheet["A27"].protection.locked  # 20 rows of room below the 3 measures
    assert sheet["A28"].protection.locked
    assert sheet["K5"].value == "Käynnissä" and sheet["L5"].value.startswith("Toteutetaan")
    assert sheet["D5"].value == "Kaupunginkanslia"
    assert book.sheetnames[1] == "Ohjeet - Instructions"


def test_unfilled_templates_fail_validation_at_the_status_cells(loop):
    problems = validate_period("2026", loop / "raw", CONFIG)
    assert {p.cell for p in problems if p.file == "status/kanslia.xlsx"} == {"F5", "F6", "F7"}


def fill(
    path: Path,
    plan: dict[str, tuple[str, str | None]],
    default: tuple[str, str],
    new_rows: list[list[object]] = (),
) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    last = HEADER_ROW
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if not row[0].value:
            continue
        last = row[0].row
        status, report = plan.get(row[0].value, default)
        row[5].value = status
        row[7].value = row[11].value if report is None else report  # None: keep last year's
    for offset, values in enumerate(new_rows, start=1):
        for col, value in enumerate(values, start=1):
            sheet.cell(last + offset, col, value)
    book.save(path)


def test_filled_templates_ingest_and_the_changes_are_right(loop):
    folder = status_folder(loop)
    done = ("Toteutettu", "Valmis 2026.")
    fill(
        folder / "kanslia.xlsx",
        {
            "KANS-12": done,
            "KANS-18": ("Viivästynyt", "Odottaa rahoitusta."),
            "KANS-09": ("Käynnissä", None),
        },
        done,
        new_rows=[
            [
                "KANS-20",
                "G1 Uusi tavoite",
                "Uusi toimenpide",
                "Kaupunginkanslia",
                "EU-vaikuttaminen",
                "Käynnissä",
                None,
                "Aloitettu.",
            ]
        ],
    )
    for name in ("kasvatus", "ymparisto", "elinvoima", "vapaa_aika"):
        fill(folder / f"{name}.xlsx", {}, done)
    assert [p for p in validate_period("2026", loop / "raw", CONFIG) if p.severity == "error"] == []
    db_path = loop / "seuranta.duckdb"
    ingest_period("2026", loop / "raw", db_path, CONFIG)
    with duckdb.connect(str(db_path), read_only=True) as con:
        got = con.execute(
            "select division, previous_period, added, finished, dropped, forward, backward, "
            "unchanged, other, reports_unchanged from measure_changes_by_division "
            "where period = '2026' order by sort_order"
        ).fetchall()
        kans_18 = con.execute(
            "select previous_status, status, direction from measure_changes "
            "where period = '2026' and measure_id = 'KANS-18'"
        ).fetchone()
    # Hand-computed from the 2025 status letters: done and cancelled are finished; the rest
    # are compared. kanslia: 12 forward, 18 backward, 09 unchanged (report kept), 20 added.
    assert got == [
        ("kanslia", "2025", 1, 8, 0, 1, 1, 1, 0, 1),
        ("kasvatus", "2025", 0, 5, 0, 5, 0, 0, 0, 0),  # "DIDDIDLDII"
        ("ymparisto", "2025", 0, 5, 0, 5, 0, 0, 0, 0),  # "DIDLDICDIN"
        ("elinvoima", "2025", 0, 7, 0, 3, 0, 0, 0, 0),  # "DDIIDDDDID"
        ("vapaa_aika", "2025", 0, 4, 0, 5, 0, 0, 0, 0),  # "DIILDDCII"
    ]
    assert kans_18 == ("in_progress", "delayed", "backward")


def test_existing_files_are_not_overwritten(loop, capsys):
    args = [
        "template",
        "--period",
        "2026",
        "--raw",
        str(loop / "raw"),
        "--db",
        str(loop / "seuranta.duckdb"),
        "--config",
        str(CONFIG),
    ]
    assert main(args) == 1
    assert "may be returned sheets" in capsys.readouterr().err


def test_english_template_round_trip(tmp_path):
    shutil.copytree(ROOT / "data/raw", tmp_path / "raw")
    db_path = tmp_path / "seuranta.duckdb"
    ingest_period("2025", tmp_path / "raw", db_path, CONFIG)
    assert (
        main(
            [
                "template",
                "--period",
                "2026",
                "--from",
                "2025",
                "--lang",
                "en",
                "--include-finished",
                "--raw",
                str(tmp_path / "raw"),
                "--db",
                str(db_path),
                "--config",
                str(CONFIG),
            ]
        )
        == 0
    )
    path = tmp_path / "raw/2026/status/vapaa_aika.xlsx"
    sheet = load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[HEADER_ROW]][:6] == [
        "ID",
        "Goal",
        "Measure",
        "Division",
        "Theme",
        "Status",
    ]
    assert sheet.data_validations.dataValidation[0].formula1 == (
        '"Done,In progress,Not started,Delayed,Cancelled"'
    )
    assert len(ids(path)) == 9  # --include-finished keeps all of vapaa_aika's measures
    for name in ("kanslia", "kasvatus", "ymparisto", "elinvoima", "vapaa_aika"):
        fill(tmp_path / f"raw/2026/status/{name}.xlsx", {}, ("Done", "Done in 2026."))
    result = ingest_period("2026", tmp_path / "raw", db_path, CONFIG)
    assert result.rows == 50


def test_swedish_template_round_trip(tmp_path):
    """`--lang sv`: Swedish headers, drop-down, title and instructions beside the Finnish ones;
    filled in Swedish, it ingests with no edits."""
    shutil.copytree(ROOT / "data/raw/2025/status", tmp_path / "raw/2025/status")
    db_path = tmp_path / "seuranta.duckdb"
    ingest_period("2025", tmp_path / "raw", db_path, CONFIG)
    args = ["template", "--period", "2026", "--from", "2025", "--lang", "sv"]
    paths = ["--raw", str(tmp_path / "raw"), "--db", str(db_path), "--config", str(CONFIG)]
    assert main([*args, "--include-finished", *paths]) == 0
    path = tmp_path / "raw/2026/status/kanslia.xlsx"
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.title == "Lägesrapport"
    assert sheet["A1"].value == "Lägesrapport 2026: Stadskansliet"
    assert [c.value for c in sheet[HEADER_ROW]][:8] == [
        "Kod", "Mål", "Åtgärd", "Sektor", "Tema", "Läge", "Framsteg %", "Rapportering",
    ]  # fmt: skip
    assert sheet[f"K{HEADER_ROW}"].value == "Föregående läge (2025)"
    assert sheet.data_validations.dataValidation[0].formula1 == (
        '"Klar,Pågår,Inte påbörjad,Försenad,Avbruten"'
    )
    assert sheet.data_validations.dataValidation[0].prompt == "Välj läget i listan."
    assert sheet[f"D{HEADER_ROW + 1}"].value == "Stadskansliet"
    assert sheet[f"E{HEADER_ROW + 1}"].value == "Lärande och delning"
    help_sheet = book["Ohjeet - Anvisningar"]
    rows = [[cell.value for cell in row] for row in help_sheet.iter_rows()]
    assert rows[0] == ["Sarake", "Ohje", "Kolumn", "Anvisning"]
    assert rows[2][:3] == ["Tila", "Valitse luettelosta: Toteutettu, Käynnissä, Ei aloitettu, "
                           "Viivästynyt, Luovuttu.", "Läge"]  # fmt: skip
    assert rows[2][3] == "Välj i listan: Klar, Pågår, Inte påbörjad, Försenad, Avbruten."
    for name in ("kanslia", "kasvatus", "ymparisto", "elinvoima", "vapaa_aika"):
        fill(tmp_path / f"raw/2026/status/{name}.xlsx", {}, ("Pågår", "Arbetet pågår."))
    result = ingest_period("2026", tmp_path / "raw", db_path, CONFIG)
    assert result.rows == 50
    with duckdb.connect(str(db_path), read_only=True) as con:
        statuses = con.execute(
            "select distinct status, division is not null from stg_measures where period = '2026'"
        ).fetchall()
    assert statuses == [("in_progress", True)]
