"""Faults of the machine and of other runs: each ends in one clear message, exit code 1, the
database and the reports as they were, and nothing left that the next run trips on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from analysis.cli import main
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT, digest, run_args

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX file faults")]


def tree(folder: Path) -> dict[str, str]:
    """Every file under a folder with its hash: the folder's state, to compare."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    """2024 loaded in the database; the example 2025 sheets waiting in raw/."""
    shutil.copytree(ROOT / "data/raw", tmp_path / "raw")
    ingest_period("2024", tmp_path / "raw", tmp_path / "seuranta.duckdb", CONFIG)
    return tmp_path


@pytest.fixture(scope="module")
def published_once(tmp_path_factory) -> Path:
    """The project with 2025 run once: a database and a report folder to keep safe."""
    base = tmp_path_factory.mktemp("published")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    ingest_period("2024", base / "raw", base / "seuranta.duckdb", CONFIG)
    assert main(run_args(base)) == 0
    return base


@pytest.fixture
def published(published_once, tmp_path) -> Path:
    """A copy of `published_once` for one test (a run writes no absolute path it reads back)."""
    shutil.copytree(published_once, tmp_path, dirs_exist_ok=True)
    return tmp_path


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


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def small_disk(tmp_path):
    """Mount a tmpfs of the given size; skips where the machine does not allow mounting."""
    mounted: list[Path] = []

    def mount(size_mb: int) -> Path:
        if not can_mount():
            pytest.skip("mounting a small tmpfs needs root")
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"this machine does not allow mounting a tmpfs: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", str(point)], check=True)


def one_message(captured: str) -> str:
    assert "Traceback" not in captured
    [line] = [line for line in captured.splitlines() if line.startswith("error:")]
    return line


def test_a_full_report_disk_is_told_before_rendering(project, small_disk, capsys):
    out = small_disk(3)
    db = project / "seuranta.duckdb"
    before = digest(db)
    assert main(run_args(project, out=out)) == 1
    message = one_message(capsys.readouterr().err)
    assert "not enough free space for the reports" in message
    assert str(out) in message and "MB needed" in message and "--out" in message
    assert digest(db) == before
    assert list(out.iterdir()) == []
    assert leftovers(project) == []


def test_a_disk_that_fills_while_the_reports_are_written(project, monkeypatch, capsys):
    """The disk fills after the check (another program writes too): one message, and the
    staging folder is removed so the space comes back."""

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(project / "reports/x.html"))

    monkeypatch.setattr("analysis.pipeline.render_pages", full)
    before = digest(project / "seuranta.duckdb")
    assert main(run_args(project)) == 1
    message = one_message(capsys.readouterr().err)
    assert message.startswith("error: the disk is full: the reports could not be written")
    assert "Free space on that disk" in message
    assert digest(project / "seuranta.duckdb") == before
    assert leftovers(project) == []
    assert not (project / "reports/2025").exists()


def test_a_full_database_disk_is_told_and_the_next_try_is_not_blocked(project, small_disk, capsys):
    disk = small_disk(24)  # room for the 17 MB database, not for its working copy too
    db = disk / "seuranta.duckdb"
    shutil.copy2(project / "seuranta.duckdb", db)
    before = digest(db)
    for _ in range(2):  # the second try meets the same state, not a leftover
        assert main(run_args(project, db=db)) == 1
        message = one_message(capsys.readouterr().err)
        assert "not enough free space for the database's working copy" in message
        assert "MB needed" in message and "--db" in message
        assert digest(db) == before
        assert sorted(p.name for p in disk.iterdir()) == ["seuranta.duckdb", "seuranta.duckdb.lock"]
    assert leftovers(project) == []


def test_a_disk_that_fills_while_the_database_is_copied(project, monkeypatch, capsys):
    def half_then_full(src, dst, **kwargs):
        Path(dst).write_bytes(Path(src).read_bytes()[:1000])
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr("analysis.staging.shutil.copy2", half_then_full)
    assert main(run_args(project)) == 1
    message = one_message(capsys.readouterr().err)
    assert message.startswith("error: the disk is full: the database's working copy")
    assert not (project / "seuranta.duckdb.pending").exists()
    assert leftovers(project) == []


def as_nobody() -> list[str]:
    """The command prefix that runs as an ordinary user (root ignores permission bits)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as an ordinary user")
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


@pytest.fixture
def shared(tmp_path):
    """A folder that the ordinary user can reach (pytest's own is closed to others)."""
    folder = Path(tempfile.mkdtemp(prefix="seuranta-faults-"))
    folder.chmod(0o755)
    shutil.copytree(ROOT / "data/raw", folder / "raw")
    (folder / "home").mkdir()
    yield folder
    shutil.rmtree(folder)


def run_as_nobody(base: Path, db_dir: Path, out: Path) -> subprocess.CompletedProcess:
    for path in (base / "home", *([db_dir] if db_dir.owner() != "root" else [])):
        shutil.chown(path, "nobody", "nogroup")
    return subprocess.run(
        [*as_nobody(), sys.executable, "-m", "analysis", *run_args(base, db_dir / "s.duckdb", out)],
        cwd=ROOT,
        env={**os.environ, "HOME": str(base / "home")},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_read_only_report_folder(shared):
    db_dir, out = shared / "db", shared / "reports"
    db_dir.mkdir()
    ingest_period("2024", shared / "raw", db_dir / "s.duckdb", CONFIG)
    shutil.chown(db_dir, "nobody", "nogroup")
    shutil.chown(db_dir / "s.duckdb", "nobody", "nogroup")
    out.mkdir(mode=0o755)  # root's: read-only to the user
    before = digest(db_dir / "s.duckdb")
    done = run_as_nobody(shared, db_dir, out)
    assert done.returncode == 1
    message = one_message(done.stderr)
    assert f"no permission to write the reports in {out}" in message
    assert "write permission" in message and "--out" in message
    assert digest(db_dir / "s.duckdb") == before
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in db_dir.iterdir()) == ["s.duckdb", "s.duckdb.lock"]


def test_a_read_only_database_folder(shared):
    db_dir, out = shared / "db", shared / "reports"
    db_dir.mkdir(mode=0o755)  # root's: no lock file can be made in it
    ingest_period("2024", shared / "raw", db_dir / "s.duckdb", CONFIG)
    out.mkdir()
    shutil.chown(out, "nobody", "nogroup")
    before = digest(db_dir / "s.duckdb")
    done = run_as_nobody(shared, db_dir, out)
    assert done.returncode == 1
    message = one_message(done.stderr)
    assert f"no permission to write the database's lock file in {db_dir}" in message
    assert "--db" in message
    assert digest(db_dir / "s.duckdb") == before
    assert list(out.iterdir()) == []


def test_a_failed_notebook_is_kept_for_the_analyst_and_staging_removed(project, capsys):
    own = project / "notebooks"
    shutil.copytree(ROOT / "notebooks", own)
    book = nbformat.read(own / "20_indicators.ipynb", as_version=4)
    book.cells.append(nbformat.v4.new_code_cell("raise ValueError('an analyst’s mistake')"))
    nbformat.write(book, own / "20_indicators.ipynb")
    args = run_args(project)
    args[args.index("--notebooks") + 1] = str(own)
    assert main(args) == 1
    message = one_message(capsys.readouterr().err)
    kept = project / "reports/.2025.failed/20_indicators.ipynb"
    assert "ValueError: an analyst’s mistake" in message and str(kept) in message
    assert kept.exists()
    assert leftovers(project) == [".2025.failed"]
    assert not (project / "seuranta.duckdb.pending").exists()
