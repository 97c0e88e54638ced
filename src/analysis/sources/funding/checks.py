"""Funding data checks: SQL queries under sql/checks/funding_*.sql, turned into Problems.

Each query returns offending rows (source_file, sheet, row_number, field, value, detail and,
optionally, severity); the wrapper adds where the field's column was found, so a Problem names
`F12` in a workbook or `line 14, column EU-osuus` in a CSV file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from analysis.config import Reference
from analysis.problems import Problem, Severity, coded
from analysis.sources.checks import offending_rows
from analysis.sources.funding.layouts import REGISTER_FIELDS, TARGET_FIELDS

# Check SQL comes from the package's own files; values are bound as $period.
_LOCATE = """
with offending as ({check})
select o.*, c.column_letter, c.header_text
from offending as o
left join raw_funding_column as c
    on c.period = $period and c.source_file = o.source_file
    and c.sheet is not distinct from o.sheet and c.field = o.field
order by o.check_index, o.source_file, o.sheet, o.row_number
"""

_HEADERS = {f.name: f.label for f in REGISTER_FIELDS + TARGET_FIELDS}


def _header(row: dict) -> str:
    return row.get("header_text") or _HEADERS.get(row["field"], row["field"])


@dataclass(frozen=True)
class FundingCheck:
    """A SQL check; its texts are `problem.<code>.message` / `.fix` in locales/problems.yml.

    `variant` picks the code from the row when one check has more than one wording (the code is
    `name` plus one of `variants`); `params` gives the placeholders beyond `{value}` and
    `{detail}`.
    """

    name: str
    severity: Severity
    variants: tuple[str, ...] = ("",)
    variant: Callable[[dict], str] = lambda row: ""
    params: Callable[[dict, Reference], dict[str, str]] = lambda row, reference: {}


def _with_header(row: dict, reference: Reference) -> dict[str, str]:
    return {"header": _header(row)}


def _accepted(kind: str) -> Callable[[dict, Reference], dict[str, str]]:
    return lambda row, reference: {"accepted": ", ".join(reference.accepted(kind))}


CHECKS: tuple[FundingCheck, ...] = (
    FundingCheck(
        "funding_missing_value",
        "error",
        variants=("", "_target"),
        variant=lambda r: "" if r["detail"] == "register" else "_target",
        params=_with_header,
    ),
    FundingCheck("funding_unknown_division", "error", params=_accepted("division")),
    FundingCheck("funding_unknown_theme", "error", params=_accepted("theme")),
    FundingCheck("funding_unknown_programme", "error"),
    FundingCheck("funding_unknown_phase", "error"),
    FundingCheck("funding_negative_amount", "error", params=_with_header),
    FundingCheck(
        "funding_end_before_start",
        "error",
        variants=("", "_public"),
        variant=lambda r: "" if r.get("severity") == "error" else "_public",
    ),
    FundingCheck(
        "funding_duplicate_id",
        "error",
        variants=("", "_target"),
        variant=lambda r: "_target" if r["field"] == "division" else "",
        params=_with_header,
    ),
    FundingCheck(
        "funding_missing_date",
        "warning",
        # the figure the project is left out of: applications, decisions or running projects
        variants=("_submitted", "_decided", "_start_date"),
        variant=lambda r: "_" + r["field"],
        params=_with_header,
    ),
    FundingCheck("funding_not_in_register", "warning"),
    FundingCheck("funding_amount_mismatch", "warning"),
    FundingCheck("funding_cordis_without_project", "warning"),
    FundingCheck("funding_running_ended", "warning"),
)


def _cell(row: dict) -> str:
    number = row["row_number"]
    if row.get("column_letter"):
        return f"{row['column_letter']}{number}"
    if row["sheet"] is not None:
        return f"{number}:{number}"
    if row.get("header_text"):
        return f"line {number}, column {row['header_text']}"
    return f"line {number}"


def check_funding(
    con: duckdb.DuckDBPyConnection, period: str, reference: Reference
) -> list[Problem]:
    """Run every funding check on the period's rows already in `con`."""
    problems: list[Problem] = []
    checks = {check.name: check for check in CHECKS}
    for name, row in offending_rows(con, period, list(checks), _LOCATE):
        check = checks[name]
        problems.append(
            coded(
                row["source_file"],
                row["sheet"],
                _cell(row),
                check.name + check.variant(row),
                severity=row.get("severity") or check.severity,
                value=row["value"],
                detail=row["detail"],
                **check.params(row, reference),
            )
        )
    return problems
