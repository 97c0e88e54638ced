"""Charts as plain plotly figure data, in the house style, and their place on a page.

These are the parts that analysis.report.components's `bar_chart` and the trend charts of
analysis.report.completion are built from.

A figure here is the dictionary plotly.js draws (`{"data": [...], "layout": {...}}`), built
directly rather than through plotly's graph objects: those validate every property on every
assignment, which took most of the time of a national report's 300 division charts. The tests
validate every chart of the example report through `plotly.graph_objects.Figure` instead, so a
misspelt property still fails there.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import plotly.io as pio

from analysis.i18n import plotly_separators
from analysis.report.html import esc
from analysis.report.theme import FONT

Figure = dict[str, Any]  # {"data": [trace, ...], "layout": {...}}, as plotly.js takes it
Trace = dict[str, Any]

# No mode bar: its buttons are English-only tooltips and focusable controls inside a chart that
# is announced as one image; hovering still shows each value.
PLOTLY_CONFIG: Mapping[str, bool] = {
    "displayModeBar": False,
    "displaylogo": False,
    "responsive": True,
}
# Hover texts are given per point; the trace name box beside them is left out.
HOVER = "%{hovertext}<extra></extra>"


@lru_cache(maxsize=1)
def _template() -> dict[str, Any]:
    """plotly's `plotly_white` template as data (plotly.js does not know templates by name)."""
    return pio.templates["plotly_white"].to_plotly_json()


def bar(**properties: Any) -> Trace:
    """A bar trace with hover texts from `hovertext`; texts must be escaped already."""
    return {"type": "bar", "hovertemplate": HOVER, **properties}


def line(**properties: Any) -> Trace:
    """A line-and-markers trace with hover texts from `hovertext`."""
    return {"type": "scatter", "mode": "lines+markers", "hovertemplate": HOVER, **properties}


def figure(
    traces: Sequence[Trace],
    height: int,
    lang: str,
    xaxis: Mapping[str, Any] | None = None,
    yaxis: Mapping[str, Any] | None = None,
    **layout: Any,
) -> Figure:
    """A figure in the house style: fonts, the locale's number separators, margins; `xaxis`,
    `yaxis` (see `axis_title`) and `layout` add to it. Its title is the h3 above it on the page
    (`chart_figure`), a heading of the page's outline, so plotly draws none."""
    return {
        "data": list(traces),
        "layout": {
            "template": _template(),
            "separators": plotly_separators(lang),
            "font": {"family": FONT, "size": 14, "color": "#1a1a1a"},
            "height": height,
            "margin": {"l": 10, "r": 30, "t": 20, "b": 10},
            "hoverlabel": {"align": "left"},
            "xaxis": {"automargin": True, **(xaxis or {})},
            "yaxis": {"automargin": True, **(yaxis or {})},
            **layout,
        },
    }


def count_step(largest: float, ticks: int = 8) -> int:
    """The tick step of a count axis up to `largest`: 1, 2 or 5 times a power of ten, the
    smallest that gives at most `ticks` whole-number steps."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if largest <= step * ticks:
                return step
        power *= 10


def reference_line(value: float, label: str, colour: str, horizontal: bool) -> dict[str, Any]:
    """A dashed line across the plot at `value` of the value axis, named by `label` at its end:
    a shape with its own label, so that the category axis keeps only its categories."""
    across = {"x0": value, "x1": value, "y0": 0, "y1": 1, "xref": "x", "yref": "paper"}
    if not horizontal:
        across = {"y0": value, "y1": value, "x0": 0, "x1": 1, "yref": "y", "xref": "paper"}
    return {
        "type": "line",
        **across,
        "line": {"color": colour, "width": 2, "dash": "dash"},
        "label": {
            "text": esc(label),
            "textposition": "end",
            "font": {"color": colour, "size": 13},
            **({"textangle": 0, "xanchor": "center", "yanchor": "bottom"} if horizontal else {}),
        },
    }


def wrapped(text: str, width: int = 18) -> str:
    """A category's name for an axis, escaped, in lines of about `width` characters (plotly's
    `<br>`), so that long names leave the bars room on a phone."""
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width) or [""])


def axis_title(text: str) -> dict[str, Any]:
    """An axis title; the text is escaped (plotly reads labels as HTML)."""
    return {"title": {"text": esc(text)}}


def chart_figure(key: str, fig: Figure, title: str, summary: str) -> str:
    """A chart in a <figure>: its title as an h3 that also labels the chart, the summary as its
    text alternative."""
    plot = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        config=dict(PLOTLY_CONFIG),
        div_id=f"sr-chart-{key}",
        validate=False,
    )
    return (
        '<figure class="sr-figure">'
        f'<h3 class="sr-figure-title" id="sr-chart-{key}-title">{esc(title)}</h3>'
        f'<div class="sr-chart" role="img" aria-labelledby="sr-chart-{key}-title" '
        f'aria-describedby="sr-chart-{key}-summary">{plot}</div>'
        f'<figcaption id="sr-chart-{key}-summary">{esc(summary)}</figcaption></figure>'
    )
