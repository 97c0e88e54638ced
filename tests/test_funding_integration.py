"""The funding integration as the lead wires it: read, insert, check, query, on the shipped data.

The expected figures are recomputed here in Python from the example generator's project list
(examples.funding), following docs/funding.md, independently of the SQL views.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from analysis import db
from analysis.sources.funding import FUNDING_TABLES, check_funding, read_funding
from examples.funding import PROJECTS_2025, TARGETS, write_examples

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CONFIG = ROOT / "config"
LOADED = dt.datetime(2026, 1, 15, 8, 0)
GRANTED = {"granted", "running", "closed"}


def ingest(con, period: str, reference) -> list:
    """What ingest.write_batch and check_batch will do for the funding part of a period."""
    batch = read_funding(period, RAW / period, CONFIG, reference)
    db.delete_period(con, [*FUNDING_TABLES, "raw_file"], period)
    for table, frame in batch.frames(LOADED).items():
        db.insert_frame(con, table, frame)
    return batch.problems + check_funding(con, period, reference)


@pytest.fixture(scope="module")
def con(reference):
    with db.connect(None) as connection:
        db.apply_models(connection)
        db.load_reference(connection, reference)
        for period in ("2024", "2025"):
            assert ingest(connection, period, reference) == []  # validate passes, no warnings
        yield connection


def expected_2025() -> dict[str, object]:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)

    def within(day):
        return day is not None and start <= day <= end

    projects = [
        dict(zip(["id", "division", "phase", "submitted", "decided", "start", "end", "eu"],
                 [p[0], p[4], p[7], p[8], p[9], p[10], p[11], p[13]], strict=True))
        for p in PROJECTS_2025
    ]  # fmt: skip
    applications = [p for p in projects if p["phase"] not in ("idea", "preparation")
                    and within(p["submitted"])]  # fmt: skip
    approved = [p for p in projects if p["phase"] in GRANTED and within(p["decided"])]
    rejected = [p for p in projects if p["phase"] == "rejected" and within(p["decided"])]
    running = [
        p
        for p in projects
        if p["phase"] in GRANTED and p["start"] and p["start"] <= end and p["end"] >= start
    ]
    follow_up = [
        p
        for p in projects
        if p["phase"] in GRANTED and p["end"] and dt.date(2023, 12, 31) < p["end"] <= end
    ]
    return {
        "applications": len(applications),
        "target": sum(TARGETS["2025"].values()),
        "approved": len(approved),
        "rejected": len(rejected),
        "eu": Decimal(sum(p["eu"] for p in approved)),
        "running": len(running),
        "idea": sum(p["phase"] == "idea" for p in projects),
        "follow_up": sorted(p["id"] for p in follow_up),
        "by_division": {
            code: (
                sum(p["division"] == code for p in applications),
                target,
                sum(p["division"] == code for p in approved),
                sum(p["division"] == code for p in rejected),
            )
            for code, target in TARGETS["2025"].items()
        },
    }


def test_example_figures_2025(con):
    expected = expected_2025()
    assert con.execute(
        "select applications, target, approved, rejected, eu_contribution_eur, running, idea, "
        "follow_up, success_rate from funding_overall where period = '2025'"
    ).fetchone() == (
        expected["applications"],
        expected["target"],
        expected["approved"],
        expected["rejected"],
        expected["eu"],
        expected["running"],
        expected["idea"],
        len(expected["follow_up"]),
        expected["approved"] / (expected["approved"] + expected["rejected"]),
    )
    # the figures quoted in docs/funding.md
    assert (expected["applications"], expected["target"], expected["approved"]) == (10, 16, 5)
    assert (expected["rejected"], expected["eu"], expected["running"]) == (3, 3340000, 7)
    by_division = con.execute(
        "select division, applications, target, approved, rejected from funding_by_division "
        "where period = '2025'"
    ).fetchall()
    assert {d: tuple(v) for d, *v in by_division} == expected["by_division"]
    assert [
        r[0]
        for r in con.execute(
            "select project_id from funding_follow_up where period = '2025' order by 1"
        ).fetchall()
    ] == expected["follow_up"]


def test_neutralpath_from_register_and_cordis_counts_once(con):
    assert con.execute(
        "select project_key, sources, division, eu_contribution_eur from funding_projects "
        "where period = '2025' and (acronym = 'NEUTRALPATH' or sources like '%cordis%')"
    ).fetchall() == [("register:VAN-22-01", "register+cordis", "ymparisto", Decimal("748750.00"))]
    assert con.execute(
        "select count(*) from funding_projects where period = '2025' and source <> 'register'"
    ).fetchone() == (0,)


def test_provenance_lists_the_funding_files(con):
    assert con.execute(
        "select period, source_file, kind, data_rows from raw_file order by 1, 2"
    ).fetchall() == [
        ("2024", "funding/application_targets_2024.xlsx", "funding-targets", 5),
        ("2024", "funding/project_register_2024.csv", "funding-register", 11),
        ("2025", "funding/cordis/legalBasis.fi-cities.csv", "cordis-legal-basis", 49),
        ("2025", "funding/cordis/organization.fi-cities.csv", "cordis-organization", 84),
        ("2025", "funding/cordis/project.fi-cities.csv", "cordis-project", 41),
        ("2025", "funding/cordis/topics.fi-cities.csv", "cordis-topic", 16),
        ("2025", "funding/hakemustavoitteet_2025.xlsx", "funding-targets", 5),
        ("2025", "funding/hankerekisteri_2025.xlsx", "funding-register", len(PROJECTS_2025)),
    ]
    assert con.execute(
        "select source_file, encoding, delimiter from raw_funding_source "
        "where period = '2024' and layout = 'register'"
    ).fetchone() == ("funding/project_register_2024.csv", "cp1252", ";")


def test_every_frame_has_a_period_and_fits_its_table(con, reference):
    batch = read_funding("2025", RAW / "2025", CONFIG, reference)
    for table, frame in batch.frames(LOADED).items():
        names = set(pa.table(frame).column_names)
        assert "period" in names
        columns = {name for (name,) in con.execute(
            "select column_name from information_schema.columns where table_name = ?", [table]
        ).fetchall()}  # fmt: skip
        assert names <= columns, table
        if table in FUNDING_TABLES:
            assert names == columns, table


def test_a_rerun_replaces_the_period(reference):
    with db.connect(None) as con:
        for _ in range(2):
            db.apply_models(con)  # the schema file is idempotent
            db.load_reference(con, reference)
            assert ingest(con, "2025", reference) == []
        assert con.execute(
            "select count(*) from raw_funding_register where period = '2025'"
        ).fetchone() == (len(PROJECTS_2025),)
        assert con.execute("select applications from funding_overall").fetchone() == (10,)


def test_example_files_are_what_the_generator_writes(tmp_path):
    for path in write_examples(tmp_path):
        shipped = RAW / path.relative_to(tmp_path)
        assert shipped.read_bytes() == path.read_bytes(), shipped
