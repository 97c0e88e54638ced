"""Shared fixtures: the project's configuration, small status workbooks written on the fly, and
the Quarto that the rendering tests use."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import pytest
from openpyxl import Workbook

from analysis import db
from analysis.cli import main
from analysis.config import Reference, load_reference
from analysis.report import charts
from analysis.sources.ingest import ingest_period

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config"


def digest(path: Path) -> str:
    """The SHA-256 of a file: its state, to compare before and after a run."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_args(base: Path, db: Path | None = None, out: Path | None = None) -> list[str]:
    """`seuranta run` of 2025 in English with the inputs in `base/raw`, the database and the
    reports in `base` unless `db` or `out` says otherwise."""
    return [
        "run", "--period", "2025", "--lang", "en",
        "--raw", str(base / "raw"),
        "--db", str(db or base / "seuranta.duckdb"),
        "--out", str(out or base / "reports"),
        "--config", str(CONFIG),
        "--notebooks", str(ROOT / "notebooks"),
    ]  # fmt: skip


# `make quarto` builds Quarto into .quarto/ from this folder when it exists (CI machines).
QUARTO_TOOLS = ROOT.parent / "shared" / "tools" / "quarto"
BUILT_QUARTO = ROOT / ".quarto" / "bin" / "quarto"
HEADERS_FI = [
    "Tunnus",
    "Tavoite",
    "Toimenpide",
    "Toimiala",
    "Teema",
    "Tila",
    "Edistyminen %",
    "Raportointi",
]


# The modules that take minutes, in the order they start. `make test` splits the suite over two
# workers a module at a time (pytest-xdist, `--dist loadfile --no-loadscope-reorder`); a long
# module collected last would run alone at the end.
LONG_MODULES = (
    "test_published_report",
    "test_faults",
    "test_kill",
    "test_corpus",
    "test_open_data",
    "test_end_to_end",
    "test_install",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long modules first, every other test in its collected order."""
    rank = {name: i for i, name in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(CONFIG)


@pytest.fixture
def con(reference: Reference) -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty in-memory database with the tables, the views and the example's reference."""
    with db.connect(None) as connection:
        db.apply_models(connection)
        db.load_reference(connection, reference)
        yield connection


SheetSpec = dict[str, Sequence[Sequence[object]]]  # sheet name -> rows (first rows may be titles)


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    path = tmp_path / "raw"
    path.mkdir()
    return path


@pytest.fixture
def write_workbook(raw_dir: Path) -> Callable[..., Path]:
    """Write `raw/<period>/status/<name>` with the given sheets; returns its path."""

    def write(name: str, sheets: SheetSpec, period: str = "2025") -> Path:
        folder = raw_dir / period / "status"
        folder.mkdir(parents=True, exist_ok=True)
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        path = folder / name
        book.save(path)
        return path

    return write


def status_rows(*rows: Sequence[object], title: bool = True) -> list[Sequence[object]]:
    """A Finnish status table with two title rows above the header."""
    head: list[Sequence[object]] = [["Tilannekatsaus 2025"], []] if title else []
    return [*head, HEADERS_FI, *rows]


@pytest.fixture
def drawn_figures(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every figure a page part hands to plotly while the test runs, as plotly.js gets it."""
    figures: list[dict] = []
    to_html = charts.pio.to_html

    def record(fig: dict, **options: object) -> str:
        figures.append(fig)
        return to_html(fig, **options)

    monkeypatch.setattr(charts.pio, "to_html", record)
    return figures


def assert_valid_figures(figures: Sequence[dict]) -> None:
    """plotly's own validation of each figure, which the pages skip for speed: an unknown
    property or a bad value raises."""
    for fig in figures:
        go.Figure(fig)


def run_example_periods(base: Path, *options: str, reports_of_2024: bool = True) -> None:
    """`seuranta run` of both example periods with the inputs in `base/raw`, the database and
    the reports in `base`; each run must succeed. Without `reports_of_2024`, 2024 is only
    loaded, as the history of 2025 (for tests that read 2025's outputs only)."""
    if not reports_of_2024:
        ingest_period("2024", base / "raw", base / "seuranta.duckdb", CONFIG)
    for period in ("2024", "2025") if reports_of_2024 else ("2025",):
        code = main(
            [
                "run",
                "--period",
                period,
                "--raw",
                str(base / "raw"),
                "--db",
                str(base / "seuranta.duckdb"),
                "--out",
                str(base / "reports"),
                "--config",
                str(CONFIG),
                "--notebooks",
                str(ROOT / "notebooks"),
                *options,
            ]
        )
        assert code == 0, period


def find_quarto() -> str | None:
    """The Quarto for the tests: `make quarto`'s build in .quarto/, else QUARTO_PATH or
    `quarto` on PATH (as the renderer finds it); None when there is none."""
    if BUILT_QUARTO.is_file() and os.access(BUILT_QUARTO, os.X_OK):
        return str(BUILT_QUARTO)
    found = os.environ.get("QUARTO_PATH") or shutil.which("quarto")
    return found if found and shutil.which(found) else None


def quarto_or_skip(found: str | None, tools: Path = QUARTO_TOOLS) -> str:
    """`found`, else skip with the reason; but fail when CI is set and Quarto's build tools are
    there, so that CI never passes without rendering with the real Quarto."""
    if found:
        return found
    reason = "Quarto is not installed (`make quarto` builds it into .quarto/ from ../shared/tools)"
    if os.environ.get("CI") and tools.is_dir():
        pytest.fail(f"Quarto tests cannot run in CI: {reason}")
    pytest.skip(reason)


@contextmanager
def using_quarto(path: str) -> Iterator[None]:
    """QUARTO_PATH set to `path` for the block (the renderer then uses that Quarto)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUARTO_PATH", path)
        yield


@pytest.fixture
def real_quarto() -> Iterator[str]:
    """The real Quarto, set as QUARTO_PATH for the test; skips (or fails in CI) without it."""
    path = quarto_or_skip(find_quarto())
    with using_quarto(path):
        yield path


@pytest.fixture(scope="module")
def real_quarto_module() -> Iterator[str]:
    """`real_quarto` for the tests of a module."""
    path = quarto_or_skip(find_quarto())
    with using_quarto(path):
        yield path
