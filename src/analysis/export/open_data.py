"""The period's open data, `reports/<period>/data/`: the report's tables as CSV and Parquet, and a
Frictionless Data Package (`datapackage.json`) that describes them.

Each table of `TABLES` is a view of the database, written for the period as the view holds it
(the columns named there, in that order) by DuckDB itself: CSV in UTF-8 after RFC 4180 (a header
row, `,` between fields, `"` around a field that needs it, CRLF between records, `.` as the
decimal point, ISO dates, an empty field for NULL) and Parquet. `datapackage.json` gives each
file's columns with their types (mapped from the DuckDB types) and descriptions, the licence
and publisher from publication.yml, and the input files the figures come from with their
SHA-256. Frictionless allows one `description`: it is in the run's first language, and each
other language of the run has its own property, `description_<lang>` (likewise `title`).

A public run (`Audience`) leaves out what its pages leave out: the data-quality tables, the
owners' names and the input files' hashes. Texts come from locales/open_data.yml.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from analysis import db
from analysis.config import LANGS, STATUS_CODES
from analysis.i18n import catalogue, t
from analysis.publication import Audience, Publication, load_publication

DATA_DIR = "data"
DESCRIPTOR = "datapackage.json"
README = "README.md"
FORMATS = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
COUNTS = ("measures", *STATUS_CODES)
CHANGE = ("previous_period", "previous_completion_rate", "completion_change_pp")
FUNDING = ("applications", "approved", "rejected", "success_rate", "eu_contribution_eur",
           "total_budget_eur", "own_financing_eur", "running", "running_eu_contribution_eur",
           "idea", "preparation", "awaiting_decision", "follow_up")  # fmt: skip
LINEAGE = ("source_file", "sheet", "row_number")
# DuckDB's types as Frictionless field types (a DECIMAL(p,s) is a number).
TYPES = {
    "VARCHAR": "string",
    "BOOLEAN": "boolean",
    "TINYINT": "integer",
    "SMALLINT": "integer",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "HUGEINT": "integer",
    "DOUBLE": "number",
    "FLOAT": "number",
    "DECIMAL": "number",
    "DATE": "date",
}
# Parquet has no 128-bit integer: DuckDB would write a double, so such a column is a BIGINT.
NARROWED = {"HUGEINT": "BIGINT"}


def named(code: str) -> tuple[str, ...]:
    """A code column and its names in every language of the product (`division_name_fi`...)."""
    return (code, *(f"{code}_name_{lang}" for lang in LANGS))


@dataclass(frozen=True)
class Table:
    """One table of the open data: its file name, the view it is read from, its columns in the
    order written, and the order of its rows."""

    name: str
    view: str
    columns: tuple[str, ...]
    order: str


TABLES: tuple[Table, ...] = (
    Table("completion_overall", "completion_overall",
          ("period", *COUNTS, "completion_rate", *CHANGE, "divisions"), "period"),
    Table("completion_by_division", "completion_by_division",
          ("period", *named("division"), *COUNTS, "completion_rate", *CHANGE),
          "sort_order nulls last, division"),
    Table("completion_by_theme", "completion_by_theme",
          ("period", *named("theme"), *COUNTS, "completion_rate", *CHANGE),
          "sort_order nulls last, theme"),
    Table("completion_by_division_theme", "completion_by_division_theme",
          ("period", *named("division"), *named("theme"), *COUNTS, "completion_rate"),
          "division_sort_order nulls last, division, theme_sort_order nulls last, theme"),
    Table("measures", "division_measures",
          ("period", *named("division"), "measure_id", "goal", "measure",
           *(f"themes_{lang}" for lang in LANGS), *named("status"), "progress_pct", "report",
           "owner", *LINEAGE),
          "division_sort_order nulls last, division, source_file, sheet, row_number"),
    Table("funding_by_division", "funding_by_division",
          ("period", *named("division"), "target", "target_attainment", *FUNDING),
          "sort_order nulls last, division nulls last"),
    Table("funding_by_theme", "funding_by_theme",
          ("period", *named("theme"), *FUNDING), "sort_order nulls last, theme"),
    Table("funding_by_programme", "funding_by_programme",
          ("period", *named("programme"), "applications", "approved", "rejected", "success_rate",
           "eu_contribution_eur", "total_budget_eur", "running", "running_eu_contribution_eur"),
          "sort_order nulls last, programme nulls last"),
    Table("funding_pipeline", "funding_pipeline",
          ("period", *named("phase"), "projects", "eu_contribution_eur"), "sort_order, phase"),
    Table("quality_by_division", "quality_findings_by_division",
          ("period", *named("division"), "measures", "measures_with_findings", "findings",
           "quality_score", "late_files"),
          "sort_order nulls last, division"),
    Table("indicators", "indicator_progress",
          ("period", "indicator", "computed", "compute", *(f"name_{lang}" for lang in LANGS),
           "unit", "unit_code", *named("direction"), "goal", *named("theme"), *named("division"),
           "baseline_value", "baseline_year", "target_value", "target_year", "value",
           "value_source", "comment", "previous_period", "previous_value", "needed_value",
           "progress", "expected_progress", "target_reached", *named("evaluation"),
           *named("trend"), *LINEAGE),
          "sort_order"),
    Table("quality_findings", "quality_findings",
          ("period", *named("division"), "measure_id", *named("finding"), *named("field"),
           "value", *LINEAGE),
          "division, source_file, sheet, row_number, finding"),
)  # fmt: skip


def tables_for(audience: Audience) -> list[tuple[Table, tuple[str, ...]]]:
    """The tables and columns the audience's open data has."""
    return [
        (table, tuple(c for c in table.columns if audience.shows_column(c)))
        for table in TABLES
        if audience.shows_table(table.view)
    ]


def _literal(path: Path) -> str:
    """A path as an SQL string literal (COPY takes no parameter for its file)."""
    return "'" + str(path).replace("'", "''") + "'"


def _query(
    con: duckdb.DuckDBPyConnection, table: Table, columns: Sequence[str]
) -> tuple[str, list[str]]:
    """The select of the table's columns for the period (`?`), every column of a type that
    CSV and Parquet both keep, and those types."""
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns where table_name = ?",
            [table.view],
        ).fetchall()
    )
    missing = [c for c in columns if c not in types]
    if missing:
        raise ValueError(f"{table.view} has no column {', '.join(missing)}")
    select = ", ".join(
        f'cast("{c}" as {NARROWED[types[c]]}) as "{c}"' if types[c] in NARROWED else f'"{c}"'
        for c in columns
    )
    # the view, its columns and the order are constants of TABLES; the period is bound
    query = f"select {select} from {table.view} where period = ? order by {table.order}"  # noqa: S608
    return query, [NARROWED.get(types[c], types[c]) for c in columns]


def field_type(duckdb_type: str) -> str:
    """The Frictionless type of a DuckDB column type."""
    base = duckdb_type.split("(")[0]
    if base not in TYPES:
        raise ValueError(f"no open-data type for the DuckDB type {duckdb_type}")
    return TYPES[base]


def _t(key: str, langs: Sequence[str], prop: str, **values: object) -> dict[str, str]:
    """`{prop: text in the first language, prop_<lang>: text in each other}`."""
    first, *others = langs
    return {prop: t(key, first, **values), **{f"{prop}_{o}": t(key, o, **values) for o in others}}


def _language_of(column: str) -> str | None:
    """The language of a column of names or texts in one language (`division_name_fi`)."""
    return next((lang for lang in LANGS if column.endswith(f"_{lang}")), None)


def _field(table: Table, column: str, duckdb_type: str, langs: Sequence[str]) -> dict[str, Any]:
    """A column of the schema: its name, type and description in the run's languages; a
    table's own description of the column (`open_data.table_column.<table>.<column>`) comes
    first."""
    language = _language_of(column)
    base = column.removesuffix(f"_{language}") if language else column
    own = f"open_data.table_column.{table.name}.{base}" in catalogue()

    def text(lang: str) -> str:
        named = {"language": t(f"open_data.language.{language}", lang)} if language else {}
        if own:
            return t(f"open_data.table_column.{table.name}.{base}", lang, **named)
        return t(f"open_data.column.{base}", lang, **named)

    first, *others = langs
    try:
        kind = field_type(duckdb_type)
    except ValueError as exc:
        raise ValueError(f"{table.view}.{column}: {exc}") from None
    return {
        "name": column,
        "type": kind,
        "description": text(first),
        **{f"description_{other}": text(other) for other in others},
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_table(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    table: Table,
    columns: Sequence[str],
    period: str,
    langs: Sequence[str],
) -> list[dict[str, Any]]:
    """The table's CSV and Parquet files, and their two resources."""
    query, types = _query(con, table, columns)
    rows = con.sql(query, params=[period]).to_arrow_table()  # the view is computed once
    con.register("open_data_rows", rows)
    try:
        con.execute(
            f"copy open_data_rows to {_literal(out / f'{table.name}.csv')} "
            "(format csv, header, delimiter ',', quote '\"', escape '\"', new_line '\\r\\n')"
        )
        con.execute(f"copy open_data_rows to {_literal(out / f'{table.name}.parquet')} "
                    "(format parquet)")  # fmt: skip
    finally:
        con.unregister("open_data_rows")
    schema = {
        "fields": [_field(table, c, k, langs) for c, k in zip(columns, types, strict=True)],
        # a NULL is an empty CSV field; Frictionless reads a NULL integer of Parquet as `nan`
        "missingValues": ["", "nan"],
    }
    resources = []
    for fmt, mediatype in FORMATS.items():
        path = out / f"{table.name}.{fmt}"
        resources.append(
            {
                "name": table.name if fmt == "csv" else f"{table.name}-{fmt}",
                "path": path.name,
                "profile": "tabular-data-resource",
                **_t(f"open_data.table.{table.name}", langs, "title"),
                **_t(f"open_data.table.{table.name}.description", langs, "description"),
                "format": fmt,
                "mediatype": mediatype,
                # frictionless checks the size of a text file only, so a Parquet file has none
                **({"encoding": "utf-8", "bytes": path.stat().st_size} if fmt == "csv" else {}),
                "hash": f"sha256:{_digest(path)}",
                "rows": rows.num_rows,
                "schema": schema,
            }
        )
    return resources


def _sources(con: duckdb.DuckDBPyConnection, period: str, audience: Audience) -> list[dict]:
    """The period's input files, with their SHA-256 when the audience sees hashes."""
    rows = con.execute(
        "select source_file, file_sha256 from raw_file where period = ? order by source_file",
        [period],
    ).fetchall()
    return [
        {"title": name, **({"sha256": digest} if audience.shows_hashes else {})}
        for name, digest in rows
    ]


def write_open_data(
    con: duckdb.DuckDBPyConnection,
    folder: str | Path,
    period: str,
    langs: Sequence[str],
    publication: Publication,
    audience: Audience,
) -> Path:
    """Write the period's open data into `folder` (created); the path of its datapackage.json."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    chosen = tables_for(audience)
    resources = [r for table, cols in chosen for r in _write_table(con, out, table, cols, period,
                                                                    langs)]  # fmt: skip
    licence = publication.licence
    package: dict[str, Any] = {
        "name": f"seuranta-{period}".lower(),
        "profile": "tabular-data-package",
        **_t("open_data.title", langs, "title", period=period),
        **_t("open_data.description", langs, "description", period=period),
        "licenses": [{"name": licence.name, "title": licence.title, "path": licence.path}],
        "sources": _sources(con, period, audience),
        "resources": resources,
    }
    if publication.publisher:
        package["contributors"] = [{"title": publication.publisher[langs[0]], "role": "publisher"}]
    descriptor = out / DESCRIPTOR
    descriptor.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (out / README).write_text(readme(chosen, period, langs, licence.name), encoding="utf-8")
    return descriptor


def readme(
    chosen: Sequence[tuple[Table, Sequence[str]]], period: str, langs: Sequence[str], licence: str
) -> str:
    """The folder's README in each run language: the files, the licence, how to open them."""
    parts = []
    for lang in langs:
        lines = [
            f"# {t('open_data.title', lang, period=period)}",
            "",
            t("open_data.readme.intro", lang, period=period, licence=licence),
            "",
            *(f"- `{table.name}.csv`, `{table.name}.parquet`: "
              f"{t(f'open_data.table.{table.name}', lang)}" for table, _ in chosen),
            "",
            t("open_data.readme.csv", lang),
            "",
            t("open_data.readme.parquet", lang),
            "",
        ]  # fmt: skip
        parts.append("\n".join(lines))
    return "\n".join(parts)


def export(
    db_path: str | Path,
    folder: str | Path,
    period: str,
    langs: Sequence[str],
    config_dir: str | Path,
    audience: str = "internal",
) -> Path:
    """Write the period's open data for `audience` from the database (read-only) into `folder`,
    with the licence and publisher of `config_dir`'s publication.yml."""
    publication = load_publication(config_dir)
    with db.connect(db_path, read_only=True) as con:
        try:
            return write_open_data(
                con, folder, period, langs, publication, publication.audience(audience)
            )
        except duckdb.IOException as exc:  # COPY could not write: a full disk, a permission
            raise _os_error(exc, Path(folder)) from None


def _os_error(exc: duckdb.IOException, folder: Path) -> OSError:
    """A write DuckDB's COPY could not make, as the OSError a Python write would raise, so that
    the run tells it like any other refused write."""
    text = str(exc)
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS):
        if os.strerror(code) in text:
            return OSError(code, os.strerror(code), str(folder))
    return OSError(errno.EIO, text, str(folder))
