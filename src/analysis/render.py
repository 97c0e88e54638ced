"""Render an executed report notebook into one self-contained index.html (Quarto or nbconvert).

Quarto is used when it is installed (or asked for); otherwise nbconvert with the project's own
`seuranta` template, which loads nothing from the network. Both show only the cells' outputs.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import nbformat
import quarto
import yaml
from nbconvert import HTMLExporter

from analysis.i18n import LANGS, t
from analysis.problems import RunError

log = logging.getLogger(__name__)

RENDERERS = ("auto", "quarto", "nbconvert")
QUARTO_FILES = ("_quarto.yml", "_quarto-fi.yml", "_quarto-en.yml")
TEMPLATE = "seuranta"
# nbconvert looks templates up in folders on disk; the package is always installed as files.
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


class RenderError(RunError):
    """The report page could not be rendered; the message says with what and why."""


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


def render_report(
    executed_notebook: Path,
    out_html: Path,
    lang: str,
    period: str,
    renderer: str = "auto",
) -> str:
    """Write `out_html` from the executed report notebook; returns the renderer used."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGS)}")
    used = resolve_renderer(renderer)
    executed_notebook, out_html = Path(executed_notebook), Path(out_html)
    title = t("report.title", lang, period=period)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    if used == "quarto":
        _render_quarto(executed_notebook, out_html, lang, title)
    else:
        _render_nbconvert(executed_notebook, out_html, lang, title)
    log.debug("rendered %s with %s", out_html, used)
    return used


def _render_nbconvert(executed_notebook: Path, out_html: Path, lang: str, title: str) -> None:
    nb = nbformat.read(executed_notebook, as_version=4)
    nb.metadata["title"] = title  # the page's <title>, read by the template
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        language_code=lang,  # the page's <html lang>
    )
    page, _ = exporter.from_notebook_node(nb)
    out_html.write_text(page, encoding="utf-8")


def _front_matter(title: str, lang: str) -> str:
    """Quarto's YAML front matter for the report page (the first, raw cell of the notebook).

    `pagetitle` rather than `title`: `title` would add Quarto's title block, a second <h1>
    above the report's own header.
    """
    meta = yaml.safe_dump({"pagetitle": title, "lang": lang}, allow_unicode=True, sort_keys=False)
    return f"---\n{meta}---"


def _render_quarto(executed_notebook: Path, out_html: Path, lang: str, title: str) -> None:
    with tempfile.TemporaryDirectory(prefix="seuranta-quarto-") as tmp:
        workdir = Path(tmp)
        nb = nbformat.read(executed_notebook, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_raw_cell(_front_matter(title, lang)))
        notebook = workdir / "index.ipynb"
        nbformat.write(nb, notebook)
        project_files = resources.files("analysis").joinpath("quarto")
        for name in QUARTO_FILES:
            (workdir / name).write_bytes(project_files.joinpath(name).read_bytes())
        with _environment("QUARTO_PROFILE", lang):
            # The wrapper ignores Quarto's exit status: the output file is the evidence.
            quarto.render(str(notebook), output_format="html", execute=False)
        produced = workdir / "index.html"
        if not produced.is_file():
            raise RenderError(
                f"Quarto did not produce index.html from {executed_notebook} "
                f"(profile {lang}); see Quarto's messages above"
            )
        shutil.move(produced, out_html)


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
