"""Write the shipped example status sheets (fictitious data modelled on a city's guidelines)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

# The measures of an international guidelines document in three areas (themes): number ->
# (goal, measure, themes). Modelled on Vantaa's international guidelines 2025-26.
_LEARNING = "Oppiminen ja jakaminen"
_EU = "EU-vaikuttaminen"
_FUNDING = "Kansainvälinen rahoitus"
GOALS = {
    "G1": "Kansainvälinen toiminta on koordinoitua, resurssitehokasta ja toteuttaa strategisia "
    "tavoitteita",
    "G2": "Löydämme ratkaisuja merkittävimpiin teemoihin kansainvälisistä vertaiskaupungeista",
    "G3": "Jaamme saadut opit systemaattisesti, ja tiedonkulku toimii",
    "G4": "Tunnistamme EU:n lainsäädäntöaloitteet kaupungille tärkeimmissä asioissa",
    "G5": "Vaikutamme aktiivisesti merkittäviin EU-aloitteisiin ja -rahoituksiin",
    "G6": "Kansainvälisen rahoituksen hyödyntäminen on osa strategisia vuosisuunnitelmia",
    "G7": "Hanketoiminnan laatu varmistetaan seuraamalla projektien määrää ja tuloksia",
}
MEASURES: dict[int, tuple[str, str, str]] = {
    1: ("G1", "Tunnistetaan tärkeimmät kansainväliset kaupunkikumppanit ja verkostot", _LEARNING),
    2: ("G1", "Vahvistetaan osallistumista Eurocities-verkoston toimintaan", _LEARNING),
    3: ("G1", "Ystävyyskaupunkitoiminta palvelee strategisia tavoitteita", _LEARNING),
    4: ("G1", "Verkostojen yhteyshenkilöt raportoivat verkostotoiminnasta vuosittain", _LEARNING),
    5: ("G1", "Lisätään kansainvälistä viestintää kaupungin verkkosivuilla", _LEARNING),
    6: (
        "G2",
        "Varataan resursseja strategisesti tärkeiden teemojen ratkaisemiseksi",
        f"{_LEARNING}; Kotoutuminen; Hiilineutraalisuus",
    ),
    7: ("G2", "Opintomatkat toteutetaan eri toimialojen yhteisissä kokoonpanoissa", _LEARNING),
    8: ("G3", "Opintomatkan osallistujat sopivat oppien jakamisesta", _LEARNING),
    9: ("G3", "Kansainvälisistä vierailuista tiedotetaan kv-yhteyshenkilöä", _LEARNING),
    10: ("G4", "Toimialan suunnitelmassa nimetään EU-vaikuttamisen vastuuhenkilöt", _EU),
    11: ("G4", "Vastuuhenkilöt seuraavat EU:n päätöksentekoa kuntien kannalta", _EU),
    12: ("G5", "Lisätään EU-vaikuttamisen yhteistyötä kuutoskaupunkien kesken", _EU),
    13: ("G5", "Toimitaan aktiivisesti Eurocities-työryhmissä", f"{_EU}; Työllisyys"),
    14: ("G5", "Hyödynnetään Airport Regions Council -verkostoa", f"{_EU}; Aviapolis"),
    15: ("G6", "Määritellään vuosittaiset EU-hakemusten määrälliset tavoitteet", _FUNDING),
    16: ("G6", "Laaditaan yhteisten projektiaiheiden suunnitelma", _FUNDING),
    17: ("G6", "Seurataan kehittämistavoitteita tukevia rahoitusmahdollisuuksia", _FUNDING),
    18: ("G7", "Projekteja seurataan johtoryhmässä idea- ja toteutusvaiheesta", _FUNDING),
    19: (
        "G7",
        "Projektien tuloksia seurataan kaksi vuotta päättymisen jälkeen",
        f"{_FUNDING}; Työllisyys",
    ),
}

# Status letters: D done, I in progress, N not started, L delayed, C cancelled.
LABELS_FI = {
    "D": ["Toteutettu", "Valmis"],
    "I": ["Käynnissä", "Toteutetaan", "Toteutuu"],
    "N": ["Ei aloitettu", "Suunniteltu", "Edistetään myöhemmin"],
    "L": ["Viivästynyt"],
    "C": ["Luovuttu", "Peruttu"],
}
LABELS_EN = {
    "D": ["Done", "Completed"],
    "I": ["In progress", "Ongoing"],
    "N": ["Not started", "Planned"],
    "L": ["Delayed"],
    "C": ["Cancelled", "Dropped"],
}
REPORTS = {
    "D": "Toteutettu {year}. Käytäntö on vakiintunut & se kirjataan toimintasuunnitelmaan.",
    "I": "Toteutetaan ja kehitetään edelleen; seuraava katsaus johtoryhmässä syksyllä {year}.",
    "N": "Edistetään myöhemmin, kun toimialan resurssit sen sallivat.",
    "L": "Viivästynyt: vastuuhenkilö vaihtunut, työ jatkuu {next_year}.",
    "C": "Luovuttu, koska tehtävä on siirtynyt kaupunginkanslian hoidettavaksi.",
}

# division code -> (sheet or file, measure numbers, statuses by period)
DIVISIONS: dict[str, dict] = {
    "kanslia": {
        "name": "Kaupunginkanslia",
        "prefix": "KANS",
        "measures": [1, 2, 4, 5, 10, 11, 12, 15, 18, 19],
        "status": {"2024": "DIDIDIIDNN", "2025": "DDDDDDIDIDI"},
        "added_2025": [9],
    },
    "kasvatus": {
        "name": "Kasvatuksen ja oppimisen toimiala",
        "prefix": "KASV",
        "measures": [1, 2, 3, 7, 8, 9, 10, 13, 15, 16],
        "status": {"2024": "IINDIDNIIN", "2025": "DIDDIDLDII"},
    },
    "ymparisto": {
        "name": "Kaupunkiympäristön toimiala",
        "prefix": "KYMP",
        "measures": [1, 2, 6, 7, 11, 13, 14, 15, 17, 18],
        "status": {"2024": "INILIINDNN", "2025": "DIDLDICDIN"},
    },
    "elinvoima": {
        "name": "Elinvoima ja työllisyys",
        "prefix": "ELTY",
        "measures": [1, 2, 6, 9, 12, 14, 15, 16, 17, 18],
        "status": {"2024": "IIDNDIIIND", "2025": "DDIIDDDDID"},  # measure 6 moves back
    },
    "vapaa_aika": {
        "name": "Vapaa-aika",
        "prefix": "VAPA",
        "measures": [1, 2, 3, 5, 8, 9, 13, 15, 16],
        "status": {"2024": "NINNIININ", "2025": "DIILDDCII"},
    },
}
FI_FILES = {
    "kanslia": "kaupunginkanslia.xlsx",
    "kasvatus": "kasvatuksen_ja_oppimisen_toimiala.xlsx",
    "ymparisto": "kaupunkiympariston_toimiala.xlsx",
}
EN_FILE, EN_DIVISIONS = "other_divisions_en.xlsx", ("elinvoima", "vapaa_aika")
HEADERS_FI = [
    "Tunnus",
    "Tavoite",
    "Toimenpide",
    "Toimiala",
    "Teema",
    "Tila",
    "Edistyminen %",
    "Raportointi",
    "Vastuuhenkilö",
    "Aikataulu",
]
HEADERS_EN = ["ID", "Goal", "Measure", "Theme", "Status", "Progress %", "Report", "Owner"]
PERIODS = ("2024", "2025")


def division_rows(code: str, period: str) -> list[dict[str, object]]:
    """The rows of one division's sheet in one period (status letter kept as `letter`)."""
    spec = DIVISIONS[code]
    numbers = spec["measures"] + (spec.get("added_2025", []) if period == "2025" else [])
    rows = []
    for number, letter in zip(numbers, spec["status"][period], strict=True):
        goal, measure, themes = MEASURES[number]
        rows.append(
            {
                "id": f"{spec['prefix']}-{number:02d}",
                "goal": f"{goal} {GOALS[goal]}",
                "measure": measure,
                "themes": themes,
                "letter": letter,
                "number": number,
                "report": REPORTS[letter].format(year=period, next_year=int(period) + 1),
                "progress": {"D": 100, "I": 20 + (number * 7) % 60}.get(letter),
                "owner": "kv-asioiden yhteyshenkilö" if number % 2 else "hankepäällikkö",
                "planned_end": _planned_end(letter, number, int(period)),
            }
        )
    return rows


def _planned_end(letter: str, number: int, year: int) -> str:
    """A planned end as a division writes it; some not-started measures are already late."""
    if letter == "N" and number % 3 == 0:
        return f"30.6.{year}"
    return f"31.12.{year if letter in 'DC' else year + 1}"


# A done measure whose report was left empty, so the data-quality section has a finding.
EMPTY_REPORT = ("2025", "KASV-07")


def _title(sheet, title: str, period: str) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"ESIMERKKIAINEISTO / EXAMPLE DATA - kausi {period}"])
    sheet.append([])


# When each example file was "returned" (Excel's saved time); config/periods.yml has the
# deadlines, so one file a period is late and shows in the data-quality section.
SAVED = {
    ("2024", "kaupunginkanslia.xlsx"): dt.datetime(2024, 11, 8, 14, 5),
    ("2024", "kasvatuksen_ja_oppimisen_toimiala.xlsx"): dt.datetime(2024, 11, 14, 9, 30),
    ("2024", "kaupunkiympariston_toimiala.xlsx"): dt.datetime(2024, 11, 22, 16, 45),
    ("2024", EN_FILE): dt.datetime(2024, 11, 12, 11, 0),
    ("2025", "kaupunginkanslia.xlsx"): dt.datetime(2025, 11, 7, 13, 20),
    ("2025", "kasvatuksen_ja_oppimisen_toimiala.xlsx"): dt.datetime(2025, 11, 13, 10, 10),
    ("2025", "kaupunkiympariston_toimiala.xlsx"): dt.datetime(2025, 11, 12, 15, 0),
    ("2025", EN_FILE): dt.datetime(2025, 11, 19, 8, 55),
}


def _stamp(book: Workbook) -> None:
    book.properties.created = dt.datetime(2024, 10, 1)
    book.properties.creator = "seuranta example data"


def save_as_returned(book: Workbook, path: Path, saved: dt.datetime) -> None:
    """Save with Excel's 'last saved' time set to `saved` and fixed zip entry times, so the
    example files are the same bytes every time they are generated."""
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = saved.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            entry = zipfile.ZipInfo(item.filename, date_time=saved.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, data)


def write_finnish_workbook(path: Path, code: str, period: str) -> None:
    """One workbook for one division: title rows, Finnish headers, a Toimiala column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tilannekatsaus"
    _title(sheet, f"Kansainväliset suuntaviivat: {DIVISIONS[code]['name']}", period)
    sheet.append(HEADERS_FI)
    for row in division_rows(code, period):
        labels = LABELS_FI[row["letter"]]
        progress = row["progress"]
        sheet.append(
            [
                row["id"],
                row["goal"],
                row["measure"],
                DIVISIONS[code]["name"],
                row["themes"],
                labels[row["number"] % len(labels)],
                None if progress is None else progress / 100,  # a percentage-formatted cell
                None if (period, row["id"]) == EMPTY_REPORT else row["report"],
                row["owner"],
                row["planned_end"],  # typed as text, d.m.yyyy
            ]
        )
        sheet.cell(sheet.max_row, 7).number_format = "0%"
    notes = book.create_sheet("Ohjeet")
    notes.append(["Täytä Tila ja Raportointi jokaiselle toimenpiteelle."])
    _stamp(book)
    save_as_returned(book, path, SAVED[(period, path.name)])


def write_english_workbook(path: Path, period: str) -> None:
    """One workbook, a sheet per division named after it, English headers, no division column."""
    book = Workbook()
    book.remove(book.active)
    for code in EN_DIVISIONS:
        sheet = book.create_sheet(DIVISIONS[code]["name"])
        _title(sheet, "International guidelines: status report", period)
        sheet.append(HEADERS_EN)
        for row in division_rows(code, period):
            labels = LABELS_EN[row["letter"]]
            progress = row["progress"]
            sheet.append(
                [
                    row["id"],
                    row["goal"],
                    row["measure"],
                    row["themes"],
                    labels[row["number"] % len(labels)],
                    None if progress is None else f"{progress} %",  # typed as text
                    row["report"],
                    row["owner"],
                ]
            )
    _stamp(book)
    save_as_returned(book, path, SAVED[(period, path.name)])


def write_examples(raw_dir: Path) -> list[Path]:
    """Write the example status sheets of every example period under `raw_dir`."""
    written = []
    for period in PERIODS:
        folder = raw_dir / period / "status"
        folder.mkdir(parents=True, exist_ok=True)
        for code, name in FI_FILES.items():
            write_finnish_workbook(folder / name, code, period)
            written.append(folder / name)
        write_english_workbook(folder / EN_FILE, period)
        written.append(folder / EN_FILE)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw_dir", type=Path, help="folder to write <period>/status/*.xlsx into")
    for path in write_examples(parser.parse_args().raw_dir):
        print(path)


if __name__ == "__main__":
    main()
