"""The annual run: ingest (with its checks), indicators, report notebooks and rendering, all or
nothing."""

from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing
import os
import platform
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import duckdb

from analysis import __version__, notebooks
from analysis.config import DEFAULT_LANGS, default_dir, load_reference
from analysis.export import open_data
from analysis.pdf import write_overview_pdfs
from analysis.problems import RunError
from analysis.publication import load_publication
from analysis.report.pages import WORKBOOK
from analysis.report.render import render_pages, resolve_renderer
from analysis.sources.ingest import check_period_name, ingest_period
from analysis.sources.receipts import receipts_from_database
from analysis.staging import (
    check_space,
    lock_database,
    publish,
    reports_need,
    staging_dir,
    working_copy,
    writing,
)

log = logging.getLogger(__name__)
RECEIPTS = "receipts"  # reports/<period>/receipts/: one workbook per division


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
    receipts: list[Path] = field(default_factory=list)  # one per division; none when public
    renderer: str = ""
    warnings: int = 0


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
        # after the ingest, `lanes` steps went at the same time: their seconds overlap
        "lanes": lanes(),
        "timings_s": {step: round(seconds, 3) for step, seconds in timings.items()},
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


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


def lanes() -> int:
    """How many of a run's steps after the ingest go at the same time: two where the run may
    use two cores or more, else one after the other."""
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may use (Linux)
    except AttributeError:
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


def _run_in_lanes(jobs: Sequence[Callable[[], None]]) -> None:
    """Run `jobs` in `lanes()` threads, each taking the next job when it is done. After a job
    fails, no further job starts; the first error (in `jobs` order) is raised once the running
    ones have ended. A job's notebook kernels and renderers are processes of their own, so two
    lanes use two cores."""
    with ThreadPoolExecutor(lanes()) as pool:
        running = [pool.submit(job) for job in jobs]
        wait(running, return_when=FIRST_EXCEPTION)
        for job in running:
            job.cancel()  # those not started yet
    for job in running:
        if not job.cancelled():
            job.result()


def _together(*jobs: Callable[[], None]) -> Callable[[], None]:
    """One job that runs `jobs` at the same time and raises the first one's error after all
    have ended (a short notebook beside a long one)."""

    def run() -> None:
        with ThreadPoolExecutor(len(jobs)) as pool:
            running = [pool.submit(job) for job in jobs]
        for job in running:
            job.result()

    return run


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
    with writing("the reports", out_dir, "--out"):
        staging = staging_dir(out_dir, period)
    executed = staging / "notebooks"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    result = RunResult(period=period, renderer=renderer)
    work_db = db_path.with_name(db_path.name + ".pending")
    final = out_dir / period
    try:
        work_db = working_copy(db_path)
        # before the notebooks (the indicators write indicators.xlsx) and the rendering
        check_space(staging, reports_need(out_dir, options.langs), "the reports", "--out")
        source = options.notebooks_dir.resolve()
        common = {"period": period, "db_path": str(work_db)}
        # the indicators and report notebooks: who the run is for, and publication.yml
        published = {"audience": options.audience, "config_dir": str(options.config_dir.resolve())}
        with _timed(timings, "ingest"):
            result.warnings = _ingest(options, period, work_db)
        indicators = {
            **common,
            **published,
            "xlsx_path": str(staging / WORKBOOK),
            "lang": options.langs[0],
            "langs": ",".join(options.langs),
        }

        def workbooks() -> None:
            with _timed(timings, "indicators"):
                notebooks.execute(source / notebooks.INDICATORS,
                                  executed / notebooks.INDICATORS, indicators, project)  # fmt: skip

        def audit() -> None:
            with _timed(timings, "audit"):
                notebooks.execute(source / notebooks.INGEST,
                                  executed / notebooks.INGEST, common, project)  # fmt: skip

        def data() -> None:
            with _timed(timings, "open_data"), writing("the open data", out_dir, "--out"):
                open_data.export(work_db, staging / open_data.DATA_DIR, period, options.langs,
                                 options.config_dir, options.audience)  # fmt: skip

        def receipts() -> None:
            """One receipt .xlsx per division of what was read from its sheets; a receipt
            lists the division's problems, so a public run has none."""
            if options.audience == "public":
                return
            with _timed(timings, "receipts"), writing("the receipts", out_dir, "--out"):
                reference = load_reference(options.config_dir)
                written = receipts_from_database(work_db, period, reference, staging / RECEIPTS)
                result.receipts = [final / RECEIPTS / path.name for path in written]

        def pages(lang: str) -> None:
            """The report notebook of one language, then its pages."""
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
            with _timed(timings, f"render_{lang}"), writing("the reports", out_dir, "--out"):
                render_pages([report_nb], staging / lang, lang, period, renderer)
            notebooks.give_back_memory()  # the pages' notebooks, as large as the report's

        # after the ingest every step only reads the working copy: in two lanes, the workbooks
        # (with the short audit beside them) next to the first language's report, then the
        # next report next to the open data and the receipts
        reports = [partial(pages, lang) for lang in options.langs]
        _run_in_lanes([_together(audit, workbooks), *reports, data, receipts])
        if options.pdf:  # into staging, so it is published with the pages or not at all
            with _timed(timings, "pdf"), writing("the reports", out_dir, "--out"):
                write_overview_pdfs(staging, options.langs, period)
        timings["total"] = time.perf_counter() - started
        with writing("the reports", out_dir, "--out"):
            _write_run_record(staging / "run.json", options, period, renderer, timings)
        with writing("the reports and the database", out_dir, "--out and --db"):
            publish(staging, final, work_db, db_path)
    except notebooks.NotebookError as exc:
        kept = _keep_failed(exc.path, out_dir, period)
        _discard(staging, work_db)
        raise notebooks.NotebookError(kept, exc.cell, exc.error) from exc
    except BaseException:
        _discard(staging, work_db)
        raise
    result.reports = {lang: final / lang / "index.html" for lang in options.langs}
    result.excel = final / WORKBOOK
    result.open_data = final / open_data.DATA_DIR / open_data.DESCRIPTOR
    result.notebooks = final / "notebooks"
    return result
