"""Write the shipped example indicator workbooks (fictitious, modelled on the seeds' guidelines).

`python -m examples.indicators data/raw` rewrites `<period>/indicators/*.xlsx`, deterministically:
the city's indicators with Finnish headers, and a division's with English headers. Their values
are chosen so that the report shows every evaluation of docs/indicators.md (on track, behind,
off track, no target, no value; improving, maintaining, worsening; a target reached early, a
target year passed, a direction down). The computed indicators are in config/indicators.yml.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from examples.status_sheets import GOALS, save_as_returned

PERIODS = ("2024", "2025")
HEADERS_FI = [
    "Mittarin tunnus", "Mittari", "Mittari (sv)", "Mittari (en)", "Yksikkö", "Suunta", "Tavoite",
    "Teema", "Toimiala", "Lähtötaso", "Lähtötason vuosi", "Tavoitearvo", "Tavoitevuosi", "Arvo",
    "Lähde", "Kommentti",
]  # fmt: skip
HEADERS_EN = [
    "Indicator ID", "Indicator (fi)", "Indicator (en)", "Unit", "Desired direction", "Goal",
    "Division", "Baseline", "Baseline year", "Target value", "Target year", "Value", "Source",
    "Comment",
]  # fmt: skip


def _goal(code: str) -> str:
    return f"{code} {GOALS[code]}"


# id, fi, sv, en, unit, direction, goal, theme, division, baseline (value, year),
# target (value, year), period -> (value, source, comment)
CITY = (
    ("EC-TR", "Eurocities-työryhmät, joissa on kaupungin edustaja",
     "Eurocities-arbetsgrupper med en representant för staden",
     "Eurocities working groups with a city representative", "kpl", "ylös", _goal("G5"),
     "EU-vaikuttaminen", "Kanslia", (4, 2022), (12, 2026),
     {"2024": (8, "Eurocities-jäsenrekisteri", None),
      "2025": (10, "Eurocities-jäsenrekisteri",
               "Edustaja valittiin työryhmän puheenjohtajistoon.")}),
    ("KV-VIER", "Raportoidut kansainväliset vierailut", "Rapporterade internationella besök",
     "International visits reported", "kpl", "ylös", _goal("G3"), "Oppiminen ja jakaminen",
     "Kanslia", (20, 2023), (40, 2026),
     {"2024": (25, "kv-yhteyshenkilöiden ilmoitukset", None),
      "2025": (26, "kv-yhteyshenkilöiden ilmoitukset",
               "Vierailuja oli enemmän, mutta kaikista ei ilmoitettu kv-yhteyshenkilölle.")}),
    ("KV-MEN", "Toimialat, joilla on kirjalliset kansainvälisen toiminnan menettelyt",
     "Sektorer med skriftliga rutiner för internationell verksamhet",
     "Share of divisions with written international procedures", "%", "ylös", _goal("G1"),
     "Oppiminen ja jakaminen", None, (20, 2023), (100, 2026),
     {"2024": (40, "toimialojen johtoryhmien pöytäkirjat", None),
      "2025": (68, "toimialojen johtoryhmien pöytäkirjat", "Kaksi toimialaa valmistelee vielä.")}),
    ("EU-KANN", "EU-kuulemisiin annetut kannanotot", "Ställningstaganden i EU-samråd",
     "Responses to EU consultations", "kpl", "ylös", _goal("G5"), "EU-vaikuttaminen", "Kanslia",
     (2, 2022), (6, 2026),
     {"2024": (5, "Brysselin toimiston seuranta", None),
      "2025": (7, "Brysselin toimiston seuranta", "Tavoite saavutettiin etuajassa.")}),
    ("EU-VAST", "Toimialat ilman nimettyä EU-vaikuttamisen vastuuhenkilöä",
     "Sektorer utan utsedd ansvarsperson för EU-påverkan",
     "Divisions without a named EU advocacy contact", "kpl", "alas", _goal("G4"),
     "EU-vaikuttaminen", None, (5, 2022), (0, 2024),
     {"2024": (3, "toimialojen suunnitelmat", None),
      "2025": (4, "toimialojen suunnitelmat", "Yksi vastuuhenkilö vaihtoi työtehtäviä.")}),
    ("KV-MATK", "Kansainväliset opintomatkat", "Internationella studieresor",
     "International study visits", "kpl", "ylös", _goal("G2"), "Oppiminen ja jakaminen", None,
     None, None,
     {"2024": (14, "matkahallinta", None), "2025": (15, "matkahallinta", None)}),
    ("YSTK", "Voimassa olevat ystävyyskaupunkisopimukset", "Gällande vänortsavtal",
     "Twin city agreements in force", "kpl", "pysyy", _goal("G1"), "Oppiminen ja jakaminen",
     "Kanslia", (6, 2022), (6, 2026),
     {"2024": (6, "sopimusrekisteri", None), "2025": (6, "sopimusrekisteri", None)}),
    ("VERKKO-EN", "Englanninkielisten verkkosivujen käynnit", "Besök på de engelska webbsidorna",
     "Visits to the English web pages", "kpl", "ylös", _goal("G1"), "Oppiminen ja jakaminen",
     "Kanslia", (42000, 2023), (60000, 2026),
     {"2024": (47000, "verkkoanalytiikka", None),
      "2025": (None, None, "Analytiikka vaihtui; vuoden luku saadaan keväällä 2026.")}),
)  # fmt: skip
# a division's workbook with English headers
DIVISION = (
    ("KASKO-VAIHTO", "Oppilasvaihdot ystävyyskouluihin", "Student exchanges with partner schools",
     "count", "up", _goal("G2"), "Education", (30, 2022), (60, 2027),
     {"2024": (38, "school reports", None), "2025": (49, "school reports", None)}),
    ("KASKO-ERAS", "Erasmus+-hakemukset", "Erasmus+ applications", "count", "up", _goal("G6"),
     "Education", (2, 2022), (5, 2025),
     {"2024": (3, "Erasmus+ portal", None),
      "2025": (4, "Erasmus+ portal", "One application was moved to the next call.")}),
)  # fmt: skip
SAVED = {
    "2024": dt.datetime(2024, 11, 15, 10, 0),
    "2025": dt.datetime(2025, 11, 14, 12, 30),
}


def _pair(pair: tuple[int, int] | None) -> list[object]:
    return [None, None] if pair is None else list(pair)


def _title(sheet, title: str, period: str) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"ESIMERKKIAINEISTO / EXAMPLE DATA - kausi {period}"])
    sheet.append([])


def write_city(path: Path, period: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Mittarit"
    _title(sheet, "Kansainväliset suuntaviivat: mittarit", period)
    sheet.append(HEADERS_FI)
    for item in CITY:
        *definition, baseline, target, values = item
        value, source, comment = values[period]
        sheet.append([*definition, *_pair(baseline), *_pair(target), value, source, comment])
    save_as_returned(book, path, SAVED[period])


def write_division(path: Path, period: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indicators"
    _title(sheet, "International guidelines: indicators of Education and Learning", period)
    sheet.append(HEADERS_EN)
    for item in DIVISION:
        *definition, baseline, target, values = item
        value, source, comment = values[period]
        sheet.append([*definition, *_pair(baseline), *_pair(target), value, source, comment])
    save_as_returned(book, path, SAVED[period])


def write_examples(raw_dir: Path) -> list[Path]:
    written = []
    for period in PERIODS:
        folder = raw_dir / period / "indicators"
        folder.mkdir(parents=True, exist_ok=True)
        for name, write in (("mittarit.xlsx", write_city), ("education_en.xlsx", write_division)):
            write(folder / name, period)
            written.append(folder / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw_dir", type=Path, help="folder to write <period>/indicators/ into")
    for path in write_examples(parser.parse_args().raw_dir):
        print(path)


if __name__ == "__main__":
    main()
