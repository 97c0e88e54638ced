"""The CSS and plotly.js inlined in every report page (plotly.js: the basic bundle if installed).

The CSS styles the report's own parts (key figures, tables, figures); the page around them
comes from the nbconvert template or Quarto.

The report's charts are bars and lines only, which plotly.js's "basic" bundle (bar, scatter,
pie) draws in a quarter of the size of the full bundle that plotly.py ships (1.2 MB instead of
4.8 MB per page). The basic bundle is the npm package `plotly.js-basic-dist-min`, pinned in the
project's package.json and package-lock.json and installed by `make setup` (`npm ci`). It is
used only when its version is the one plotly.py writes figures for; otherwise the full bundle
is inlined and a warning says why, so a page always renders.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

import plotly
from plotly.offline import get_plotlyjs, get_plotlyjs_version

log = logging.getLogger(__name__)

CSS = """
.sr-header { margin: 0 0 2rem; }
.sr-header h1 { margin: 0 0 .25rem; font-size: 2rem; line-height: 1.2; overflow-wrap: break-word;
  hyphens: auto; }
.sr-subtitle { margin: 0; color: #454545; font-size: 1.1rem; }
.sr-lang { margin: .75rem 0 0; }
.sr-crumbs { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap;
  gap: .25rem 1.5rem; }
.sr-section { margin: 2rem 0; }
.sr-section h2 { font-size: 1.4rem; margin: 0 0 1rem; }
.sr-kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  gap: 1rem; margin: 0; }
.sr-kpi { border: 1px solid #c8ced6; border-radius: 6px; padding: 1rem; }
.sr-kpi dt { color: #454545; font-size: .95rem; }
.sr-kpi dd { margin: 0; }
.sr-kpi-value { font-size: 2.2rem; font-weight: 700; line-height: 1.3;
  font-variant-numeric: tabular-nums; }
.sr-kpi-note { color: #454545; font-size: .9rem; }
.sr-status-counts { list-style: none; padding: 0; margin: 1rem 0 0; display: flex;
  flex-wrap: wrap; gap: .5rem 1.5rem; }
.sr-swatch { display: inline-block; width: .85em; height: .85em; border-radius: 2px;
  margin-right: .4em; vertical-align: -.05em; }
.sr-figure { margin: 2rem 0; }
.sr-figure figcaption { color: #454545; font-size: .9rem; margin-top: .25rem; }
.sr-table-wrap { overflow-x: auto; margin: 2rem 0 .5rem; }
.sr-table-wrap:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
.sr-table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
.sr-table caption { caption-side: top; text-align: left; font-weight: 700; font-size: 1.2rem;
  padding: 0 0 .5rem; color: inherit; }
.sr-table th, .sr-table td { padding: .4rem .6rem; border-bottom: 1px solid #c8ced6;
  text-align: right; vertical-align: top; }
.sr-table thead th { border-bottom: 2px solid #1a1a1a; vertical-align: bottom; }
.sr-table th:first-child { text-align: left; }
.sr-table tbody th { font-weight: 400; }
.sr-table tbody th.sr-group { font-weight: 700; text-align: left; padding-top: 1rem;
  border-bottom: 1px solid #1a1a1a; }
.sr-table tfoot th, .sr-table tfoot td { font-weight: 700; border-top: 2px solid #1a1a1a; }
.sr-table-text th, .sr-table-text td { text-align: left; }
.sr-table-text .sr-num { text-align: right; white-space: nowrap; }
.sr-table-text tbody th[scope="row"] { white-space: nowrap; }
.sr-matrix { font-size: .9rem; }
.sr-matrix th, .sr-matrix td { padding: .35rem .45rem; }
.sr-table-text td.sr-free { min-width: 16rem; white-space: pre-line; }
.sr-nowrap { white-space: nowrap; }
.sr-hash { font-size: .8rem; word-break: break-all; }
.sr-note { color: #454545; font-size: .9rem; margin: 0 0 2rem; }
.sr-facts { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; margin: 0 0 1rem; }
.sr-facts dt { font-weight: 600; }
.sr-facts dd { margin: 0; }
.sr-footer { margin: 3rem 0 0; padding-top: 1rem; border-top: 1px solid #c8ced6;
  font-size: .9rem; color: #454545; }
.sr-footer h2 { font-size: 1rem; margin: 0 0 .5rem; }
.sr-footer dl { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; margin: 0; }
.sr-footer dt { font-weight: 600; }
.sr-footer dd { margin: 0; }
"""

BASIC_BUNDLE = Path("node_modules", "plotly.js-basic-dist-min", "plotly-basic.min.js")
_VERSION = re.compile(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)")


def bundle_candidates() -> list[Path]:
    """Where the basic bundle may be installed: the current folder (a run starts from the
    project folder), then the source checkout that this package is installed from."""
    checkout = Path(__file__).resolve().parents[3]
    return [Path.cwd() / BASIC_BUNDLE, checkout / BASIC_BUNDLE]


def bundle_version(script: str) -> str | None:
    """The plotly.js version named in the basic bundle's header comment."""
    match = _VERSION.search(script[:500])
    return match.group(1) if match else None


@cache
def plotly_js() -> str:
    """The plotly.js source to inline: the basic bundle when it is installed and matches
    plotly.py's version of plotly.js, else plotly.py's full bundle."""
    wanted = get_plotlyjs_version()
    for path in bundle_candidates():
        if not path.is_file():
            continue
        script = path.read_text(encoding="utf-8")
        found = bundle_version(script)
        if found == wanted:
            log.debug("inlining the plotly.js basic bundle %s from %s", found, path)
            return script
        log.warning(
            "%s is plotly.js %s, but plotly %s writes figures for plotly.js %s: inlining "
            "plotly's full bundle (set that version in package.json, then `npm install`)",
            path,
            found,
            plotly.__version__,
            wanted,
        )
        return get_plotlyjs()
    log.warning(
        "the plotly.js basic bundle is not installed (`make setup` runs `npm ci`): "
        "inlining plotly's full bundle, about 4.8 MB per page"
    )
    return get_plotlyjs()
