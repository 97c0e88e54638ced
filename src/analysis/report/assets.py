"""The CSS inlined in every report page, and plotly.js in every page with a chart (the basic
bundle if installed).

`inline()` gives the parts that carry them, shown once by the report notebook: the CSS is copied
onto every page (it is analysis.report.theme's theme.css), plotly.js and the script that fits
the charts to a phone and to print onto each page with a chart (a page without one, such as
the accessibility statement, loads 1.2 MB less).

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

from analysis.report import pages, theme
from analysis.report.html import Html, Parts

log = logging.getLogger(__name__)

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


# Printing: each chart is drawn again at the A4 page's content width (15 mm margins, about
# 680 px) before the browser prints, and at the window's width after. On a phone (under 600 px)
# the names at the ends of trend lines (traces with meta END_LABELS) are left out: they would be
# cut off, and the legend lists the lines in the same order.
END_LABELS = "sr-end-label"
PRINT_JS = """(function () {
  function plots() { return window.Plotly ? document.querySelectorAll('.js-plotly-plot') : []; }
  function each(change) {
    plots().forEach(function (div) { window.Plotly.relayout(div, change); });
  }
  var narrow = null;
  function fit() {
    var now = window.innerWidth < 600;
    if (now === narrow) return;
    narrow = now;
    plots().forEach(function (div) {
      var labelled = (div.data || []).map(function (trace, i) {
        return trace.meta === 'END_LABELS' ? i : -1;
      }).filter(function (i) { return i >= 0; });
      if (labelled.length) {
        window.Plotly.restyle(div, {mode: now ? 'lines+markers' : 'lines+markers+text'}, labelled);
      }
    });
  }
  window.addEventListener('load', fit);
  window.addEventListener('resize', fit);
  window.addEventListener('beforeprint', function () { each({width: 680}); });
  window.addEventListener('afterprint', function () { each({width: null, autosize: true}); });
})();""".replace("END_LABELS", END_LABELS)


def inline() -> Parts:
    """The CSS for every page of the notebook, and plotly.js with the charts' script for every
    page of it with a chart, inline, so that pages render with no network."""
    return Parts(
        (
            Html(f"<style>\n{theme.css()}</style>", page=pages.SHARED),
            Html(
                f"<script>{plotly_js()}</script>\n<script>{PRINT_JS}</script>", page=pages.CHARTED
            ),
        )
    )
