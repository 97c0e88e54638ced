"""Faults of the machine and of other runs: each ends in one clear message, exit code 1, the
database and the reports as they were, and nothing left that the next run trips on."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX file faults")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under a folder with its hash: the folder's state, to compare."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def run_args(base: Path, db: Path | None = None, out: Path | None = None) -> list[str]:
    return [
        "run",
        "--period",
        "2025",
        "--lang",
        "en",
        "--raw",
        str(base / "raw"),
        "--db",
        str(db or base / "seuranta.duckdb"),
        "--out",
        str(out or base / "reports"),
        "--config",
        str(CONFIG),
        "--notebooks",
        str(ROOT / "notebooks"),
    ]


@pytest.fixture
def project(tmp_path) -> Path:
    """2024 loaded in the database; the example 2025 sheets waiting in raw/."""
    shutil.copytree(ROOT / "data/raw", tmp_path / "raw")
    ingest_period("2024", tmp_path / "raw", tmp_path / "seuranta.duckdb", CONFIG)
    return tmp_path


@pytest.fixture
def published(project) -> Path:
    """The project with 2025 run once: a database and a report folder to keep safe."""
    assert main(run_args(project)) == 0
    return project


def leftovers(base: Path) -> list[str]:
    found = [p.name for p in (base / "reports").glob(".2025.*")]
    return found + [p.name for p in base.glob("*.pending*")]


def test_two_runs_with_the_same_report_folder_stage_apart(project):
    """Two databases, one `--out`: each run stages in a folder of its own and both succeed."""
    shutil.copy2(project / "seuranta.duckdb", project / "other.duckdb")
    command = [sys.executable, "-m", "analysis"]
    first = subprocess.Popen([*command, *run_args(project)], cwd=ROOT, stderr=subprocess.PIPE)
    second = subprocess.Popen(
        [*command, *run_args(project, db=project / "other.duckdb")],
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    assert (project / "reports/2025/en/index.html").exists()
    assert leftovers(project) == []


def test_leftovers_of_a_killed_run_are_removed_and_a_live_runs_kept(project):
    reports = project / "reports"
    dead = reports / ".2025.partial.999999999"  # no such process
    (dead / "notebooks").mkdir(parents=True)
    (dead / "notebooks/problems.json").write_text("[]")
    (reports / ".2025.old.999999999").mkdir()
    (reports / ".2025.partial").mkdir()  # the fixed name of older versions
    live = reports / f".2025.partial.{os.getppid()}"  # a process that runs: our parent
    live.mkdir()
    assert main(run_args(project)) == 0
    assert sorted(p.name for p in reports.glob(".2025.*")) == [live.name]


def test_a_failed_publish_of_the_reports_leaves_database_and_reports(published, monkeypatch):
    """Defect 7: the database must not hold the new period when the reports did not move."""
    db, reports = published / "seuranta.duckdb", published / "reports/2025"
    before_db, before_reports = digest(db), tree(reports)
    rename = Path.rename

    def failing(self, target):
        if self.name.startswith(".2025.partial"):
            raise PermissionError(13, "Permission denied", str(target))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    assert main(run_args(published)) == 1
    assert digest(db) == before_db
    assert tree(reports) == before_reports
    assert leftovers(published) == []


def test_a_failed_swap_of_the_database_puts_the_old_reports_back(published, monkeypatch):
    db, reports = published / "seuranta.duckdb", published / "reports/2025"
    before_db, before_reports = digest(db), tree(reports)
    replace = os.replace

    def failing(src, dst):
        if Path(dst) == db:
            raise OSError(5, "Input/output error", str(dst))
        return replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    assert main(run_args(published)) == 1
    assert digest(db) == before_db
    assert tree(reports) == before_reports
    assert leftovers(published) == []


def test_an_old_report_folder_that_cannot_be_removed_does_not_fail_the_run(
    published, monkeypatch, caplog
):
    """Once the reports and the database have both moved, the run has succeeded; the old
    folder it could not remove is named, and the next run removes it."""
    rmtree = shutil.rmtree

    def failing(path, *args, **kwargs):
        if Path(path).name.startswith(".2025.old") and not kwargs.get("ignore_errors"):
            raise PermissionError(13, "Permission denied", str(path))
        return rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", failing)
    assert main(run_args(published)) == 0
    assert "could not be removed" in caplog.text
    monkeypatch.setattr(shutil, "rmtree", rmtree)
    assert main(run_args(published)) == 0
    assert leftovers(published) == []
