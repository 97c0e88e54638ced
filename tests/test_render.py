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

from analysis.render import RenderError, quarto_available, render_report

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
    with caplog.at_level(logging.INFO, logger="analysis.render"):
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


def test_quarto_call_profile_and_front_matter(
    notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record"
    record.mkdir()
    fake_quarto(
        tmp_path / "bin",
        f"""
record="{record}"
printf '%s\\n' "$@" > "$record/argv"
printf '%s' "${{QUARTO_PROFILE-unset}}" > "$record/profile"
dir=$(dirname "$2")
ls "$dir" > "$record/files"
cp "$2" "$record/index.ipynb"
printf '<!DOCTYPE html><html lang="%s"><title>from quarto</title></html>' "$QUARTO_PROFILE" \\
    > "$dir/index.html"
""",
        monkeypatch,
    )
    out = tmp_path / "site" / "en" / "index.html"
    assert quarto_available()
    assert render_report(notebook, out, "en", "2025") == "quarto"

    argv = (record / "argv").read_text().splitlines()
    assert argv[0] == "render" and Path(argv[1]).name == "index.ipynb"
    assert argv[2:] == ["--to", "html", "--no-execute"]
    assert (record / "profile").read_text() == "en"
    files = (record / "files").read_text().split()
    assert {"index.ipynb", "_quarto.yml", "_quarto-fi.yml", "_quarto-en.yml"} <= set(files)
    first, *rest = nbformat.read(record / "index.ipynb", as_version=4).cells
    assert first.cell_type == "raw"
    assert first.source.startswith("---\n") and first.source.endswith("\n---")
    assert yaml.safe_load(first.source.strip("-")) == {
        "pagetitle": "Strategy follow-up 2025",
        "lang": "en",
    }
    assert [cell.source for cell in rest] == [
        cell.source for cell in nbformat.read(notebook, as_version=4).cells
    ]
    assert out.read_text() == '<!DOCTYPE html><html lang="en"><title>from quarto</title></html>'
    assert "QUARTO_PROFILE" not in os.environ  # set for the call only


def test_quarto_without_output_is_an_error(
    notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_quarto(tmp_path / "bin", "echo 'ERROR: something broke' >&2\nexit 1\n", monkeypatch)
    out = tmp_path / "index.html"
    with pytest.raises(RenderError, match="Quarto did not produce index.html"):
        render_report(notebook, out, "fi", "2025", renderer="quarto")
    assert not out.exists()


def test_quarto_project_files() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "analysis" / "quarto"
    config = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["type"] == "default"
    assert config["profile"]["group"] == [["fi", "en"]]
    assert config["format"]["html"]["embed-resources"] is True
    assert config["execute"] == {"echo": False, "warning": False}
    for lang in ("fi", "en"):
        profile = yaml.safe_load((root / f"_quarto-{lang}.yml").read_text(encoding="utf-8"))
        assert profile == {"lang": lang}


@pytest.mark.skipif(not quarto_available(), reason="Quarto is not installed")
def test_real_quarto_renders_a_self_contained_page(notebook: Path, tmp_path: Path) -> None:
    out = tmp_path / "en" / "index.html"
    assert render_report(notebook, out, "en", "2025", renderer="quarto") == "quarto"
    page = out.read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="en"', page)
    assert "<title>Strategy follow-up 2025</title>" in page
    assert "Hei maailma" in page and "secret_code_input" not in page
    assert not NETWORK.search(page)
