"""The overview as a PDF for A4, printed by headless Chromium from the page's print view.

Chromium is found as `CHROMIUM`, `/usr/bin/chromium`, or `chromium`, `chromium-browser`,
`google-chrome` on PATH. It is driven over its DevTools pipe (`--remote-debugging-pipe`, the
protocol's JSON messages on file descriptors 3 and 4), with nothing to install besides the
browser: the page is opened from disk with the network unused, its charts are awaited, and
`Page.printToPDF` writes A4 with 15 mm margins, a running header (the page's title) and page
numbers, a tagged PDF with a document outline from the headings.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from analysis.i18n import t

log = logging.getLogger(__name__)

PDF = "report.pdf"  # beside the overview: reports/<period>/<lang>/report.pdf
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120.0
MM = 1 / 25.4  # inches
A4 = {"paperWidth": 210 * MM, "paperHeight": 297 * MM}
MARGINS = {f"margin{side}": 15 * MM for side in ("Top", "Bottom", "Left", "Right")}
# Charts are drawn at the print view's content width (A4 less the margins: about 680 px)
WINDOW = "--window-size=720,1000"
CHARTS_DRAWN = """new Promise(resolve => {
    const started = Date.now();
    const done = () => [...document.querySelectorAll('.plotly-graph-div')]
        .every(div => div.querySelector('.main-svg'));
    (function wait() {
        if (done() || Date.now() - started > 20000) { resolve(true); }
        else { setTimeout(wait, 100); }
    })();
})"""
TEMPLATE_STYLE = "font-family: sans-serif; font-size: 8px; color: #454545; width: 100%;"


class PdfError(RuntimeError):
    """Chromium did not write the PDF; the message says why."""


def find_chromium() -> str | None:
    """The Chromium to print with: `CHROMIUM`, `/usr/bin/chromium`, else one on PATH."""
    given = os.environ.get("CHROMIUM")
    if given and Path(given).is_file():
        return given
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def header_footer(title: str, lang: str) -> dict[str, Any]:
    """The running header (the page's title) and footer (page n / pages) of every page."""
    page = escape(t("pdf.page", lang))
    return {
        "displayHeaderFooter": True,
        "headerTemplate": f'<div style="{TEMPLATE_STYLE} padding: 0 15mm;">{escape(title)}</div>',
        "footerTemplate": (
            f'<div style="{TEMPLATE_STYLE} padding: 0 15mm; text-align: right;">{page} '
            '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
        ),
    }


@dataclass
class _Pipe:
    """The DevTools protocol over Chromium's pipe: one JSON message per NUL-terminated line."""

    process: subprocess.Popen[bytes]
    to_browser: int
    from_browser: int
    deadline: float
    next_id: int = 0
    buffer: bytes = b""

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise PdfError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})

    def wait_for(self, event: str) -> None:
        while self._read().get("method") != event:
            pass

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise PdfError(f"Chromium did not answer within {TIMEOUT_S:.0f} s")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise PdfError(f"Chromium ended (exit code {self.process.poll()})")
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(line)


def write_pdf(html: Path, pdf: Path, title: str, lang: str, chromium: str) -> int:
    """Print the page `html` to `pdf` (A4, its print view) with `chromium`; the PDF's size in
    bytes. Raises PdfError when Chromium fails or takes longer than TIMEOUT_S."""
    commands_r, commands_w = os.pipe()
    replies_r, replies_w = os.pipe()

    with tempfile.TemporaryDirectory(prefix="seuranta-chromium-") as profile:
        args = [chromium, "--headless", "--disable-gpu", "--no-first-run", "--disable-sync",
                "--disable-background-networking", "--disable-component-update",
                "--remote-debugging-pipe", f"--user-data-dir={profile}", WINDOW]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium's sandbox refuses to run as root
        log_file = Path(profile, "chromium.log").open("wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen(  # noqa: S603 - the browser found by find_chromium
            _on_fds_3_and_4([*args, "about:blank"], commands_r, replies_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            pass_fds=(commands_r, replies_w),
        )
        os.close(commands_r)
        os.close(replies_w)
        pipe = _Pipe(process, commands_w, replies_r, time.monotonic() + TIMEOUT_S)
        try:
            return _print(pipe, html, pdf, title, lang)
        except (PdfError, OSError) as exc:
            raise PdfError(
                f"{exc}; Chromium (exit code {process.poll()}) said: {_last_error(log_file.name)}"
            ) from None
        finally:
            os.close(commands_w)
            os.close(replies_r)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log_file.close()


# Run by the Python of seuranta before Chromium: the pipes given by number become fds 3 and 4
# (copied first, since either may already be 3 or 4), the originals are closed, Chromium runs.
TRAMPOLINE = """import os, sys
given = int(sys.argv[1]), int(sys.argv[2])
copies = [os.dup(fd) for fd in given]
os.dup2(copies[0], 3)
os.dup2(copies[1], 4)
os.set_inheritable(3, True)  # a copy that is already 3 or 4 was not made inheritable by dup2
os.set_inheritable(4, True)
for fd in {*given, *copies} - {3, 4}:
    os.close(fd)
os.execv(sys.argv[3], sys.argv[3:])
"""


def _on_fds_3_and_4(command: list[str], commands: int, replies: int) -> list[str]:
    """`command` started so that it reads the pipe `commands` as fd 3 and writes `replies` as
    fd 4, where Chromium's --remote-debugging-pipe expects them."""
    return [sys.executable, "-c", TRAMPOLINE, str(commands), str(replies), *command]


def _last_error(log_path: str) -> str:
    """The last line of Chromium's log that reports an error (its warnings about D-Bus left
    out), or that there is none."""
    lines = Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [line for line in lines if "ERROR" in line and "dbus" not in line.lower()]
    return (errors or lines or ["nothing"])[-1].strip()[:300]


def _print(pipe: _Pipe, html: Path, pdf: Path, title: str, lang: str) -> int:
    """Open `html` in a new tab, wait for its charts, print it to `pdf`; the PDF's size."""
    target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
    session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)
    sid = session["sessionId"]
    pipe.call("Page.enable", sid)
    pipe.call("Page.navigate", sid, url=html.resolve().as_uri())
    pipe.wait_for("Page.loadEventFired")
    pipe.call("Runtime.evaluate", sid, expression=CHARTS_DRAWN, awaitPromise=True)
    printed = pipe.call(
        "Page.printToPDF",
        sid,
        **A4,
        **MARGINS,
        **header_footer(title, lang),
        printBackground=True,
        preferCSSPageSize=False,
        generateTaggedPDF=True,
        generateDocumentOutline=True,
    )
    data = base64.b64decode(printed["data"])
    pdf.write_bytes(data)
    try:
        pipe.call("Browser.close")
    except PdfError:
        pass  # it closes as asked; the answer may not come
    return len(data)


def write_overview_pdfs(period_dir: Path, langs: tuple[str, ...], period: str) -> list[Path]:
    """`<lang>/report.pdf` beside each language's overview in `period_dir`; the PDFs written.

    Without Chromium, or when it fails, the run goes on with the HTML reports: a log line says
    which PDF was not written and why.
    """
    chromium = find_chromium()
    if chromium is None:
        log.warning(
            "Chromium not found (CHROMIUM, /usr/bin/chromium, chromium, chromium-browser or "
            "google-chrome on PATH): no report.pdf written; the HTML reports are complete"
        )
        return []
    written = []
    for lang in langs:
        html, pdf = period_dir / lang / "index.html", period_dir / lang / PDF
        try:
            size = write_pdf(html, pdf, t("report.title", lang, period=period), lang, chromium)
        except (PdfError, OSError) as exc:
            pdf.unlink(missing_ok=True)
            log.warning("%s/%s was not written (%s); the HTML reports are complete", lang, PDF, exc)
            continue
        log.info("wrote %s/%s (%d kB)", lang, PDF, size // 1024)
        written.append(pdf)
    return written
