"""What a reader (or a screen reader) finds on a report page, to compare two renderings of it:
the language, title, headings, tables (their attributes, and each cell's tag and attributes),
charts, links and scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


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
