"""Every problem the readers and checks create has a code worded in every language."""

from __future__ import annotations

import ast
import datetime as dt
import shutil
import string
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.export.workbook import workbook
from analysis.i18n import LANGS, catalogue, t
from analysis.report import overview as report
from analysis.sources.checks import CHECKS as STATUS_CHECKS
from analysis.sources.funding.checks import CHECKS as FUNDING_CHECKS
from analysis.sources.indicators import CHECKS as INDICATOR_CHECKS
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT

SOURCES = ROOT / "src/analysis/sources"


def _literal_codes(tree: ast.AST) -> set[str]:
    """The strings given as `code=` of a Problem or as the code argument of `coded(...)`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        arguments = [k.value for k in node.keywords if k.arg == "code"]
        if name == "coded" and len(node.args) >= 4:
            arguments.append(node.args[3])
        if name == "problem" and node.args:  # InputWorkbook.problem(code, ...)
            arguments.append(node.args[0])
        if name == "parsed" and len(node.args) >= 4:  # TableReader.parsed(..., code)
            arguments.append(node.args[3])
        if name == "UndecodableText" and len(node.args) >= 2:
            arguments.append(node.args[1])
        while arguments:  # a literal, or either branch of `"a" if x else "b"`
            argument = arguments.pop()
            if isinstance(argument, ast.IfExp):
                arguments += [argument.body, argument.orelse]
            elif isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


def used_codes() -> set[str]:
    codes = {c.name for c in STATUS_CHECKS} | {"unknown_division_sheet"}
    codes |= {c.name + v for c in FUNDING_CHECKS for v in c.variants}
    codes |= set(INDICATOR_CHECKS) | {"indicator_invalid_number", "indicator_invalid_year"}
    for path in SOURCES.rglob("*.py"):
        codes |= _literal_codes(ast.parse(path.read_text(encoding="utf-8")))
    return codes


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_the_codes_of_both_readers():
    codes = used_codes()
    assert {
        "empty_workbook",
        "funding_running_ended",
        "funding_missing_date_decided",
        "funding_no_configuration",
        "funding_line_skipped_own",
        "funding_line_skipped",
        "funding_utf16_cut",
        "funding_mixed_encoding",
        "funding_unreadable_amount",
        "funding_unreadable_date",
        "funding_unreadable_count",
        "funding_no_layout",
        "funding_no_layout_text",
        "funding_layout_columns_missing",
        "file_too_large",
        "funding_file_too_large",
        "workbook_password",
        "text_file",
        "missing_column_division",
    } <= codes


def test_every_problem_of_the_readers_is_coded():
    """No reader creates an uncoded Problem: each one is worded from the catalogue."""
    for path in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem":
                coded = any(k.arg == "code" for k in node.keywords) or len(node.args) >= 7
                coded |= any(isinstance(a, ast.Starred) for a in node.args)  # stored ones
                assert coded, f"{path.relative_to(ROOT)}:{node.lineno}: a Problem without code"


@pytest.mark.parametrize("code", sorted(used_codes()))
def test_every_code_has_its_texts_in_every_language(code):
    for part in ("message", "fix"):
        texts = catalogue().get(f"problem.{code}.{part}")
        assert texts is not None, f"problem.{code}.{part} is not in locales/problems.yml"
        assert sorted(texts) == sorted(LANGS)
        names = {lang: placeholders(texts[lang]) for lang in LANGS}
        assert len({frozenset(n) for n in names.values()}) == 1, (code, part, names)


def _running_project_that_ended(register: Path) -> None:
    """Make the first project of the example register running, ended before 2025."""
    book = load_workbook(register)
    sheet = book["Hankkeet"]
    columns: dict[str, int] = {}
    for row in sheet.iter_rows():
        labels = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if {"Vaihe", "Alkaa", "Päättyy"} <= labels.keys():
            columns, header_row = labels, row[0].row
            break
    assert columns, "no header row in the example register"
    data_row = header_row + 1
    sheet.cell(data_row, columns["Vaihe"], "Käynnissä")
    sheet.cell(data_row, columns["Alkaa"], dt.datetime(2022, 1, 1))
    sheet.cell(data_row, columns["Päättyy"], dt.datetime(2024, 6, 30))
    book.save(register)


def test_a_funding_warning_is_finnish_on_the_finnish_page_and_workbook(tmp_path):
    shutil.copytree(ROOT / "data/raw/2025", tmp_path / "raw/2025")
    _running_project_that_ended(tmp_path / "raw/2025/funding/hankerekisteri_2025.xlsx")
    db_path = tmp_path / "seuranta.duckdb"
    result = ingest_period("2025", tmp_path / "raw", db_path, CONFIG)
    assert "funding_running_ended" in [p.code for p in result.warnings]
    finnish = "päättyi 2024-06-30, ennen kauden alkua"
    fi = report.load("2025", "fi", db_path).provenance().markup
    en = report.load("2025", "en", db_path).provenance().markup
    assert finnish in fi and "before the period began" not in fi
    assert "ended on 2024-06-30, before the period began" in en
    (problems,) = [
        s for s in workbook(db_path, "2025", "fi") if s.title == t("xlsx.sheet.problems", "fi")
    ]
    shown = problems.frame.to_string()
    assert finnish in shown and "before the period began" not in shown
