"""The five-line chart and table helpers: catalogue texts, locale formats, escaping, access."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.report.components import Column, Series, bar_chart, kind_of, table
from analysis.report.html import Html, esc, esc_all, html_table
from analysis.report.pages import Page, run_languages
from tests.conftest import assert_valid_figures

XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
NBSP = "\u00a0"
FI, EN = Page(lang="fi", period="2025"), Page(lang="en", period="2025")


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Kanslia", XSS],
            "measures": [1234, 5],
            "completion_rate": [0.523, None],
            "eu_contribution_eur": [1_000_000.0, 0.0],
            "progress_pct": [40.0, None],
            "end_on": pd.to_datetime(["2025-07-31", None]),
        }
    )


def plain(markup: str) -> str:
    """Markup without the cells' data-label attributes."""
    return re.sub(r' data-label="[^"]*"', "", markup)


def test_a_table_in_five_lines(frame: pd.DataFrame) -> None:
    markup = table(
        frame,
        columns={"name": "column.division", "measures": "column.measures"},
        caption_key="table.division.caption",
        page=FI,
    ).markup
    # the caption is the table's title, an h3 of the page's outline
    assert '<caption><h3 class="sr-table-title">Toimialoittain, 2025</h3></caption>' in markup
    # each cell carries its column's header, shown beside it when rows stack on a phone
    assert (
        f'<tr><th scope="row" data-label="Toimiala">Kanslia</th>'
        f'<td data-label="Toimenpiteitä">1{NBSP}234</td></tr>' in markup
    )
    markup = plain(markup)
    assert '<th scope="col">Toimiala</th><th scope="col">Toimenpiteitä</th>' in markup
    assert f'<tr><th scope="row">Kanslia</th><td>1{NBSP}234</td></tr>' in markup
    assert f'<th scope="row">{XSS_ESCAPED}</th>' in markup and XSS not in markup
    assert 'role="region" tabindex="0" aria-label="Toimialoittain, 2025"' in markup


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (FI, ["52,3\u00a0%", "1\u00a0000\u00a0000\u00a0€", "40\u00a0%", "31. heinäkuuta 2025"]),
        (EN, ["52.3%", "€1,000,000", "40%", "31 July 2025"]),
    ],
)
def test_values_are_written_by_their_kind_in_the_locale(frame, page, expected) -> None:
    columns = ["name", "completion_rate", "eu_contribution_eur", "progress_pct", "end_on"]
    markup = table(
        frame,
        columns=[Column(c, label=c) for c in columns],
        caption_key="table.theme.caption",
        page=page,
    ).markup
    markup = plain(markup)
    first, second = re.findall(r"<tr><th scope=\"row\">.*?</tr>", markup)
    assert re.findall(r"<td>(.*?)</td>", first) == expected
    assert re.findall(r"<td>(.*?)</td>", second) == [
        "–",
        "0\u00a0€" if page is FI else "€0",
        "–",
        "–",
    ]


def test_kinds_come_from_the_column_name_then_its_type(frame: pd.DataFrame) -> None:
    kinds = {column: kind_of(column, frame[column]) for column in frame.columns}
    assert kinds == {
        "name": "text",
        "measures": "int",
        "completion_rate": "rate",
        "eu_contribution_eur": "eur",
        "progress_pct": "progress",
        "end_on": "date",
    }
    assert kind_of("quality_score") == "rate" and kind_of("target_attainment") == "rate"


def test_links_foot_groups_classes_and_note(frame: pd.DataFrame) -> None:
    shown = frame.assign(
        link=[Html('<a href="x.html">x</a>'), "plain"],
        goal=["G1", "G2"],
    )
    markup = table(
        shown,
        columns=[
            Column("link", "column.division"),
            Column("progress_pct", "column.progress", css="sr-num"),
        ],
        caption_key="division.measures_caption",
        page=EN,
        group_by="goal",
        group_key="division.goal",
        foot=pd.DataFrame({"link": ["Total"], "progress_pct": [50.0]}),
        note_key="table.theme.note",
        text=True,
    ).markup
    markup = plain(markup)
    assert '<table class="sr-table sr-table-text">' in markup
    assert '<th scope="row"><a href="x.html">x</a></th>' in markup  # markup shown as it is
    assert markup.count('scope="rowgroup"') == 2 and "Goal: G2</th>" in markup
    assert '<th scope="col" class="sr-num">Progress</th>' in markup
    assert '<tfoot>\n<tr><th scope="row">Total</th><td class="sr-num">50%</td>' in markup
    assert markup.endswith('<p class="sr-note">A measure can belong to several themes, so the '
                           "figures by theme do not add up to the totals.</p>")  # fmt: skip


def test_a_column_needs_a_header() -> None:
    with pytest.raises(ValueError, match="neither a catalogue key nor a label"):
        table(pd.DataFrame({"x": [1]}), columns=[Column("x")], caption_key="table.total", page=EN)


def test_a_part_names_its_page() -> None:
    page = FI.on("divisions/kanslia.html", "Kanslia")
    part = table(pd.DataFrame({"x": [1]}), columns={"x": "column.measures"},
                 caption_key="table.total", page=page)  # fmt: skip
    assert (part.page, part.title) == ("divisions/kanslia.html", "Kanslia")
    assert table(pd.DataFrame({"x": [1]}), columns={"x": "column.measures"},
                 caption_key="table.total", page=FI).page is None  # fmt: skip


def test_a_bar_chart_in_five_lines(frame: pd.DataFrame, drawn_figures) -> None:
    markup = bar_chart(
        frame, x="name", y="completion_rate", title_key="chart.division.title", page=FI
    ).markup
    [fig] = drawn_figures
    assert_valid_figures(drawn_figures)
    assert "title" not in fig["layout"]  # the h3 above the chart is its title
    assert fig["layout"]["separators"] == f",{NBSP}"
    [trace] = fig["data"]
    assert trace["x"] == ["Kanslia", XSS_ESCAPED] and trace["y"] == [pytest.approx(52.3), None]
    assert trace["text"] == [f"52,3{NBSP}%", ""]  # no bar and no label for a missing rate
    assert fig["layout"]["yaxis"]["range"] == [0, 100]  # a rate: in percent
    assert markup.startswith('<figure class="sr-figure">')
    assert (
        '<h3 class="sr-figure-title" id="sr-chart-division-title">'
        "Toteutumisaste toimialoittain, 2025</h3>" in markup
    )
    assert 'role="img" aria-labelledby="sr-chart-division-title"' in markup
    assert 'aria-describedby="sr-chart-division-summary"' in markup
    assert (
        f'<figcaption id="sr-chart-division-summary">Kanslia 52,3{NBSP}%; {XSS_ESCAPED} –' in markup
    )
    assert XSS not in markup


def test_grouped_horizontal_bars(frame: pd.DataFrame, drawn_figures) -> None:
    markup = bar_chart(
        frame,
        x="name",
        y=[Series("measures", "funding.series.applications"),
           Series("eu_contribution_eur", "funding.series.target", "#E69F00",
                  hover=lambda row: f"{row['name']} €")],
        title_key="funding.chart.applications.title",
        page=EN,
        horizontal=True,
        axis_keys=("funding.axis.division", "funding.axis.applications"),
        summary_key="chart.division.summary",
    ).markup  # fmt: skip
    [fig] = drawn_figures
    assert_valid_figures(drawn_figures)
    assert [trace["name"] for trace in fig["data"]] == ["Applications", "Target"]
    assert fig["layout"]["barmode"] == "group"
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"  # the first name on top
    assert fig["layout"]["yaxis"]["title"]["text"] == "Division"
    assert fig["data"][0]["hovertext"][0] == "Kanslia<br>Applications: 1,234"
    assert fig["data"][1]["hovertext"][1] == f"{XSS_ESCAPED}<br>{XSS_ESCAPED} €"
    assert "Completion rate by division: Kanslia 1,234; " in markup
    assert 'id="sr-chart-funding-applications"' in markup


def test_a_page_writes_missing_values_as_a_dash_and_fills_the_period() -> None:
    assert [FI.num(None), FI.pct(float("nan")), FI.eur(None), FI.long_date(pd.NaT)] == ["–"] * 4
    assert FI.long_date(dt.date(2026, 3, 5)) == "5. maaliskuuta 2026"
    assert EN.t("report.title") == "Strategy follow-up 2025"
    assert EN.t("report.title", period="2024") == "Strategy follow-up 2024"


def test_the_run_languages() -> None:
    assert run_languages("fi,en") == ("fi", "en") and run_languages(["en"]) == ("en",)
    assert run_languages("fi, sv,en") == ("fi", "sv", "en")
    with pytest.raises(ValueError, match="'de'"):
        run_languages("fi, de")
    with pytest.raises(ValueError, match="not one of the run's"):
        Page(lang="en", period="2025", langs=("fi",))
    assert Page(lang="fi", period="2025", langs=("fi",)).other_langs == ()
    with pytest.raises(ValueError, match="not a report page path"):
        FI.on("../a.html", "A")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="ab<>&\"'; åä\u00a0\U0001f600"), max_size=10))
def test_a_column_is_escaped_as_each_of_its_texts_would_be(texts) -> None:
    assert esc_all(texts) == [esc(text) for text in texts]


def test_a_large_table_is_the_same_as_its_rows_built_one_by_one() -> None:
    """The rows are built a column at a time; each is what the row alone would give."""
    frame = pd.DataFrame(
        {
            "name": [f"<b>{i}</b>" if i % 3 else None for i in range(300)],
            "count": [i if i % 5 else None for i in range(300)],
            "link": [Html(f'<a href="#{i}">{i}</a>') for i in range(300)],
        }
    )
    columns = {"name": "column.division", "count": "column.measures", "link": "column.report"}
    whole = table(frame, columns=columns, caption_key="table.division.caption", page=FI).markup
    rows = [
        table(frame.iloc[[i]], columns=columns, caption_key="table.division.caption", page=FI)
        .markup.split("<tbody>\n")[1]
        .split("\n</tbody>")[0]
        for i in range(len(frame))
    ]
    assert whole.split("<tbody>\n")[1].split("\n</tbody>")[0] == "\n".join(rows)
    assert '<th scope="row" data-label="' in rows[1] and "&lt;b&gt;1&lt;/b&gt;" in rows[1]
    assert html_table("c", ["a"], []).count("<tr>") == 1  # the header row only
