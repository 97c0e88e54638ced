"""Data checks: SQL queries under sql/checks that return offending rows, turned into Problems."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import duckdb

from analysis.config import Reference
from analysis.db import sql_text
from analysis.problems import Problem, Severity, placeholders
from analysis.sources.status import FIELDS, sheet_names

# Wraps a check to add the column letter of the offending field; check SQL comes from the
# package's own files, values are bound as $period.
_LOCATE = """
with offending as ({check})
select o.check_index, o.source_file, o.sheet, o.row_number, o.field, o.value, o.detail,
    c.column_letter
from offending as o
left join raw_status_column as c
    on c.period = $period and c.source_file = o.source_file and c.sheet = o.sheet
    and c.field = o.field
order by o.check_index, o.source_file, o.sheet, o.row_number
"""


def _header(field: str) -> str:
    fi, en, _ = FIELDS[field]
    return f"{fi} / {en}"


@dataclass(frozen=True)
class Check:
    """A SQL check and how to word what it finds."""

    name: str
    severity: Severity
    message: Callable[[dict], str]
    fix: Callable[[dict, Reference], str]


CHECKS: tuple[Check, ...] = (
    Check(
        "missing_value",
        "error",
        lambda r: f"required value '{_header(r['field'])}' is empty.",
        lambda r, ref: (
            f"fill in the {_header(r['field'])} cell of this row, "
            "or delete the row if it is not a measure."
        ),
    ),
    Check(
        "unknown_status",
        "error",
        lambda r: f"status '{r['value']}' is not a known status label.",
        lambda r, ref: (
            "use one of the accepted labels: "
            + ", ".join(ref.accepted("status"))
            + " (or add the label to config/status_labels.yml)."
        ),
    ),
    Check(
        "unknown_division",
        "error",
        lambda r: (
            f"division '{r['value']}' is not a known division."
            if r["detail"] == "column"
            else f"the sheet name '{r['value']}' is not a known division and the row has no "
            "Toimiala / Division value."
        ),
        lambda r, ref: (
            "use one of: "
            + ", ".join(ref.accepted("division"))
            + " (or add it to config/divisions.yml)."
            if r["detail"] == "column"
            else "name the sheet one of (at most 31 characters): "
            + ", ".join(sheet_names(ref))
            + ", or fill in the Toimiala / Division column (or add the name to "
            "config/divisions.yml)."
        ),
    ),
    Check(
        "unknown_theme",
        "error",
        lambda r: f"theme '{r['detail']}' in '{r['value']}' is not a known theme.",
        lambda r, ref: (
            "separate themes with ';' and use: "
            + ", ".join(ref.accepted("theme"))
            + " (or add it to config/themes.yml)."
        ),
    ),
    Check(
        "duplicate_measure_id",
        "error",
        lambda r: (
            f"measure id '{r['value']}' is used more than once in the period "
            f"(also at {r['detail']})."
        ),
        lambda r, ref: (
            "give each measure its own Tunnus / ID; a measure is reported once a period."
        ),
    ),
    Check(
        "done_without_report",
        "warning",
        lambda r: f"the measure is reported done ('{r['detail']}') but its report is empty.",
        lambda r, ref: "write in Raportointi / Report what was done, so readers can see it.",
    ),
    Check(
        "progress_contradicts_status",
        "warning",
        lambda r: f"progress '{r['value']}' contradicts the status '{r['detail']}'.",
        lambda r, ref: (
            "correct the status or the progress: done is 100 %, not started is 0 %, "
            "in progress or delayed is below 100 %."
        ),
    ),
    Check(
        "invalid_date",
        "warning",
        lambda r: f"planned end '{r['value']}' is not a date; it is left out.",
        lambda r, ref: "write a date such as 31.12.2025, or format the cell as a date.",
    ),
    Check(
        "invalid_progress",
        "warning",
        lambda r: f"progress '{r['value']}' is not a percentage between 0 and 100; it is left out.",
        lambda r, ref: "write a number such as 40 or 40 %, or leave the cell empty.",
    ),
)


def _code(check: Check, row: dict) -> str:
    """The catalogue code: a division found from the sheet name has a wording of its own."""
    if check.name == "unknown_division" and row["detail"] != "column":
        return "unknown_division_sheet"
    return check.name


def _params(code: str, row: dict, reference: Reference) -> str | None:
    """The placeholders of the code's texts beyond value and detail, as stored in raw_problem."""
    available = {
        "header": lambda: _header(row["field"]),
        "division_names": lambda: ", ".join(reference.accepted("division")),
        "sheet_names": lambda: ", ".join(sheet_names(reference)),
        "theme_names": lambda: ", ".join(reference.accepted("theme")),
        "status_labels": lambda: ", ".join(reference.accepted("status")),
    }
    needed = placeholders(code) - {"value", "detail"}
    params = {name: available[name]() for name in sorted(needed)}
    return json.dumps(params, ensure_ascii=False) if params else None


def offending_rows(
    con: duckdb.DuckDBPyConnection, period: str, names: Sequence[str], locate: str
) -> Iterator[tuple[str, dict]]:
    """(check, row) for the rows that the checks `names` (sql/checks/<name>.sql) return, check
    by check, each row wrapped by `locate`.

    `locate` is a query with a `{check}` slot that adds where each field's column was found,
    ordered by `check_index` first; the one runner of the status, funding and indicator
    checks. The checks run as one query: one plan, and DuckDB runs them side by side.
    """
    union = "\nunion all by name\n".join(
        f"select {index} as check_index, * from (\n{sql_text('checks', name)}\n)"  # noqa: S608
        for index, name in enumerate(names)  # the package's own SQL files, numbered
    )
    cursor = con.execute(locate.format(check=union), {"period": period})
    columns = [d[0] for d in cursor.description]
    for values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        yield names[row.pop("check_index")], row


def run_checks(con: duckdb.DuckDBPyConnection, period: str, reference: Reference) -> list[Problem]:
    """Run every check on the period's rows already in `con` and return what they found."""
    problems: list[Problem] = []
    checks = {check.name: check for check in CHECKS}
    for name, row in offending_rows(con, period, list(checks), _LOCATE):
        check = checks[name]
        number = row["row_number"]
        letter = row["column_letter"]
        problems.append(
            Problem(
                file=row["source_file"],
                sheet=row["sheet"],
                cell=f"{letter}{number}" if letter else f"{number}:{number}",
                message=check.message(row),
                fix=check.fix(row, reference),
                severity=check.severity,
                code=(code := _code(check, row)),
                value=row["value"],
                detail=row["detail"],
                params=_params(code, row, reference),
            )
        )
    return problems
