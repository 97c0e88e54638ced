"""The project register and targets in Finnish and English layouts, and every bad input."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
import yaml
from openpyxl import Workbook

from analysis import db
from analysis.problems import Problem
from analysis.sources.funding import FUNDING_TABLES, check_funding, read_funding

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config"
LOADED = dt.datetime(2026, 1, 1)

HEADER_FI = [
    "Hanketunnus", "Hankkeen nimi", "Lyhenne", "Sopimusnumero", "Toimiala", "Teema", "Ohjelma",
    "Vaihe", "Hakemus jätetty", "Päätös", "Alkaa", "Päättyy", "Kokonaisbudjetti", "EU-osuus",
    "Omarahoitus",
]  # fmt: skip
HEADER_EN = [
    "Project ID", "Project name", "Acronym", "Grant number", "Division", "Theme", "Programme",
    "Phase", "Submitted", "Decision date", "Start", "End", "Total budget", "EU contribution",
    "Own financing",
]  # fmt: skip
D = dt.datetime


def fi_row(**changes: object) -> list[object]:
    """A granted Interreg project of the City Executive Office, as Excel cells."""
    row: dict[str, object] = {
        "Hanketunnus": "VAN-25-01",
        "Hankkeen nimi": "Kaupunkiverkosto",
        "Lyhenne": "CITYLINK",
        "Sopimusnumero": None,
        "Toimiala": "Kaupunginkanslia",
        "Teema": "EU-vaikuttaminen; Kotoutuminen",
        "Ohjelma": "Interreg Baltic Sea Region",
        "Vaihe": "Myönnetty",
        "Hakemus jätetty": D(2025, 3, 14),
        "Päätös": D(2025, 9, 20),
        "Alkaa": D(2026, 1, 1),
        "Päättyy": D(2028, 12, 31),
        "Kokonaisbudjetti": 1250000,
        "EU-osuus": 1000000,
        "Omarahoitus": 250000,
    }
    row.update(changes)
    return [row[h] for h in HEADER_FI]


def en_row(**changes: str) -> list[str]:
    row = {
        "Project ID": "VAN-24-03",
        "Project name": "Youth guarantee",
        "Acronym": "",
        "Grant number": "",
        "Division": "Economic Development",
        "Theme": "Employment",
        "Programme": "ESF+",
        "Phase": "Running",
        "Submitted": "1.3.2025",
        "Decision date": "14.6.2025",
        "Start": "1.9.2025",
        "End": "31.8.2026",
        "Total budget": "650\u00a0000,00\u00a0€",
        "EU contribution": "390 000 €",
        "Own financing": "",
    }
    row.update(changes)
    return [row[h] for h in HEADER_EN]


@pytest.fixture
def period_dir(tmp_path: Path) -> Path:
    path = tmp_path / "raw" / "2025"
    (path / "funding").mkdir(parents=True)
    return path


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[str]], encoding: str = "utf-8", sep: str = ";") -> Path:
    text = "\r\n".join(sep.join(cell for cell in row) for row in rows) + "\r\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def register_xlsx(period_dir: Path, *rows: list[object], name: str = "rekisteri.xlsx") -> Path:
    title = [["EU-hankkeet 2025"], []]
    return workbook(period_dir / "funding" / name, {"Hankkeet": [*title, HEADER_FI, *rows]})


def validate(period_dir: Path, reference, config: Path = CONFIG) -> tuple[list[Problem], object]:
    """What `seuranta validate` will do: read, load into memory, run the checks."""
    batch = read_funding("2025", period_dir, config, reference)
    con = db.connect(None)
    db.apply_models(con)
    db.load_reference(con, reference)
    for table, frame in batch.frames(LOADED).items():
        db.insert_frame(con, table, frame)
    problems = batch.problems + check_funding(con, "2025", reference)
    return sorted(problems, key=Problem.sort_key), con


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# -- layouts --------------------------------------------------------------------------------


def test_finnish_workbook_register_is_mapped(period_dir, reference):
    register_xlsx(period_dir, fi_row())
    workbook(
        period_dir / "funding" / "tavoitteet.xlsx",
        {"Ohje": [["Täytä tavoitteet"]], "T": [["Toimiala", "Hakemustavoite"], ["KK", 3]]},
    )
    problems, con = validate(period_dir, reference)
    assert problems == []
    assert con.execute(
        "select project_id, name, division, programme, phase, submitted_on, decided_on, start_on, "
        "end_on, total_budget_eur, eu_contribution_eur, own_financing_eur, source_file, sheet, "
        "row_number from stg_funding_register"
    ).fetchall() == [
        (
            "VAN-25-01",
            "Kaupunkiverkosto",
            "kanslia",
            "interreg",
            "granted",
            dt.date(2025, 3, 14),
            dt.date(2025, 9, 20),
            dt.date(2026, 1, 1),
            dt.date(2028, 12, 31),
            Decimal("1250000.00"),
            Decimal("1000000.00"),
            Decimal("250000.00"),
            "funding/rekisteri.xlsx",
            "Hankkeet",
            4,
        )
    ]
    assert con.execute(
        "select field, column_letter, header_text from raw_funding_column "
        "where field in ('project_id', 'eu_contribution') order by field"
    ).fetchall() == [("eu_contribution", "N", "EU-osuus"), ("project_id", "A", "Hanketunnus")]
    assert con.execute("select division, target from stg_funding_targets").fetchall() == [
        ("kanslia", 3)
    ]
    assert con.execute(
        "select source_file, kind, sheets, data_rows from raw_file order by source_file"
    ).fetchall() == [
        ("funding/rekisteri.xlsx", "funding-register", 1, 1),
        ("funding/tavoitteet.xlsx", "funding-targets", 1, 1),
    ]
    assert sorted(con.execute("select theme from stg_funding_project_themes").fetchall()) == [
        ("eu_advocacy",),
        ("integration",),
    ]


def test_english_csv_register_from_a_finnish_excel(period_dir, reference):
    csv_file(
        period_dir / "funding" / "register.csv",
        [HEADER_EN, en_row(), en_row(**{"Project ID": "VAN-24-04", "Own financing": "0"})],
        encoding="cp1252",
    )
    problems, con = validate(period_dir, reference)
    assert problems == []
    assert con.execute("select encoding, delimiter, layout from raw_funding_source").fetchone() == (
        "cp1252",
        ";",
        "register",
    )
    assert con.execute(
        "select project_id, division, programme, phase, start_on, total_budget_eur, "
        "eu_contribution_eur, own_financing_eur, row_number from stg_funding_register "
        "order by project_id"
    ).fetchall() == [
        ("VAN-24-03", "elinvoima", "esf", "running", dt.date(2025, 9, 1),
         Decimal("650000.00"), Decimal("390000.00"), None, 2),
        ("VAN-24-04", "elinvoima", "esf", "running", dt.date(2025, 9, 1),
         Decimal("650000.00"), Decimal("390000.00"), Decimal("0.00"), 3),
    ]  # fmt: skip
    # own financing left empty: total budget - EU contribution
    assert con.execute(
        "select project_id, own_financing_eur from stg_funding_projects order by project_id"
    ).fetchall() == [("VAN-24-03", Decimal("260000.00")), ("VAN-24-04", Decimal("0.00"))]


def test_city_specific_headers_from_the_configuration(tmp_path, period_dir, reference):
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    settings = yaml.safe_load((config / "funding.yml").read_text(encoding="utf-8"))
    settings["register_headers"] = {"eu_contribution": ["Saatu tuki"], "phase": ["Tilanne"]}
    (config / "funding.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    header = [
        "Saatu tuki" if h == "EU-osuus" else "Tilanne" if h == "Vaihe" else h for h in HEADER_FI
    ]
    workbook(period_dir / "funding" / "r.xlsx", {"S": [header, fi_row()]})
    problems, con = validate(period_dir, reference, config)
    assert problems == []
    assert con.execute(
        "select phase, eu_contribution_eur from stg_funding_register"
    ).fetchone() == (
        "granted",
        Decimal("1000000.00"),
    )


def test_a_missing_folder_is_no_funding_data(tmp_path, reference):
    batch = read_funding("2025", tmp_path / "raw" / "2025", CONFIG, reference)
    assert (batch.problems, batch.files, batch.has_data) == ([], [], False)
    frames = batch.frames(LOADED)
    assert set(frames) == {*FUNDING_TABLES, "raw_file"}
    assert all(len(frame) == 0 for frame in frames.values())
    assert all("period" in pa.table(frame).column_names for frame in frames.values())


def test_documentation_files_are_not_read(period_dir, reference):
    (period_dir / "funding" / "README.md").write_text("# read me", encoding="utf-8")
    (period_dir / "funding" / "notes.txt").write_text("notes", encoding="utf-8")
    (period_dir / "funding" / "~$rekisteri.xlsx").write_bytes(b"lock")
    batch = read_funding("2025", period_dir, CONFIG, reference)
    assert (batch.problems, batch.files) == ([], [])


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "cell", "message"),
    [
        ("EU-osuus", "noin miljoona", "N4", "not an amount"),
        ("EU-osuus", "1,234", "N4", "ambiguous"),
        ("Kokonaisbudjetti", "12.500", "M4", "ambiguous"),
        ("Alkaa", "31.2.2026", "K4", "not a date that exists"),
        ("Päätös", "syyskuu 2025", "J4", "not a date"),
    ],
)
def test_unreadable_values_in_a_workbook(period_dir, reference, column, value, cell, message):
    register_xlsx(period_dir, fi_row(**{column: value}))
    problems, _ = validate(period_dir, reference)
    problem = only(problems)
    assert (problem.file, problem.sheet, problem.cell) == (
        "funding/rekisteri.xlsx",
        "Hankkeet",
        cell,
    )
    assert message in problem.message and problem.severity == "error"


def test_unreadable_value_in_a_csv_names_line_and_column(period_dir, reference):
    csv_file(
        period_dir / "funding" / "register.csv",
        [HEADER_EN, en_row(), en_row(**{"Project ID": "X-2", "EU contribution": "390 000 e"})],
    )
    problem = only(validate(period_dir, reference)[0])
    assert (problem.file, problem.sheet, problem.cell) == (
        "funding/register.csv",
        None,
        "line 3, column EU contribution",
    )


@pytest.mark.parametrize(
    ("changes", "cell", "message", "severity"),
    [
        ({"Omarahoitus": -250000}, "O4", "is negative", "error"),
        ({"Päättyy": D(2025, 12, 31)}, "L4", "before the start date", "error"),
        ({"Toimiala": "Talous"}, "E4", "division 'Talous' is not a known division", "error"),
        ({"Ohjelma": "Horisontti 2030"}, "G4", "programme 'Horisontti 2030'", "error"),
        ({"Vaihe": "Melkein valmis"}, "H4", "phase 'Melkein valmis'", "error"),
        ({"Teema": "Kotoutuminen; Avaruus"}, "F4", "theme 'avaruus'", "error"),
        ({"Hankkeen nimi": None}, "B4", "'Hankkeen nimi' is empty", "error"),
        ({"Päätös": None}, "J4", "not counted in decisions", "warning"),
        ({"Hakemus jätetty": None}, "I4", "not counted in applications", "warning"),
        ({"Alkaa": None}, "K4", "not counted in running projects", "warning"),
        ({"Vaihe": "Käynnissä", "Päättyy": D(2026, 2, 1), "Alkaa": D(2024, 1, 1)}, None, "", ""),
    ],
)
def test_bad_register_values_are_errors_at_their_cell(
    period_dir, reference, changes, cell, message, severity
):
    register_xlsx(period_dir, fi_row(**changes))
    problems, _ = validate(period_dir, reference)
    if cell is None:
        assert problems == []
        return
    problem = only(problems)
    assert (problem.sheet, problem.cell, problem.severity) == ("Hankkeet", cell, severity)
    assert message in problem.message, problem


def test_running_project_that_ended_before_the_period_is_a_warning(period_dir, reference):
    register_xlsx(
        period_dir, fi_row(Vaihe="Käynnissä", Alkaa=D(2022, 1, 1), Päättyy=D(2024, 6, 30))
    )
    problem = only(validate(period_dir, reference)[0])
    assert (problem.cell, problem.severity) == ("H4", "warning")
    assert "ended on 2024-06-30" in problem.message


def test_unknown_division_fix_lists_the_divisions(period_dir, reference):
    register_xlsx(period_dir, fi_row(Toimiala="Talous"))
    problem = only(validate(period_dir, reference)[0])
    assert "Kaupunginkanslia / Stadskansliet / City Executive Office" in problem.fix


def test_duplicate_project_ids_and_grant_numbers(period_dir, reference):
    register_xlsx(
        period_dir,
        fi_row(Sopimusnumero="101096753"),
        fi_row(Sopimusnumero="101096753 ", Lyhenne="OTHER"),
    )
    problems, _ = validate(period_dir, reference)
    assert {(p.cell, p.severity) for p in problems} == {
        ("A4", "error"),
        ("A5", "error"),
        ("D4", "error"),
        ("D5", "error"),
    }
    assert "also at funding/rekisteri.xlsx [Hankkeet] row 5" in next(
        p.message for p in problems if p.cell == "A4"
    )


def test_missing_register_column(period_dir, reference):
    header = [h for h in HEADER_FI if h != "Vaihe"]
    workbook(period_dir / "funding" / "r.xlsx", {"Hankkeet": [header, fi_row()[:-1]]})
    problem = only(validate(period_dir, reference)[0])
    assert (problem.file, problem.sheet, problem.severity) == (
        "funding/r.xlsx",
        "Hankkeet",
        "error",
    )
    assert "project register but has no column 'Vaihe / Phase'" in problem.message


@pytest.mark.parametrize(
    ("rows", "cell", "message"),
    [
        ([["Toimiala", "Hakemustavoite"], ["Kanslia", "2,5"]], "B2", "not a whole number"),
        ([["Toimiala", "Hakemustavoite"], ["Talous", 2]], "A2", "not a known division"),
        ([["Toimiala", "Hakemustavoite"], ["Kanslia", None]], "B2", "is empty"),
        (
            [["Toimiala", "Kausi", "Hakemustavoite"], ["Kanslia", 2025, 2], ["KK", 2025, 3]],
            "A2",
            "more than once",
        ),
    ],
)
def test_bad_targets(period_dir, reference, rows, cell, message):
    workbook(period_dir / "funding" / "tavoitteet.xlsx", {"Tavoitteet": rows})
    problems, _ = validate(period_dir, reference)
    assert cell in {p.cell for p in problems}
    assert any(message in p.message for p in problems if p.cell == cell), problems


def test_targets_of_other_periods_are_not_used(period_dir, reference):
    rows = [["Toimiala", "Kausi", "Hakemustavoite"], ["Kanslia", 2025, 2], ["Kanslia", 2026, 5]]
    workbook(period_dir / "funding" / "tavoitteet.xlsx", {"Tavoitteet": rows})
    problems, con = validate(period_dir, reference)
    assert problems == []
    assert con.execute("select division, target from stg_funding_targets").fetchall() == [
        ("kanslia", 2)
    ]


def test_unknown_files(period_dir, reference):
    csv_file(period_dir / "funding" / "muistio.csv", [["a", "b"], ["1", "2"]])
    (period_dir / "funding" / "vanha.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (period_dir / "funding" / "kuva.png").write_bytes(b"\x89PNG")
    problems, _ = validate(period_dir, reference)
    found = {(p.file, p.severity, p.message[:30]) for p in problems}
    assert found == {
        ("funding/muistio.csv", "error", "no header row of a known fundi"),
        ("funding/vanha.xls", "error", "the file is in the old Excel f"),
        ("funding/kuva.png", "warning", "'kuva.png' is not a funding ta"),
    }


def test_broken_quoting_in_a_register_csv_skips_the_row_as_an_error(period_dir, reference):
    rows = [HEADER_EN, en_row(), en_row(**{"Project ID": "X-2", "Project name": "A; B"})]
    csv_file(period_dir / "funding" / "register.csv", rows)
    problems, con = validate(period_dir, reference)
    problem = only(problems)
    assert (problem.file, problem.cell, problem.severity) == (
        "funding/register.csv",
        "line 3",
        "error",
    )
    assert "16 fields for 15 columns" in problem.message
    assert con.execute("select skipped_rows from raw_funding_source").fetchone() == (1,)


def test_funding_files_without_configuration(tmp_path, period_dir, reference):
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    (config / "funding.yml").unlink()
    register_xlsx(period_dir, fi_row())
    problem = only(read_funding("2025", period_dir, config, reference).problems)
    assert "no funding configuration" in problem.message


def test_a_period_that_is_not_a_year_needs_its_dates(tmp_path, reference):
    period_dir = tmp_path / "raw" / "2025H1"
    register_xlsx(period_dir, fi_row())
    problem = only(read_funding("2025H1", period_dir, CONFIG, reference).problems)
    assert "is not a year" in problem.message and "periods" in problem.fix
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    settings = yaml.safe_load((config / "funding.yml").read_text(encoding="utf-8"))
    settings["periods"] = {"2025H1": {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 6, 30)}}
    (config / "funding.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    batch = read_funding("2025H1", period_dir, config, reference)
    assert batch.problems == []
    assert batch.rows["funding_ref_period"][0]["period_end"] == dt.date(2025, 6, 30)
