"""The stored marts (schema `marts`): after every write they hold what the views give, for
every period; readers use them only then, and the views otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from analysis import db
from analysis.problems import InputError
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT


def differences(path: Path) -> dict[str, int]:
    """mart -> rows that the view and its table do not share (both ways), where any."""
    found = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for name in db.stored_marts():
            view, table = f"main.{name}", f"{db.MART_SCHEMA}.{name}"
            count = sum(
                con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]  # noqa: S608
                for a, b in ((f"from {view}", f"from {table}"), (f"from {table}", f"from {view}"))
            )
            if count:
                found[name] = count
    return found


def reads_tables(path: Path) -> bool:
    with db.connect(path, read_only=True) as con:
        (path_setting,) = con.execute("select current_setting('search_path')").fetchone()
    return path_setting.startswith(db.MART_SCHEMA)


def rows(path: Path, sql: str, *params: object) -> list[tuple]:
    with db.connect(path, read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both example periods loaded, with copies of the inputs and the configuration."""
    base = tmp_path_factory.mktemp("marts")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    shutil.copytree(CONFIG, base / "config")
    for period in ("2024", "2025"):
        ingest_period(period, base / "raw", base / "seuranta.duckdb", base / "config")
    return base


@pytest.fixture
def project(loaded: Path, tmp_path: Path) -> Path:
    shutil.copytree(loaded, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_only_the_marts_without_a_row_per_measure_are_stored() -> None:
    stored = set(db.stored_marts())
    assert {"completion_by_division", "funding_overall", "translation_coverage"} <= stored
    assert not {"division_measures", "measure_texts", "measures_needing_decision"} & stored


def test_every_load_leaves_the_tables_equal_to_the_views(project: Path) -> None:
    path = project / "seuranta.duckdb"
    assert differences(path) == {} and reads_tables(path)
    overall = "select period, done, measures from completion_overall order by period"
    changes = "select * from measure_changes_by_division where period = '2025' order by all"
    before, moves = rows(path, overall), rows(path, changes)
    assert [period for period, *_ in before] == ["2024", "2025"]

    # an earlier period loaded again with a measure finished: its figures and the next
    # period's moves change, and the later period's tables follow
    sheet_path = sorted((project / "raw/2024/status").glob("*.xlsx"))[0]
    book = load_workbook(sheet_path)
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in ("Toteutetaan", "Ei aloitettu") and not changed:
                    cell.value, changed = "Valmis", 1
    book.save(sheet_path)
    assert changed
    ingest_period("2024", project / "raw", path, project / "config")
    assert rows(path, overall) != before and rows(path, changes) != moves
    assert differences(path) == {} and reads_tables(path)

    # the configuration renames a division: every period's names change
    divisions = project / "config/divisions.yml"
    divisions.write_text(
        divisions.read_text(encoding="utf-8").replace("City Executive Office", "Mayor's Office"),
        encoding="utf-8",
    )
    ingest_period("2025", project / "raw", path, project / "config")
    names = "select distinct division_name_en from completion_by_division where division = ?"
    assert rows(path, names, "kanslia") == [("Mayor's Office",)]
    assert differences(path) == {} and reads_tables(path)


def test_a_failed_load_leaves_the_tables_as_they_were(project: Path) -> None:
    """The refresh is part of the load's transaction: a load with errors rolls both back."""
    path = project / "seuranta.duckdb"
    before = rows(path, "select * from marts.completion_by_division order by all")
    status = project / "raw/2025/status"
    first = sorted(status.glob("*.xlsx"))[0]
    shutil.copy2(first, status / f"copy_of_{first.name}")  # every measure id twice: an error
    with pytest.raises(InputError):
        ingest_period("2025", project / "raw", path, project / "config")
    assert rows(path, "select * from marts.completion_by_division order by all") == before
    assert differences(path) == {} and reads_tables(path)


def test_a_write_that_did_not_refresh_is_read_from_the_views(project: Path) -> None:
    """A load by a version that did not know the tables: its files' stamps differ, so the
    readers use the views until the next refresh."""
    path = project / "seuranta.duckdb"
    with db.connect(path) as con, db.transaction(con):
        done = "select status_key from raw_status where status = 'Valmis' limit 1"
        con.execute(f"update raw_status set status = 'Valmis', status_key = ({done})")  # noqa: S608
        con.execute("update raw_file set loaded_at = loaded_at + interval 1 second")
    assert not reads_tables(path)
    assert differences(path)  # the tables are behind: the views are the ones read
    with db.connect(path) as con, db.transaction(con):
        db.refresh_marts(con)  # from 2024, the first period whose loads changed
    assert differences(path) == {} and reads_tables(path)


@pytest.mark.parametrize(
    "write",
    [
        "update raw_file set file_sha256 = md5(file_sha256) where period = '2025'",
        "update raw_translation set text = text || '.' where period = '2025'",
        "update raw_correction set new_value = 'Valmis' where period = '2025'",
        "update funding_ref_programme set sort_order = sort_order + 1 where period = '2025'",
        "update raw_indicator_computed set target_number = 1 where period = '2025'",
    ],
    ids=[
        "new input files",
        "a changed translation",
        "a changed correction",
        "a changed funding configuration",
        "a changed computed indicator",
    ],
)
def test_a_write_within_the_same_second_as_the_refresh_is_seen(project: Path, write: str) -> None:
    """Load times have whole seconds: a write of the same second, with as many rows, must
    still tell the readers that the tables are behind."""
    path = project / "seuranta.duckdb"
    assert reads_tables(path)
    with db.connect(path) as con, db.transaction(con):
        con.execute(write)
    assert not reads_tables(path), write


def test_a_database_without_the_tables_is_read_from_the_views(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table raw_file (period varchar)")
    assert not reads_tables(path)
