"""A run killed at any point (SIGKILL) leaves the database as it was; the next run succeeds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import duckdb
import pytest

from analysis.sources.ingest import ingest_period
from tests.bad_inputs import book_bytes, table, with_row
from tests.conftest import CONFIG, ROOT, digest, run_args

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")]


@pytest.fixture
def project(tmp_path) -> Path:
    """2024 loaded in the database; the example 2025 sheets waiting in data/raw."""
    shutil.copytree(ROOT / "data/raw", tmp_path / "raw")
    ingest_period("2024", tmp_path / "raw", tmp_path / "seuranta.duckdb", CONFIG)
    return tmp_path


def start_run(base: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", *run_args(base)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(
    condition: Callable[[], bool], process: subprocess.Popen, point: str, limit: float = 60
) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, f"the run ended before the point to kill it at: {point}"
        assert time.monotonic() < deadline, f"the run never reached the point: {point}"
        time.sleep(0.01)


def periods(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            r[0]
            for r in con.execute("select distinct period from raw_status order by 1").fetchall()
        ]


def staged(notebook: str) -> Callable[[Path, int], bool]:
    """The run of process `pid` has begun executing `notebook` in its staging folder."""
    return lambda base, pid: (base / f"reports/.2025.partial.{pid}/notebooks/{notebook}").exists()


# Points of the run in the order it reaches them, seen from outside: the working copy exists;
# the ingest notebook is executing; the ingest has written the copy; the report notebook is
# executing.
POINTS: dict[str, Callable[[Path, int], bool]] = {
    "working copy made": lambda base, pid: (base / "seuranta.duckdb.pending").exists(),
    "ingest executing": staged("10_ingest.ipynb"),
    "ingest finished": staged("20_indicators.ipynb"),
    "report executing": staged("30_report.en.ipynb"),
}


def test_sigkill_at_any_point_of_a_run_leaves_the_database_as_it_was(project):
    """Killed at each point in turn, every run after the first starting among the leftovers
    of the one before (a stale working copy, staging folder or lock); then a run succeeds."""
    db = project / "seuranta.duckdb"
    before = digest(db)
    for point, reached in POINTS.items():
        process = start_run(project)
        try:
            wait_for(partial(reached, project, process.pid), process, point)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        assert digest(db) == before, point
        assert periods(db) == ["2024"], point
        assert not (project / "reports/2025").exists(), point

    rerun = start_run(project)  # the leftovers of the killed runs do not block it
    assert rerun.wait(timeout=180) == 0
    assert periods(db) == ["2024", "2025"]
    assert (project / "reports/2025/en/index.html").exists()
    assert not (project / "seuranta.duckdb.pending").exists()
    assert not list((project / "reports").glob(".2025.*"))  # the killed runs' staging is gone


def test_sigkill_inside_the_ingest_transaction(tmp_path):
    """Killed while DuckDB writes a large period, the database holds the old period or the new."""
    raw = tmp_path / "raw"
    folder = raw / "2025" / "status"
    folder.mkdir(parents=True)
    rows = [with_row(Tunnus=f"K-{i}") for i in range(4000)]
    for n in range(6):
        rows_n = [[f"{n}-{r[0]}", *r[1:]] for r in rows]
        (folder / f"kanslia{n}.xlsx").write_bytes(book_bytes({"Kanslia": table(*rows_n)}))
    db = tmp_path / "seuranta.duckdb"
    ingest_period("2024", ROOT / "data/raw", db, CONFIG)
    before = digest(db)
    script = (
        "import sys; from analysis.sources.ingest import ingest_period; "
        "ingest_period('2025', sys.argv[1], sys.argv[2], sys.argv[3])"
    )
    for delay in (0.3, 0.8, 1.5):
        work = tmp_path / f"try{delay}.duckdb"
        shutil.copy2(db, work)
        process = subprocess.Popen([sys.executable, "-c", script, str(raw), str(work), str(CONFIG)])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = periods(work)
        assert found in (["2024"], ["2024", "2025"])
        if found == ["2024", "2025"]:
            with duckdb.connect(str(work), read_only=True) as con:
                assert con.execute(
                    "select count(*) from raw_status where period = '2025'"
                ).fetchone() == (24000,)
    assert digest(db) == before
