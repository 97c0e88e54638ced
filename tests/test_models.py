"""The SQL models' statements about themselves: what each reads (its `-- depends on:` line, by
which `db.apply_models` orders them) and each mart's key (its `-- grain:` line)."""

from __future__ import annotations

import json

import duckdb
import pytest

from analysis import db
from analysis.config import LANGS
from analysis.sources import checks as status_checks
from analysis.sources import indicators, ingest, receipts
from analysis.sources.funding import checks as funding_checks
from tests import backtest

MODELS = db.models()


def relations_read(model: db.Model) -> set[str]:
    """The tables and views a model's SELECT reads, by DuckDB's own parser (CTEs left out)."""
    return relations_of(model.select, model.name)


def relations_of(sql: str, where: str) -> set[str]:
    """The tables and views a SELECT statement reads (CTEs left out)."""
    with duckdb.connect() as con:
        tree = json.loads(con.execute("select json_serialize_sql(?)", [sql]).fetchone()[0])
    assert not tree["error"], f"{where}: {tree.get('error_message')}"
    tables: set[str] = set()
    ctes: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE":
                tables.add(node["table_name"])
            ctes.update(entry["key"] for entry in (node.get("cte_map") or {}).get("map", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return tables - ctes


@pytest.fixture(scope="module")
def con():
    with duckdb.connect(str(backtest.example_database()), read_only=True) as connection:
        yield connection


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.name)
def test_each_model_declares_exactly_the_relations_it_reads(model):
    assert sorted(model.depends_on) == sorted(relations_read(model))


def test_the_parser_sees_joins_subqueries_and_ctes():
    model = db.Model(
        "m",
        "marts",
        "create or replace view m as\nwith a as (select * from t1 join t2 using (k))\n"
        "select * from a where k in (select k from t3) and exists (select 1 from a)",
    )
    assert relations_read(model) == {"t1", "t2", "t3"}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.name)
def test_each_model_file_starts_with_what_one_row_is(model):
    assert model.text.startswith("-- One row per "), model.name


def model(name: str, *depends_on: str) -> db.Model:
    header = f"-- depends on: {', '.join(depends_on)}\n" if depends_on else ""
    return db.Model(name, "marts", f"{header}create or replace view {name} as select 1")


def test_models_are_built_after_what_they_read_whatever_their_file_names():
    found = [model("a_mart", "z_staging", "raw_t"), model("m", "a_mart"), model("z_staging")]
    order = [m.name for m in db.build_order(found, {"raw_t"})]
    assert order == ["z_staging", "a_mart", "m"]


def test_the_real_models_need_more_than_file_name_order():
    names = [m.name for m in MODELS]
    order = [m.name for m in db.build_order(MODELS, db.schema_tables())]
    assert order != names  # stg_funding_project_flags reads stg_funding_projects
    for built in MODELS:
        for name in built.depends_on:
            if name in names:
                assert order.index(name) < order.index(built.name), (built.name, name)


def test_only_the_models_asked_for_and_those_they_read_are_picked_in_build_order():
    found = [model("s1", "raw_t"), model("s2"), model("i1", "s1"), model("m1", "i1", "s2")]
    found += [model("m2", "s2")]
    ordered = db.build_order(found, {"raw_t"})
    assert [m.name for m in db.models_read_by(ordered, ["m1"])] == ["s1", "s2", "i1", "m1"]
    assert [m.name for m in db.models_read_by(ordered, ["s2", "i1"])] == ["s1", "s2", "i1"]
    with pytest.raises(db.ModelError, match="no SQL model is named stg_nothing"):
        db.models_read_by(ordered, ["m2", "stg_nothing"])


def test_a_database_for_checks_has_every_view_the_checks_and_receipts_read():
    """The in-memory database of `seuranta validate` creates only ingest.CHECKED_VIEWS and what
    they read; every check and the receipts must find what they read there."""
    ordered = db.build_order(MODELS, db.schema_tables())
    created = {m.name for m in db.models_read_by(ordered, ingest.CHECKED_VIEWS)}
    assert len(created) < len(MODELS)  # else the list would save nothing
    statements = {f"sql/checks/{name}.sql": text for name, text in db.sql_files("checks")}
    statements |= {"receipts: read": receipts._READ, "receipts: headers": receipts._HEADERS}
    for module in (status_checks, funding_checks, indicators):
        statements[f"{module.__name__}: locate"] = module._LOCATE.format(check="select 1")
    for where, sql in statements.items():
        views = relations_of(sql, where) - db.schema_tables()
        assert views <= created, f"{where} reads {', '.join(sorted(views - created))}"


def test_a_cycle_is_refused_with_its_models_named():
    found = [model("a", "b"), model("b", "c"), model("c", "a")]
    with pytest.raises(db.ModelError, match="cycle: a -> b -> c -> a"):
        db.build_order(found, set())


def test_an_unknown_dependency_is_refused_with_the_file_named():
    with pytest.raises(db.ModelError, match=r"sql/marts/a.sql depends on stg_nothing"):
        db.build_order([model("a", "stg_nothing")], {"raw_status"})


def test_a_model_file_must_create_the_view_it_is_named_after(monkeypatch):
    wrong = [("stg_a", "-- One row per x.\ncreate or replace view stg_b as select 1")]
    monkeypatch.setattr(db, "sql_files", lambda layer: wrong if layer == "staging" else [])
    with pytest.raises(db.ModelError, match="sql/staging/stg_a.sql must create the view stg_a"):
        db.models()


def test_the_schema_tables_are_known():
    assert {"raw_status", "ref_division", "funding_ref_phase"} <= db.schema_tables()


@pytest.mark.parametrize("mart", backtest.marts())
def test_the_key_of_each_mart_is_unique_and_not_null(con, mart):
    key = backtest.grain(mart)
    columns = ", ".join(f'"{column}"' for column in key)
    nulls = " or ".join(f'"{column}" is null' for column in key)
    rows, distinct, with_null = con.execute(
        f"select count(*), count(distinct ({columns})), count(*) filter (where {nulls}) "  # noqa: S608
        f"from {mart}"
    ).fetchone()
    assert rows > 0, f"{mart} has no rows on the example data, so its key is not tested"
    assert (distinct, with_null) == (rows, 0), f"{mart}: key ({columns}) of {rows} rows"


# The codes each mart exposes; each has `<code>_name_<lang>` beside it in every language.
NAMED_CODES = {
    "completion_by_division": {"division"},
    "completion_by_theme": {"theme"},
    "completion_by_division_theme": {"division", "theme"},
    "division_measures": {"division", "status"},
    "measures_needing_attention": {"division", "status"},
    "measures_needing_decision": {"division", "status", "previous_status"},
    "funding_by_division": {"division"},
    "funding_by_theme": {"theme"},
    "funding_by_programme": {"programme"},
    "funding_pipeline": {"phase"},
    "funding_follow_up": {"division", "programme"},
    "funding_projects": {"source", "division", "programme", "phase"},
    "measure_changes": {"division", "change", "previous_status", "status", "direction"},
    "measure_changes_by_division": {"division"},
    "quality_findings": {"division", "finding", "field", "status"},
    "quality_findings_by_division": {"division"},
    "corrections": {"field", "correction_action", "correction_state"},
    "indicator_progress": {"direction", "theme", "division", "evaluation", "trend"},
    "translation_coverage": {"division", "lang"},
}


@pytest.mark.parametrize("mart", backtest.marts())
def test_every_code_of_a_mart_has_its_names_in_every_language(con, mart):
    columns = [name for name, *_ in con.execute(f"describe {mart}").fetchall()]  # noqa: S608
    named = {column.rsplit("_name_", 1)[0] for column in columns if "_name_" in column}
    assert named == NAMED_CODES.get(mart, set())
    for code in named:
        for lang in LANGS:
            missing = con.execute(
                f'select count(*) from {mart} where "{code}" is not null '  # noqa: S608
                f'and "{code}_name_{lang}" is null'
            ).fetchone()[0]
            assert missing == 0, f"{mart}: {missing} rows without {code}_name_{lang}"
