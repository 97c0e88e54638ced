"""The real CORDIS and EURA subsets through the importers, against totals computed here.

The CORDIS subset is shipped in data/raw/2025/funding/cordis; the EURA subsets are read from
../shared/data/real (PRODUCT.md), unmodified. Totals are computed with the csv module and
regular expressions, independently of analysis.sources.funding.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from analysis import db
from analysis.sources.funding import check_funding, read_funding
from analysis.sources.funding.delimited import read_delimited
from analysis.sources.funding.layouts import PUBLIC_LAYOUTS

ROOT = Path(__file__).resolve().parents[1]
CORDIS = ROOT / "data" / "raw" / "2025" / "funding" / "cordis"
REAL = ROOT.parent / "shared" / "data" / "real"
EURA2007 = REAL / "eura2007-rakennerahastot"
EURA2014 = REAL / "eura2014-rakennerahastot" / "projektilista-2014-2020.original.subset.csv"
LATIN1 = EURA2007 / "projektilista-2007-2013.raw-latin1.subset.csv"
UTF8 = EURA2007 / "projektilista-2007-2013_new.utf8.subset.csv"
LOADED = dt.datetime(2026, 1, 1)

HELSINKI = {
    "name": "Helsingin kaupunki",
    "cordis_pics": ["997664207", "950577885"],
    "cordis_vat_numbers": ["FI02012566"],
    "beneficiary_names": ["Helsingin kaupunki", "Helsingin kaupungin"],
    "business_ids": ["0201256-6"],
}
VANTAA = {
    "name": "Vantaan kaupunki",
    "cordis_pics": ["997537622"],
    "cordis_vat_numbers": ["FI01246109"],
    "beneficiary_names": ["Vantaan kaupunki", "Vantaan kaupungin"],
}

needs_shared = pytest.mark.skipif(
    not REAL.is_dir(), reason="the real EURA subsets are in ../shared/data/real (PRODUCT.md)"
)


def city_config(tmp_path: Path, city: dict) -> Path:
    """The project's configuration with another city in funding.yml."""
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    settings = yaml.safe_load((folder / "funding.yml").read_text(encoding="utf-8"))
    settings["city"] = {**settings["city"], **city}
    (folder / "funding.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    return folder


def period_with(tmp_path: Path, files: dict[str, Path]) -> Path:
    """A period folder whose funding/ holds copies of `files` (relative name -> source)."""
    period_dir = tmp_path / "raw" / "2025"
    for name, source in files.items():
        target = period_dir / "funding" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return period_dir


def load(batch, reference):
    """An in-memory database with the batch loaded, as the ingest does it."""
    con = db.connect(None)
    db.apply_models(con)
    db.load_reference(con, reference)
    for table, frame in batch.frames(LOADED).items():
        db.insert_frame(con, table, frame)
    return con


def cordis_rows(name: str) -> list[dict[str, str]]:
    with (CORDIS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


# -- CORDIS ---------------------------------------------------------------------------------


def test_cordis_files_are_the_unmodified_real_subset():
    for path in CORDIS.iterdir():
        if REAL.is_dir():
            assert path.read_bytes() == (REAL / "cordis-horizon-europe" / path.name).read_bytes()
    assert (CORDIS / "SOURCE.md").is_file()


def test_cordis_layout_encoding_and_delimiter_are_detected():
    for name, layout in [
        ("project.fi-cities.csv", "cordis-project"),
        ("organization.fi-cities.csv", "cordis-organization"),
        ("legalBasis.fi-cities.csv", "cordis-legal-basis"),
        ("topics.fi-cities.csv", "cordis-topic"),
    ]:
        table = read_delimited((CORDIS / name).read_bytes(), PUBLIC_LAYOUTS)
        assert (table.layout.name, table.encoding, table.delimiter) == (layout, "utf-8", ";")
        assert len(table.records) == len(cordis_rows(name))


def test_helsinki_ecContribution_summed_over_its_pics(tmp_path, reference):
    rows = cordis_rows("organization.fi-cities.csv")
    mine = [
        r
        for r in rows
        if r["organisationID"] in HELSINKI["cordis_pics"] or r["vatNumber"] == "FI02012566"
    ]
    expected = sum((Decimal(r["ecContribution"]) for r in mine if r["ecContribution"]), Decimal())
    assert expected == Decimal("652114.11")  # URBANE 27614.11 + GreenInCities 624500
    assert {r["organisationID"] for r in mine} == {"997664207", "950577885"}

    period_dir = period_with(tmp_path, {f"cordis/{p.name}": p for p in CORDIS.glob("*.csv")})
    batch = read_funding("2025", period_dir, city_config(tmp_path, HELSINKI), reference)
    assert batch.problems == []
    with load(batch, reference) as con:
        total, projects = con.execute(
            "select sum(city_eu_contribution_eur), count(*) from stg_funding_cordis"
        ).fetchone()
        assert (total, projects) == (expected, len({r["projectID"] for r in mine}))
        # the several PICs are recorded, and the associated partner without money is kept
        assert con.execute(
            "select project_id, city_match, city_eu_contribution_eur from stg_funding_cordis "
            "order by project_id"
        ).fetchall() == [
            ("101069782", "pic 997664207", Decimal("27614.11")),
            ("101119845", "pic 950577885", None),
            ("101139730", "pic 997664207", Decimal("624500.00")),
        ]
        # not in Helsinki's (absent) register: counted without a division, and warned about
        warnings = check_funding(con, "2025", reference)
    assert {p.severity for p in warnings} == {"warning"}
    assert sorted(p.message.split(" (")[0] for p in warnings) == [
        "the city's project 101069782",
        "the city's project 101119845",
        "the city's project 101139730",
    ]


def test_cordis_amounts_with_both_decimal_styles_are_read(tmp_path, reference):
    rows = cordis_rows("organization.fi-cities.csv")
    ec = sum((Decimal(r["ecContribution"]) for r in rows if r["ecContribution"]), Decimal())
    cost = sum(
        (Decimal(r["totalCost"].replace(",", ".")) for r in rows if r["totalCost"]), Decimal()
    )
    projects = cordis_rows("project.fi-cities.csv")
    max_ec = sum((Decimal(r["ecMaxContribution"].replace(",", ".")) for r in projects), Decimal())
    period_dir = period_with(tmp_path, {f"cordis/{p.name}": p for p in CORDIS.glob("*.csv")})
    batch = read_funding("2025", period_dir, ROOT / "config", reference)
    with load(batch, reference) as con:
        assert con.execute(
            "select sum(ec_contribution_eur), sum(total_cost_eur), count(*) "
            "from raw_cordis_organization"
        ).fetchone() == (ec, cost, len(rows))
        assert con.execute(
            "select sum(ec_max_contribution_eur), count(*) from raw_cordis_project"
        ).fetchone() == (max_ec, len(projects))


def test_cordis_records_keep_the_line_where_they_start(tmp_path, reference):
    lines = (CORDIS / "project.fi-cities.csv").read_text(encoding="utf-8").split("\n")
    starts = {line[1:10]: number for number, line in enumerate(lines, 1) if line[:2] == '"1'}
    period_dir = period_with(tmp_path, {f"cordis/{p.name}": p for p in CORDIS.glob("*.csv")})
    batch = read_funding("2025", period_dir, ROOT / "config", reference)
    rows = {r["id"]: r["line_number"] for r in batch.rows["raw_cordis_project"]}
    assert rows == starts
    assert max(starts.values()) < len(lines) - 1  # multi-line objectives: lines != records


def test_organisations_without_project_csv_are_a_warning(tmp_path, reference):
    period_dir = period_with(tmp_path, {"o.csv": CORDIS / "organization.fi-cities.csv"})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    with load(batch, reference) as con:
        problems = check_funding(con, "2025", reference)
    line = next(
        n
        for n, text in enumerate((CORDIS / "organization.fi-cities.csv").open(encoding="utf-8"), 1)
        if '"997537622"' in text
    )
    assert [(p.file, p.cell, p.severity) for p in problems] == [
        ("funding/o.csv", f"line {line}, column projectID", "warning")
    ]
    assert "101096753 (NEUTRALPATH) has no line in project.csv" in problems[0].message


def test_vantaa_neutralpath_is_read_from_cordis(tmp_path, reference):
    period_dir = period_with(tmp_path, {f"cordis/{p.name}": p for p in CORDIS.glob("*.csv")})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    with load(batch, reference) as con:
        assert con.execute(
            "select project_id, acronym, programme, city_eu_contribution_eur, start_on, end_on, "
            "signed_on, theme_keys from stg_funding_cordis"
        ).fetchall() == [
            (
                "101096753",
                "NEUTRALPATH",
                "horizon_europe",
                Decimal("748750.00"),
                dt.date(2023, 1, 1),
                dt.date(2027, 12, 31),
                dt.date(2022, 12, 9),
                ["climate"],  # HORIZON.2.5 -> climate (legal_basis_themes)
            )
        ]
        assert con.execute("select theme from stg_funding_project_themes").fetchall() == [
            ("climate",)
        ]


# -- EURA -----------------------------------------------------------------------------------


def eura_amounts(path: Path, encoding: str) -> list[tuple[int, str, Decimal]]:
    """(line, line text, granted EU and state funding) of each data line, read from the end of
    the line: the last four fields are amounts whatever commas the names contain."""
    pattern = re.compile(r",(-?[\d.]+),(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)[,;]*$")
    result = []
    text = path.read_bytes().decode(encoding)
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.strip():
            match = pattern.search(line)
            assert match, line
            result.append((number, line, Decimal(match.group(1))))
    return result


@needs_shared
@pytest.mark.parametrize(
    ("path", "encoding", "repaired"),
    [(LATIN1, "latin-1", 53), (UTF8, "utf-8", 0), (EURA2014, "utf-8", 10)],
)
def test_eura_lists_row_counts_and_granted_totals(tmp_path, reference, path, encoding, repaired):
    expected = eura_amounts(path, encoding)
    period_dir = period_with(tmp_path, {path.name: path})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    with load(batch, reference) as con:
        assert con.execute(
            "select layout, encoding, delimiter, data_rows, repaired_rows, skipped_rows "
            "from raw_funding_source"
        ).fetchone() == ("eura", encoding, ",", len(expected), repaired, 0)
        assert con.execute(
            "select count(*), sum(granted_public_eur) from raw_structural_fund_project"
        ).fetchone() == (len(expected), sum(amount for _, _, amount in expected))


@needs_shared
def test_repaired_latin1_lines_equal_the_cleaned_utf8_copy():
    def spaced(values):
        return [re.sub(r"\s+", " ", (v or "").replace(",", " ")).strip() for v in values]

    raw = read_delimited(LATIN1.read_bytes(), PUBLIC_LAYOUTS)
    clean = read_delimited(UTF8.read_bytes(), PUBLIC_LAYOUTS)
    assert [r.status for r in clean.records] == ["ok"] * 58
    assert sum(r.status == "repaired" for r in raw.records) == 53
    for repaired, cleaned in zip(raw.records, clean.records, strict=True):
        assert repaired.number == cleaned.number
        assert spaced(repaired.values) == spaced(cleaned.values), repaired.raw_line


@needs_shared
def test_vantaa_structural_fund_projects_2014(tmp_path, reference):
    mine = [
        (number, amount)
        for number, line, amount in eura_amounts(EURA2014, "utf-8")
        if ",Vantaan kaupunki," in line
    ]
    period_dir = period_with(tmp_path, {EURA2014.name: EURA2014})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    with load(batch, reference) as con:
        rows = con.execute(
            "select line_number, eu_and_state_funding_eur, eu_contribution_eur, programme "
            "from stg_funding_structural order by line_number"
        ).fetchall()
    assert [(n, a) for n, a, _, _ in rows] == mine
    assert {(eu, programme) for _, _, eu, programme in rows} == {(None, "erdf"), (None, "esf")}


@needs_shared
def test_city_lines_repaired_in_eura2007_are_reported_with_file_and_line(tmp_path, reference):
    text = LATIN1.read_bytes().decode("latin-1").split("\n")
    expected = {
        f"line {number}"
        for number, line in enumerate(text, 1)
        if "vantaan kaupun" in line.lower() and line.count(",") != 13
    }
    assert expected  # the subset has such lines
    period_dir = period_with(tmp_path, {LATIN1.name: LATIN1})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    city = [p for p in batch.problems if "city's line was repaired" in p.message]
    assert {p.cell for p in city} == expected
    assert {(p.file, p.sheet, p.severity) for p in city} == {
        (f"funding/{LATIN1.name}", None, "warning")
    }
    others = [p for p in batch.problems if "other organisations" in p.message]
    assert len(others) == 1 and f"{53 - len(expected)} lines" in others[0].message
    # the division comes from the unit in the implementer's name
    with load(batch, reference) as con:
        assert ("kasvatus",) in con.execute(
            "select division from stg_funding_structural"
        ).fetchall()


HEADER_2007 = (
    "Koodi,Rahasto,Projektin nimi,Ohjelma / osio,Tl,Viranomainen,Toiminnan tila,Aloituspvm,"
    "Päättymispvm,Toteuttajan nimi,Myönnetty EU- ja valtion rahoitus,Toteutunut EU- ja valtion "
    "rahoitus,Suunniteltu julkinen rahoitus yhteensä,Toteutunut julkinen rahoitus yhteensä"
)


def test_broken_eura_lines_are_repaired_or_skipped_and_counted(tmp_path, reference):
    lines = [
        HEADER_2007,
        # 2: commas in the authority only: one alignment fits -> repaired
        "S10001,ESR,Hanke A,Etelä-Suomen osio,1,Hämeen elinkeino-, liikenne- ja ympäristökeskus,"
        "Toiminnassa,1.1.2024,31.12.2026,Vantaan kaupunki,100,0,200,0",
        # 3: commas in two neighbouring text fields without spaces -> cannot tell, skipped
        "S10002,ESR,Hanke,B,Osio,C,2,ELY,Toiminnassa,1.1.2024,31.12.2026,Vantaan kaupunki,5,0,9,0",
        # 4: a value missing -> skipped (another organisation: a warning)
        "S10003,EAKR,Hanke C,Osio,3,ELY,Toiminnassa,1.1.2024,Muu Oy,300,0,400,0",
        # 5: fine
        "S10004,EAKR,Hanke D,Osio,3,ELY,Toiminnassa,1.1.2024,31.12.2026,Muu Oy,300,0,400,0",
    ]
    path = tmp_path / "eura.csv"
    path.write_bytes("\n".join(lines).encode("latin-1"))
    period_dir = period_with(tmp_path, {"eura/lista.csv": path})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    found = {(p.cell, p.severity) for p in batch.problems}
    assert found == {("line 2", "warning"), ("line 3", "error"), ("line 4", "warning")}
    skipped = next(p for p in batch.problems if p.cell == "line 3")
    assert skipped.file == "funding/eura/lista.csv" and "more than one text column" in str(skipped)
    with load(batch, reference) as con:
        assert con.execute(
            "select data_rows, repaired_rows, skipped_rows, encoding from raw_funding_source"
        ).fetchone() == (4, 1, 2, "latin-1")
        assert con.execute(
            "select line_number, parse_status, authority, raw_line is not null "
            "from raw_structural_fund_project order by line_number"
        ).fetchall() == [
            (2, "repaired", "Hämeen elinkeino-, liikenne- ja ympäristökeskus", True),
            (3, "skipped", None, True),
            (4, "skipped", None, True),
            (5, "ok", "ELY", False),
        ]


# -- Kohesio --------------------------------------------------------------------------------

KOHESIO_HEADER = [
    "Operation_Unique_Identifier",
    "Operation_Local_Identifier",
    "Operation_Name_English",
    "Operation_Name_Programme_Language",
    "Country",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Cofinancing_Rate",
    "Total_Eligible_Expenditure_amount",
    "Total_Eligible_Expenditure_Currency",
    "Project_EU_Budget",
    "Beneficiary_Unique_Identifier",
    "Beneficiary_Name",
    "Beneficiary_Local_Identifier",
    "Fund_Code",
    "Programme_Name",
    "Programming_Period",
    "Operation_Summary_Programme_Language",
]
KOHESIO_ROWS = [
    [
        "https://linkedopendata.eu/entity/Q1",
        "A80123",
        "Smart Aviapolis",
        "Älykäs Aviapolis, vaihe 2",
        "Finland",
        "01/03/2023",
        "28/02/2026",
        "40.0",
        "500000.5",
        "EUR",
        "200000.2",
        "https://linkedopendata.eu/entity/Q9",
        "Vantaan kaupunki",
        "0124610-9",
        "ERDF",
        "Innovaatiota ja osaamista Suomesta 2021-2027",
        "2021-2027",
        'Rivi yksi,\nrivi kaksi; "lainaus"',
    ],
    [
        "https://linkedopendata.eu/entity/Q2",
        "S30001",
        "Other",
        "Muu hanke",
        "Finland",
        "2023-01-01",
        "2024-12-31",
        "60.0",
        "100000",
        "EUR",
        "60000",
        "https://linkedopendata.eu/entity/Q8",
        "Muu Oy",
        "1234567-8",
        "ESF+",
        "Innovaatiota ja osaamista Suomesta 2021-2027",
        "2021-2027",
        "",
    ],
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_kohesio_country_file(tmp_path, reference, kind):
    if kind == "csv":
        path = tmp_path / "latest_FI-21-27.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([KOHESIO_HEADER, *KOHESIO_ROWS])
    else:
        path = tmp_path / "latest_FI-21-27.xlsx"
        book = Workbook()
        for row in [KOHESIO_HEADER, *KOHESIO_ROWS]:
            book.active.append(row)
        book.save(path)
    period_dir = period_with(tmp_path, {path.name: path})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    assert batch.problems == []
    with load(batch, reference) as con:
        assert con.execute("select layout, encoding from raw_funding_source").fetchone() == (
            "kohesio",
            "utf-8-sig" if kind == "csv" else None,
        )
        assert con.execute(
            "select count(*), count(city_match) from raw_structural_fund_project"
        ).fetchone() == (2, 1)
        assert con.execute(
            "select grant_key, name, programme, start_on, end_on, eu_contribution_eur, "
            "total_budget_eur, eu_and_state_funding_eur from stg_funding_structural"
        ).fetchall() == [
            (
                "a80123",
                "Älykäs Aviapolis, vaihe 2",
                "erdf",
                dt.date(2023, 3, 1),
                dt.date(2026, 2, 28),
                Decimal("200000.20"),
                Decimal("500000.50"),
                None,
            )
        ]
        assert con.execute(
            "select sources, phase, is_running from funding_projects"
        ).fetchall() == [("kohesio", "running", True)]


def test_a_project_in_two_lists_counts_once_and_a_copied_file_is_an_error(tmp_path, reference):
    first, second = tmp_path / "k1.csv", tmp_path / "k2.csv"
    with first.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([KOHESIO_HEADER, *KOHESIO_ROWS])
    with second.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([KOHESIO_HEADER, KOHESIO_ROWS[0]])
    period_dir = period_with(tmp_path, {"a.csv": first, "b/other.csv": second})
    batch = read_funding("2025", period_dir, city_config(tmp_path, VANTAA), reference)
    assert batch.problems == []
    with load(batch, reference) as con:
        assert con.execute("select count(*) from raw_structural_fund_project").fetchone() == (3,)
        assert con.execute("select source_file from stg_funding_structural").fetchall() == [
            ("funding/a.csv",)
        ]
    period_dir = period_with(tmp_path, {"c/copy.csv": first})
    batch = read_funding("2025", period_dir, tmp_path / "config", reference)
    [problem] = batch.problems
    assert (problem.file, problem.severity) == ("funding/c/copy.csv", "error")
    assert "copy of funding/a.csv" in problem.message
