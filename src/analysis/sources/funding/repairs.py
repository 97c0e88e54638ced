"""Problems about whole lines of funding tables: repaired or skipped lines, unread values.

A public export's line that the CSV reader had to repair or skip is the city's problem only when
it is the city's line; the lines and values of other organisations are counted in one warning.
"""

from __future__ import annotations

from analysis.problems import Problem, coded
from analysis.sources.funding.rows import CityIdentity, TableReader

CITY_LAYOUTS = ("register", "targets")  # the city's own files: every row is the city's


def broken_row_problems(reader: TableReader, city: CityIdentity) -> list[Problem]:
    """Problems for repaired and skipped lines: each of the city's, and a count of the rest."""
    problems: list[Problem] = []
    others: list[int] = []
    city_file = reader.table.layout.name in CITY_LAYOUTS
    for record in reader.table.records:
        if record.status == "ok":
            continue
        own = city_file or city.mentioned(record.raw_line)
        cell = f"line {record.number}"
        file = reader.book.source_file
        if record.status == "skipped":
            problems.append(
                coded(
                    file,
                    None,
                    cell,
                    "funding_line_skipped_own" if own else "funding_line_skipped",
                    severity="error" if own else "warning",
                    detail=record.repair,
                )
            )
        elif own:
            problems.append(
                coded(
                    file,
                    None,
                    cell,
                    "funding_line_repaired",
                    severity="warning",
                    detail=record.repair,
                )
            )
        else:
            others.append(record.number)
    if others:
        shown = ", ".join(map(str, others[:10])) + (" ..." if len(others) > 10 else "")
        problems.append(
            coded(
                reader.book.source_file,
                None,
                None,
                "funding_others_repaired",
                severity="warning",
                value=len(others),
                detail=shown,
            )
        )
    return problems


def unread_problem(reader: TableReader) -> Problem | None:
    """One warning for the values of other organisations' rows that could not be read."""
    if not reader.unread_elsewhere:
        return None
    shown = "; ".join(reader.unread_elsewhere[:5])
    return coded(
        reader.book.source_file,
        None,
        None,
        "funding_others_unread",
        severity="warning",
        value=len(reader.unread_elsewhere),
        detail=shown,
    )
