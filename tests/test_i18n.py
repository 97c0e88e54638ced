"""The translation catalogue and the Finnish and English number and date formats."""

from __future__ import annotations

import ast
import re
import string
import sys
from datetime import date
from pathlib import Path

import pytest

from analysis.i18n import (
    LANGS,
    catalogue,
    fmt_date,
    fmt_decimal,
    fmt_eur,
    fmt_int,
    fmt_percent,
    percent_suffix,
    plotly_separators,
    t,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
NBSP = "\u00a0"
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# i18n.t, Page.t and the modules' one-line `_t(self, key, **values)` wrappers
WRAPPERS = {"t", "_t"}


def _is_t_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name in WRAPPERS


def _enclosing_function(node: ast.AST, parents: dict) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    return None


def _literal_prefix(key: ast.AST) -> str | None:
    """`cycle.finding.` of f"cycle.finding.{name}": a key family named by its literal start."""
    if isinstance(key, ast.JoinedStr) and key.values:
        first = key.values[0]
        if isinstance(first, ast.Constant) and str(first.value).endswith("."):
            return str(first.value)
    return None


def _is_key_name(name: str) -> bool:
    return name == "key" or name.endswith("_key")


def _passed_on(key: ast.AST, function: ast.FunctionDef | None) -> bool:
    """Whether a key is one a helper was given: its `key` parameter, a `*_key` parameter or
    variable (`caption_key`, `for axis_key in axis_keys`) or field (`column.key`). The literal
    given for it is checked where it is given."""
    if isinstance(key, ast.Attribute):
        return _is_key_name(key.attr)
    if not isinstance(key, ast.Name) or function is None:
        return False
    params = {arg.arg for arg in [*function.args.args, *function.args.kwonlyargs]}
    return key.id.endswith("_key") or (key.id in params and _is_key_name(key.id))


def key_uses() -> tuple[set[str], list[str]]:
    """The catalogue keys that the package's source uses, and the calls of t() or a wrapper
    whose key this scan cannot know.

    Every module under src/analysis is parsed. In the report's modules (analysis.report), whose
    helpers take keys as `title_key="chart.status.title"`, every key-shaped string literal of a
    catalogue family is a use of that key. Everywhere, the key of a call of t() or a wrapper is
    a string literal, or an f-string that starts with a literal family such as `cycle.finding.`,
    which uses every key of that family (and must name one that exists), or a variable whose
    possible values are the key-shaped literals of the same function (e.g. a loop over a tuple
    of keys), or a key that a helper was given (`caption_key`) passed on. Anything else (a key
    built otherwise, or from elsewhere) is reported, so that no key escapes the check.
    """
    prefixes = {key.split(".")[0] for key in catalogue()}
    used: set[str] = set()
    unknown: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree) if path.parent.name == "report" else ():
            family = _literal_prefix(node)
            if family:  # e.g. the headers {c: f"cycle.column.{c}" ...} of a table
                members = {k for k in catalogue() if k.startswith(family)}
                used |= members
                if not members:
                    unknown.append(f"{path.relative_to(SRC)}:{node.lineno}")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY_SHAPE.match(node.value)
                and node.value.split(".")[0] in prefixes
            ):
                used.add(node.value)
        for call in filter(_is_t_call, ast.walk(tree)):
            key = call.args[0]
            where = f"{path.relative_to(SRC)}:{call.lineno}"
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                used.add(key.value)
                continue
            family = _literal_prefix(key)
            if family:
                members = {k for k in catalogue() if k.startswith(family)}
                used |= members
                if not members:
                    unknown.append(where)
                continue
            function = _enclosing_function(call, parents)
            if _passed_on(key, function):
                continue
            if not isinstance(key, ast.Name) or function is None:
                unknown.append(where)
                continue
            literals = {
                node.value
                for node in ast.walk(function)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY_SHAPE.match(node.value)
                and node.value.split(".")[0] in prefixes
            }
            if literals:
                used |= literals
            else:
                unknown.append(where)
    return used, unknown


def keys_used_in_source() -> set[str]:
    return key_uses()[0]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_key_has_text_in_every_language() -> None:
    assert LANGS == ("fi", "sv", "en")
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGS), key
        for lang in LANGS:
            assert isinstance(texts[lang], str) and texts[lang].strip(), (key, lang)


def test_placeholders_agree_between_languages() -> None:
    for key, texts in catalogue().items():
        assert (
            placeholders(texts["fi"]) == placeholders(texts["sv"]) == placeholders(texts["en"])
        ), key


def test_swedish_texts_are_swedish_not_copies() -> None:
    """A Swedish text that repeats the Finnish or the English one is a forgotten translation,
    unless it is a name or a word the same in Swedish (CORDIS, SHA-256, Period, Cell, ...)."""
    same_in_swedish = {
        "code.source.cordis",
        "code.source.eura",
        "code.source.kohesio",
        "axis.period",
        "column.period",
        "provenance.period",
        "receipt.period",
        "column.trend",
        "indicator.column.trend",
        "column.sha256",
        "column.file_sha256",
        "column.cell",
        "column.total_budget_eur",
    }
    copied = {
        key
        for key, texts in catalogue().items()
        if texts["sv"] in (texts["fi"], texts["en"])
        and any(c.isalpha() for c in re.sub(r"\{[^}]*\}", "", texts["sv"]))
    }
    assert sorted(copied - same_in_swedish) == []


def test_every_key_used_in_the_source_exists() -> None:
    used = keys_used_in_source()
    assert {"report.title", "key_figures.completion_rate", "footer.rendered"} <= used  # scan works
    assert sorted(used - set(catalogue())) == []


def test_every_key_is_given_in_a_way_the_scan_can_check() -> None:
    assert key_uses()[1] == []


def test_the_scan_reads_every_module_that_calls_t() -> None:
    callers = {
        path.name
        for path in SRC.rglob("*.py")
        if any(map(_is_t_call, ast.walk(ast.parse(path.read_text(encoding="utf-8")))))
    }
    assert {"overview.py", "divisions.py", "workbook.py", "render.py", "pages.py"} <= callers
    used = keys_used_in_source()
    assert {"division.page_title", "xlsx.sheet.overall", "provenance.heading"} <= used


def test_every_key_in_the_catalogue_is_used() -> None:
    assert sorted(set(catalogue()) - keys_used_in_source()) == []


def test_t_fills_placeholders_and_is_strict() -> None:
    assert t("report.title", "fi", period="2025") == "Strategian seuranta 2025"
    assert t("report.title", "en", period="2025") == "Strategy follow-up 2025"
    with pytest.raises(KeyError):
        t("no.such.key", "fi")
    assert t("report.title", "sv", period="2025") == "Uppföljning av strategin 2025"
    with pytest.raises(KeyError):
        t("report.title", "de", period="2025")
    with pytest.raises(KeyError):
        t("report.title", "fi")  # placeholder without a value


def test_percent() -> None:
    assert fmt_percent(0.625, "fi", digits=1) == f"62,5{NBSP}%"  # decimal comma, no-break space
    assert fmt_percent(0.625, "en", digits=1) == "62.5%"
    assert fmt_percent(0.5238, "fi") == f"52{NBSP}%"
    assert fmt_percent(1.0, "en") == "100%"
    assert fmt_percent(None, "fi") == fmt_percent(None, "en") == "–"
    assert percent_suffix("fi") == f"{NBSP}%" and percent_suffix("en") == "%"
    assert fmt_percent(0.5625, "sv", digits=1) == f"56,3{NBSP}%"  # Swedish as written in Finland
    assert percent_suffix("sv") == f"{NBSP}%"


def test_numbers_and_money() -> None:
    assert fmt_int(1234567, "fi") == f"1{NBSP}234{NBSP}567"
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_eur(1234567, "fi").replace(NBSP, " ") == "1 234 567 €"
    assert fmt_eur(1234567, "en") == "€1,234,567"
    assert fmt_decimal(9.88, "fi", signed=True) == "+9,9"
    assert fmt_decimal(-9.88, "fi", signed=True) == "\u22129,9"  # Finnish minus sign
    assert fmt_decimal(-9.88, "en", signed=True) == "-9.9"
    assert fmt_decimal(0.01, "en", signed=True) == "0.0"
    assert fmt_int(1234, "sv") == f"1{NBSP}234"
    assert fmt_eur(1234, "sv") == f"1{NBSP}234{NBSP}€"
    assert fmt_decimal(-9.88, "sv", signed=True) == "\u22129,9"


def test_dates_and_plotly_separators() -> None:
    assert fmt_date(date(2025, 3, 5), "fi") == "5. maaliskuuta 2025"
    assert fmt_date(date(2025, 3, 5), "en") == "5 March 2025"
    assert fmt_date(date(2025, 3, 5), "sv") == "5 mars 2025"
    assert fmt_date(date(2025, 10, 14), "sv") == "14 oktober 2025"
    assert plotly_separators("sv") == f",{NBSP}"
    assert plotly_separators("fi") == f",{NBSP}"  # decimal comma, space between thousands
    assert plotly_separators("en") == ".,"


def load_catalogue_of(tmp_path, monkeypatch, files: dict[str, str]) -> None:
    """Load the catalogue from `files` (name -> YAML text) instead of the package's locales."""
    from importlib import resources

    from analysis import i18n

    folder = tmp_path / "locales"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")

    class Package:
        def joinpath(self, name):
            return tmp_path / name

    monkeypatch.setattr(resources, "files", lambda _: Package())
    i18n.catalogue.cache_clear()
    try:
        i18n.catalogue()
    finally:
        i18n.catalogue.cache_clear()


def test_a_key_defined_in_two_catalogue_files_is_rejected(tmp_path, monkeypatch):
    files = {
        "a.yml": "x.title: {fi: A, sv: A, en: A}\n",
        "b.yml": "x.title: {fi: B, sv: B, en: B}\n",
    }
    with pytest.raises(ValueError, match="'x.title' is already defined"):
        load_catalogue_of(tmp_path, monkeypatch, files)


def test_a_key_without_swedish_is_rejected(tmp_path, monkeypatch):
    files = {"a.yml": "x.title: {fi: A, en: A}\n"}
    with pytest.raises(ValueError, match="'x.title' must have exactly the languages"):
        load_catalogue_of(tmp_path, monkeypatch, files)


def test_the_scan_reports_a_key_it_cannot_check(tmp_path, monkeypatch) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "def part(lang, kind):\n"
        "    for key in ('report.title', 'chart.trend.title'):\n"
        "        t(key, lang)\n"
        "    t(f'chart.{kind}.title', lang)\n"
        "    t(f'no_such_family.{kind}', lang)\n"
        "    return t('chart.' + kind, lang)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    used, unknown = key_uses()
    assert {"report.title", "chart.trend.title", "chart.status.title"} <= used
    assert all(key.startswith(("report.", "chart.")) for key in used)
    assert unknown == ["module.py:5", "module.py:6"]


def test_the_scan_checks_the_keys_given_to_the_report_helpers(tmp_path, monkeypatch) -> None:
    module = tmp_path / "report" / "section.py"
    module.parent.mkdir()
    module.write_text(
        "def part(frame, page):\n"
        "    return bar_chart(frame, x='name', y='measures', title_key='chart.statuz.title',\n"
        "                     page=page, axis_keys=('axis.status', 'axis.measures'))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    used, unknown = key_uses()
    assert used == {"chart.statuz.title", "axis.status", "axis.measures"} and unknown == []
    assert sorted(used - set(catalogue())) == ["chart.statuz.title"]  # a misspelt key fails


@pytest.mark.parametrize(
    ("value", "lang", "digits", "shown"),
    [
        (0.5625, "fi", 1, f"56,3{NBSP}%"),  # Babel alone gives 56,2 % (half to even)
        (0.625, "en", 0, "63%"),
        (0.0125, "en", 1, "1.3%"),
    ],
)
def test_percentages_round_half_up_as_the_workbook_shows_them(value, lang, digits, shown):
    assert fmt_percent(value, lang, digits=digits) == shown


def test_decimals_and_euros_round_half_up() -> None:
    assert fmt_decimal(35.25, "fi", 1) == "35,3"
    assert fmt_decimal(-0.04, "en", 1, signed=True) == "0.0"  # rounds to zero: no sign
    assert fmt_eur(1234.5, "fi") == f"1{NBSP}235{NBSP}€"
