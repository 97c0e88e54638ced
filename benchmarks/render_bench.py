"""Benchmark of rendering the report pages with nbconvert and with Quarto; prints figures only.

    python benchmarks/render_bench.py [--scales small,city] [--work DIR]

For each scale: generated inputs (benchmarks/generate.py, cached in the work folder), one
`seuranta run` of the latest period with nbconvert (not timed) for its executed report
notebooks, then each language's pages rendered again from those notebooks with nbconvert and,
when Quarto is found, with Quarto (one `quarto render` of all the pages of a language). Quarto's
floor is timed beside it: one render of a project of empty pages, as many as the report has,
and of a single empty page.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import quarto

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, prepare  # noqa: E402
from generate import SCALES  # noqa: E402

from analysis.report.render import quarto_available, render_pages  # noqa: E402

LANGS = ("fi", "en")
EMPTY_PROJECT = "project:\n  type: default\nformat:\n  html:\n    minimal: true\n"


def executed_reports(raw: Path, config: Path, work: Path, period: str) -> Path:
    """The notebooks folder of a run of `period` (made once per work folder)."""
    out = work / "render-run"
    notebooks = out / period / "notebooks"
    if all((notebooks / f"30_report.{lang}.ipynb").is_file() for lang in LANGS):
        return notebooks
    command = [sys.executable, "-m", "analysis", "run", "--period", period, "--raw", str(raw)]
    command += ["--db", str(work / "render-run.duckdb"), "--out", str(out)]
    command += ["--config", str(config), "--notebooks", str(ROOT / "notebooks")]
    subprocess.run([*command, "--renderer", "nbconvert"], check=True, capture_output=True)
    return notebooks


def timed_render(notebook: Path, lang: str, period: str, renderer: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        started = time.perf_counter()
        written = render_pages([notebook], Path(tmp), lang, period, renderer)
        return time.perf_counter() - started, len(written)


def quarto_floor(pages: int) -> float:
    """Seconds of one `quarto render` of a project of `pages` empty markdown pages."""
    with tempfile.TemporaryDirectory(prefix="render-bench-floor-") as tmp:
        folder = Path(tmp)
        (folder / "_quarto.yml").write_text(EMPTY_PROJECT, encoding="utf-8")
        for i in range(pages):
            (folder / f"p{i}.md").write_text("---\npagetitle: empty\n---\n", encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [quarto.path() or "quarto", "render", str(folder), "--to", "html"],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def bench(name: str, work: Path) -> None:
    scale = SCALES[name]
    raw, config, periods = prepare(scale, work)
    notebooks = executed_reports(raw, config, work / name, periods[-1])
    print(f"\n== {name}: {scale.divisions} divisions x {scale.measures} measures")
    renderers = ["nbconvert", "quarto"] if quarto_available() else ["nbconvert"]
    pages = 0
    for renderer in renderers:
        for lang in LANGS:
            notebook = notebooks / f"30_report.{lang}.ipynb"
            seconds, pages = timed_render(notebook, lang, periods[-1], renderer)
            print(
                f"{renderer:>9} {lang}: {pages} pages in {seconds:6.2f} s "
                f"({seconds / pages:.3f} s a page)"
            )
    if "quarto" in renderers:
        one, many = quarto_floor(1), quarto_floor(pages)
        print(f"quarto floor: 1 empty page {one:.2f} s; {pages} empty pages {many:.2f} s "
              f"({many / pages:.3f} s a page)")  # fmt: skip
    else:
        print("quarto: not found (QUARTO_PATH or `quarto` on PATH); not measured")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="small,city")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work")
    args = parser.parse_args()
    for name in args.scales.split(","):
        bench(name, args.work)


if __name__ == "__main__":
    main()
