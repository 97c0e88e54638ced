"""Where a run writes, and what it does when the machine refuses: its own staging folder beside
the reports, the database's working copy, free space checked before writing, one message for
a full disk or a folder without permission, the lock on the database, and publishing the
reports and the database together or neither."""

from __future__ import annotations

import errno
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from analysis.problems import RunError

log = logging.getLogger(__name__)

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


def check_space(folder: Path, needed: int, what: str, option: str) -> None:
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


def reports_need(out_dir: Path, langs: tuple[str, ...]) -> int:
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
def writing(what: str, folder: Path, option: str) -> Iterator[None]:
    """Turn a write the machine refuses into one clear message."""
    try:
        yield
    except OSError as exc:
        raise _fault(exc, what, folder, option) from None


def working_copy(db_path: Path) -> Path:
    """Copy the database beside itself; the run writes only to the copy."""
    work = db_path.with_name(db_path.name + ".pending")
    work.unlink(missing_ok=True)
    work.with_name(work.name + ".wal").unlink(missing_ok=True)
    if db_path.exists():
        with duckdb.connect(str(db_path)) as con:
            con.execute("checkpoint")  # fold any write-ahead log into the file before copying
        check_space(
            db_path.parent,
            db_path.stat().st_size + DB_MARGIN,
            "the database's working copy",
            "--db",
        )
        with writing("the database's working copy", db_path.parent, "--db"):
            try:
                shutil.copy2(db_path, work)
            except BaseException:
                work.unlink(missing_ok=True)
                raise
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    return work


def _alive(pid: int) -> bool:
    """Whether a process with this id is running on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def staging_dir(out_dir: Path, period: str) -> Path:
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


def publish(staging: Path, final: Path, work_db: Path, db_path: Path) -> None:
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
    with writing("the database's lock file", db_path.parent, "--db"):
        db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire()
        except Timeout:  # a TimeoutError, so an OSError: told apart from a refused write
            raise RunError(
                f"the database {db_path} is in use by another run (lock file {lock.lock_file}); "
                "wait for that run to finish and try again."
            ) from None
    return lock
