"""Many status workbooks read in two processes give what reading them one by one gives."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from analysis.sources import shared_reading
from analysis.sources.status import read_status_folder
from tests.bad_inputs import book_bytes, table, with_row
from tests.conftest import ROOT

# "<pid of the caller>:<marker file>": the worker creates the marker as it takes its first item,
# and the caller waits for it before each of its own items, so that the worker always gets some
# (on a busy machine it can start after the caller has read everything).
CALLER = "SEURANTA_TEST_READING_CALLER"


def _pid_after_a_while(items: Sequence[int], indices: Iterator[int]) -> Iterator[tuple[int, tuple]]:
    caller, _, marker = os.environ.get(CALLER, "0:").partition(":")
    for index in indices:
        if marker and os.getpid() != int(caller):
            Path(marker).touch()
        elif marker:
            deadline = time.monotonic() + 60
            while not Path(marker).exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        time.sleep(0.02)
        yield index, (items[index], os.getpid())


def _waiting_for_the_worker(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CALLER, f"{os.getpid()}:{tmp_path / 'worker-started'}")


def _two_processes(monkeypatch) -> None:
    monkeypatch.setattr(shared_reading, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(shared_reading, "_cores", lambda: 2)


def test_items_are_shared_between_two_processes_and_kept_in_order(monkeypatch, tmp_path):
    _two_processes(monkeypatch)
    _waiting_for_the_worker(monkeypatch, tmp_path)
    items = list(range(80))
    results = shared_reading.read_shared(_pid_after_a_while, items, total_bytes=1)
    assert [item for item, _ in results] == items
    assert {pid for _, pid in results} - {os.getpid()}, "the worker read nothing"
    assert os.getpid() in {pid for _, pid in results}


def test_a_script_without_a_main_guard_gets_two_processes_and_no_noise(tmp_path):
    script = tmp_path / "script.py"
    script.write_text(
        "import os\n"
        f"os.environ[{CALLER!r}] = f'{{os.getpid()}}:{tmp_path / 'worker-started'}'\n"
        "from analysis.sources import shared_reading\n"
        "from tests.test_shared_reading import _pid_after_a_while\n"
        "shared_reading.PARALLEL_MIN_BYTES = 0\n"
        "shared_reading._cores = lambda: 2\n"
        "results = shared_reading.read_shared(_pid_after_a_while, list(range(80)), 1)\n"
        "print(len({pid for _, pid in results}))\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "2", "")


def test_a_worker_that_fails_leaves_its_files_to_the_caller(monkeypatch, caplog):
    _two_processes(monkeypatch)
    monkeypatch.setattr(shared_reading.sys, "executable", shutil.which("false"))
    items = list(range(10))
    with caplog.at_level(logging.WARNING, logger=shared_reading.__name__):
        results = shared_reading.read_shared(_pid_after_a_while, items, total_bytes=1)
    assert results == [(item, os.getpid()) for item in items]
    assert "the second reading process stopped (exit code 1)" in caplog.text


def test_few_or_small_files_are_read_here_only():
    results = shared_reading.read_shared(_pid_after_a_while, [1, 2, 3], total_bytes=10_000)
    assert {pid for _, pid in results} == {os.getpid()}


def _folder(tmp_path: Path) -> Path:
    """The example's 2025 sheets, a note under a table, a CSV and a damaged workbook."""
    period = tmp_path / "raw/2025"
    shutil.copytree(ROOT / "data/raw/2025/status", period / "status")
    (period / "status/notes.xlsx").write_bytes(
        book_bytes({"Kanslia": table(with_row(Tunnus="K-9"), [], ["Päivitetty 1.12.2025"])})
    )
    (period / "status/export.xlsx").write_text("Tunnus;Tavoite\n1;2\n", encoding="utf-8")
    (period / "status/damaged.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    return period


def _read(period: Path, reference) -> list:
    books = read_status_folder(period / "status", period, reference)
    return [
        (
            book.source_file,
            book.sha256,
            [(p.code, p.sheet, p.cell, p.value) for p in book.problems],
            [(sheet.sheet, sheet.columns, sheet.data) for sheet in book.sheets],
        )
        for book in books
    ]


def test_two_processes_read_a_folder_as_one_does(tmp_path, reference, monkeypatch):
    period = _folder(tmp_path)
    alone = _read(period, reference)
    _two_processes(monkeypatch)
    shared = _read(period, reference)
    assert shared == alone
    assert [name for name, *_ in alone] == sorted(name for name, *_ in alone)
    problems = {code for _, _, found, _ in alone for code, *_ in found}
    assert {"row_not_a_measure", "text_file", "workbook_damaged"} <= problems


def _fails_in_the_caller(items: Sequence[int], indices: Iterator[int]) -> Iterator[tuple[int, int]]:
    caller = os.environ.get("SEURANTA_TEST_CALLER") == str(os.getpid())
    for index in indices:
        if caller:
            raise ValueError("a fault while reading")
        time.sleep(0.02)
        yield index, items[index]


def test_a_fault_in_the_caller_ends_the_worker_and_is_raised(monkeypatch):
    _two_processes(monkeypatch)
    monkeypatch.setenv("SEURANTA_TEST_CALLER", str(os.getpid()))
    started = []
    start = shared_reading._start_worker
    monkeypatch.setattr(
        shared_reading, "_start_worker", lambda folder: started.append(start(folder)) or started[0]
    )
    with pytest.raises(ValueError, match="a fault while reading"):
        shared_reading.read_shared(_fails_in_the_caller, list(range(80)), total_bytes=1)
    [worker] = started
    assert worker.poll() is not None, "the worker is still reading"
