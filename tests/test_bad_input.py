"""Bad input stops `validate` and `run` with exit 1, one located message each, nothing written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from tests.conftest import CONFIG, ROOT, digest, status_rows

GOOD = ["K-1", "G", "M", "Kaupunginkanslia", "Kotoutuminen", "Valmis", None, "Tehty"]


def cli(*args: str) -> int:
    return main([*args, "--config", str(CONFIG)])


@pytest.fixture
def db_with_2024(raw_dir: Path, tmp_path: Path) -> Path:
    """A database holding the example period 2024, loaded by the ingest step."""
    from analysis.sources.ingest import ingest_period

    shutil.copytree(ROOT / "data/raw/2024", raw_dir / "2024")
    path = tmp_path / "db" / "seuranta.duckdb"
    ingest_period("2024", raw_dir, path, CONFIG)
    return path


def expect_failure(capsys, raw_dir: Path, db_path: Path, *fragments: str) -> str:
    """Both validate and run fail with every fragment in the message; the database is as it was."""
    before = digest(db_path)
    assert cli("validate", "--period", "2025", "--raw", str(raw_dir)) == 1
    validate_err = capsys.readouterr().err
    assert (
        cli(
            "run",
            "--period",
            "2025",
            "--raw",
            str(raw_dir),
            "--db",
            str(db_path),
            "--out",
            str(db_path.parent / "reports"),
        )
        == 1
    )
    run_err = capsys.readouterr().err
    for fragment in fragments:
        assert fragment in validate_err, (fragment, validate_err)
        assert fragment in run_err, (fragment, run_err)
    assert "Nothing was written." in run_err
    assert "Traceback" not in run_err
    assert digest(db_path) == before
    assert not (db_path.parent / "reports" / "2025").exists()
    return validate_err


def test_missing_required_column(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook(
        "kanslia.xlsx",
        {
            "Kanslia": [
                ["Tilannekatsaus"],
                ["Tunnus", "Tavoite", "Toimenpide", "Raportointi"],
                ["K-1", "G", "M"],
            ]
        },
    )
    expect_failure(
        capsys,
        raw_dir,
        db_with_2024,
        "status/kanslia.xlsx",
        "Kanslia!2:2",
        "required column 'Tila' / 'Status'",
        "Expected headers:",
    )


def test_unknown_status_label(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook(
        "kanslia.xlsx",
        {
            "Kanslia": status_rows(
                GOOD, ["K-2", "G", "M", "Kanslia", None, "Melkein valmis", None, None]
            )
        },
    )
    expect_failure(
        capsys,
        raw_dir,
        db_with_2024,
        "status/kanslia.xlsx",
        "Kanslia!F5",
        "status 'Melkein valmis' is not a known status label",
        "Toteutettu, Valmis, Done",
    )


def test_unknown_division(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook(
        "kanslia.xlsx",
        {"Kanslia": status_rows(GOOD, ["K-2", "G", "M", "Sote", None, "Valmis", None, None])},
    )
    expect_failure(
        capsys,
        raw_dir,
        db_with_2024,
        "Kanslia!D5",
        "division 'Sote' is not a known division",
        "Kaupunginkanslia / Stadskansliet / City Executive",
    )


def test_sheet_name_that_is_not_a_division(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook(
        "muut.xlsx",
        {
            "Sote": [
                ["ID", "Goal", "Measure", "Division", "Status"],
                ["S-1", "G", "M", None, "Done"],
            ]
        },
    )
    expect_failure(
        capsys, raw_dir, db_with_2024, "Sote!D2", "the sheet name 'Sote' is not a known division"
    )


def test_unknown_theme(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook(
        "kanslia.xlsx",
        {
            "Kanslia": status_rows(
                ["K-1", "G", "M", "Kanslia", "Kotoutuminen; Avaruus", "Valmis", None, None]
            )
        },
    )
    expect_failure(
        capsys,
        raw_dir,
        db_with_2024,
        "Kanslia!E4",
        "theme 'avaruus' in 'Kotoutuminen; Avaruus' is not a known theme",
    )


def test_duplicate_measure_id_across_files(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook("kanslia.xlsx", {"Kanslia": status_rows(GOOD)})
    write_workbook(
        "kasvatus.xlsx",
        {
            "Kasvatus": status_rows(
                ["K-1", "G", "M", "Kasvatus ja oppiminen", None, "Valmis", None, None]
            )
        },
    )
    err = expect_failure(
        capsys,
        raw_dir,
        db_with_2024,
        "measure id 'K-1' is used more than once",
        "Kanslia!A4",
        "Kasvatus!A4",
    )
    assert "also at status/kasvatus.xlsx [Kasvatus row 4]" in err


def test_missing_required_value(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook(
        "kanslia.xlsx",
        {"Kanslia": status_rows(["K-1", "G", "M", "Kanslia", None, None, None, None])},
    )
    expect_failure(capsys, raw_dir, db_with_2024, "Kanslia!F4", "required value 'Tila / Status'")


def test_file_that_is_not_a_workbook(capsys, raw_dir, db_with_2024):
    folder = raw_dir / "2025" / "status"
    folder.mkdir(parents=True)
    (folder / "kanslia.xlsx").write_text("Tunnus;Tila\nK-1;Valmis\n", encoding="utf-8")
    expect_failure(
        capsys,
        raw_dir,
        db_with_2024,
        "status/kanslia.xlsx",
        "is a text file (for example CSV)",
        "save it as 'Excel Workbook (*.xlsx)'",
    )


def test_no_status_sheets_for_the_period(capsys, raw_dir, db_with_2024):
    expect_failure(capsys, raw_dir, db_with_2024, "no status sheets found for the period")


def test_every_problem_is_reported_not_just_the_first(
    capsys, write_workbook, raw_dir, db_with_2024
):
    write_workbook(
        "kanslia.xlsx",
        {
            "Kanslia": status_rows(
                ["K-1", "G", "M", "Kanslia", None, "Ehkä", None, None],
                ["K-2", "G", "M", "Sote", None, "Valmis", None, None],
            )
        },
    )
    err = expect_failure(capsys, raw_dir, db_with_2024, "Kanslia!F4", "Kanslia!D5")
    assert "2 error(s)" in err


def test_warning_does_not_stop_validation(capsys, write_workbook, raw_dir):
    write_workbook(
        "kanslia.xlsx",
        {
            "Kanslia": status_rows(
                ["K-1", "G", "M", "Kanslia", None, "Käynnissä", "noin puolet", None]
            )
        },
    )
    assert cli("validate", "--period", "2025", "--raw", str(raw_dir)) == 0
    err = capsys.readouterr().err
    assert "WARNING Kanslia!G4: progress 'noin puolet' is not a percentage" in err


def test_validate_json(capsys, write_workbook, raw_dir):
    import json

    write_workbook(
        "kanslia.xlsx",
        {"Kanslia": status_rows(["K-1", "G", "M", "Kanslia", None, "Ehkä", None, None])},
    )
    assert cli("validate", "--period", "2025", "--raw", str(raw_dir), "--format", "json") == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem == {
        "file": "status/kanslia.xlsx",
        "sheet": "Kanslia",
        "cell": "F4",
        "message": "status 'Ehkä' is not a known status label.",
        "fix": problem["fix"],
        "severity": "error",
        "code": "unknown_status",
        "value": "Ehkä",
        "detail": None,
        "params": problem["params"],  # the accepted labels, for the texts in every language
    }
    assert "Valmis" in json.loads(problem["params"])["status_labels"]


def test_period_that_is_not_a_folder_name(capsys, raw_dir):
    assert cli("validate", "--period", "../2025", "--raw", str(raw_dir)) == 1
    assert "period '../2025' is not valid" in capsys.readouterr().err


def test_problems_are_listed_in_reading_order(capsys, write_workbook, raw_dir):
    rows = [[f"K-{i}", "G", "M", "Kanslia", None, "Ehkä", None, None] for i in range(1, 9)]
    write_workbook("kanslia.xlsx", {"Kanslia": status_rows(*rows)})
    assert cli("validate", "--period", "2025", "--raw", str(raw_dir)) == 1
    cells = re.findall(r"Kanslia!(F\d+)", capsys.readouterr().err)
    assert cells == [f"F{row}" for row in range(4, 12)]  # F4 ... F9, F10, F11


def run_while_held(holder_script: str, raw_dir: Path, db_path: Path) -> int:
    """`seuranta run` while another process, started with `holder_script`, holds the database."""
    holder = subprocess.Popen(
        [sys.executable, "-c", holder_script, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        return cli(
            "run",
            "--period",
            "2025",
            "--raw",
            str(raw_dir),
            "--db",
            str(db_path),
            "--out",
            str(db_path.parent / "reports"),
        )
    finally:
        holder.kill()
        holder.wait()


def test_database_in_use_is_a_clear_message(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook("kanslia.xlsx", {"Kanslia": status_rows(GOOD)})
    before = digest(db_with_2024)
    script = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
        "print('locked', flush=True); time.sleep(60)"
    )
    code = run_while_held(script, raw_dir, db_with_2024)
    err = capsys.readouterr().err
    assert code == 1
    assert "the database cannot be opened" in err and "another run" in err
    assert "Traceback" not in err
    assert digest(db_with_2024) == before


def test_warnings_are_kept_with_the_period(write_workbook, raw_dir, tmp_path):
    import duckdb

    from analysis.sources.ingest import ingest_period

    write_workbook(
        "kanslia.xlsx",
        {
            "Kanslia": status_rows(
                ["K-1", "G", "M", "Kanslia", None, "Käynnissä", "noin puolet", None]
            )
        },
    )
    db_path = tmp_path / "w.duckdb"
    result = ingest_period("2025", raw_dir, db_path, CONFIG)
    assert [p.cell for p in result.warnings] == ["G4"]
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute(
            "select period, severity, source_file, sheet, cell from raw_problem"
        ).fetchall() == [("2025", "warning", "status/kanslia.xlsx", "Kanslia", "G4")]


def test_second_run_at_the_same_time_is_told_the_database_is_in_use(
    capsys, write_workbook, raw_dir, db_with_2024
):
    write_workbook("kanslia.xlsx", {"Kanslia": status_rows(GOOD)})
    before = digest(db_with_2024)
    script = (
        "import sys, time; from filelock import FileLock; "
        "lock = FileLock(sys.argv[1] + '.lock'); lock.acquire(); "
        "print('locked', flush=True); time.sleep(60)"
    )
    code = run_while_held(script, raw_dir, db_with_2024)
    err = capsys.readouterr().err
    assert code == 1 and "is in use by another run" in err and "Traceback" not in err
    assert digest(db_with_2024) == before


def test_strict_makes_warnings_stop_validate_and_run(capsys, write_workbook, raw_dir, db_with_2024):
    write_workbook(
        "kanslia.xlsx",
        {"Kanslia": status_rows(["K-1", "G", "M", "Kanslia", None, "Valmis", 0.4, None])},
    )
    assert cli("validate", "--period", "2025", "--raw", str(raw_dir)) == 0
    err = capsys.readouterr().err
    assert (
        "WARNING Kanslia!H4: the measure is reported done ('Valmis') but its report is empty" in err
    )
    assert "WARNING Kanslia!G4: progress '0.4' contradicts the status 'Valmis'" in err
    assert cli("validate", "--period", "2025", "--raw", str(raw_dir), "--strict") == 1
    before = digest(db_with_2024)
    assert (
        cli(
            "run",
            "--period",
            "2025",
            "--raw",
            str(raw_dir),
            "--db",
            str(db_with_2024),
            "--out",
            str(db_with_2024.parent / "reports"),
            "--strict",
        )
        == 1
    )
    assert "--strict: warnings stop the run too" in capsys.readouterr().err
    assert digest(db_with_2024) == before


def test_every_problem_of_an_indicator_workbook_is_reported(
    capsys, write_workbook, raw_dir, db_with_2024
):
    from tests.bad_inputs import IND_HEAD, book_bytes, indicator_row, table

    write_workbook("kanslia.xlsx", {"Kanslia": status_rows(GOOD)})
    folder = raw_dir / "2025" / "indicators"
    folder.mkdir(parents=True)
    rows = table(
        indicator_row(Arvo="paljon"),
        indicator_row(**{"Mittarin tunnus": "M-2", "Suunta": "sivulle"}),
        indicator_row(**{"Mittarin tunnus": "M-3", "Tavoitevuosi": None}),
        head=IND_HEAD,
    )
    (folder / "mittarit.xlsx").write_bytes(book_bytes({"Mittarit": rows}))
    err = expect_failure(
        capsys,
        raw_dir,
        db_with_2024,
        "indicators/mittarit.xlsx",
        "Mittarit!L4",
        "'paljon' in 'Arvo' is not a number",
        "Mittarit!D5",
        "direction 'sivulle' is not a known direction",
        "Mittarit!J6",
        "'Tavoitearvo' is filled in but 'Tavoitevuosi / Target year' is empty",
    )
    assert "Traceback" not in err
