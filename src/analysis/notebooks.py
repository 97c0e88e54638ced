"""Execute the pipeline notebooks with papermill and keep the executed copies."""

from __future__ import annotations

import ctypes
import logging
import sys
from pathlib import Path

import papermill

from analysis.problems import RunError

log = logging.getLogger(__name__)

INGEST = "10_ingest.ipynb"
INDICATORS = "20_indicators.ipynb"
REPORT = "30_report.ipynb"


class NotebookError(RunError):
    """A notebook failed; the executed copy with the error is kept at `path`."""

    def __init__(self, path: Path, cell: int | None, error: str):
        self.path = path
        self.cell = cell
        self.error = error
        where = f" in cell {cell}" if cell is not None else ""
        super().__init__(f"notebook {path.name} failed{where}: {error} (executed copy: {path})")


def execute(source: Path, target: Path, parameters: dict[str, object], cwd: Path) -> Path:
    """Run one notebook with papermill's Python API; parameters keep their types."""
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("executing %s -> %s", source.name, target)
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
            # Papermill would otherwise write the whole notebook before and after every cell;
            # the report notebook holds every page (hundreds of MB at national scale). It still
            # writes the executed copy once at the end, and on an error in a cell.
            request_save_on_cell_execute=False,
            # The kernel's own log is not the analyst's concern: it warns about its transport at
            # start, and jupyter_client interrupts every kernel at shutdown, which it may report
            # as "KeyboardInterrupt caught". Errors in cells reach the run through papermill.
            # No output history (Out, _): the report's parts would stay in memory all run.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL", "--InteractiveShell.cache_size=0"],
        )
    except papermill.PapermillExecutionError as exc:
        raise NotebookError(target, exc.exec_count, f"{exc.ename}: {exc.evalue}") from exc
    finally:
        give_back_memory()
    return target


def give_back_memory() -> None:
    """Return the memory a large step freed to the system. glibc's allocator keeps it
    otherwise: an executed national report notebook leaves about 700 MB in the run's process
    while the next steps run beside it. Elsewhere (macOS, Windows, musl) nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)
