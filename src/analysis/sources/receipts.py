"""A receipt for each division: what was read from its files and what to fix, in its language.

`seuranta validate --period P --receipts DIR` (and `run`, beside the reports) writes one .xlsx
per division: a summary (files, measures read, measures by status, errors and warnings) and
its problems by cell with the fix, so the analyst can send it back before the deadline. The
figures are queried from a database holding the period (the run's, or an in-memory one for
`validate`); a division's language is the language of its sheets' headers. A file from which
no division could be read gets a receipt of its own, named after the file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analysis.config import Reference
from analysis.export import xlsx
from analysis.i18n import LANGS, t
from analysis.problems import Problem, worded
from analysis.sources.status import FIELDS

FALLBACK_LANG = "fi"
_UNSAFE = re.compile(r"[^0-9A-Za-z_.-]+")

# measures by file, sheet, division and status; the headers of each sheet (its language)
_READ = """
select m.source_file, m.sheet, m.division, m.status, count(*) as measures
from stg_measures as m
where m.period = $period
group by all
order by all
"""
_HEADERS = """
select source_file, sheet, header_text from raw_status_column where period = $period
"""


@dataclass
class Receipt:
    """One division's (or one file's) receipt."""

    key: str  # division code, or the file's name when no division was read
    name: dict[str, str]  # shown name by language
    lang: str = FALLBACK_LANG
    files: set[str] = field(default_factory=set)
    sheets: set[tuple[str, str]] = field(default_factory=set)  # (file, sheet) of its measures
    statuses: Counter[str | None] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


def _language(headers: list[str]) -> str:
    """The language of a sheet's headers: the one whose headers it uses more (ties: Finnish)."""
    keys = {text.strip().lower() for text in headers}
    fi = sum(1 for fi_, _, _ in FIELDS.values() if fi_.lower() in keys)
    en = sum(1 for _, en_, _ in FIELDS.values() if en_.lower() in keys)
    return "en" if en > fi and "en" in LANGS else FALLBACK_LANG


def _majority(measures: Counter[str]) -> str | None:
    """The division with the most measures (ties: the first code), None for none."""
    return max(sorted(measures), key=measures.__getitem__) if measures else None


def collect(
    con: duckdb.DuckDBPyConnection, period: str, problems: list[Problem], reference: Reference
) -> list[Receipt]:
    """The receipts of the period in `con`: each measure counts for its own division, and a
    problem goes to the division of its sheet (else of its file, else to the file's own)."""
    read = con.execute(_READ, {"period": period}).fetchall()
    headers = con.execute(_HEADERS, {"period": period}).fetchall()
    divisions = {entry.code: entry for entry in reference.divisions}
    # the division of each sheet and of each file: the one most of its measures are of
    by_sheet: dict[tuple[str, str], Counter[str]] = {}
    by_file: dict[str, Counter[str]] = {}
    for source_file, sheet, division, _, measures in read:
        if division is not None:
            by_sheet.setdefault((source_file, sheet), Counter())[division] += measures
            by_file.setdefault(source_file, Counter())[division] += measures
    of_sheet = {key: _majority(counts) for key, counts in by_sheet.items()}
    of_file = {key: _majority(counts) for key, counts in by_file.items()}
    receipts: dict[str, Receipt] = {}

    def receipt_of(code: str | None, source_file: str) -> Receipt:
        if code in divisions:
            names = {lang: divisions[code].name(lang) for lang in LANGS}
            key = code
        else:
            key, names = Path(source_file).stem, dict.fromkeys(LANGS, source_file)
        return receipts.setdefault(key, Receipt(key, names))

    for source_file, sheet, division, status, measures in read:
        receipt = receipt_of(division or of_sheet.get((source_file, sheet)), source_file)
        receipt.files.add(source_file)
        receipt.sheets.add((source_file, sheet))
        receipt.statuses[status] += int(measures)
    for problem in problems:
        if problem.file.startswith("status/"):
            code = of_sheet.get((problem.file, problem.sheet)) or of_file.get(problem.file)
            receipt = receipt_of(code, problem.file)
            receipt.files.add(problem.file)
            receipt.problems.append(problem)
    # the header texts of each sheet and of each file, gathered once for every receipt
    of_pair: dict[tuple[str, str], list[str]] = {}
    in_file: dict[str, list[str]] = {}
    for file, sheet, text in headers:
        of_pair.setdefault((file, sheet), []).append(text)
        in_file.setdefault(file, []).append(text)
    for receipt in receipts.values():
        if receipt.sheets:  # the headers of its measures' sheets, else of its files
            texts = [text for pair in receipt.sheets for text in of_pair.get(pair, [])]
        else:
            texts = [text for file in receipt.files for text in in_file.get(file, [])]
        receipt.lang = _language(texts)
    return sorted(receipts.values(), key=lambda r: r.key)


def _tables(receipt: Receipt, period: str, reference: Reference) -> list[xlsx.Table]:
    lang = receipt.lang
    statuses = {entry.code: entry.name(lang) for entry in reference.statuses}
    errors = sum(p.severity == "error" for p in receipt.problems)
    summary = [
        (t("receipt.period", lang), period),
        (t("receipt.division", lang), receipt.name[lang]),
        (t("receipt.files", lang), ", ".join(sorted(receipt.files))),
        (t("receipt.measures", lang), str(sum(receipt.statuses.values()))),
        *(
            (t("receipt.status_count", lang, status=statuses.get(code, code)), str(count))
            for code, count in sorted(
                ((c, n) for c, n in receipt.statuses.items() if c is not None),
                key=lambda item: list(statuses).index(item[0]) if item[0] in statuses else 99,
            )
        ),
        (t("receipt.unknown_status", lang), str(receipt.statuses.get(None, 0))),
        (t("receipt.errors", lang), str(errors)),
        (t("receipt.warnings", lang), str(len(receipt.problems) - errors)),
        (t("receipt.verdict", lang), t("receipt.fix", lang) if errors else t("receipt.ok", lang)),
    ]
    severity = {
        "error": t("code.severity.error", lang),
        "warning": t("code.severity.warning", lang),
    }
    rows = []
    for problem in sorted(receipt.problems, key=Problem.sort_key):
        message, fix = worded(problem.as_dict(), lang)
        rows.append(
            (
                problem.file,
                problem.sheet or "",
                problem.cell or "",
                severity[problem.severity],
                message,
                fix,
            )  # fmt: skip
        )
    columns = ("source_file", "sheet", "cell", "severity", "message", "fix")
    problems = pd.DataFrame(rows, columns=[t(f"column.{c}", lang) for c in columns], dtype=object)
    info = pd.DataFrame(summary, columns=[t("receipt.item", lang), t("receipt.value", lang)])
    return [
        xlsx.Table(t("receipt.summary_sheet", lang), info, [None, None]),
        xlsx.Table(t("receipt.problems_sheet", lang), problems, [None] * len(columns)),
    ]


def write_receipts(
    con: duckdb.DuckDBPyConnection,
    period: str,
    problems: list[Problem],
    reference: Reference,
    out_dir: str | Path,
) -> list[Path]:
    """One receipt .xlsx per division of the period into `out_dir`; their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for receipt in collect(con, period, problems, reference):
        name = _UNSAFE.sub("_", f"{period}_{receipt.key}").strip("_")
        path = out / f"{t('receipt.file', receipt.lang)}_{name}.xlsx"
        paths.append(xlsx.write_workbook(_tables(receipt, period, reference), path))
    return paths


def receipts_from_database(
    db_path: str | Path, period: str, reference: Reference, out_dir: str | Path
) -> list[Path]:
    """The receipts of a loaded period, from the database (its warnings are in raw_problem)."""
    from analysis import db

    with db.connect(db_path, read_only=True) as con:
        stored = con.execute(
            "select source_file as file, sheet, cell, message, fix, severity, code, value, "
            "detail, params from raw_problem where period = $period",
            {"period": period},
        ).fetchall()
        problems = [Problem(*row) for row in stored]  # as the ingest stored them, coded
        return write_receipts(con, period, problems, reference, out_dir)
