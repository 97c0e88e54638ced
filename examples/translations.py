"""Write the shipped example translation workbooks, filled as a translator returns them.

The City Executive Office's texts of 2024 are translated into English (in 2025 the texts it
repeats word for word reuse them and its changed reports show them stale), and the Education
division's texts of 2025 into Swedish; the other divisions have none. So the example report
shows every state: translated, stale and untranslated (marked).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from analysis.translations import COLUMNS, FOLDER, SHEET, source_hash
from examples.status_sheets import _stamp, division_rows, save_as_returned

ENGLISH = {
    "G1 Kansainvälinen toiminta on koordinoitua, resurssitehokasta ja toteuttaa strategisia "
    "tavoitteita": "G1 International activities are coordinated, resource-efficient and serve "
    "the strategic goals",
    "G4 Tunnistamme EU:n lainsäädäntöaloitteet kaupungille tärkeimmissä asioissa": "G4 We "
    "identify the EU's legislative initiatives on the matters most important to the city",
    "G5 Vaikutamme aktiivisesti merkittäviin EU-aloitteisiin ja -rahoituksiin": "G5 We actively "
    "influence significant EU initiatives and funding",
    "G6 Kansainvälisen rahoituksen hyödyntäminen on osa strategisia vuosisuunnitelmia": "G6 Using "
    "international funding is part of the strategic annual plans",
    "G7 Hanketoiminnan laatu varmistetaan seuraamalla projektien määrää ja tuloksia": "G7 The "
    "quality of project work is ensured by following the number and results of projects",
    "Tunnistetaan tärkeimmät kansainväliset kaupunkikumppanit ja verkostot": "Identify the most "
    "important international partner cities and networks",
    "Vahvistetaan osallistumista Eurocities-verkoston toimintaan": "Strengthen participation in "
    "the work of the Eurocities network",
    "Verkostojen yhteyshenkilöt raportoivat verkostotoiminnasta vuosittain": "The networks' "
    "contact persons report on the networks' activities every year",
    "Lisätään kansainvälistä viestintää kaupungin verkkosivuilla": "Increase international "
    "communication on the city's website",
    "Toimialan suunnitelmassa nimetään EU-vaikuttamisen vastuuhenkilöt": "The division's plan "
    "names the persons responsible for EU advocacy",
    "Vastuuhenkilöt seuraavat EU:n päätöksentekoa kuntien kannalta": "The persons responsible "
    "follow EU decision-making from the municipalities' point of view",
    "Lisätään EU-vaikuttamisen yhteistyötä kuutoskaupunkien kesken": "Increase cooperation in EU "
    "advocacy among the six largest cities",
    "Määritellään vuosittaiset EU-hakemusten määrälliset tavoitteet": "Set yearly targets for "
    "the number of EU applications",
    "Projekteja seurataan johtoryhmässä idea- ja toteutusvaiheesta": "Projects are followed in "
    "the management group from the idea phase through implementation",
    "Projektien tuloksia seurataan kaksi vuotta päättymisen jälkeen": "Project results are "
    "followed for two years after the project ends",
    "Toteutettu 2024. Käytäntö on vakiintunut & se kirjataan toimintasuunnitelmaan.": "Done in "
    "2024. The practice is established & will be written into the action plan.",
    "Toteutetaan ja kehitetään edelleen; seuraava katsaus johtoryhmässä syksyllä 2024.": "Being "
    "carried out and developed further; next review in the management group in autumn 2024.",
    "Edistetään myöhemmin, kun toimialan resurssit sen sallivat.": "To be taken forward later, "
    "when the division's resources allow.",
}
SWEDISH = {
    "G1 Kansainvälinen toiminta on koordinoitua, resurssitehokasta ja toteuttaa strategisia "
    "tavoitteita": "G1 Den internationella verksamheten är samordnad, resurseffektiv och "
    "förverkligar de strategiska målen",
    "G2 Löydämme ratkaisuja merkittävimpiin teemoihin kansainvälisistä vertaiskaupungeista": "G2 "
    "Vi hittar lösningar på de viktigaste frågorna hos internationella jämförbara städer",
    "G3 Jaamme saadut opit systemaattisesti, ja tiedonkulku toimii": "G3 Vi delar med oss av "
    "lärdomarna systematiskt och informationen går fram",
    "G4 Tunnistamme EU:n lainsäädäntöaloitteet kaupungille tärkeimmissä asioissa": "G4 Vi "
    "identifierar EU:s lagstiftningsinitiativ i de frågor som är viktigast för staden",
    "G5 Vaikutamme aktiivisesti merkittäviin EU-aloitteisiin ja -rahoituksiin": "G5 Vi påverkar "
    "aktivt betydande EU-initiativ och EU-finansiering",
    "G6 Kansainvälisen rahoituksen hyödyntäminen on osa strategisia vuosisuunnitelmia": "G6 "
    "Utnyttjandet av internationell finansiering ingår i de strategiska årsplanerna",
    "Tunnistetaan tärkeimmät kansainväliset kaupunkikumppanit ja verkostot": "De viktigaste "
    "internationella partnerstäderna och nätverken identifieras",
    "Vahvistetaan osallistumista Eurocities-verkoston toimintaan": "Deltagandet i "
    "Eurocities-nätverkets verksamhet stärks",
    "Ystävyyskaupunkitoiminta palvelee strategisia tavoitteita": "Vänortsverksamheten tjänar de "
    "strategiska målen",
    "Toimitaan aktiivisesti Eurocities-työryhmissä": "Vi deltar aktivt i Eurocities arbetsgrupper",
    "Opintomatkat toteutetaan eri toimialojen yhteisissä kokoonpanoissa": "Studieresorna görs i "
    "gemensamma grupper med flera sektorer",
    "Opintomatkan osallistujat sopivat oppien jakamisesta": "Studieresans deltagare kommer "
    "överens om hur lärdomarna delas",
    "Kansainvälisistä vierailuista tiedotetaan kv-yhteyshenkilöä": "Den internationella "
    "kontaktpersonen informeras om internationella besök",
    "Toimialan suunnitelmassa nimetään EU-vaikuttamisen vastuuhenkilöt": "I sektorns plan utses "
    "de ansvariga för EU-påverkan",
    "Laaditaan yhteisten projektiaiheiden suunnitelma": "En plan för gemensamma projektteman "
    "utarbetas",
    "Määritellään vuosittaiset EU-hakemusten määrälliset tavoitteet": "Årliga kvantitativa mål "
    "för EU-ansökningar fastställs",
    "Toteutettu 2025. Käytäntö on vakiintunut & se kirjataan toimintasuunnitelmaan.": "Klar "
    "2025. Praxisen har etablerats & den skrivs in i verksamhetsplanen.",
    "Toteutetaan ja kehitetään edelleen; seuraava katsaus johtoryhmässä syksyllä 2025.": (
        "Genomförs och utvecklas vidare; nästa genomgång i ledningsgruppen hösten 2025."
    ),
    "Viivästynyt: vastuuhenkilö vaihtunut, työ jatkuu 2026.": "Försenad: den ansvariga personen "
    "har bytts, arbetet fortsätter 2026.",
}
# (period, division, language, translations, the time the translator saved it)
FILES = (
    ("2024", "kanslia", "en", ENGLISH, dt.datetime(2024, 11, 29, 15, 40)),
    ("2025", "kasvatus", "sv", SWEDISH, dt.datetime(2025, 11, 28, 10, 15)),
)
FIELDS = ("goal", "measure", "report")


def write_file(path: Path, period: str, division: str, lang: str, texts: dict[str, str]) -> None:
    """A translator's workbook in the shape `seuranta translations export` writes, filled."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for row in division_rows(division, period):
        for field in FIELDS:
            text = row[field]
            if not text:
                continue
            values = {
                "period": period,
                "measure_id": row["id"],
                "division": division,
                "field": field,
                "source_lang": "fi",
                "lang": lang,
                "source_hash": source_hash(str(text)),
                "source_text": text,
                "translation": texts[str(text)],
            }
            sheet.append([values.get(column) for column in COLUMNS])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even when it begins with '='
    _stamp(book)
    save_as_returned(book, path, FILES_SAVED[(period, division)])


FILES_SAVED = {(period, division): saved for period, division, _, _, saved in FILES}


def write_examples(raw_dir: Path) -> list[Path]:
    """Write the example translation workbooks under `raw_dir/<period>/translations/`."""
    written = []
    for period, division, lang, texts, _ in FILES:
        path = raw_dir / period / FOLDER / f"{division}.{lang}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, period, division, lang, texts)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw_dir", type=Path, help="folder to write <period>/translations/ into")
    for path in write_examples(parser.parse_args().raw_dir):
        print(path)


if __name__ == "__main__":
    main()
