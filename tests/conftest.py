"""Shared fixtures: the project's configuration and small status workbooks written on the fly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import plotly.graph_objects as go
import pytest
from openpyxl import Workbook

from analysis.cli import main
from analysis.config import Reference, load_reference
from analysis.report import charts

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config"
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


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(CONFIG)


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


def run_example_periods(base: Path, *options: str) -> None:
    """`seuranta run` of both example periods with the inputs in `base/raw`, the database and
    the reports in `base`; each run must succeed."""
    for period in ("2024", "2025"):
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
