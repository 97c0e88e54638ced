"""Many input files read in two processes: the caller's own and one worker.

Reading a status workbook is Python and calamine, both holding the GIL: one core's work. With
two cores or more and enough to read, a worker process (`python -m` this module) reads the
files from the last one down while the caller reads from the first one up; each file is
claimed by creating its claim file, which only one process can, so neither waits for the
other. The worker's results come back pickled through a private temporary folder and the
caller puts them in the files' order: the result is the same as reading the files one after
the other here. Below PARALLEL_MIN_BYTES, starting the worker (about 0.15 s) would cost more
than it saves. If the worker cannot start or fails, the files it did not return are read here.

The worker is a plain interpreter, not a multiprocessing child: it does not import the
caller's main module, so a script calling the ingest needs no `if __name__ == "__main__"`.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

PARALLEL_MIN_BYTES = 2_000_000  # about 30 status sheets of 1,000 measures

Item = TypeVar("Item")
Result = TypeVar("Result")
# read(items, indices) -> (index, result) for each index it is given, in that order
Reader = Callable[[Sequence[Item], Iterator[int]], Iterator[tuple[int, Result]]]

TASK, RESULTS, ERRORS = "task.pickle", "results.pickle", "worker.log"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _claimed(folder: Path, order: Iterable[int]) -> Iterator[int]:
    """The indices of `order` that this process is first to claim."""
    for index in order:
        try:
            os.close(os.open(folder / f"{index}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            continue
        yield index


def _start_worker(folder: Path) -> subprocess.Popen | None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        with (folder / ERRORS).open("wb") as errors:
            return subprocess.Popen(  # noqa: S603 - this interpreter, this module
                [sys.executable, "-m", __name__, str(folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=env,
            )
    except OSError as exc:
        log.warning("no second reading process (%s): reading every file here", exc)
        return None


def _worker_results(worker: subprocess.Popen | None, folder: Path) -> dict:
    if worker is None:
        return {}
    if worker.wait() == 0 and (folder / RESULTS).exists():
        with (folder / RESULTS).open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - written by our own worker just now
    lines = (folder / ERRORS).read_text(encoding="utf-8", errors="replace").strip().splitlines()
    log.warning(
        "the second reading process stopped (%s): reading its files here",
        lines[-1] if lines else f"exit code {worker.returncode}",
    )
    return {}


def read_shared(read: Reader, items: Sequence[Item], total_bytes: int) -> list[Result]:
    """`read`'s result for every item, in the items' order, read in two processes when there
    is enough to read and a second core to read it on. `read` and the items must pickle."""
    count = len(items)
    if count < 2 or total_bytes < PARALLEL_MIN_BYTES or _cores() < 2:
        return [result for _, result in read(items, iter(range(count)))]
    with tempfile.TemporaryDirectory(prefix="seuranta-read-") as name:
        folder = Path(name)
        with (folder / TASK).open("wb") as handle:
            pickle.dump((read, items), handle, protocol=pickle.HIGHEST_PROTOCOL)
        worker = _start_worker(folder)
        try:
            results = dict(read(items, _claimed(folder, range(count))))
        except BaseException:  # a fault here, or an interrupt: the worker's results are moot
            if worker is not None:
                worker.kill()
                worker.wait()
            raise
        results.update(_worker_results(worker, folder))
    missing = iter([index for index in range(count) if index not in results])
    results.update(read(items, missing))
    return [results[index] for index in range(count)]


def _work(folder: Path) -> None:
    """The worker: claim files from the last one down, read them, write what was read."""
    gc.disable()  # a process that ends after reading: its rows hold no cycles to collect
    with (folder / TASK).open("rb") as handle:
        read, items = pickle.load(handle)  # noqa: S301 - written by the caller just now
    results = dict(read(items, _claimed(folder, reversed(range(len(items))))))
    partial = folder / f"{RESULTS}.part"
    with partial.open("wb") as handle:
        pickle.dump(results, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(folder / RESULTS)


if __name__ == "__main__":
    _work(Path(sys.argv[1]))
