"""Rendering an executed report notebook to one HTML page: nbconvert, and Quarto (a stand-in)."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.report.render import (
    RenderError,
    fill_parts,
    quarto_available,
    render_pages,
    render_report,
    split_pages,
    warnings_summary,
)
from tests.conftest import quarto_or_skip

CODE = "secret_code_input = report.load()"
# A script, stylesheet, image or frame that would be fetched from another host.
NETWORK = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=[\"']?(https?:)?//", re.I)


def executed_notebook(path: Path) -> Path:
    """A small notebook as papermill leaves it: code inputs with html, plain and stderr outputs."""
    cells = [
        new_code_cell(
            CODE,
            execution_count=1,
            outputs=[
                new_output(
                    "execute_result",
                    {"text/html": '<p id="shown">Hei maailma</p>', "text/plain": "<Html: 30>"},
                    execution_count=1,
                ),
                new_output("stream", name="stderr", text="UserWarning: do not show this"),
            ],
        ),
        new_code_cell(
            "page.footer()",
            execution_count=2,
            outputs=[
                new_output("display_data", {"text/html": "<footer>loppu</footer>"}),
                new_output("display_data", {"text/plain": "PLAIN_REPR_ONLY"}),
                new_output("display_data", {"text/markdown": "**merkitty**"}),
            ],
        ),
        new_markdown_cell("Analyytikon *huomautus*."),
    ]
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, path)
    return path


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    return executed_notebook(tmp_path / "30_report.en.ipynb")


def on(page: str, title: str | None = None) -> dict:
    """Display metadata that puts an output on `page`."""
    meta = {"page": page} if title is None else {"page": page, "title": title}
    return {"seuranta": meta}


def html_output(markup: str, metadata: dict | None = None):
    return new_output("display_data", {"text/html": markup}, metadata=metadata or {})


def paged(path: Path) -> Path:
    """An executed notebook whose outputs name their pages, as the report notebook's do."""
    cells = [
        new_code_cell("page.assets()", outputs=[html_output("<style>/*shared*/</style>", on("*"))]),
        new_code_cell("page.header()", outputs=[html_output("<h1>Yleiskuva</h1>")]),
        new_code_cell(
            "book.headers()",
            outputs=[
                html_output("<h1>Sivu A</h1>", on("divisions/a.html", "Sivu A")),
                html_output("<h1>Sivu B</h1>", on("divisions/b.html", "Sivu B")),
                new_output("stream", name="stderr", text="varoitus"),
            ],
        ),
        new_markdown_cell("Analyytikon huomio."),
        new_code_cell(
            "book.footers()", outputs=[html_output("<p>B loppu</p>", on("divisions/b.html"))]
        ),
    ]
    nbformat.write(
        new_notebook(
            cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
        ),
        path,
    )
    return path


@pytest.fixture
def paged_notebook(tmp_path: Path) -> Path:
    return paged(tmp_path / "30_report.fi.ipynb")


def html_of(cells) -> list[str]:
    return [o["data"]["text/html"] for c in cells for o in c.get("outputs", []) if "data" in o]


def test_split_pages_by_output_metadata(paged_notebook: Path) -> None:
    split = split_pages([nbformat.read(paged_notebook, as_version=4)])
    assert [page.path for page in split] == ["index.html", "divisions/a.html", "divisions/b.html"]
    index, a, b = split
    assert html_of(index.cells) == ["<style>/*shared*/</style>", "<h1>Yleiskuva</h1>"]
    assert [cell.source for cell in index.cells][-1] == "Analyytikon huomio."  # prose: overview
    assert html_of(a.cells) == ["<style>/*shared*/</style>", "<h1>Sivu A</h1>"]
    assert html_of(b.cells) == ["<style>/*shared*/</style>", "<h1>Sivu B</h1>", "<p>B loppu</p>"]
    assert (index.title, a.title, b.title) == (None, "Sivu A", "Sivu B")
    assert [cell.source for cell in b.cells] == [
        "page.assets()",
        "book.headers()",
        "book.footers()",
    ]


def test_cells_tagged_remove_cell_go_on_no_page(paged_notebook: Path, tmp_path: Path) -> None:
    nb = nbformat.read(paged_notebook, as_version=4)
    heading = new_markdown_cell("## Division pages", metadata={"tags": ["remove-cell"]})
    hidden = new_code_cell(
        "report.debug()",
        metadata={"tags": ["remove-cell"]},
        outputs=[html_output("<p>draft</p>"), html_output("<p>draft C</p>", on("c.html"))],
    )
    nb.cells[2:2] = [heading, hidden]
    split = split_pages([nb])
    assert [page.path for page in split] == ["index.html", "divisions/a.html", "divisions/b.html"]
    sources = [cell.source for page in split for cell in page.cells]
    assert "## Division pages" not in sources and "report.debug()" not in sources
    assert "Analyytikon huomio." in sources  # an untagged markdown cell still goes to the overview
    out = tmp_path / "fi"
    render_pages([_write(nb, tmp_path / "tagged.ipynb")], out, "fi", "2025", renderer="nbconvert")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Division pages" not in index and "draft" not in index
    assert "Analyytikon huomio." in index


def _write(nb, path: Path) -> Path:
    nbformat.write(nb, path)
    return path


def test_shared_outputs_stay_within_their_notebook(paged_notebook: Path, tmp_path: Path) -> None:
    extra = new_notebook(
        cells=[
            new_code_cell("x", outputs=[html_output("<i>only c</i>", on("*"))]),
            new_code_cell("y", outputs=[html_output("<p>C</p>", on("c.html"))]),
        ]
    )
    split = split_pages([nbformat.read(paged_notebook, as_version=4), extra])
    pages_by_path = {page.path: page for page in split}
    assert html_of(pages_by_path["c.html"].cells) == ["<i>only c</i>", "<p>C</p>"]
    assert "<i>only c</i>" not in html_of(pages_by_path["index.html"].cells)


def test_chart_scripts_go_only_to_the_pages_with_a_chart() -> None:
    """plotly.js (an output of page `*charts`) reaches each page of its notebook that shows a
    chart, the CSS (page `*`) every page; a page without a chart loads no plotly.js."""
    chart = '<figure><div id="sr-chart-a" class="plotly-graph-div"></div></figure>'
    nb = new_notebook(
        cells=[
            new_code_cell(
                "report.assets()",
                outputs=[
                    html_output("<style>/*css*/</style>", on("*")),
                    html_output("<script>/*plotly*/</script>", on("*charts")),
                ],
            ),
            new_code_cell("report.header()", outputs=[html_output(chart)]),
            new_code_cell(
                "book.trends()", outputs=[html_output(chart, on("divisions/a.html", "A"))]
            ),
            new_code_cell(
                "report.accessibility()",
                outputs=[html_output("<p>Saavutettavuus</p>", on("s.html"))],
            ),
        ]
    )
    split = {page.path: html_of(page.cells) for page in split_pages([nb])}
    scripts = ["<style>/*css*/</style>", "<script>/*plotly*/</script>"]
    assert split == {
        "index.html": [*scripts, chart],
        "divisions/a.html": [*scripts, chart],
        "s.html": ["<style>/*css*/</style>", "<p>Saavutettavuus</p>"],
    }


@pytest.mark.parametrize("bad", ["../../x.html", "/etc/x.html", "a/b/c.html", "x.htm", "a b.html"])
def test_a_page_path_must_stay_in_the_language_folder(tmp_path: Path, bad: str) -> None:
    nb = new_notebook(cells=[new_code_cell("x", outputs=[html_output("<p>x</p>", on(bad))])])
    with pytest.raises(ValueError, match="not a report page path"):
        split_pages([nb])


def test_nbconvert_renders_every_page(paged_notebook: Path, tmp_path: Path) -> None:
    out = tmp_path / "fi"
    written = render_pages([paged_notebook], out, "fi", "2025", renderer="nbconvert")
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "divisions/a.html",
        "divisions/b.html",
        "index.html",
    ]
    a = (out / "divisions" / "a.html").read_text(encoding="utf-8")
    assert '<html lang="fi">' in a and "<title>Sivu A</title>" in a
    assert "/*shared*/" in a and "<h1>Sivu A</h1>" in a and "Sivu B" not in a
    assert "Yleiskuva" not in a and "Analyytikon" not in a and "varoitus" not in a
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Strategian seuranta 2025</title>" in index and "Sivu A" not in index
    assert "<em>" not in index and "Analyytikon huomio." in index


@pytest.fixture
def no_quarto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH on which no `quarto` is found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.delenv("QUARTO_PATH", raising=False)
    monkeypatch.setenv("PATH", str(empty))


def fake_quarto(bin_dir: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put an executable `quarto` shell script first on PATH."""
    bin_dir.mkdir()
    quarto = bin_dir / "quarto"
    quarto.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    quarto.chmod(0o755)
    monkeypatch.delenv("QUARTO_PATH", raising=False)
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    monkeypatch.setenv("PATH", os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"]))


def test_nbconvert_page_shows_outputs_only(notebook: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "en" / "index.html"
    assert render_report(notebook, out, "en", "2025", renderer="nbconvert") == "nbconvert"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page and "<title>Strategy follow-up 2025</title>" in page
    assert '<meta charset="utf-8"' in page and 'name="viewport"' in page
    assert "<main>" in page and page.index("<main>") < page.index('<p id="shown">Hei maailma</p>')
    assert "<footer>loppu</footer>" in page and "<strong>merkitty</strong>" in page
    assert "<em>huomautus</em>" in page  # markdown cells are the analyst's prose
    for hidden in ("secret_code_input", "PLAIN_REPR_ONLY", "UserWarning", "&lt;Html", "Out["):
        assert hidden not in page
    assert not NETWORK.search(page)
    assert "require.js" not in page and "mathjax" not in page.lower()


def test_nbconvert_page_in_finnish(notebook: Path, tmp_path: Path) -> None:
    out = tmp_path / "index.html"
    render_report(notebook, out, "fi", "2024", renderer="nbconvert")
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fi">' in page and "<title>Strategian seuranta 2024</title>" in page


def test_auto_without_quarto_uses_nbconvert_and_says_so(
    notebook: Path, tmp_path: Path, no_quarto: None, caplog: pytest.LogCaptureFixture
) -> None:
    assert not quarto_available()
    with caplog.at_level(logging.INFO, logger="analysis.report.render"):
        used = render_report(notebook, tmp_path / "index.html", "en", "2025")
    assert used == "nbconvert"
    assert "Quarto not found on PATH: rendering with nbconvert" in caplog.text
    assert "with nbconvert" in caplog.records[-1].getMessage()


def test_quarto_asked_for_but_missing(notebook: Path, tmp_path: Path, no_quarto: None) -> None:
    with pytest.raises(RenderError, match="Quarto is not installed"):
        render_report(notebook, tmp_path / "index.html", "en", "2025", renderer="quarto")


def test_unknown_renderer(notebook: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown renderer 'pdf'"):
        render_report(notebook, tmp_path / "index.html", "en", "2025", renderer="pdf")


# A stand-in for `quarto render <project folder> --to html`: it records its call and writes, for
# every page's markdown in the folder, an HTML file beside it with the page's title and body.
FAKE_RENDER = """
record="{record}"
echo call >> "$record/calls"
printf '%s\\n' "$@" > "$record/argv"
printf '%s' "${{QUARTO_PROFILE-unset}}" > "$record/profile"
(cd "$2" && find . -type f | sort) > "$record/files"
cp "$2/index.md" "$record/index.md"
find "$2" -name '*.md' | while read -r md; do
  title=$(grep -o 'pagetitle: [^"\\\\]*' "$md" | head -1 | cut -c12-)
  parts=$(grep -o '<!-- seuranta-part-[0-9]* -->' "$md" | tr -d '\\n')
  printf '<!DOCTYPE html><html lang="%s"><title>%s</title>%s</html>' "$QUARTO_PROFILE" "$title" \\
      "$parts" > "${{md%.md}}.html"
done
"""


def test_quarto_call_profile_and_front_matter(
    notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record"
    record.mkdir()
    fake_quarto(tmp_path / "bin", FAKE_RENDER.format(record=record), monkeypatch)
    out = tmp_path / "site" / "en" / "index.html"
    assert quarto_available()
    assert render_report(notebook, out, "en", "2025") == "quarto"

    argv = (record / "argv").read_text().splitlines()
    assert argv[0] == "render" and Path(argv[1]).is_absolute()  # the project folder
    assert argv[2:] == ["--to", "html"]
    assert (record / "profile").read_text() == "en"
    files = (record / "files").read_text().split()
    assert {"./index.md", "./_quarto.yml", "./_quarto-fi.yml", "./_quarto-en.yml"} <= set(files)
    assert "./page.css" in files
    source = (record / "index.md").read_text(encoding="utf-8")
    front, body = source.removeprefix("---\n").split("\n---\n", 1)
    assert yaml.safe_load(front) == {"pagetitle": "Strategy follow-up 2025", "lang": "en"}
    # Quarto sees placeholders for the HTML outputs, and the markdown as markdown
    assert "Hei maailma" not in source and "<footer>" not in source
    assert "**merkitty**" in body and "Analyytikon *huomautus*." in body
    assert "secret_code_input" not in source and "PLAIN_REPR_ONLY" not in source
    assert out.read_text() == (
        '<!DOCTYPE html><html lang="en"><title>Strategy follow-up 2025</title>'
        '<p id="shown">Hei maailma</p><footer>loppu</footer></html>'
    )
    assert "QUARTO_PROFILE" not in os.environ  # set for the call only


def test_quarto_renders_every_page_in_one_call(
    paged_notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record"
    record.mkdir()
    fake_quarto(tmp_path / "bin", FAKE_RENDER.format(record=record), monkeypatch)
    out = tmp_path / "site" / "fi"
    written = render_pages([paged_notebook], out, "fi", "2025", renderer="quarto")
    assert (record / "calls").read_text() == "call\n"  # one Quarto process for all the pages
    assert {"./divisions/a.md", "./divisions/b.md", "./index.md"} <= set(
        (record / "files").read_text().split()
    )
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "divisions/a.html",
        "divisions/b.html",
        "index.html",
    ]
    assert "<title>Sivu A</title>" in (out / "divisions" / "a.html").read_text()
    assert (
        '<html lang="fi"><title>Strategian seuranta 2025</title>'
        in (out / "index.html").read_text()
    )
    assert "<h1>Sivu B</h1><p>B loppu</p>" in (out / "divisions" / "b.html").read_text()


def test_quarto_without_output_is_an_error(
    notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_quarto(tmp_path / "bin", "echo 'ERROR: something broke' >&2\nexit 1\n", monkeypatch)
    out = tmp_path / "index.html"
    with pytest.raises(
        RenderError, match="Quarto did not produce index.html .profile fi.: ERROR: something broke"
    ):
        render_report(notebook, out, "fi", "2025", renderer="quarto")
    assert not out.exists()


def test_quarto_project_files() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "analysis" / "report" / "quarto"
    config = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["type"] == "default"
    assert config["profile"]["group"] == [["fi", "sv", "en"]]
    html = config["format"]["html"]
    assert html["embed-resources"] is True and html["minimal"] is True
    assert html["html-table-processing"] == "none" and html["html-math-method"] == "plain"
    assert html["css"] == "page.css"  # the nbconvert template's frame
    assert "execute" not in config  # the pages are markdown: nothing to execute
    for lang in ("fi", "sv", "en"):
        profile = yaml.safe_load((root / f"_quarto-{lang}.yml").read_text(encoding="utf-8"))
        assert profile == {"lang": lang}


def test_real_quarto_renders_a_self_contained_page(
    notebook: Path, tmp_path: Path, real_quarto: str
) -> None:
    out = tmp_path / "en" / "index.html"
    assert render_report(notebook, out, "en", "2025", renderer="quarto") == "quarto"
    page = out.read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="en"', page)
    assert "<title>Strategy follow-up 2025</title>" in page
    assert "Hei maailma" in page and "secret_code_input" not in page
    assert not NETWORK.search(page)


def test_fill_parts_in_one_pass() -> None:
    # a part whose own text looks like a placeholder is inserted as it is
    html = "<main><!-- seuranta-part-0 --><!-- seuranta-part-1 --></main>"
    parts = ["<p><!-- seuranta-part-1 --></p>", "<table><th scope='row'>a</th></table>"]
    assert fill_parts(html, parts) == f"<main>{parts[0]}{parts[1]}</main>"
    # a comment that merely looks like one (in a markdown cell, say) stays as it is
    assert fill_parts("<!-- seuranta-part-7 -->", parts) == "<!-- seuranta-part-7 -->"


def test_quarto_warnings_in_one_line() -> None:
    stderr = "\n".join(
        [
            "[1/2] index.md",
            "\x1b[33mWARNING (/a/b.lua:1) Could not fetch resource x.js\x1b[39m",
            "WARN: Could not fetch resource y.js",
            "Output created: index.html",
        ]
    )
    assert warnings_summary(stderr) == (
        "2 warning(s), the first: WARNING (/a/b.lua:1) Could not fetch resource x.js"
    )
    assert warnings_summary("[1/1] index.md\nOutput created: index.html\n") == ""


def stamped(path: Path, when: str) -> Path:
    """The paged notebook with papermill's timestamps and durations of a run at `when`."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["papermill"] = {"start_time": when, "duration": 1.5}
    for cell in nb.cells:
        cell.metadata["papermill"] = {"start_time": when, "end_time": when, "duration": 0.1}
        cell.metadata["execution"] = {"iopub.execute_input": when}
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("renderer", ["nbconvert", "quarto"])
def test_identical_inputs_give_identical_pages(
    tmp_path: Path, renderer: str, request: pytest.FixtureRequest
) -> None:
    if renderer == "quarto":
        request.getfixturevalue("real_quarto")
    rendered = []
    for run, when in enumerate(["2026-01-01T10:00:00.1", "2026-02-02T11:11:11.2"]):
        source = stamped(paged(tmp_path / f"run{run}.ipynb"), when)
        out = tmp_path / f"out{run}"
        written = render_pages([source], out, "fi", "2025", renderer=renderer)
        rendered.append({p.relative_to(out).as_posix(): p.read_bytes() for p in written})
    assert rendered[0] == rendered[1]
    assert b"2026-" not in b"".join(rendered[0].values())


def test_missing_quarto_skips_on_a_user_machine_and_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert quarto_or_skip("/opt/quarto/bin/quarto", tmp_path) == "/opt/quarto/bin/quarto"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Quarto is not installed"):
        quarto_or_skip(None, tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: Quarto is not installed"):
        quarto_or_skip(None, tmp_path)
    # without the build tools (a user's machine that sets CI) the tests skip
    with pytest.raises(pytest.skip.Exception, match="Quarto is not installed"):
        quarto_or_skip(None, tmp_path / "absent")


def test_quarto_warnings_are_logged_once(
    notebook: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    record = tmp_path / "record"
    record.mkdir()
    noisy = 'i=0; while [ $i -lt 200 ]; do echo "WARNING: resource $i" >&2; i=$((i+1)); done\n'
    fake_quarto(tmp_path / "bin", noisy + FAKE_RENDER.format(record=record), monkeypatch)
    with caplog.at_level(logging.WARNING, logger="analysis.report.render"):
        render_report(notebook, tmp_path / "en" / "index.html", "en", "2025", renderer="quarto")
    assert [r.getMessage() for r in caplog.records] == [
        "Quarto (en, 1 page(s)): 200 warning(s), the first: WARNING: resource 0"
    ]
