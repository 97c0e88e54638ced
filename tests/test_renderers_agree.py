"""Quarto and nbconvert give the same page from the same executed notebooks: the same language,
title, headings, tables (their attributes, and each cell's tag and attributes, so that row headers
stay `th scope="row"` and no renderer adds its own classes), charts, links and scripts (the real
Quarto, when found)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.report.render import render_pages
from tests.conftest import ROOT, run_example_periods

pytestmark = pytest.mark.slow

LANGS = ("fi", "en")


@dataclass
class Structure(HTMLParser):
    """What a reader (or a screen reader) finds on a page, in document order."""

    lang: str | None = None
    title: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)
    tables: list[list[tuple[str, tuple, str]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    _open: list[list] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "table":
            self.tables.append([("table", tuple(sorted(attrs)), "")])
        elif tag == "script":
            self.scripts.append(values.get("src") or "inline")
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "div" and "plotly-graph-div" in (values.get("class") or "").split():
            self.figures.append(values.get("id") or "")
        if tag in {"title", "h1", "h2", "h3", "h4", "th", "td"}:
            self._open.append([tag, tuple(sorted(attrs)), ""])

    def handle_data(self, data: str) -> None:
        for entry in self._open:
            entry[2] += data

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            return
        name, attrs, text = self._open.pop()
        text = " ".join(text.split())
        if name == "title":
            self.title = text
        elif name in {"th", "td"}:
            if self.tables:
                self.tables[-1].append((name, attrs, text))
        else:
            self.headings.append((name, text))


def structure(path: Path) -> Structure:
    parsed = Structure()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture(scope="module")
def renderings(
    tmp_path_factory: pytest.TempPathFactory, real_quarto_module: str
) -> dict[str, Path]:
    """reports/2025 of one nbconvert run, and its executed notebooks rendered again by Quarto."""
    base = tmp_path_factory.mktemp("agree")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    run_example_periods(base, "--renderer", "nbconvert", reports_of_2024=False)
    period = base / "reports" / "2025"
    other = base / "quarto"
    for lang in LANGS:
        executed = period / "notebooks" / f"30_report.{lang}.ipynb"
        render_pages([executed], other / lang, lang, "2025", renderer="quarto")
    return {"nbconvert": period, "quarto": other}


def test_both_renderers_give_the_same_structure(renderings: dict[str, Path]) -> None:
    nbconvert, quarto = renderings["nbconvert"], renderings["quarto"]
    pages = sorted(p.relative_to(nbconvert).as_posix() for p in nbconvert.glob("??/**/*.html"))
    assert pages and pages == sorted(
        p.relative_to(quarto).as_posix() for p in quarto.glob("??/**/*.html")
    )
    for page in pages:
        a, b = structure(nbconvert / page), structure(quarto / page)
        assert a.lang == b.lang == page[:2], page
        assert a.title == b.title and a.title, page
        assert a.headings == b.headings and a.headings, page
        text_only = page.endswith("accessibility.html")  # the statement: no table, no chart
        assert a.tables == b.tables and (a.tables or text_only), page
        row_headers = [c for table in a.tables for c in table if ("scope", "row") in c[1]]
        assert {name for name, _, _ in row_headers} == ({"th"} if not text_only else set()), page
        assert a.figures == b.figures and (a.figures or text_only), page
        assert a.links == b.links and a.links, page
        assert a.scripts == b.scripts, page
