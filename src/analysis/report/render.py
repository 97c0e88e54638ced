"""Render executed report notebooks into self-contained HTML pages (Quarto or nbconvert).

The outputs of the executed notebooks are first split into pages by the page named in each
output's metadata (analysis.report.pages): the overview `index.html`, and e.g. one page per
division of the report notebook. A markdown cell goes to the overview, unless it is tagged
`remove-cell` (a heading for the notebook's reader, say): such a cell goes on no page. Each
page becomes a small notebook of its own, which is then rendered by Quarto when it is
installed (or asked for), otherwise by nbconvert with the project's own `seuranta` template,
which loads nothing from the network. For Quarto each page is written as markdown in which
every HTML output is a placeholder, all the pages of a language are rendered by one
`quarto render`, and the placeholders are then filled in: so both renderers give the same
page content, in the same frame (`page.css`), and neither puts a timestamp in it. Both show
only the cells' outputs.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat
import quarto
import yaml
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode

from analysis.i18n import LANGS, t
from analysis.problems import RunError
from analysis.report import pages

log = logging.getLogger(__name__)

RENDERERS = ("auto", "quarto", "nbconvert")
QUARTO_FILES = ("_quarto.yml", *(f"_quarto-{lang}.yml" for lang in LANGS))
TEMPLATE = "seuranta"
# nbconvert looks templates up in folders on disk; the package is always installed as files.
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# The tag of a cell that is for the notebook's reader only: it goes on no page (the name that
# Jupyter Book and nbconvert's examples give such cells).
NOTEBOOK_ONLY = "remove-cell"
# The frame of every page (width, font), the same file for both renderers.
PAGE_CSS = TEMPLATE_DIR / TEMPLATE / "page.css"
# Where an HTML part of a page goes in the markdown given to Quarto.
PART = "<!-- seuranta-part-{} -->"
_PART = re.compile(r"<!-- seuranta-part-(\d+) -->")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^WARN(ING)?\b")


class RenderError(RunError):
    """A report page could not be rendered; the message says with what and why."""


@dataclass
class PageCells:
    """One page to render: its path in the language folder, its title and its cells."""

    path: str
    title: str | None = None
    cells: list[NotebookNode] = field(default_factory=list)


def quarto_available() -> bool:
    """Whether the Quarto command line tool is found (`QUARTO_PATH`, else `quarto` on PATH)."""
    path = quarto.path()
    return path is not None and shutil.which(path) is not None


def resolve_renderer(requested: str = "auto") -> str:
    """The renderer to use for `requested` ("auto", "quarto" or "nbconvert").

    "auto" is Quarto when it is installed, else nbconvert, and then says so in one log line.
    """
    if requested not in RENDERERS:
        raise ValueError(f"unknown renderer {requested!r}: expected one of {', '.join(RENDERERS)}")
    if requested == "nbconvert":
        return "nbconvert"
    if quarto_available():
        return "quarto"
    if requested == "quarto":
        raise RenderError(
            "renderer 'quarto' was asked for, but Quarto is not installed "
            "(install it, or render with nbconvert)"
        )
    log.info("Quarto not found on PATH: rendering with nbconvert and the seuranta template")
    return "nbconvert"


def notebook_only(cell: NotebookNode) -> bool:
    """Whether a cell is for the notebook's reader only (tagged `remove-cell`)."""
    return NOTEBOOK_ONLY in cell.get("metadata", {}).get("tags", [])


def split_pages(notebooks: Sequence[NotebookNode]) -> list[PageCells]:
    """The pages of one language, in the order they first appear in the notebooks.

    Each output goes to the page its metadata names (the overview when it names none), an
    output of page `*` to every page that another output of its own notebook goes to, one of
    page `*charts` to each of those pages that shows a chart, a markdown cell to the overview;
    a cell tagged `remove-cell` to no page.
    Cells keep their order; a cell with outputs for several pages is copied into each.
    """
    found: dict[str, PageCells] = {}

    def page(path: str) -> PageCells:
        return found.setdefault(path, PageCells(path))

    for nb in notebooks:
        cells = [cell for cell in nb.cells if not notebook_only(cell)]
        named = [
            (path, output)
            for cell in cells
            for output in cell.get("outputs", [])
            for path in [pages.page_of(output)[0]]
            if path not in (pages.SHARED, pages.CHARTED)
        ]
        own = list(dict.fromkeys(path for path, _ in named))
        charted = list(dict.fromkeys(path for path, output in named if _has_chart(output)))
        shared = {pages.SHARED: own, pages.CHARTED: charted}
        for cell in cells:
            if cell.cell_type == "markdown":
                page(pages.INDEX).cells.append(cell)
                continue
            if cell.cell_type != "code":
                continue
            by_page: dict[str, list[NotebookNode]] = {}
            for output in cell.get("outputs", []):
                path, title = pages.page_of(output)
                for target in shared.get(path, [path]):
                    by_page.setdefault(target, []).append(output)
                    if title and page(target).title is None:
                        page(target).title = title
            for target, outputs in by_page.items():
                part = copy.deepcopy(
                    {key: value for key, value in cell.items() if key != "outputs"}
                )
                part["outputs"] = outputs
                page(target).cells.append(nbformat.from_dict(part))
    return list(found.values())


def _has_chart(output: NotebookNode) -> bool:
    """Whether an output shows a plotly chart (its figure div, as plotly writes it)."""
    return 'class="plotly-graph-div"' in _text(output.get("data", {}).get("text/html", ""))


def render_pages(
    executed_notebooks: Sequence[Path],
    out_dir: Path,
    lang: str,
    period: str,
    renderer: str = "auto",
) -> list[Path]:
    """Write every page of the executed notebooks of one language under `out_dir`
    (`index.html`, `divisions/<code>.html`, ...); returns the pages written."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGS)}")
    used = resolve_renderer(renderer)
    read = [nbformat.read(Path(path), as_version=4) for path in executed_notebooks]
    split = split_pages(read)
    metadata = read[0].metadata if read else {}
    notebooks = {
        page.path: _page_notebook(
            page, metadata, page.title or t("report.title", lang, period=period)
        )
        for page in split
    }
    out_dir = Path(out_dir)
    if used == "quarto":
        _render_quarto(notebooks, out_dir, lang)
    else:
        _render_nbconvert(notebooks, out_dir, lang)
    written = [out_dir / path for path in notebooks]
    log.debug("rendered %d page(s) in %s with %s", len(written), out_dir, used)
    return written


def render_report(
    executed_notebook: Path,
    out_html: Path,
    lang: str,
    period: str,
    renderer: str = "auto",
) -> str:
    """Write the overview page `out_html` (and any other page of the notebook beside it) from
    one executed report notebook; returns the renderer used."""
    out_html = Path(out_html)
    if out_html.name != pages.INDEX:
        raise ValueError(f"the overview page is called {pages.INDEX}, not {out_html.name}")
    used = resolve_renderer(renderer)
    render_pages([Path(executed_notebook)], out_html.parent, lang, period, used)
    return used


def _page_notebook(page: PageCells, metadata: NotebookNode | dict, title: str) -> NotebookNode:
    nb = nbformat.v4.new_notebook(cells=page.cells)
    nb.metadata = copy.deepcopy(metadata)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:  # papermill's timestamps and durations: not part of any page
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata["title"] = title  # the page's <title>, read by the template and Quarto
    return nb


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    That pass re-parses every page only to give `<img>` elements without `alt` a placeholder
    and JupyterLab's cell wrappers a tab stop. The seuranta template writes neither (the
    browser tests check the pages with axe-core), and on pages with large tables the pass took
    two thirds of the render time.
    """

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", Highlight2HTML(parent=self))
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def _render_nbconvert(notebooks: dict[str, NotebookNode], out_dir: Path, lang: str) -> None:
    exporter = PageExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        language_code=lang,  # the page's <html lang>
        # the page notebook is checked against the schema once, after all preprocessors, not
        # after each of them (twelve times a page, a third of the render)
        optimistic_validation=True,
    )
    for path, nb in notebooks.items():
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        html, _ = exporter.from_notebook_node(nb)
        target.write_text(html, encoding="utf-8")


def _front_matter(title: str, lang: str) -> str:
    """Quarto's YAML front matter for a page.

    `pagetitle` rather than `title`: `title` would add Quarto's title block, a second <h1>
    above the report's own header.
    """
    meta = yaml.safe_dump({"pagetitle": title, "lang": lang}, allow_unicode=True, sort_keys=False)
    return f"---\n{meta}---"


def _raw_html(markup: str) -> str:
    return f"```{{=html}}\n{markup}\n```"


def page_source(nb: NotebookNode, lang: str) -> tuple[str, list[str]]:
    """A page notebook as Quarto markdown, and the HTML parts that it leaves out.

    Each output is shown as nbconvert's template shows it: its `text/html` (else its
    `text/markdown`), nothing else. An HTML part becomes a placeholder comment in a raw
    `{=html}` block, filled in after Quarto ran (`fill_parts`), so that Quarto sees no
    `text/html` output (it would add require.js and jQuery from a CDN) and neither parses nor
    rewrites the report's tables and scripts. Markdown cells stay markdown, in the
    `sr-markdown` block that the nbconvert template gives them.
    """
    parts: list[str] = []
    blocks = [_front_matter(nb.metadata["title"], lang), _raw_html("<main>")]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            blocks.append(f"::: {{.sr-markdown}}\n{cell.source}\n:::")
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = output.get("data", {})
            if "text/html" in data:
                blocks.append(_raw_html(PART.format(len(parts))))
                parts.append(_text(data["text/html"]))
            elif "text/markdown" in data:
                blocks.append(_text(data["text/markdown"]))
    blocks.append(_raw_html("</main>"))
    return "\n\n".join(blocks) + "\n", parts


def fill_parts(html: str, parts: Sequence[str]) -> str:
    """The page Quarto wrote with each placeholder replaced by its HTML part (in one pass, so
    that a part's own text is never taken for a placeholder)."""

    def part(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return parts[index] if index < len(parts) else match.group(0)

    return _PART.sub(part, html)


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _render_quarto(notebooks: dict[str, NotebookNode], out_dir: Path, lang: str) -> None:
    """Render every page with one `quarto render` of a project folder holding them all."""
    with tempfile.TemporaryDirectory(prefix="seuranta-quarto-") as tmp:
        workdir = Path(tmp)
        parts: dict[str, list[str]] = {}
        for path, nb in notebooks.items():
            text, parts[path] = page_source(nb, lang)
            source = workdir / Path(path).with_suffix(".md")
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(text, encoding="utf-8")
        project_files = resources.files("analysis.report").joinpath("quarto")
        for name in QUARTO_FILES:
            (workdir / name).write_bytes(project_files.joinpath(name).read_bytes())
        (workdir / PAGE_CSS.name).write_bytes(PAGE_CSS.read_bytes())
        result = _run_quarto(workdir, lang)
        missing = [path for path in notebooks if not (workdir / path).is_file()]
        if missing:
            raise RenderError(
                f"Quarto did not produce {', '.join(missing)} (profile {lang}): "
                f"{_tail(result.stderr) or 'no message'}"
            )
        summary = warnings_summary(result.stderr)
        if summary:
            log.warning("Quarto (%s, %d page(s)): %s", lang, len(notebooks), summary)
        for path in notebooks:
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            html = (workdir / path).read_text(encoding="utf-8")
            target.write_text(fill_parts(html, parts[path]), encoding="utf-8")


def _run_quarto(workdir: Path, lang: str) -> subprocess.CompletedProcess[str]:
    """`quarto render <workdir> --to html` with the language's profile; its output captured
    (the exit status is not trusted: the output files are the evidence)."""
    command = [quarto.path() or "quarto", "render", str(workdir), "--to", "html"]
    env = {**os.environ, "QUARTO_PROFILE": lang}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def warnings_summary(stderr: str) -> str:
    """Quarto's warnings in one line: how many, and the first of them; "" when none."""
    lines = (_ANSI.sub("", line).strip() for line in stderr.splitlines())
    found = [line for line in lines if _WARNING.match(line)]
    if not found:
        return ""
    return f"{len(found)} warning(s), the first: {found[0]}"


def _tail(stderr: str, lines: int = 5) -> str:
    return " | ".join(line.strip() for line in stderr.strip().splitlines()[-lines:])
