"""Page paths, links between pages and languages, and the plotly.js inlined in every page with a
chart."""

from __future__ import annotations

import pytest
from plotly.offline import get_plotlyjs_version

from analysis.report import assets, pages


def test_division_pages_are_named_after_safe_codes() -> None:
    assert pages.division_page("kanslia") == "divisions/kanslia.html"
    assert pages.division_page("vapaa_aika") == "divisions/vapaa_aika.html"


def test_an_unsafe_code_gets_a_safe_distinct_name() -> None:
    odd = [pages.file_name(code) for code in ("../etc", "Ä ö", "a/b", "a b", "")]
    assert len(set(odd)) == len(odd)
    for name in odd:
        pages.check_page(f"divisions/{name}.html")  # every one is a valid page path
    assert pages.file_name("../etc").startswith("etc-")


def test_links_between_pages_and_languages() -> None:
    assert pages.href("index.html", "divisions/kanslia.html") == "divisions/kanslia.html"
    assert pages.href("divisions/kanslia.html", "index.html") == "../index.html"
    assert pages.other_language_href("index.html", "en") == "../en/index.html"
    assert (
        pages.other_language_href("divisions/kanslia.html", "fi")
        == "../../fi/divisions/kanslia.html"
    )


def test_page_of_an_output() -> None:
    assert pages.page_of({"metadata": {}}) == ("index.html", None)
    assert pages.page_of({"metadata": pages.metadata("divisions/x.html", "X")}) == (
        "divisions/x.html",
        "X",
    )
    with pytest.raises(ValueError, match="not a report page path"):
        pages.metadata("../x.html")


def test_the_basic_plotly_bundle_matches_plotly_py() -> None:
    """The pinned npm bundle is the plotly.js version plotly.py writes its figures for."""
    installed = [path for path in assets.bundle_candidates() if path.is_file()]
    if not installed:
        pytest.skip("node_modules not installed (make setup runs npm ci)")
    script = installed[0].read_text(encoding="utf-8")
    assert assets.bundle_version(script) == get_plotlyjs_version()
    assert assets.plotly_js() == script
    assert len(script) < 1_500_000


def test_without_the_basic_bundle_the_full_one_is_inlined(monkeypatch, tmp_path, caplog) -> None:
    monkeypatch.setattr(assets, "bundle_candidates", lambda: [tmp_path / "missing.js"])
    assets.plotly_js.cache_clear()
    try:
        script = assets.plotly_js()
    finally:
        assets.plotly_js.cache_clear()
    assert "window.Plotly" in script and len(script) > 4_000_000
    assert "basic bundle is not installed" in caplog.text


def test_a_basic_bundle_of_another_version_is_not_used(monkeypatch, tmp_path, caplog) -> None:
    old = tmp_path / "plotly-basic.min.js"
    old.write_text(
        "/**\n* plotly.js (basic - minified) v1.0.0\n*/ /*OLD-BUNDLE*/", encoding="utf-8"
    )
    monkeypatch.setattr(assets, "bundle_candidates", lambda: [old])
    assets.plotly_js.cache_clear()
    try:
        script = assets.plotly_js()
    finally:
        assets.plotly_js.cache_clear()
    assert "/*OLD-BUNDLE*/" not in script and "is plotly.js 1.0.0" in caplog.text


def test_links_to_a_measure_row_and_to_another_period() -> None:
    assert pages.measure_anchor("KANS-04") == "m-KANS-04"
    assert pages.measure_anchor("K 4/ä").startswith("m-K-4-")  # a safe, distinct id
    assert pages.measure_href("index.html", "kanslia", "K-1") == "divisions/kanslia.html#m-K-1"
    assert pages.period_href("index.html", "2024", "fi") == "../../2024/fi/index.html"
    assert (
        pages.period_href("divisions/kanslia.html", "2024", "en")
        == "../../../2024/en/divisions/kanslia.html"
    )
