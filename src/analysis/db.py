"""The DuckDB store: schema, reference tables, and the SQL models under analysis/sql applied in
the order of their declared dependencies.

The marts are views: their SQL is the one definition of every figure. After every write their
rows are also stored as tables of the same names in schema `marts` (`refresh_marts`), and a
read-only connection reads those tables while they hold what the views give
(`use_mart_tables`): each step of a run then reads finished rows instead of computing the
views again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.config import LANGS, Entry, Reference
from analysis.i18n import catalogue, t

log = logging.getLogger(__name__)

SCHEMA_LAYER = "schema"  # tables, applied first, in file-name order
# views, one per file, applied each after the relations it declares it reads
MODEL_LAYERS: tuple[str, ...] = ("staging", "intermediate", "marts")
CODE_PREFIX = "code."  # catalogue keys `code.<kind>.<code>`: the names of ref_code
_CREATES_TABLE = re.compile(r"^create (?:or replace )?table (?:if not exists )?(\w+)", re.M)
_CREATES_VIEW = re.compile(r"^create or replace view (\w+) as\s", re.M)
MART_SCHEMA = "marts"  # the marts' rows as tables (refresh_marts)


class ModelError(ValueError):
    """The SQL models cannot be ordered: a cycle, an unknown dependency, a misnamed file."""


@dataclass(frozen=True)
class Model:
    """One view: the file `sql/<layer>/<name>.sql`, which creates the view `<name>`.

    Its header declares what it reads (`-- depends on: stg_measures, ref_division`) and, for a
    mart, its key (`-- grain: period, division`).
    """

    name: str
    layer: str
    text: str

    @property
    def depends_on(self) -> tuple[str, ...]:
        return header_list(self.text, "depends on")

    @property
    def grain(self) -> tuple[str, ...]:
        return header_list(self.text, "grain")

    @property
    def select(self) -> str:
        """The SELECT statement the view is made of."""
        found = _CREATES_VIEW.search(self.text)
        return self.text[found.end() :] if found else ""


def sql_files(layer: str) -> list[tuple[str, str]]:
    """(name, text) of the SQL files of one layer, in file-name order."""
    folder = files("analysis").joinpath("sql", layer)
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".sql")), key=lambda e: e.name)
    return [
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")) for entry in entries
    ]


def header_list(text: str, field: str) -> tuple[str, ...]:
    """The names of a model file's `-- <field>: a, b` header lines (several lines add up)."""
    prefix = f"-- {field}:"
    return tuple(
        name.strip()
        for line in text.splitlines()
        if line.startswith(prefix)
        for name in line.removeprefix(prefix).split(",")
        if name.strip()
    )


def sql_text(layer: str, name: str) -> str:
    return files("analysis").joinpath("sql", layer, f"{name}.sql").read_text(encoding="utf-8")


def schema_tables() -> set[str]:
    """The tables the schema files create (what a model may read besides other models)."""
    return {name for _, text in sql_files(SCHEMA_LAYER) for name in _CREATES_TABLE.findall(text)}


def models() -> list[Model]:
    """Every view model of the staging, intermediate and mart layers, in layer and file-name
    order."""
    found = [Model(name, layer, text) for layer in MODEL_LAYERS for name, text in sql_files(layer)]
    for model in found:
        if _CREATES_VIEW.findall(model.text) != [model.name]:
            raise ModelError(
                f"sql/{model.layer}/{model.name}.sql must create the view {model.name}"
            )
    names = [model.name for model in found]
    for name in sorted({name for name in names if names.count(name) > 1}):
        raise ModelError(f"two SQL model files are named {name}.sql")
    return found


def build_order(found: list[Model], tables: set[str]) -> list[Model]:
    """The models ordered so that each comes after every model it depends on.

    Otherwise the order of `found` is kept. Raises ModelError naming the model and the relation
    when a dependency is neither a model nor a schema table, and the models of a cycle.
    """
    by_name = {model.name: model for model in found}
    for model in found:
        for name in model.depends_on:
            if name not in by_name and name not in tables:
                raise ModelError(
                    f"sql/{model.layer}/{model.name}.sql depends on {name}, which is neither "
                    "a model nor a table of sql/schema"
                )
    ordered: dict[str, Model] = {}
    path: list[str] = []  # the models being visited, each a dependency of the one before

    def visit(model: Model) -> None:
        if model.name in ordered:
            return
        if model.name in path:
            cycle = " -> ".join([*path[path.index(model.name) :], model.name])
            raise ModelError(f"the SQL models depend on each other in a cycle: {cycle}")
        path.append(model.name)
        for name in model.depends_on:
            if name in by_name:
                visit(by_name[name])
        path.pop()
        ordered[model.name] = model

    for model in found:
        visit(model)
    return list(ordered.values())


def apply_models(con: duckdb.DuckDBPyConnection, only: Collection[str] | None = None) -> None:
    """Create the raw and reference tables if needed and (re)create every view, each after the
    views it reads, unless the database's views were made from the same SQL (`model_digest`).

    With `only` (an in-memory database for the checks), just the views `only` names and those
    they read are created, and no digest is recorded: creating all views takes several times
    longer than the checks on a small period."""
    schema = sql_files(SCHEMA_LAYER)
    ordered = build_order(models(), schema_tables())
    for _, text in schema:
        con.execute(text)
    if only is not None:
        for model in models_read_by(ordered, only):
            con.execute(model.text)
        return
    digest = hashlib.sha256()
    for text in [text for _, text in schema] + [model.text for model in ordered]:
        digest.update(text.encode("utf-8") + b"\0")
    if con.execute("select digest from model_digest").fetchall() == [(digest.hexdigest(),)]:
        return
    for model in ordered:
        con.execute(model.text)
    con.execute("delete from model_digest")
    con.execute("insert into model_digest values (?)", [digest.hexdigest()])


def models_read_by(ordered: Sequence[Model], names: Collection[str]) -> list[Model]:
    """The models of `ordered` that `names` are or read, directly or through others, in the
    order of `ordered`. Raises ModelError for a name that is no model."""
    by_name = {model.name: model for model in ordered}
    unknown = sorted(set(names) - set(by_name))
    if unknown:
        raise ModelError(f"no SQL model is named {', '.join(unknown)}")
    wanted: set[str] = set()
    waiting = list(names)
    while waiting:
        name = waiting.pop()
        if name in by_name and name not in wanted:
            wanted.add(name)
            waiting.extend(by_name[name].depends_on)
    return [model for model in ordered if model.name in wanted]


def _names(entries: Sequence[Entry]) -> dict[str, list[str]]:
    """`name_<lang>` columns of a reference table, one per language; NULL where the
    configuration has no name in that language (the pages then show the Finnish one, marked)."""
    return {f"name_{lang}": [entry.given_name(lang) for entry in entries] for lang in LANGS}


def _code_frame() -> pd.DataFrame:
    """ref_code: every `code.<kind>.<code>` key of the catalogue, numbered within its kind."""
    keys = [key.split(".", 2)[1:] for key in catalogue() if key.startswith(CODE_PREFIX)]
    order: dict[str, int] = {}
    rows = []
    for kind, code in keys:
        order[kind] = order.get(kind, 0) + 1
        names = {f"name_{lang}": t(f"code.{kind}.{code}", lang) for lang in LANGS}
        rows.append({"kind": kind, "code": code, **names, "sort_order": order[kind]})
    return pd.DataFrame(rows)


def _reference_frames(reference: Reference) -> dict[str, pd.DataFrame]:
    frames: dict[str, pd.DataFrame] = {}
    for kind in ("division", "theme", "status"):
        entries = reference.entries(kind)
        frames[f"ref_{kind}"] = pd.DataFrame(
            {
                kind: [e.code for e in entries],
                **_names(entries),
                "sort_order": [e.sort_order for e in entries],
                **({"language": [e.language for e in entries]} if kind == "division" else {}),
            }
        )
        keys = reference.lookup(kind)
        frames[f"ref_{kind}_key"] = pd.DataFrame({"key": list(keys), kind: list(keys.values())})
    frames["ref_period"] = pd.DataFrame(
        {"period": list(reference.deadlines), "deadline": list(reference.deadlines.values())}
    ).astype({"period": object, "deadline": "datetime64[s]"})
    frames["ref_measure_id"] = pd.DataFrame(
        {"old_id": list(reference.renamed), "new_id": list(reference.renamed.values())},
        dtype=object,
    )
    frames["ref_code"] = _code_frame()
    frames["ref_language"] = pd.DataFrame(
        {"lang": list(LANGS), "sort_order": range(1, 1 + len(LANGS))}
    )
    return frames


def load_reference(con: duckdb.DuckDBPyConnection, reference: Reference) -> None:
    """Replace the reference tables with the configuration's divisions, themes, statuses,
    deadlines and renamed ids, and the catalogue's names of codes (ref_code)."""
    for table, frame in _reference_frames(reference).items():
        con.execute(f"delete from {table}")  # noqa: S608 - table names are the constants above
        insert_frame(con, table, frame)


def insert_frame(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame | pa.Table
) -> None:
    """Append a DataFrame (or an Arrow table) to a table, matching columns by name."""
    if len(frame) == 0:
        return
    con.register("incoming_rows", frame)
    con.execute(f"insert into {table} by name select * from incoming_rows")  # noqa: S608
    con.unregister("incoming_rows")


def delete_period(con: duckdb.DuckDBPyConnection, tables: list[str], period: str) -> None:
    for table in tables:
        con.execute(f"delete from {table} where period = ?", [period])  # noqa: S608


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Commit on success, roll back on any exception: the database is all or nothing."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def connect(
    db_path: str | Path | None = None, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file (its folder is created), or an in-memory database for None. A
    read-only connection reads the marts from their tables where they are up to date."""
    if db_path is None:
        return duckdb.connect()
    db_path = Path(db_path)
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(db_path))
    con = duckdb.connect(str(db_path), read_only=True)
    use_mart_tables(con)
    return con


def _fixed_digest(con: duckdb.DuckDBPyConnection) -> str:
    """What the marts of every period read beside the periods' own rows: the models (by their
    digest) and the reference tables, which each load replaces from the configuration."""
    tables = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' "
        "and (table_name like 'ref\\_%' escape '\\' or table_name = 'model_digest') "
        "order by table_name"
    ).fetchall()
    digest = hashlib.sha256()
    for (table,) in tables:
        sql = f"select count(*), sum(hash(t)::hugeint) from {table} as t"  # noqa: S608 - its own tables
        count, rows = con.execute(sql).fetchone()
        digest.update(f"{table} {count} {rows}\n".encode())
    return digest.hexdigest()


# The rows a period's marts are computed from, beside the reference tables: its input files
# (their SHA-256 stands for the rows read from them), and what each load writes from the
# configuration or the analyst: translations, corrections, the computed indicators and the
# funding configuration of the period.
_STAMPED = (
    "raw_file",
    "raw_translation",
    "raw_correction",
    "raw_indicator_computed",
    "funding_ref_period",
    "funding_ref_programme",
    "funding_ref_programme_key",
    "funding_ref_phase",
    "funding_ref_phase_key",
    "funding_ref_match_key",
)


def _load_stamps(con: duckdb.DuckDBPyConnection) -> str:
    """Each period's loads, as JSON (period -> the count and a hash of the rows of each table
    of _STAMPED that has rows of it): any write to a period changes its stamp, also one in the
    same second as the refresh (load times have whole seconds) and with as many rows."""
    parts = " union all ".join(
        f"select period, '{table} ' || count(*) || ' ' || sum(hash(t)::hugeint) as part "  # noqa: S608
        f"from {table} as t group by period"
        for table in _STAMPED
    )
    rows = con.execute(
        f"select period, string_agg(part, '; ' order by part) from ({parts}) "  # noqa: S608
        "group by period order by period"
    ).fetchall()
    return json.dumps(dict(rows))


def stored_marts() -> list[str]:
    """The marts kept as tables: those of a row per division, theme, project or indicator. The
    marts of a row per measure stay views only: stored for every period, they would make a
    national database several times larger than its raw rows, and each step reads them for one
    period only."""
    return [
        model.name
        for model in models()
        if model.layer == "marts" and "measure_id" not in model.grain
    ]


def _mart_state(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """(fixed, loads) of mart_state as the database holds them now."""
    return _fixed_digest(con), _load_stamps(con)


def refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Write the rows of every stored mart into its table in schema `marts`, for the periods
    from the first one whose loads changed since the last refresh on, or for all periods when
    the models or the reference tables changed. A period's marts read only its own and earlier
    periods' rows, so a load of one period changes no earlier period's. Call inside the
    transaction of the write, so that rows and tables commit or roll back together."""
    fixed, loads = _mart_state(con)
    stored = con.execute("select fixed, loads from mart_state").fetchall()
    if stored == [(fixed, loads)]:
        return
    since = None  # every period
    if stored and stored[0][0] == fixed:
        now, before = json.loads(loads), json.loads(stored[0][1])
        since = min(p for p in now.keys() | before.keys() if now.get(p) != before.get(p))
    con.execute(f"create schema if not exists {MART_SCHEMA}")
    present = {
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = ?", [MART_SCHEMA]
        ).fetchall()
    }
    marts = stored_marts()
    for name in marts:
        table, view = f"{MART_SCHEMA}.{name}", f"main.{name}"
        if since is None or name not in present:
            con.execute(f"create or replace table {table} as select * from {view}")  # noqa: S608
        else:
            con.execute(f"delete from {table} where period >= ?", [since])  # noqa: S608
            insert = f"insert into {table} select * from {view} where period >= ?"  # noqa: S608
            con.execute(insert, [since])
    for name in sorted(present - set(marts)):  # a mart that the models no longer have
        con.execute(f"drop table {MART_SCHEMA}.{name}")
    con.execute("delete from mart_state")
    con.execute("insert into mart_state (fixed, loads) values (?, ?)", [fixed, loads])


def use_mart_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Let the marts' names reach their tables in schema `marts` while those hold what the
    views give now (the models, the reference and the loads as at the last refresh); else the
    views are read, as in a database that a version without the tables wrote last."""
    try:
        stored = con.execute("select fixed, loads from mart_state").fetchall()
    except duckdb.CatalogException:  # a database of an earlier version
        return False
    if stored != [_mart_state(con)]:
        if stored:
            log.info("the mart tables are older than the data: reading the views")
        return False
    con.execute(f"set search_path = '{MART_SCHEMA},main'")
    return True


def arrow_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, object] | Sequence[object]
) -> pd.DataFrame:
    """The rows of a query as a DataFrame made through Arrow, which takes half the time of
    DuckDB's own conversion on a large table (300,000 measures). The types are those of `df()`
    but that dates stay in microseconds as there, and a text column without a value is text,
    not object."""
    frame = con.sql(sql, params=params).to_arrow_table().to_pandas(date_as_object=False)
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.astype(dict.fromkeys(dates, "datetime64[us]"))
