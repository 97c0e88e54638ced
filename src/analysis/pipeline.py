"""The annual run: ingest (with its checks), indicators, report notebooks and rendering, all or
nothing."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import multiprocessing
import os
import platform
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from analysis import __version__, notebooks
from analysis.config import DEFAULT_LANGS, default_dir
from analysis.export import open_data
from analysis.pdf import write_overview_pdfs
from analysis.problems import RunError
from analysis.publication import load_publication
from analysis.report.pages import WORKBOOK
from analysis.report.render import render_pages, resolve_renderer
from analysis.sources.ingest import check_period_name, ingest_period

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """Everything a run needs; relative paths are taken from the current folder."""

    period: str
    raw_dir: Path = Path("data/raw")
    db_path: Path = Path("data/processed/seuranta.duckdb")
    out_dir: Path = Path("reports")
    langs: tuple[str, ...] = DEFAULT_LANGS
    config_dir: Path = field(default_factory=lambda: default_dir("config"))
    notebooks_dir: Path = field(default_factory=lambda: default_dir("notebooks"))
    renderer: str = "auto"
    strict: bool = False  # warnings stop the run too
    pdf: bool = False  # also reports/<period>/<lang>/report.pdf, where Chromium is found
    audience: str = "internal"  # or "public": see analysis.publication


@dataclass
class RunResult:
    period: str
    reports: dict[str, Path] = field(default_factory=dict)
    excel: Path | None = None
    open_data: Path | None = None
    notebooks: Path | None = None
    renderer: str = ""
    warnings: int = 0


MB = 1024 * 1024
# Room a run needs besides the copy of the database (the new period's rows, DuckDB's growth).
DB_MARGIN = 32 * MB
# Room a language's pages need when no earlier report folder tells (the full plotly.js bundle
# in every page of the example is about 9 MB).
REPORT_PER_LANG = 12 * MB


class MachineFault(RunError):
    """The machine refused a write: a full disk or a folder without write permission."""


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / MB:.1f} MB"


def _free(folder: Path) -> int:
    """Free bytes on the file system of a folder (or of its nearest existing parent)."""
    while not folder.exists():
        folder = folder.parent
    return shutil.disk_usage(folder).free


def _check_space(folder: Path, needed: int, what: str, option: str) -> None:
    """Stop before writing when the folder's file system has not room for `needed` bytes."""
    free = _free(folder)
    if free < needed:
        raise MachineFault(
            f"not enough free space for {what} in {folder}: {_mb(free)} free, about "
            f"{_mb(needed)} needed. Free at least {_mb(needed - free)} there, or choose a "
            f"folder on another disk with {option}. Nothing was changed."
        )


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _reports_need(out_dir: Path, langs: tuple[str, ...]) -> int:
    """About how many bytes a period's reports take: as much as the largest period already in
    the folder, else an estimate per language."""
    sizes = [_size(p) for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return max([*sizes, REPORT_PER_LANG * len(langs)])


def _fault(exc: OSError, what: str, folder: Path, option: str) -> MachineFault:
    """One message for a write the machine refused: what, where, and what to do."""
    where = exc.filename or folder
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return MachineFault(
            f"the disk is full: {what} could not be written to {where} ({_mb(_free(folder))} "
            f"free). Free space on that disk, or choose a folder on another disk with {option}. "
            "Nothing was changed."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return MachineFault(
            f"no permission to write {what} in {folder} ({where}). Give the user running "
            f"seuranta write permission on that folder, or choose another with {option}. "
            "Nothing was changed."
        )
    return MachineFault(f"{what} could not be written in {folder}: {exc}. Nothing was changed.")


@contextmanager
def _writing(what: str, folder: Path, option: str) -> Iterator[None]:
    """Turn a write the machine refuses into one clear message."""
    try:
        yield
    except OSError as exc:
        raise _fault(exc, what, folder, option) from None


def _working_copy(db_path: Path) -> Path:
    """Copy the database beside itself; the run writes only to the copy."""
    work = db_path.with_name(db_path.name + ".pending")
    work.unlink(missing_ok=True)
    work.with_name(work.name + ".wal").unlink(missing_ok=True)
    if db_path.exists():
        with duckdb.connect(str(db_path)) as con:
            con.execute("checkpoint")  # fold any write-ahead log into the file before copying
        _check_space(
            db_path.parent,
            db_path.stat().st_size + DB_MARGIN,
            "the database's working copy",
            "--db",
        )
        with _writing("the database's working copy", db_path.parent, "--db"):
            try:
                shutil.copy2(db_path, work)
            except BaseException:
                work.unlink(missing_ok=True)
                raise
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    return work


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    """Record how long a step took, in seconds, and log it."""
    started = time.perf_counter()
    yield
    timings[step] = time.perf_counter() - started
    log.info("%s took %.1f s", step, timings[step])


def _write_run_record(
    path: Path, options: RunOptions, period: str, renderer: str, timings: dict[str, float]
) -> None:
    """What ran, with which code and how long each step took: part of the audit trail."""
    record = {
        "period": period,
        "seuranta": __version__,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "renderer": renderer,
        "languages": list(options.langs),
        "audience": options.audience,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "timings_s": {step: round(seconds, 3) for step, seconds in timings.items()},
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _alive(pid: int) -> bool:
    """Whether a process with this id is running on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _staging_dir(out_dir: Path, period: str) -> Path:
    """A staging folder of this run's own, `.<period>.partial.<pid>`, beside the reports.

    Two runs with the same `--out` each stage apart. The leftovers of a run that was killed
    (a staging or `.old` folder of a process that no longer runs) are removed first; those of
    a run that is still going are left to it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for leftover in [*out_dir.glob(f".{period}.partial*"), *out_dir.glob(f".{period}.old*")]:
        suffix = leftover.name.rsplit(".", 1)[-1]
        if suffix.isdigit() and int(suffix) != os.getpid() and _alive(int(suffix)):
            continue
        log.info("removing %s, left by a run that ended", leftover)
        shutil.rmtree(leftover, ignore_errors=True)
    staging = out_dir / f".{period}.partial.{os.getpid()}"
    staging.mkdir()
    return staging


def _publish(staging: Path, final: Path, work_db: Path, db_path: Path) -> None:
    """Move the reports and the database into place together, or neither.

    The old report folder is moved aside, the new one into its place, and only then does the
    working copy replace the database. A step that fails undoes the steps before it, so a
    failed publish leaves the old reports and the old database. The old folder is removed
    last; if that fails the run has still succeeded, and the next run removes it.
    """
    old = final.with_name(f".{final.name}.old.{os.getpid()}")
    had_old = final.exists()
    if had_old:
        final.rename(old)
    try:
        staging.rename(final)
    except BaseException:
        if had_old:
            old.rename(final)
        raise
    try:
        os.replace(work_db, db_path)
    except BaseException:
        final.rename(staging)
        if had_old:
            old.rename(final)
        raise
    if had_old:
        try:
            shutil.rmtree(old)
        except OSError as exc:
            log.warning(
                "the previous reports were moved to %s and could not be removed (%s); "
                "remove that folder, or the next run of the period will",
                old,
                exc,
            )


def lock_database(db_path: Path) -> FileLock:
    """Hold the database for this run; a second run at the same time is told so at once.

    The operating system releases the lock when the process ends, even when it is killed.
    """
    lock = FileLock(f"{db_path}.lock", timeout=0)
    with _writing("the database's lock file", db_path.parent, "--db"):
        db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire()
        except Timeout:  # a TimeoutError, so an OSError: told apart from a refused write
            raise RunError(
                f"the database {db_path} is in use by another run (lock file {lock.lock_file}); "
                "wait for that run to finish and try again."
            ) from None
    return lock


def run(options: RunOptions) -> RunResult:
    """Run the whole period. Raises InputError (nothing written) or NotebookError.

    Notebooks run against a copy of the database; the copy replaces the database only after
    every notebook and every rendering has succeeded, so a failed run leaves it as it was.
    The inputs are read once and checked on the working copy, before any notebook runs.
    """
    period = check_period_name(options.period)
    db_path = options.db_path.resolve()
    renderer = resolve_renderer(options.renderer)
    load_publication(options.config_dir).audience(options.audience)  # a bad config stops here
    missing = [
        name
        for name in (notebooks.INGEST, notebooks.INDICATORS, notebooks.REPORT)
        if not (options.notebooks_dir / name).is_file()
    ]
    if missing:
        raise RunError(
            f"the notebooks folder {options.notebooks_dir.resolve()} has no {', '.join(missing)}; "
            "point --notebooks at a folder with all three, or leave it out to use the notebooks "
            "that come with seuranta."
        )
    with lock_database(db_path):
        return _run_locked(options, period, db_path, renderer)


def _ingest(options: RunOptions, period: str, work_db: Path) -> int:
    """Load the period into the working copy; the number of warnings let through. Raises
    InputError with every problem when the inputs have errors (with `strict`, warnings too),
    the working copy rolled back.

    The ingest runs in a process of its own, so that the memory of reading every workbook goes
    back to the system before the report's notebooks start (at national scale about 1 GB).
    """
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        loaded = pool.submit(
            ingest_period,
            period,
            options.raw_dir.resolve(),
            work_db,
            options.config_dir.resolve(),
            options.strict,
        ).result()
    return len(loaded.warnings)


def _execute_together(
    jobs: list[tuple[str, str, dict[str, object]]], source: Path, executed: Path, cwd: Path
) -> None:
    """Execute notebooks (name, executed name, parameters) at the same time, each kernel in its
    own process; raise the first one's error after all have ended."""
    with ThreadPoolExecutor(len(jobs)) as pool:
        running = [
            pool.submit(notebooks.execute, source / name, executed / target, parameters, cwd)
            for name, target, parameters in jobs
        ]
    for job in running:
        job.result()


def _discard(staging: Path, work_db: Path) -> None:
    """Remove what a failed run made: its staging folder and the working copy."""
    shutil.rmtree(staging, ignore_errors=True)
    work_db.unlink(missing_ok=True)
    work_db.with_name(work_db.name + ".wal").unlink(missing_ok=True)


def _keep_failed(executed: Path, out_dir: Path, period: str) -> Path:
    """Move the executed copy of a failed notebook out of staging, to `.<period>.failed/`,
    where the analyst can open it; the next failure replaces it."""
    kept = out_dir / f".{period}.failed" / executed.name
    try:
        kept.parent.mkdir(exist_ok=True)
        os.replace(executed, kept)
    except OSError:
        return executed  # not written (a full disk); the message still names the notebook
    return kept


def _run_locked(options: RunOptions, period: str, db_path: Path, renderer: str) -> RunResult:
    """The run itself, while this process holds the database."""
    project = Path.cwd()
    out_dir = options.out_dir.resolve()
    with _writing("the reports", out_dir, "--out"):
        staging = _staging_dir(out_dir, period)
    executed = staging / "notebooks"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    result = RunResult(period=period, renderer=renderer)
    work_db = db_path.with_name(db_path.name + ".pending")
    try:
        work_db = _working_copy(db_path)
        # before the notebooks (the indicators write indicators.xlsx) and the rendering
        _check_space(staging, _reports_need(out_dir, options.langs), "the reports", "--out")
        source = options.notebooks_dir.resolve()
        common = {"period": period, "db_path": str(work_db)}
        # the indicators and report notebooks: who the run is for, and publication.yml
        published = {"audience": options.audience, "config_dir": str(options.config_dir.resolve())}
        with _timed(timings, "ingest"):
            result.warnings = _ingest(options, period, work_db)
        with _timed(timings, "indicators"):  # with the ingest's audit beside it: both only read
            _execute_together(
                [
                    (notebooks.INGEST, notebooks.INGEST, common),
                    (
                        notebooks.INDICATORS,
                        notebooks.INDICATORS,
                        {
                            **common,
                            **published,
                            "xlsx_path": str(staging / WORKBOOK),
                            "lang": options.langs[0],
                            "langs": ",".join(options.langs),
                        },
                    ),
                ],
                source,
                executed,
                project,
            )
        with _timed(timings, "open_data"), _writing("the open data", out_dir, "--out"):
            open_data.export(work_db, staging / open_data.DATA_DIR, period, options.langs,
                             options.config_dir, options.audience)  # fmt: skip
        for lang in options.langs:
            with _timed(timings, f"report_{lang}"):
                report_nb = notebooks.execute(
                    source / notebooks.REPORT,
                    executed / f"30_report.{lang}.ipynb",
                    {
                        **common,
                        **published,
                        "lang": lang,
                        "langs": ",".join(options.langs),
                        "reports_dir": str(out_dir),
                    },
                    project,
                )
            with _timed(timings, f"render_{lang}"), _writing("the reports", out_dir, "--out"):
                render_pages([report_nb], staging / lang, lang, period, renderer)
        if options.pdf:  # into staging, so it is published with the pages or not at all
            with _timed(timings, "pdf"), _writing("the reports", out_dir, "--out"):
                write_overview_pdfs(staging, options.langs, period)
        timings["total"] = time.perf_counter() - started
        with _writing("the reports", out_dir, "--out"):
            _write_run_record(staging / "run.json", options, period, renderer, timings)
        with _writing("the reports and the database", out_dir, "--out and --db"):
            _publish(staging, out_dir / period, work_db, db_path)
    except notebooks.NotebookError as exc:
        kept = _keep_failed(exc.path, out_dir, period)
        _discard(staging, work_db)
        raise notebooks.NotebookError(kept, exc.cell, exc.error) from exc
    except BaseException:
        _discard(staging, work_db)
        raise
    final = out_dir / period
    result.reports = {lang: final / lang / "index.html" for lang in options.langs}
    result.excel = final / WORKBOOK
    result.open_data = final / open_data.DATA_DIR / open_data.DESCRIPTOR
    result.notebooks = final / "notebooks"
    return result
