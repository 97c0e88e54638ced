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
from analysis.db import sql_text
from analysis.problems import Problem, Severity
from analysis.sources.funding.layouts import REGISTER_FIELDS, TARGET_FIELDS

# Check SQL comes from the package's own files; values are bound as $period.
_LOCATE = """
with offending as ({check})
select o.*, c.column_letter, c.header_text
from offending as o
left join raw_funding_column as c
    on c.period = $period and c.source_file = o.source_file
    and c.sheet is not distinct from o.sheet and c.field = o.field
order by o.source_file, o.sheet, o.row_number
"""

_HEADERS = {f.name: f.label for f in REGISTER_FIELDS + TARGET_FIELDS}


def _header(row: dict) -> str:
    return row.get("header_text") or _HEADERS.get(row["field"], row["field"])


@dataclass(frozen=True)
class FundingCheck:
    """A SQL check on the funding rows and how to word what it finds."""

    name: str
    severity: Severity
    message: Callable[[dict], str]
    fix: Callable[[dict, Reference], str]


def _programmes_fix(row: dict, reference: Reference) -> str:
    return (
        f"add '{row['value']}' as an alias of the right programme under `programmes` in "
        "config/funding.yml, or correct the cell."
    )


CHECKS: tuple[FundingCheck, ...] = (
    FundingCheck(
        "funding_missing_value",
        "error",
        lambda r: f"required value '{_header(r)}' is empty.",
        lambda r, ref: (
            "fill in the cell, or delete the row if it is not a project."
            if r["detail"] == "register"
            else "fill in the division and its number of applications, or delete the row."
        ),
    ),
    FundingCheck(
        "funding_unknown_division",
        "error",
        lambda r: f"division '{r['value']}' is not a known division.",
        lambda r, ref: (
            "use one of: "
            + ", ".join(ref.accepted("division"))
            + " (or add it to config/divisions.yml)."
        ),
    ),
    FundingCheck(
        "funding_unknown_theme",
        "error",
        lambda r: f"theme '{r['detail']}' in '{r['value']}' is not a known theme.",
        lambda r, ref: (
            "separate themes with ';' and use: "
            + ", ".join(ref.accepted("theme"))
            + " (or add it to config/themes.yml)."
        ),
    ),
    FundingCheck(
        "funding_unknown_programme",
        "error",
        lambda r: f"programme '{r['value']}' is not a known funding programme.",
        _programmes_fix,
    ),
    FundingCheck(
        "funding_unknown_phase",
        "error",
        lambda r: f"phase '{r['value']}' is not a known project phase.",
        lambda r, ref: (
            "use a phase label of config/funding.yml `phases` (idea, preparation, submitted, "
            "granted, rejected, running, closed - in Finnish or English), or add the label."
        ),
    ),
    FundingCheck(
        "funding_negative_amount",
        "error",
        lambda r: f"the amount '{r['value']}' in '{_header(r)}' is negative.",
        lambda r, ref: "write the amount in euros as a positive number.",
    ),
    FundingCheck(
        "funding_end_before_start",
        "error",
        lambda r: f"the end date '{r['value']}' is before the start date '{r['detail']}'.",
        lambda r, ref: (
            "correct the start or end date."
            if r.get("severity") == "error"
            else "nothing can be corrected in a public export; the row is used as it is. "
            "Put the right dates in the city's register."
        ),
    ),
    FundingCheck(
        "funding_duplicate_id",
        "error",
        lambda r: (
            f"'{r['value']}' ({_header(r)}) is used more than once in the period "
            f"(also at {r['detail']})."
        ),
        lambda r, ref: (
            "give each division one target row per period."
            if r["field"] == "division"
            else "give each project its own id and grant number; a project is listed once."
        ),
    ),
    FundingCheck(
        "funding_missing_date",
        "warning",
        lambda r: (
            f"a project in the phase '{r['value']}' has no '{_header(r)}' date, so it is not "
            f"counted in {r['detail']}."
        ),
        lambda r, ref: "fill in the date.",
    ),
    FundingCheck(
        "funding_not_in_register",
        "warning",
        lambda r: (
            f"the city's project {r['value']} ({r['detail']}) is not in the project register; "
            "it is counted without a division."
        ),
        lambda r, ref: (
            "add it to the register with its grant number or acronym, so that it is counted "
            "under its division."
        ),
    ),
    FundingCheck(
        "funding_amount_mismatch",
        "warning",
        lambda r: (
            f"the EU contribution {r['value']} differs from the city's ecContribution in "
            f"CORDIS project {r['detail']}."
        ),
        lambda r, ref: (
            "check the register; CORDIS gives the city's own share (ecContribution) summed "
            "over its PICs."
        ),
    ),
    FundingCheck(
        "funding_cordis_without_project",
        "warning",
        lambda r: (
            f"the city's CORDIS project {r['value']} ({r['detail']}) has no line in project.csv, "
            "so its dates and programme are unknown."
        ),
        lambda r, ref: "put the project.csv of the same CORDIS download in the funding folder.",
    ),
    FundingCheck(
        "funding_running_ended",
        "warning",
        lambda r: (
            f"the project is '{r['value']}' but ended on {r['detail']}, before the period began."
        ),
        lambda r, ref: "update the phase (closed) or the end date.",
    ),
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
    for check in CHECKS:
        sql = _LOCATE.format(check=sql_text("checks", check.name))
        cursor = con.execute(sql, {"period": period})
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            problems.append(
                Problem(
                    file=row["source_file"],
                    sheet=row["sheet"],
                    cell=_cell(row),
                    message=check.message(row),
                    fix=check.fix(row, reference),
                    severity=row.get("severity") or check.severity,
                )
            )
    return problems
