"""The funding raw tables' columns and types, for building their DataFrames (see 02_funding.sql)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from analysis.config import LANGS
from analysis.sources.funding.rows import (
    CORDIS_ORGANIZATION_TEXT,
    CORDIS_PROJECT_TEXT,
    REGISTER_TEXT,
    STRUCTURAL_TEXT,
)

# column type codes: s text, i integer, d date, e euros, t timestamp, l list of text
LINEAGE_ROW = {"period": "s", "source_file": "s", "sheet": "s", "row_number": "i"}
LINEAGE_LINE = {"period": "s", "source_file": "s", "line_number": "i"}
LOADED = {"file_sha256": "s", "loaded_at": "t"}


def _text(*names: str) -> dict[str, str]:
    return dict.fromkeys(names, "s")


COLUMNS: Mapping[str, Mapping[str, str]] = {
    "raw_funding_source": {
        **_text("period", "source_file", "sheet", "layout", "encoding", "delimiter"),
        "header_row": "i",
        "data_rows": "i",
        "repaired_rows": "i",
        "skipped_rows": "i",
    },
    "raw_funding_column": {
        **_text("period", "source_file", "sheet", "field", "column_letter"),
        "column_number": "i",
        "header_text": "s",
    },
    "raw_funding_register": {
        **LINEAGE_ROW,
        **LOADED,
        **_text(*REGISTER_TEXT, "division_key"),
        "theme_keys": "l",
        **_text("programme_key", "phase_key", "acronym_key", "grant_key"),
        **dict.fromkeys(("submitted_on", "decided_on", "start_on", "end_on"), "d"),
        **dict.fromkeys(("total_budget_eur", "eu_contribution_eur", "own_financing_eur"), "e"),
    },
    "raw_funding_target": {
        **LINEAGE_ROW,
        **LOADED,
        **_text("division", "target_period", "target", "division_key"),
        "target_value": "i",
    },
    "raw_cordis_project": {
        **LINEAGE_LINE,
        **LOADED,
        **_text(*CORDIS_PROJECT_TEXT, "programme_key", "acronym_key", "grant_key"),
        "theme_keys": "l",
        **dict.fromkeys(("start_on", "end_on", "signed_on"), "d"),
        **dict.fromkeys(("total_cost_eur", "ec_max_contribution_eur"), "e"),
    },
    "raw_cordis_organization": {
        **LINEAGE_LINE,
        **LOADED,
        **_text(*CORDIS_ORGANIZATION_TEXT, "city_match"),
        **dict.fromkeys(("ec_contribution_eur", "net_ec_contribution_eur", "total_cost_eur"), "e"),
    },
    "raw_cordis_legal_basis": {
        **LINEAGE_LINE,
        **LOADED,
        **_text("project_id", "legal_basis", "title", "unique_programme_part"),
    },
    "raw_cordis_topic": {**LINEAGE_LINE, **LOADED, **_text("project_id", "topic", "title")},
    "raw_structural_fund_project": {
        **_text("period", "source_file", "sheet"),
        "line_number": "i",
        **LOADED,
        **_text(
            "layout",
            "parse_status",
            "repair",
            "raw_line",
            *STRUCTURAL_TEXT,
            "city_match",
            "division_key",
            "programme_key",
            "grant_key",
        ),
        **dict.fromkeys(("start_on", "end_on"), "d"),
        **dict.fromkeys(
            (
                "granted_public_eur",
                "planned_public_total_eur",
                "eu_budget_eur",
                "total_eligible_eur",
            ),
            "e",
        ),
    },
    "funding_ref_period": {
        "period": "s",
        "period_start": "d",
        "period_end": "d",
        "follow_up_years": "i",
    },
    "funding_ref_programme": {
        **_text("period", "programme", *(f"name_{lang}" for lang in LANGS)),
        "sort_order": "i",
    },
    "funding_ref_programme_key": _text("period", "key", "programme"),
    "funding_ref_phase": {
        **_text("period", "phase", *(f"name_{lang}" for lang in LANGS)),
        "sort_order": "i",
    },
    "funding_ref_phase_key": _text("period", "key", "phase"),
    "funding_ref_match_key": {"period": "s", "key_name": "s", "priority": "i"},
}

_TYPES = {
    "s": pa.string(),
    "i": pa.int64(),
    "d": pa.date32(),
    "e": pa.float64(),
    "t": pa.timestamp("us"),
    "l": pa.list_(pa.string()),
}


def frame(table: str, rows: Sequence[Mapping[str, Any]], **constant: object) -> pa.Table:
    """The rows of a raw table as an Arrow table with the table's columns and types, built a
    column at a time (a CORDIS export has 100,000 rows); `constant` gives a column one value
    in every row (e.g. loaded_at)."""
    columns = COLUMNS[table]
    arrays = []
    for name, code in columns.items():
        if name in constant:
            values: list[Any] = [constant[name]] * len(rows)
        else:
            values = [row.get(name) for row in rows]
        if code == "e":  # a Decimal from the parsers, or a number: Arrow takes floats only
            values = [None if value is None or value != value else float(value) for value in values]
        try:
            arrays.append(pa.array(values, _TYPES[code]))
        except pa.ArrowTypeError:  # a number in a text column (e.g. a name in the YAML)
            if code != "s":
                raise
            arrays.append(pa.array([None if v is None else str(v) for v in values], pa.string()))
    return pa.Table.from_arrays(arrays, names=list(columns))
