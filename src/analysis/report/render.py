"""Render executed report notebooks into self-contained HTML pages (Quarto or nbconvert).

The outputs of the executed notebooks are first split into pages by the page named in each
output's metadata (analysis.report.pages): the overview `index.html`, and e.g. one page per
division of the report notebook. A markdown cell goes to the overview, unless it is tagged
`remove-cell` (a heading for the notebook's reader, say): such a cell goes on no page. Each
page becomes a small notebook of its own, which is then rendered by Quarto when it is
installed (or asked for; one `quarto render` of all the pages of a language), otherwise by
nbconvert with the project's own `seuranta` template, which loads nothing from the network.
Both show only the cells' outputs.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
QUARTO_FILES = ("_quarto.yml", "_quarto-fi.yml", "_quarto-en.yml")
TEMPLATE = "seuranta"
# nbconvert looks templates up in folders on disk; the package is always installed as files.
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# The tag of a cell that is for the notebook's reader only: it goes on no page (the name that
# Jupyter Book and nbconvert's examples give such cells).
NOTEBOOK_ONLY = "remove-cell"


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
    output of page `*` to every page that another output of its own notebook goes to, a
    markdown cell to the overview; a cell tagged `remove-cell` to no page.
    Cells keep their order; a cell with outputs for several pages is copied into each.
    """
    found: dict[str, PageCells] = {}

    def page(path: str) -> PageCells:
        return found.setdefault(path, PageCells(path))

    for nb in notebooks:
        cells = [cell for cell in nb.cells if not notebook_only(cell)]
        named = [
            path
            for cell in cells
            for path, _ in map(pages.page_of, cell.get("outputs", []))
            if path != pages.SHARED
        ]
        own = list(dict.fromkeys(named))
        for cell in cells:
            if cell.cell_type == "markdown":
                page(pages.INDEX).cells.append(cell)
                continue
            if cell.cell_type != "code":
                continue
            by_page: dict[str, list[NotebookNode]] = {}
            for output in cell.get("outputs", []):
                path, title = pages.page_of(output)
                for target in own if path == pages.SHARED else [path]:
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
    )
    for path, nb in notebooks.items():
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        html, _ = exporter.from_notebook_node(nb)
        target.write_text(html, encoding="utf-8")


def _front_matter(title: str, lang: str) -> str:
    """Quarto's YAML front matter for a page (the first, raw cell of its notebook).

    `pagetitle` rather than `title`: `title` would add Quarto's title block, a second <h1>
    above the report's own header.
    """
    meta = yaml.safe_dump({"pagetitle": title, "lang": lang}, allow_unicode=True, sort_keys=False)
    return f"---\n{meta}---"


def _render_quarto(notebooks: dict[str, NotebookNode], out_dir: Path, lang: str) -> None:
    """Render every page with one `quarto render` of a project folder holding them all."""
    with tempfile.TemporaryDirectory(prefix="seuranta-quarto-") as tmp:
        workdir = Path(tmp)
        for path, nb in notebooks.items():
            nb = copy.deepcopy(nb)
            nb.cells.insert(0, nbformat.v4.new_raw_cell(_front_matter(nb.metadata["title"], lang)))
            source = workdir / Path(path).with_suffix(".ipynb")
            source.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, source)
        project_files = resources.files("analysis.report").joinpath("quarto")
        for name in QUARTO_FILES:
            (workdir / name).write_bytes(project_files.joinpath(name).read_bytes())
        with _environment("QUARTO_PROFILE", lang):
            # The wrapper ignores Quarto's exit status: the output files are the evidence.
            quarto.render(str(workdir), output_format="html", execute=False)
        missing = [path for path in notebooks if not (workdir / path).is_file()]
        if missing:
            raise RenderError(
                f"Quarto did not produce {', '.join(missing)} (profile {lang}); "
                "see Quarto's messages above"
            )
        for path in notebooks:
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(workdir / path, target)


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    """Set one environment variable for the duration of the block, then restore it."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before
