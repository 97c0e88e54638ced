"""The annual run: ingest (with its checks), indicators, report notebooks and rendering, all or
nothing."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from analysis import __version__, notebooks
from analysis.problems import InputError, Problem, RunError, errors_of, from_json
from analysis.report.render import render_pages, resolve_renderer
from analysis.sources.ingest import check_period_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """Everything a run needs; relative paths are taken from the current folder."""

    period: str
    raw_dir: Path = Path("data/raw")
    db_path: Path = Path("data/processed/seuranta.duckdb")
    out_dir: Path = Path("reports")
    langs: tuple[str, ...] = ("fi", "en")
    config_dir: Path = Path("config")
    notebooks_dir: Path = Path("notebooks")
    renderer: str = "auto"
    strict: bool = False  # warnings stop the run too


@dataclass
class RunResult:
    period: str
    reports: dict[str, Path] = field(default_factory=dict)
    excel: Path | None = None
    notebooks: Path | None = None
    renderer: str = ""
    warnings: int = 0


def _working_copy(db_path: Path) -> Path:
    """Copy the database beside itself; the run writes only to the copy."""
    work = db_path.with_name(db_path.name + ".pending")
    work.unlink(missing_ok=True)
    work.with_name(work.name + ".wal").unlink(missing_ok=True)
    if db_path.exists():
        with duckdb.connect(str(db_path)) as con:
            con.execute("checkpoint")  # fold any write-ahead log into the file before copying
        shutil.copy2(db_path, work)
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
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "timings_s": {step: round(seconds, 3) for step, seconds in timings.items()},
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _publish_reports(staging: Path, final: Path) -> None:
    """Replace the period's report folder with the finished one."""
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
        staging.rename(final)
        shutil.rmtree(old)
    else:
        staging.rename(final)


def _lock(db_path: Path) -> FileLock:
    """Hold the database for this run; a second run at the same time is told so at once.

    The operating system releases the lock when the process ends, even when it is killed.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(f"{db_path}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RunError(
            f"the database {db_path} is in use by another run (lock file {lock.lock_file}); "
            "wait for that run to finish and try again."
        ) from None
    return lock


def run(options: RunOptions) -> RunResult:
    """Run the whole period. Raises InputError (nothing written) or NotebookError.

    Notebooks run against a copy of the database; the copy replaces the database only after
    every notebook and every rendering has succeeded, so a failed run leaves it as it was.
    The inputs are read and checked once, by the ingest notebook, before it writes anything.
    """
    period = check_period_name(options.period)
    db_path = options.db_path.resolve()
    renderer = resolve_renderer(options.renderer)
    with _lock(db_path):
        return _run_locked(options, period, db_path, renderer)


def _ingest(
    options: RunOptions, source: Path, executed: Path, params: dict[str, object], cwd: Path
) -> int:
    """Run the ingest notebook; the number of warnings it let through. Raises InputError with
    every problem when the inputs have errors (with `strict`, warnings too)."""
    problems_file = executed / "problems.json"
    try:
        notebooks.execute(
            source / notebooks.INGEST,
            executed / notebooks.INGEST,
            {
                **params,
                "raw_dir": str(options.raw_dir.resolve()),
                "config_dir": str(options.config_dir.resolve()),
                "strict": options.strict,
                "problems_path": str(problems_file),
            },
            cwd,
        )
    except notebooks.NotebookError:
        problems = _read_problems(problems_file)
        if errors_of(problems, options.strict):
            raise InputError(problems, options.strict) from None
        raise  # the notebook failed for another reason: its executed copy says where
    warnings = len(_read_problems(problems_file))
    problems_file.unlink()
    return warnings


def _read_problems(path: Path) -> list[Problem]:
    """The problems the ingest found; none if it stopped before checking the inputs."""
    return from_json(path.read_text(encoding="utf-8")) if path.exists() else []


def _run_locked(options: RunOptions, period: str, db_path: Path, renderer: str) -> RunResult:
    """The run itself, while this process holds the database."""
    project = Path.cwd()
    out_dir = options.out_dir.resolve()
    staging = out_dir / f".{period}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    executed = staging / "notebooks"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    work_db = _working_copy(db_path)
    result = RunResult(period=period, renderer=renderer)
    try:
        source = options.notebooks_dir.resolve()
        common = {"period": period, "db_path": str(work_db)}
        with _timed(timings, "ingest"):
            result.warnings = _ingest(options, source, executed, common, project)
        with _timed(timings, "indicators"):
            notebooks.execute(
                source / notebooks.INDICATORS,
                executed / notebooks.INDICATORS,
                {**common, "xlsx_path": str(staging / "indicators.xlsx"), "lang": options.langs[0]},
                project,
            )
        for lang in options.langs:
            with _timed(timings, f"report_{lang}"):
                report_nb = notebooks.execute(
                    source / notebooks.REPORT,
                    executed / f"30_report.{lang}.ipynb",
                    {**common, "lang": lang, "langs": ",".join(options.langs)},
                    project,
                )
            with _timed(timings, f"render_{lang}"):
                render_pages([report_nb], staging / lang, lang, period, renderer)
        os.replace(work_db, db_path)
    except InputError:
        work_db.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)  # nothing ran but the checks: keep nothing
        raise
    except BaseException:
        work_db.unlink(missing_ok=True)
        raise
    timings["total"] = time.perf_counter() - started
    _write_run_record(staging / "run.json", options, period, renderer, timings)
    _publish_reports(staging, out_dir / period)
    final = out_dir / period
    result.reports = {lang: final / lang / "index.html" for lang in options.langs}
    result.excel = final / "indicators.xlsx"
    result.notebooks = final / "notebooks"
    return result
