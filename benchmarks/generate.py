"""Seeded synthetic inputs at a chosen scale: status workbooks, a project register, CORDIS files.

The workbooks are written as minimal XLSX packages (inline strings, no styles), which is
fast enough to make thousands of sheets; they read like any Excel file.
"""

from __future__ import annotations

import csv
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from analysis.sources.cells import column_letter

STATUS_LABELS = {
    "done": ["Toteutettu", "Valmis", "Done"],
    "in_progress": ["Käynnissä", "Toteutetaan", "In progress"],
    "not_started": ["Ei aloitettu", "Suunniteltu"],
    "delayed": ["Viivästynyt", "Delayed"],
    "cancelled": ["Luovuttu", "Peruttu"],
}
THEMES = [
    "Oppiminen ja jakaminen",
    "EU-vaikuttaminen",
    "Kansainvälinen rahoitus",
    "Kotoutuminen",
    "Työllisyys",
    "Hiilineutraalisuus",
    "Logistinen sijainti",
]
CITY_PIC, CITY_VAT = "997537622", "FI01246109"  # the city of config/funding.yml
HEADERS = [
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


@dataclass(frozen=True)
class Scale:
    """How much to make: divisions x measures for each of `periods` periods."""

    name: str
    divisions: int
    measures: int
    periods: int
    cordis_rows: int = 0


SCALES = {
    "small": Scale("small", 10, 50, 2),
    "city": Scale("city", 50, 1000, 2),
    "national": Scale("national", 300, 1000, 10, cordis_rows=100_000),
}


def _cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """A minimal, valid XLSX workbook with one worksheet per entry."""
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml"'
            ' ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, n in enumerate(names, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships/worksheet" Target="worksheets/'
                f'sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Relationships>"
        ),
    }
    for i, name in enumerate(names, start=1):
        rows = "".join(
            f'<row r="{r}">'
            + "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(row))
            + "</row>"
            for r, row in enumerate(sheets[name], start=1)
        )
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://'
            f'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>'
            "</worksheet>"
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


def division_names(count: int) -> list[tuple[str, str]]:
    """(code, name) of `count` synthetic divisions."""
    return [(f"div{i:03d}", f"Toimiala {i:03d}") for i in range(1, count + 1)]


def write_config(folder: Path, scale: Scale) -> Path:
    """A config folder whose divisions are the synthetic ones; themes and labels as shipped."""
    import shutil

    root = Path(__file__).resolve().parents[1]
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("themes.yml", "status_labels.yml"):
        shutil.copy(root / "config" / name, folder / name)
    # the example city's funding configuration, without its rules that name example divisions
    funding = (root / "config" / "funding.yml").read_text(encoding="utf-8")
    funding = re.sub(
        r"  implementer_divisions:\n(    - .*\n)+", "  implementer_divisions: []\n", funding
    )
    (folder / "funding.yml").write_text(funding, encoding="utf-8")
    lines = ["divisions:"]
    for code, name in division_names(scale.divisions):
        lines.append(f"  - code: {code}\n    name: {{fi: {name}, en: Division {code[3:]}}}")
    (folder / "divisions.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def status_rows(
    rng: random.Random,
    code: str,
    name: str,
    period: int,
    measures: int,
) -> list[list[object]]:
    codes = list(STATUS_LABELS)
    weights = [0.2 + 0.05 * (period % 10), 0.4, 0.2, 0.1, 0.05]
    rows: list[list[object]] = [[f"Tilannekatsaus {period}: {name}"], [], list(HEADERS)]
    for m in range(1, measures + 1):
        status = rng.choices(codes, weights)[0]
        label = rng.choice(STATUS_LABELS[status])
        themes = "; ".join(rng.sample(THEMES, rng.choice((1, 1, 2))))
        progress = {"done": 100, "not_started": None}.get(status, rng.randrange(5, 95))
        report = (
            None
            if status == "not_started"
            else f"Tilanne {period}: toimenpide {m} etenee, katso liite {rng.randrange(99)}."
        )
        rows.append(
            [
                f"{code.upper()}-{m:04d}",
                f"Tavoite {1 + m % 12}",
                f"Toimenpide {m}: kehitetään toimintaa",
                name,
                themes,
                label,
                progress,
                report,
                "yhteyshenkilö",
                f"31.12.{period + 1}",
            ]
        )
    return rows


def write_status(
    raw_dir: Path, scale: Scale, first_period: int = 2016, seed: int = 20251122
) -> list[str]:
    """Status workbooks for every period of `scale`; returns the periods."""
    rng = random.Random(seed)
    periods = []
    for period in range(first_period, first_period + scale.periods):
        folder = raw_dir / str(period) / "status"
        folder.mkdir(parents=True, exist_ok=True)
        for code, name in division_names(scale.divisions):
            write_xlsx(
                folder / f"{code}.xlsx",
                {"Tila": status_rows(rng, code, name, period, scale.measures)},
            )
        periods.append(str(period))
    return periods


def write_cordis(folder: Path, rows: int, seed: int = 7) -> None:
    """CORDIS-format project.csv and organization.csv with `rows` participation rows."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    projects = max(1, rows // 6)
    with (folder / "project.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        out.writerow(
            [
                "id",
                "acronym",
                "status",
                "title",
                "startDate",
                "endDate",
                "totalCost",
                "ecMaxContribution",
                "legalBasis",
                "topics",
                "ecSignatureDate",
                "frameworkProgramme",
                "masterCall",
                "subCall",
                "fundingScheme",
                "nature",
                "objective",
                "contentUpdateDate",
                "rcn",
                "grantDoi",
            ]
        )
        for p in range(projects):
            start = 2021 + p % 5
            total = rng.randrange(100_000, 9_000_000)
            out.writerow(
                [
                    str(101_000_000 + p),
                    f"P{p}",
                    "SIGNED",
                    f"Project {p}",
                    f"{start}-01-01",
                    f"{start + 3}-12-31",
                    f"{total},5",
                    str(total),
                    "HORIZON.2.5",
                    "HORIZON-CL5-2021-D1-01-07",
                    f"{start - 1}-11-01",
                    "HORIZON",
                    "HORIZON-CL5-2021-D1-01",
                    "HORIZON-CL5-2021-D1-01",
                    "HORIZON-RIA",
                    "",
                    f"Objective\nof project {p}",
                    "2024-01-01 10:00:00",
                    str(200_000 + p),
                    f"10.3030/{101_000_000 + p}",
                ]
            )
    with (folder / "organization.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        out.writerow(
            [
                "projectID",
                "projectAcronym",
                "organisationID",
                "vatNumber",
                "name",
                "shortName",
                "SME",
                "activityType",
                "street",
                "postCode",
                "city",
                "country",
                "nutsCode",
                "geolocation",
                "organizationURL",
                "contactForm",
                "contentUpdateDate",
                "rcn",
                "order",
                "role",
                "ecContribution",
                "netEcContribution",
                "totalCost",
                "endOfParticipation",
                "active",
            ]
        )
        for r in range(rows):
            project = r % projects
            city = r % 50 == 0
            contribution = rng.randrange(10_000, 900_000)
            out.writerow(
                [
                    str(101_000_000 + project),
                    f"P{project}",
                    CITY_PIC if city else str(900_000_000 + r % 20_000),
                    CITY_VAT if city else f"XX{r % 20_000:08d}",
                    "VANTAAN KAUPUNKI" if city else f"ORG {r % 20_000}",
                    "",
                    "false",
                    "PUB" if city else "PRC",
                    "",
                    "",
                    "Helsinki",
                    "FI",
                    "FI1B1",
                    "",
                    "",
                    "",
                    "2024-01-01 10:00:00",
                    str(r),
                    str(r % 6 + 1),
                    "coordinator" if r % 6 == 0 else "participant",
                    f"{contribution}.5",
                    f"{contribution}.5",
                    f"{contribution},5",
                    "false",
                    "",
                ]
            )
