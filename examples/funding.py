"""Write the shipped example funding registers and targets (fictitious, modelled on Vantaa).

`python -m examples.funding data/raw` rewrites the files below, deterministically.
The CORDIS files beside them in 2025/funding/cordis/ are real and are not written here.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import logging
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from examples.status_sheets import save_as_returned

log = logging.getLogger(__name__)

D = dt.date

# id, name, acronym, grant number, division, themes, programme, phase code, submitted, decided,
# start, end, total budget, EU contribution, own financing. The phase is as at the end of the
# register's year; `PHASES_FI` / `PHASES_EN` give its label.
Project = tuple[
    str, str, str, str, str, str, str, str, D | None, D | None, D | None, D | None, int, int, int
]

PROJECTS_2025: tuple[Project, ...] = (
    # NEUTRALPATH is the city's real Horizon Europe project (CORDIS 101096753): its grant number,
    # acronym, signature date, dates and EU contribution are CORDIS's; the rest is invented.
    (
        "VAN-22-01",
        "NEUTRALPATH – hiilineutraalit kaupunginosat",
        "NEUTRALPATH",
        "101096753",
        "ymparisto",
        "Hiilineutraalisuus",
        "Horizon Europe",
        "running",
        D(2022, 4, 27),
        D(2022, 12, 9),
        D(2023, 1, 1),
        D(2027, 12, 31),
        748750,
        748750,
        0,
    ),
    (
        "VAN-21-01",
        "Kansainvälinen koulu",
        "",
        "",
        "kasvatus",
        "Oppiminen ja jakaminen",
        "Erasmus+",
        "closed",
        D(2021, 3, 23),
        D(2021, 7, 20),
        D(2021, 9, 1),
        D(2023, 6, 30),
        180000,
        180000,
        0,
    ),
    (
        "VAN-22-02",
        "6Aika: avoimet innovaatioalustat",
        "",
        "A77102",
        "elinvoima",
        "Logistinen sijainti",
        "EAKR",
        "closed",
        D(2021, 11, 30),
        D(2022, 3, 10),
        D(2022, 4, 1),
        D(2024, 6, 30),
        1400000,
        560000,
        840000,
    ),
    (
        "VAN-23-01",
        "Ohjaamo Vantaa 2",
        "",
        "S23015",
        "elinvoima",
        "Työllisyys",
        "ESR+",
        "closed",
        D(2023, 2, 15),
        D(2023, 5, 30),
        D(2023, 8, 1),
        D(2025, 7, 31),
        900000,
        540000,
        360000,
    ),
    (
        "VAN-23-02",
        "Kotoutumisen kumppanuus",
        "",
        "",
        "vapaa_aika",
        "Kotoutuminen",
        "AMIF",
        "running",
        D(2023, 6, 1),
        D(2023, 10, 26),
        D(2024, 1, 1),
        D(2026, 6, 30),
        420000,
        315000,
        105000,
    ),
    (
        "VAN-24-01",
        "Hiilineutraali energiayhteisö",
        "CLEAN-VAN",
        "",
        "ymparisto",
        "Hiilineutraalisuus",
        "LIFE",
        "granted",
        D(2024, 9, 24),
        D(2025, 3, 12),
        D(2026, 1, 1),
        D(2029, 12, 31),
        1600000,
        960000,
        640000,
    ),
    (
        "VAN-24-02",
        "Digitaalinen kaksonen",
        "",
        "",
        "kanslia",
        "EU-vaikuttaminen",
        "Digital Europe",
        "rejected",
        D(2024, 5, 7),
        D(2024, 11, 15),
        None,
        None,
        1200000,
        600000,
        600000,
    ),
    (
        "VAN-24-03",
        "Nuorisotakuu työelämään",
        "",
        "",
        "elinvoima",
        "Työllisyys",
        "ESR+",
        "running",
        D(2024, 3, 1),
        D(2024, 6, 14),
        D(2024, 9, 1),
        D(2026, 8, 31),
        650000,
        390000,
        260000,
    ),
    (
        "VAN-24-04",
        "Monikielinen varhaiskasvatus",
        "",
        "",
        "kasvatus",
        "Oppiminen ja jakaminen; Kotoutuminen",
        "Erasmus+",
        "running",
        D(2024, 2, 21),
        D(2024, 7, 10),
        D(2024, 9, 1),
        D(2026, 5, 31),
        250000,
        250000,
        0,
    ),
    (
        "VAN-25-01",
        "EU-edunvalvonnan kaupunkiverkosto",
        "CITYLINK",
        "",
        "kanslia",
        "EU-vaikuttaminen",
        "Interreg Baltic Sea Region",
        "granted",
        D(2025, 3, 14),
        D(2025, 9, 20),
        D(2026, 1, 1),
        D(2028, 12, 31),
        1250000,
        1000000,
        250000,
    ),
    (
        "VAN-25-02",
        "Eurocities-kaupunkidiplomatia",
        "",
        "",
        "kanslia",
        "EU-vaikuttaminen",
        "URBACT",
        "rejected",
        D(2025, 5, 10),
        D(2025, 10, 2),
        None,
        None,
        600000,
        480000,
        120000,
    ),
    (
        "VAN-25-03",
        "Kielitietoinen varhaiskasvatus",
        "",
        "",
        "kasvatus",
        "Oppiminen ja jakaminen; Kotoutuminen",
        "Erasmus+",
        "running",
        D(2025, 2, 20),
        D(2025, 7, 15),
        D(2025, 9, 1),
        D(2027, 8, 31),
        250000,
        250000,
        0,
    ),
    (
        "VAN-25-04",
        "Digitaalinen oppimisympäristö",
        "",
        "",
        "kasvatus",
        "Oppiminen ja jakaminen",
        "Erasmus+",
        "rejected",
        D(2025, 3, 5),
        D(2025, 7, 15),
        None,
        None,
        400000,
        400000,
        0,
    ),
    (
        "VAN-25-05",
        "Nuorten ammattiosaaminen",
        "",
        "",
        "kasvatus",
        "Työllisyys",
        "ESR+",
        "submitted",
        D(2025, 9, 30),
        None,
        None,
        None,
        500000,
        300000,
        200000,
    ),
    (
        "VAN-25-06",
        "Ratikkakaupungin hulevesiratkaisut",
        "",
        "",
        "ymparisto",
        "Hiilineutraalisuus",
        "LIFE",
        "submitted",
        D(2025, 9, 16),
        None,
        None,
        None,
        2000000,
        1200000,
        800000,
    ),
    (
        "VAN-25-07",
        "Hiilineutraali Aviapolis",
        "AVIA-ZERO",
        "",
        "ymparisto",
        "Hiilineutraalisuus; Logistinen sijainti",
        "Horizon Europe",
        "granted",
        D(2025, 1, 22),
        D(2025, 6, 18),
        D(2026, 1, 1),
        D(2028, 12, 31),
        620000,
        620000,
        0,
    ),
    (
        "VAN-25-08",
        "Osaajat Vantaalle",
        "",
        "",
        "elinvoima",
        "Työllisyys; Kotoutuminen",
        "ESR+",
        "running",
        D(2025, 4, 30),
        D(2025, 8, 29),
        D(2025, 10, 1),
        D(2027, 12, 31),
        850000,
        510000,
        340000,
    ),
    (
        "VAN-25-09",
        "Aviapoliksen investointien edistäminen",
        "",
        "",
        "elinvoima",
        "Logistinen sijainti",
        "EAKR",
        "rejected",
        D(2025, 6, 12),
        D(2025, 11, 20),
        None,
        None,
        700000,
        280000,
        420000,
    ),
    (
        "VAN-25-10",
        "Kiertotalouden yrityspalvelut",
        "",
        "",
        "elinvoima",
        "Hiilineutraalisuus",
        "Interreg Central Baltic",
        "preparation",
        None,
        None,
        None,
        None,
        1100000,
        880000,
        220000,
    ),
    (
        "VAN-25-11",
        "Kulttuurit kohtaavat",
        "",
        "",
        "vapaa_aika",
        "Kotoutuminen",
        "Erasmus+",
        "idea",
        None,
        None,
        None,
        None,
        60000,
        60000,
        0,
    ),
    (
        "VAN-25-12",
        "Liikunta kotoutumisen tukena",
        "",
        "",
        "vapaa_aika",
        "Kotoutuminen",
        "AMIF",
        "submitted",
        D(2025, 11, 14),
        None,
        None,
        None,
        300000,
        225000,
        75000,
    ),
    (
        "VAN-25-13",
        "Älykkäät kaupunkipalvelut",
        "",
        "",
        "kanslia",
        "",
        "Digital Europe",
        "idea",
        None,
        None,
        None,
        None,
        800000,
        400000,
        400000,
    ),
    (
        "VAN-25-14",
        "Sähköisen liikenteen latausverkko",
        "",
        "",
        "ymparisto",
        "Hiilineutraalisuus; Logistinen sijainti",
        "CEF",
        "idea",
        None,
        None,
        None,
        None,
        3000000,
        1500000,
        1500000,
    ),
)

# The 2024 register: the projects known at the end of 2024, in the phase they were then in.
PHASES_2024 = {
    "VAN-22-01": "running",
    "VAN-21-01": "closed",
    "VAN-22-02": "closed",
    "VAN-23-01": "running",
    "VAN-23-02": "running",
    "VAN-24-01": "submitted",
    "VAN-24-02": "rejected",
    "VAN-24-03": "running",
    "VAN-24-04": "running",
}
IDEAS_2024: tuple[Project, ...] = (
    (
        "VAN-24-05",
        "Ratikan hulevedet",
        "",
        "",
        "ymparisto",
        "Hiilineutraalisuus",
        "LIFE",
        "idea",
        None,
        None,
        None,
        None,
        1800000,
        1080000,
        720000,
    ),
    (
        "VAN-24-06",
        "Aviapolis-kumppanuus",
        "",
        "",
        "elinvoima",
        "Logistinen sijainti",
        "Interreg",
        "preparation",
        None,
        None,
        None,
        None,
        900000,
        720000,
        180000,
    ),
)

TARGETS = {
    "2024": {"kanslia": 2, "kasvatus": 3, "ymparisto": 3, "elinvoima": 3, "vapaa_aika": 1},
    "2025": {"kanslia": 3, "kasvatus": 4, "ymparisto": 3, "elinvoima": 4, "vapaa_aika": 2},
}
DIVISIONS_FI = {
    "kanslia": "Kaupunginkanslia",
    "kasvatus": "Kasvatuksen ja oppimisen toimiala",
    "ymparisto": "Kaupunkiympäristön toimiala",
    "elinvoima": "Elinvoiman ja työllisyyden toimiala",
    "vapaa_aika": "Vapaa-ajan toimiala",
}
DIVISIONS_EN = {
    "kanslia": "City Executive Office",
    "kasvatus": "Education and Learning",
    "ymparisto": "Urban Environment",
    "elinvoima": "Economic Development",
    "vapaa_aika": "Leisure and Culture",
}
THEMES_EN = {
    "Hiilineutraalisuus": "Carbon neutrality",
    "Oppiminen ja jakaminen": "Learning and sharing",
    "Logistinen sijainti": "Logistics hub",
    "Työllisyys": "Employment",
    "Kotoutuminen": "Integration",
    "EU-vaikuttaminen": "EU advocacy",
}
PHASES_FI = {
    "idea": "Idea",
    "preparation": "Valmistelu",
    "submitted": "Haettu",
    "granted": "Myönnetty",
    "rejected": "Hylätty",
    "running": "Käynnissä",
    "closed": "Päättynyt",
}
PHASES_EN = {
    "idea": "Idea phase",
    "preparation": "In preparation",
    "submitted": "Submitted",
    "granted": "Granted",
    "rejected": "Rejected",
    "running": "Running",
    "closed": "Closed",
}
HEADERS_FI = [
    "Hanketunnus", "Hankkeen nimi", "Lyhenne", "Sopimusnumero", "Toimiala", "Teema", "Ohjelma",
    "Vaihe", "Hakemus jätetty", "Päätös", "Alkaa", "Päättyy", "Kokonaisbudjetti", "EU-osuus",
    "Omarahoitus",
]  # fmt: skip
HEADERS_EN = [
    "Project ID", "Project name", "Acronym", "Grant number", "Division", "Theme", "Programme",
    "Phase", "Submitted", "Decision date", "Start", "End", "Total budget", "EU contribution",
    "Own financing",
]  # fmt: skip

README = """# Funding inputs of {period}: EXAMPLE DATA

Fictitious example data, modelled on Vantaa's international guidelines 2025-26 (each division
sets a yearly target for EU project applications; projects are followed in their idea and
implementation phases and for two years after they end). Written by
`python -m examples.funding data/raw`; do not edit by hand.

| file | what it is |
| --- | --- |
{files}

The register's projects, dates and amounts are invented, except NEUTRALPATH
(VAN-22-01), the city of Vantaa's real Horizon Europe project: its grant number, acronym,
dates, signature date and the city's EU contribution are those of CORDIS.
Formats and definitions: docs/funding.md.
"""
FILES_2025 = (
    "| `hankerekisteri_2025.xlsx` | the city's project register at the end of 2025: an "
    "instructions sheet, then sheet `Hankkeet` with two title rows above Finnish headers, Excel "
    "dates and numbers |\n"
    "| `hakemustavoitteet_2025.xlsx` | EU application targets per division for 2025 (Finnish "
    "headers) |\n"
    "| `cordis/` | REAL data: an unmodified CORDIS Horizon Europe subset, see "
    "`cordis/SOURCE.md`; the city is recognised by its PIC and VAT number in "
    "config/funding.yml |"
)
FILES_2024 = (
    "| `project_register_2024.csv` | the register at the end of 2024 as Excel's \"CSV "
    '(semicolon)" on a Finnish Windows: Windows-1252, `;`, English headers, `d.m.yyyy` dates, '
    "amounts with spaces and `€` |\n"
    "| `application_targets_2024.xlsx` | EU application targets per division for 2024 (English "
    "headers) |"
)


def _row_fi(project: Project) -> list[object]:
    values = list(project)
    values[4] = DIVISIONS_FI[project[4]]
    values[7] = PHASES_FI[project[7]]
    return [None if value == "" else value for value in values]


def _amount_text(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0") + "\u00a0€"  # as a Finnish Excel writes it


def _row_en(project: Project) -> list[str]:
    themes = "; ".join(THEMES_EN[t.strip()] for t in project[5].split(";") if t.strip())
    dates = [f"{d.day}.{d.month}.{d.year}" if d else "" for d in project[8:12]]
    return [
        project[0],
        project[1],
        project[2],
        project[3],
        DIVISIONS_EN[project[4]],
        themes,
        project[6],
        PHASES_EN[project[7]],
        *dates,
        *(_amount_text(v) for v in project[12:15]),
    ]


def _sheet(book: Workbook, title: str, rows: Sequence[Sequence[object]]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(list(row))
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        for cell in column:
            if isinstance(cell.value, dt.date):
                cell.number_format = "d.m.yyyy"
            elif isinstance(cell.value, int) and cell.column > 12:
                cell.number_format = "# ##0"
    for index, width in enumerate((12, 44, 14, 14, 34, 34, 26, 12, 14, 12, 12, 12, 16, 14, 14)):
        sheet.column_dimensions[chr(65 + index)].width = width


def _save(book: Workbook, path: Path, saved: dt.datetime) -> None:
    """Save with fixed document and zip times, so that the bytes (and the SHA-256) do not change."""
    book.properties.created = dt.datetime(2024, 10, 1)
    book.properties.creator = "seuranta example data"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_as_returned(book, path, saved)


def write_register_2025(path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "Ohje",
        [
            ["Hankerekisteri: ESIMERKKIAINEISTO (kuvitteellinen)"],
            ["Yksi rivi hanketta kohden. Vaihe: Idea, Valmistelu, Haettu, Myönnetty, Hylätty, "
             "Käynnissä, Päättynyt."],
        ],
    )  # fmt: skip
    rows: list[Sequence[object]] = [
        ["Kansainväliset EU-hankkeet 2025 (ESIMERKKI)"],
        ["Tilanne 31.12.2025"],
        HEADERS_FI,
        *(_row_fi(project) for project in PROJECTS_2025),
    ]
    _sheet(book, "Hankkeet", rows)
    book["Hankkeet"]["A3"].font = Font(bold=True)
    _save(book, path, dt.datetime(2026, 1, 9, 10, 30))


def write_register_2024(path: Path) -> None:
    """The 2024 register as a Finnish Excel writes "CSV (semicolon)": cp1252, CRLF."""
    projects = [p[:7] + (PHASES_2024[p[0]],) + p[8:] for p in PROJECTS_2025 if p[0] in PHASES_2024]
    rows = [HEADERS_EN, *(_row_en(p) for p in (*projects, *IDEAS_2024))]
    # a project's 2024 register knows no decision made after 2024
    for row in rows[1:]:
        if row[7] == PHASES_EN["submitted"]:
            row[9] = ""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def write_targets(path: Path, period: str, english: bool) -> None:
    book = Workbook()
    book.remove(book.active)
    names = DIVISIONS_EN if english else DIVISIONS_FI
    header = ["Division", "Period", "Application target"] if english else [
        "Toimiala", "Kausi", "Hakemustavoite"
    ]  # fmt: skip
    rows: list[Sequence[object]] = [
        [f"EU application targets {period}" if english else f"EU-hakemusten tavoitteet {period}"],
        header,
        *([names[code], int(period), target] for code, target in TARGETS[period].items()),
    ]
    _sheet(book, "Targets" if english else "Tavoitteet", rows)
    _save(book, path, dt.datetime(int(period) - 1, 12, 15, 9, 0))


def write_examples(raw_dir: Path) -> list[Path]:
    """Write the example funding files under raw_dir/2024/funding and raw_dir/2025/funding."""
    paths = {
        "2025/funding/hankerekisteri_2025.xlsx": lambda p: write_register_2025(p),
        "2025/funding/hakemustavoitteet_2025.xlsx": lambda p: write_targets(p, "2025", False),
        "2024/funding/project_register_2024.csv": lambda p: write_register_2024(p),
        "2024/funding/application_targets_2024.xlsx": lambda p: write_targets(p, "2024", True),
    }
    written = []
    for relative, write in paths.items():
        path = raw_dir / relative
        write(path)
        written.append(path)
    for period, files in (("2025", FILES_2025), ("2024", FILES_2024)):
        path = raw_dir / period / "funding" / "README.md"
        path.write_text(README.format(period=period, files=files), encoding="utf-8")
        written.append(path)
    for path in written:
        log.info("wrote %s", path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", type=Path, help="the data/raw folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_examples(args.raw_dir)


if __name__ == "__main__":
    main()
