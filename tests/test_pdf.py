"""`seuranta run --pdf`: which Chromium prints, what happens without one or when it fails, and
the header and footer of the printed pages (the PDF itself is checked in
test_published_report.py, where Chromium is found)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import pdf


@pytest.fixture
def period_dir(tmp_path: Path) -> Path:
    for lang in ("fi", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.html").write_text("<html></html>", encoding="utf-8")
    return tmp_path


def test_chromium_is_taken_from_the_environment_first(monkeypatch, tmp_path: Path) -> None:
    browser = tmp_path / "my-chromium"
    browser.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM", str(browser))
    assert pdf.find_chromium() == str(browser)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    monkeypatch.setattr(pdf.Path, "is_file", lambda self: False)
    monkeypatch.setattr(
        pdf.shutil, "which", lambda name: f"/opt/{name}" if name != "chromium" else None
    )
    assert pdf.find_chromium() == "/opt/chromium-browser"  # the next name on PATH


def test_without_chromium_the_run_says_so_in_one_line(monkeypatch, period_dir, caplog) -> None:
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    with caplog.at_level(logging.INFO, logger="analysis.pdf"):
        assert pdf.write_overview_pdfs(period_dir, ("fi", "en"), "2025") == []
    assert len(caplog.records) == 1 and "Chromium not found" in caplog.text
    assert not list(period_dir.rglob("*.pdf"))


def test_a_failed_pdf_leaves_the_pages_and_the_other_languages(monkeypatch, period_dir, caplog):
    def write(html: Path, target: Path, title: str, lang: str, chromium: str) -> int:
        if lang == "fi":
            target.write_bytes(b"%PDF-partial")
            raise pdf.PdfError("Chromium ended (exit code 1)")
        target.write_bytes(b"%PDF-1.7")
        return 8

    monkeypatch.setattr(pdf, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(pdf, "write_pdf", write)
    with caplog.at_level(logging.INFO, logger="analysis.pdf"):
        written = pdf.write_overview_pdfs(period_dir, ("fi", "en"), "2025")
    assert written == [period_dir / "en" / pdf.PDF]
    assert not (period_dir / "fi" / pdf.PDF).exists()  # no half-written PDF is published
    assert (period_dir / "fi" / "index.html").is_file()
    assert "fi/report.pdf was not written (Chromium ended (exit code 1))" in caplog.text


def test_running_header_and_page_numbers_in_the_page_language() -> None:
    fi = pdf.header_footer("Strategian seuranta 2025 <b>", "fi")
    assert fi["displayHeaderFooter"] is True
    assert "Strategian seuranta 2025 &lt;b&gt;" in fi["headerTemplate"]  # escaped
    assert (
        'Sivu <span class="pageNumber"></span> / <span class="totalPages">' in fi["footerTemplate"]
    )
    assert "Page <span" in pdf.header_footer("x", "en")["footerTemplate"]


def test_the_pipes_become_fds_3_and_4_of_the_browser() -> None:
    """The started program reads the first pipe as fd 3 and writes the second as fd 4, as
    Chromium's --remote-debugging-pipe expects: here a Python that echoes fd 3 to fd 4."""
    commands_r, commands_w = os.pipe()
    replies_r, replies_w = os.pipe()
    echo = [sys.executable, "-c", "import os; os.write(4, os.read(3, 5).upper())"]
    child = subprocess.Popen(
        pdf._on_fds_3_and_4(echo, commands_r, replies_w), pass_fds=(commands_r, replies_w)
    )
    os.close(commands_r)
    os.close(replies_w)
    os.write(commands_w, b"hello")
    assert child.wait(timeout=30) == 0
    assert os.read(replies_r, 5) == b"HELLO"
    os.close(commands_w)
    os.close(replies_r)
