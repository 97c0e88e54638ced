"""Each funding view on an in-memory DuckDB: given raw rows, expected rows (docs/funding.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from analysis import db
from analysis.mapping import match_key, split_themes
from analysis.sources.funding import config_rows
from analysis.sources.funding.settings import load_funding_config
from analysis.sources.funding.tables import frame

CONFIG = Path(__file__).resolve().parents[1] / "config"

D = dt.date
LOADED = dt.datetime(2026, 1, 1)
YEAR = (D(2025, 1, 1), D(2025, 12, 31))
START, END, SIGNED = D(2024, 1, 1), D(2027, 12, 31), D(2023, 12, 1)  # a CORDIS project's dates


@pytest.fixture
def con(reference):
    with db.connect(None) as connection:
        db.apply_models(connection)
        db.load_reference(connection, reference)
        config = load_funding_config(CONFIG, reference)
        for table, rows in config_rows("2025", config, YEAR).items():
            db.insert_frame(connection, table, frame(table, rows))
        yield connection


def insert(con: duckdb.DuckDBPyConnection, table: str, **row: object) -> None:
    db.insert_frame(con, table, frame(table, [{"loaded_at": LOADED, **row}]))


def test_a_raw_table_keeps_its_types_and_reads_a_number_in_a_text_column_as_text():
    rows = [
        {"period": "2025", "programme": 2021, "name_fi": "Ohjelma", "sort_order": 1},
        {"period": "2025", "programme": "horizon", "name_fi": None, "sort_order": None},
    ]
    table = frame("funding_ref_programme", rows)
    assert table.column("programme").to_pylist() == ["2021", "horizon"]
    assert str(table.schema.field("sort_order").type) == "int64"
    amounts = frame("raw_cordis_organization", [{"ec_contribution_eur": Decimal("14364.11")}])
    assert amounts.column("ec_contribution_eur").to_pylist() == [14364.11]
    assert amounts.column("period").to_pylist() == [None]


def project(
    con: duckdb.DuckDBPyConnection,
    project_id: str,
    division: str = "Kanslia",
    phase: str = "Myönnetty",
    programme: str = "Erasmus+",
    themes: str | None = None,
    submitted: D | None = None,
    decided: D | None = None,
    start: D | None = None,
    end: D | None = None,
    eu: str | None = None,
    total: str | None = None,
    own: str | None = None,
    grant: str | None = None,
    acronym: str | None = None,
    row: int = 2,
) -> None:
    """A register row as the reader writes it: text, match keys, parsed dates and euros."""
    insert(
        con,
        "raw_funding_register",
        period="2025",
        source_file="funding/r.xlsx",
        sheet="Hankkeet",
        row_number=row,
        file_sha256="h",
        project_id=project_id,
        name=f"Hanke {project_id}",
        acronym=acronym,
        grant_id=grant,
        division=division,
        themes=themes,
        programme=programme,
        phase=phase,
        submitted=submitted and submitted.isoformat(),
        decided=decided and decided.isoformat(),
        start_date=start and start.isoformat(),
        end_date=end and end.isoformat(),
        total_budget=total,
        eu_contribution=eu,
        own_financing=own,
        division_key=match_key(division),
        theme_keys=split_themes(themes),
        programme_key=match_key(programme),
        phase_key=match_key(phase),
        acronym_key=match_key(acronym),
        grant_key=match_key(grant),
        submitted_on=submitted,
        decided_on=decided,
        start_on=start,
        end_on=end,
        total_budget_eur=total and Decimal(total),
        eu_contribution_eur=eu and Decimal(eu),
        own_financing_eur=own and Decimal(own),
    )


def target(con: duckdb.DuckDBPyConnection, division: str, value: int, row: int = 2) -> None:
    insert(
        con,
        "raw_funding_target",
        period="2025",
        source_file="funding/t.xlsx",
        sheet="T",
        row_number=row,
        file_sha256="h",
        division=division,
        target=str(value),
        division_key=match_key(division),
        target_value=value,
    )


def cordis(
    con: duckdb.DuckDBPyConnection,
    project_id: str,
    acronym: str,
    ec: str | None,
    start: D = START,
    end: D = END,
    signed: D = SIGNED,
    city: bool = True,
    line: int = 2,
) -> None:
    insert(
        con,
        "raw_cordis_project",
        period="2025",
        source_file="funding/cordis/project.csv",
        line_number=line,
        file_sha256="p",
        id=project_id,
        acronym=acronym,
        title=f"{acronym} title",
        framework_programme="HORIZON",
        legal_basis="HORIZON.2.5",
        programme_key="horizon",
        acronym_key=match_key(acronym),
        grant_key=match_key(project_id),
        theme_keys=["climate"],
        start_on=start,
        end_on=end,
        signed_on=signed,
    )
    insert(
        con,
        "raw_cordis_organization",
        period="2025",
        source_file="funding/cordis/organization.csv",
        line_number=line,
        file_sha256="o",
        project_id=project_id,
        project_acronym=acronym,
        organisation_id="997537622" if city else "1",
        role="participant",
        ec_contribution=ec,
        city_match="pic 997537622" if city else None,
        ec_contribution_eur=ec and Decimal(ec),
        total_cost_eur=ec and Decimal(ec),
    )


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_applications_decisions_and_targets_by_division(con):
    # applications: submitted in 2025, in a phase after submission
    project(con, "A1", submitted=D(2025, 1, 1), phase="Haettu")
    project(con, "A2", submitted=D(2025, 12, 31), decided=D(2026, 1, 5), phase="Myönnetty")
    project(con, "A3", submitted=D(2024, 12, 31), decided=D(2025, 2, 1), phase="Myönnetty",
            eu="100000", total="125000", own="25000")  # fmt: skip
    project(con, "A4", submitted=D(2025, 3, 1), decided=D(2025, 6, 1), phase="Hylätty")
    project(con, "A5", submitted=D(2025, 3, 1), phase="Idea")  # an idea is no application
    project(con, "A6", submitted=D(2025, 4, 1), decided=D(2025, 9, 1), phase="Käynnissä",
            division="Kasvatus", eu="50000", total="50000")  # fmt: skip
    target(con, "Kanslia", 4)
    target(con, "Vapaa-aika", 2, row=3)  # a target without any project
    assert rows(
        con,
        "select division, applications, target, target_attainment, approved, rejected, "
        "success_rate, eu_contribution_eur, total_budget_eur, own_financing_eur, idea, "
        "awaiting_decision from funding_by_division order by sort_order",
    ) == [
        ("kanslia", 3, 4, 0.75, 1, 1, 0.5, Decimal("100000.00"), Decimal("125000.00"),
         Decimal("25000.00"), 1, 1),
        ("kasvatus", 1, None, None, 1, 0, 1.0, Decimal("50000.00"), Decimal("50000.00"),
         Decimal("0.00"), 0, 0),
        ("vapaa_aika", 0, 2, 0.0, 0, 0, None, Decimal("0.00"), Decimal("0.00"),
         Decimal("0.00"), 0, 0),
    ]  # fmt: skip
    assert rows(
        con,
        "select division_name_fi, division_name_en from funding_by_division "
        "where division = 'vapaa_aika'",
    ) == [("Vapaa-ajan toimiala", "Leisure and Culture")]
    assert rows(
        con,
        "select projects, applications, target, target_attainment, divisions_with_target, "
        "approved, rejected, success_rate, eu_contribution_eur from funding_overall",
    ) == [(6, 4, 6, 4 / 6, 2, 2, 1, 2 / 3, Decimal("150000.00"))]


def test_running_projects_overlap_the_period(con):
    project(con, "R1", phase="Päättynyt", start=D(2023, 1, 1), end=D(2024, 12, 31), eu="1")
    project(con, "R2", phase="Päättynyt", start=D(2023, 1, 1), end=D(2025, 1, 1), eu="10")
    project(con, "R3", phase="Myönnetty", start=D(2026, 1, 1), end=D(2027, 1, 1), eu="100")
    project(con, "R4", phase="Käynnissä", start=D(2025, 12, 31), end=None, eu="1000")
    project(con, "R5", phase="Hylätty", start=D(2025, 1, 1), end=D(2026, 1, 1), eu="10000")
    project(con, "R6", phase="Käynnissä", start=None, end=D(2026, 1, 1), eu="100000")
    assert rows(con, "select project_id from funding_projects where is_running order by 1") == [
        ("R2",),
        ("R4",),
    ]
    assert rows(con, "select running, running_eu_contribution_eur from funding_by_division") == [
        (2, Decimal("1010.00"))
    ]


def test_follow_up_lists_projects_ended_within_two_years(con):
    for i, end in enumerate([D(2023, 12, 31), D(2024, 1, 1), D(2025, 12, 31), D(2026, 1, 1)]):
        project(con, f"F{i}", phase="Päättynyt", start=D(2020, 1, 1), end=end, eu="5", row=i + 2)
    project(con, "F9", phase="Hylätty", end=D(2025, 6, 30))  # never granted: no follow-up
    assert rows(
        con,
        "select project_id, end_on, follow_up_until, division_name_en, programme_name_fi, "
        "row_number from funding_follow_up order by end_on",
    ) == [
        ("F1", D(2024, 1, 1), D(2026, 1, 1), "City Executive Office", "Erasmus+", 3),
        ("F2", D(2025, 12, 31), D(2027, 12, 31), "City Executive Office", "Erasmus+", 4),
    ]
    assert rows(con, "select follow_up from funding_overall") == [(2,)]


def test_pipeline_counts_every_phase_with_rejected_and_closed_of_the_period(con):
    project(con, "P1", phase="Idea", eu="10")
    project(con, "P2", phase="Ideavaihe", eu="20")
    project(con, "P3", phase="Valmistelu")
    project(con, "P4", phase="Hylätty", decided=D(2024, 11, 1))  # rejected last year: history
    project(con, "P5", phase="Hylätty", decided=D(2025, 11, 1))
    project(con, "P6", phase="Päättynyt", start=D(2022, 1, 1), end=D(2024, 6, 30))  # history
    project(con, "P7", phase="Päättynyt", start=D(2022, 1, 1), end=D(2025, 6, 30))
    project(con, "P8", phase="Käynnissä", start=D(2024, 1, 1), end=D(2026, 6, 30))
    assert rows(
        con,
        "select phase, projects, eu_contribution_eur, phase_name_en from funding_pipeline "
        "order by sort_order",
    ) == [
        ("idea", 2, Decimal("30.00"), "Idea"),
        ("preparation", 1, Decimal("0.00"), "Preparation"),
        ("submitted", 0, Decimal("0.00"), "Submitted"),
        ("granted", 0, Decimal("0.00"), "Granted"),
        ("rejected", 1, Decimal("0.00"), "Rejected"),
        ("running", 1, Decimal("0.00"), "Running"),
        ("closed", 1, Decimal("0.00"), "Closed"),
    ]
    assert rows(con, "select idea, preparation from funding_overall") == [(2, 1)]


def test_by_theme_counts_a_project_in_each_of_its_themes(con):
    project(con, "T1", themes="Kotoutuminen; Työllisyys", submitted=D(2025, 2, 1),
            decided=D(2025, 5, 1), eu="100")  # fmt: skip
    project(con, "T2", themes="kotoutuminen", submitted=D(2025, 2, 1), decided=D(2025, 5, 1),
            phase="Hylätty")  # fmt: skip
    project(con, "T3", themes=None, submitted=D(2025, 2, 1))
    assert rows(
        con,
        "select theme, applications, target, approved, rejected, success_rate, "
        "eu_contribution_eur, theme_name_fi from funding_by_theme order by sort_order",
    ) == [
        ("integration", 2, None, 1, 1, 0.5, Decimal("100.00"), "Kotoutuminen"),
        ("employment", 1, None, 1, 0, 1.0, Decimal("100.00"), "Työllisyys"),
    ]


def test_by_programme(con):
    project(con, "G1", programme="Horizon Europe", submitted=D(2025, 1, 1),
            decided=D(2025, 6, 1), start=D(2025, 9, 1), end=D(2028, 8, 31), eu="600")  # fmt: skip
    project(con, "G2", programme="HORIZON", start=D(2023, 1, 1), end=D(2026, 1, 1),
            phase="Käynnissä", eu="400")  # fmt: skip
    project(con, "G3", programme="ESR+", phase="Hylätty", submitted=D(2025, 1, 1),
            decided=D(2025, 3, 1), eu="99")  # fmt: skip
    assert rows(
        con,
        "select programme, applications, approved, rejected, eu_contribution_eur, running, "
        "running_eu_contribution_eur, programme_name_en from funding_by_programme "
        "order by sort_order",
    ) == [
        ("horizon_europe", 1, 1, 0, Decimal("600.00"), 2, Decimal("1000.00"), "Horizon Europe"),
        ("esf", 1, 0, 1, Decimal("0.00"), 0, Decimal("0.00"), "European Social Fund (ESF+)"),
    ]


def test_register_and_cordis_project_counted_once(con):
    # matched on the grant number; the register's empty cells come from CORDIS
    project(con, "V1", division="Kaupunkiympäristö", programme="Horizon Europe",
            phase="Käynnissä", grant="101096753", submitted=D(2022, 4, 1))  # fmt: skip
    cordis(con, "101096753", "NEUTRALPATH", "748750", start=D(2023, 1, 1))
    # matched on the acronym
    project(con, "V2", acronym="Space4Cities", programme="Horizon Europe", phase="Käynnissä",
            decided=D(2024, 1, 1), start=D(2024, 2, 1), end=D(2027, 7, 31), eu="1",
            submitted=D(2023, 5, 1), themes="Työllisyys")  # fmt: skip
    cordis(con, "101131955", "SPACE4CITIES", "1187210", line=3)
    # only in CORDIS: counted without a division, signed in the period = approved
    cordis(con, "101139730", "GreenInCities", "624500", signed=D(2025, 1, 15), line=4)
    # another organisation's project is not the city's
    cordis(con, "101000001", "OTHER", "5", city=False, line=5)
    assert rows(
        con,
        "select project_key, sources, division, phase, decided_on, start_on, "
        "eu_contribution_eur, is_approved, is_running from funding_projects order by 1",
    ) == [
        ("cordis:101139730", "cordis", None, "running", D(2025, 1, 15), D(2024, 1, 1),
         Decimal("624500.00"), True, True),
        ("register:V1", "register+cordis", "ymparisto", "running", D(2023, 12, 1),
         D(2023, 1, 1), Decimal("748750.00"), False, True),
        ("register:V2", "register+cordis", "kanslia", "running", D(2024, 1, 1),
         D(2024, 2, 1), Decimal("1.00"), False, True),
    ]  # fmt: skip
    assert rows(
        con, "select external_id, project_id, matched_on from stg_funding_matches order by 1"
    ) == [("101096753", "V1", "grant_id"), ("101131955", "V2", "acronym")]
    assert rows(
        con,
        "select division, approved, running, eu_contribution_eur from funding_by_division "
        "order by sort_order nulls last",
    ) == [
        ("kanslia", 0, 1, Decimal("0.00")),
        ("ymparisto", 0, 1, Decimal("0.00")),
        (None, 1, 1, Decimal("624500.00")),
    ]
    assert rows(con, "select projects, not_in_register from funding_overall") == [(3, 1)]
    # themes: the register's, else those of the CORDIS legal basis
    assert rows(con, "select project_key, theme from stg_funding_project_themes order by 1") == [
        ("cordis:101139730", "climate"),
        ("register:V1", "climate"),
        ("register:V2", "employment"),
    ]


def test_match_keys_follow_the_configured_order(con):
    con.execute("delete from funding_ref_match_key")
    con.execute("insert into funding_ref_match_key values ('2025', 'acronym', 1)")
    project(con, "V1", grant="101096753", phase="Käynnissä")
    cordis(con, "101096753", "NEUTRALPATH", "748750")
    assert rows(con, "select count(*) from stg_funding_matches") == [(0,)]
    assert rows(con, "select sources from funding_projects order by 1") == [
        ("cordis",),
        ("register",),
    ]


def test_own_financing_falls_back_to_total_minus_eu(con):
    project(con, "O1", decided=D(2025, 2, 1), total="1000", eu="600", own=None)
    project(con, "O2", decided=D(2025, 2, 1), total="1000", eu="600", own="300")
    assert rows(con, "select project_id, own_financing_eur from funding_projects order by 1") == [
        ("O1", Decimal("400.00")),
        ("O2", Decimal("300.00")),
    ]
    assert rows(con, "select own_financing_eur from funding_overall") == [(Decimal("700.00"),)]


def test_a_period_with_files_but_no_projects_has_an_overall_row_of_zeros(con):
    assert rows(
        con,
        "select period, projects, applications, target, approved, success_rate, "
        "eu_contribution_eur, follow_up_years from funding_overall",
    ) == [("2025", 0, 0, None, 0, None, Decimal("0.00"), 2)]
    assert rows(con, "select count(*) from funding_pipeline where projects = 0") == [(7,)]
    assert rows(con, "select count(*) from funding_by_division") == [(0,)]


def test_periods_are_kept_apart(con, reference):
    config = load_funding_config(CONFIG, reference)
    for table, new in config_rows("2024", config, (D(2024, 1, 1), D(2024, 12, 31))).items():
        db.insert_frame(con, table, frame(table, new))
    project(con, "A", submitted=D(2025, 2, 1), phase="Haettu")
    con.execute("update raw_funding_register set period = '2024'")
    project(con, "A", submitted=D(2025, 2, 1), phase="Haettu")
    assert rows(con, "select period, applications from funding_overall order by 1") == [
        ("2024", 0),
        ("2025", 1),
    ]
