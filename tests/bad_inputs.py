"""A corpus of bad status inputs, each written by code, with the problem it must produce.

Each case writes files into a period folder and names the exact problem expected:
severity, file, sheet, cell and a fragment of the message.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

HEAD_FI = [
    "Tunnus",
    "Tavoite",
    "Toimenpide",
    "Toimiala",
    "Teema",
    "Tila",
    "Edistyminen %",
    "Raportointi",
    "Aikataulu",
]
OK = ["K-1", "G", "M", "Kanslia", "Kotoutuminen", "Käynnissä", "40 %", "Kesken", "31.12.2025"]


@dataclass(frozen=True)
class Case:
    """One bad input: how to write it and the problem it must produce."""

    name: str
    write: Callable[[Path], None]  # writes into <period>/status
    file: str
    sheet: str | None
    cell: str | None
    message: str
    severity: str = "error"
    # (analysis.sources.status constant, value) for size guards
    patch: tuple[str, int] | None = None


def book_bytes(sheets: dict[str, Sequence[Sequence[object]]], hidden: Sequence[str] = ()) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if title in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table(*rows: Sequence[object], head: Sequence[str] = HEAD_FI) -> list[Sequence[object]]:
    """Two title rows, the header on row 3, data from row 4."""
    return [["Tilannekatsaus 2025"], [], head, *rows]


def with_row(**changes: object) -> list[object]:
    row = list(OK)
    for field, value in changes.items():
        row[HEAD_FI.index(field)] = value
    return row


def xlsx(name: str, sheets: dict[str, Sequence[Sequence[object]]]) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(book_bytes(sheets))


def raw(name: str, content: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(content)


def several(*writers: Callable[[Path], None]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        for writer in writers:
            writer(folder)

    return write


def encrypted(name: str) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(book_bytes({"Kanslia": table(OK)}))).encrypt("salasana", out)
        (folder / name).write_bytes(out.getvalue())

    return write


def padded(name: str, extra_bytes: int) -> Callable[[Path], None]:
    """A valid workbook with a large, highly compressible extra part (a small zip bomb)."""

    def write(folder: Path) -> None:
        buffer = io.BytesIO(book_bytes({"Kanslia": table(OK)}))
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * extra_bytes)
        (folder / name).write_bytes(buffer.getvalue())

    return write


def without(column: str) -> list[Sequence[object]]:
    index = HEAD_FI.index(column)
    head = [h for i, h in enumerate(HEAD_FI) if i != index]
    row = [v for i, v in enumerate(OK) if i != index]
    return table(row, head=head)


F = "status/kanslia.xlsx"
CASES: list[Case] = [
    # structure
    Case(
        "missing Tila column",
        xlsx("kanslia.xlsx", {"Kanslia": without("Tila")}),
        F,
        "Kanslia",
        "3:3",
        "required column 'Tila' / 'Status' not found in the header row 3",
    ),
    Case(
        "missing Tunnus column",
        xlsx("kanslia.xlsx", {"Kanslia": without("Tunnus")}),
        F,
        "Kanslia",
        "3:3",
        "required column 'Tunnus' / 'ID' not found",
    ),
    Case(
        "missing Tavoite column",
        xlsx("kanslia.xlsx", {"Kanslia": without("Tavoite")}),
        F,
        "Kanslia",
        "3:3",
        "required column 'Tavoite' / 'Goal' not found",
    ),
    Case(
        "missing Toimenpide column",
        xlsx("kanslia.xlsx", {"Kanslia": without("Toimenpide")}),
        F,
        "Kanslia",
        "3:3",
        "required column 'Toimenpide' / 'Measure' not found",
    ),
    Case(
        "no division column, sheet not a division",
        xlsx("kanslia.xlsx", {"Taul1": without("Toimiala")}),
        F,
        "Taul1",
        "3:3",
        "required column 'Toimiala' / 'Division' not found",
    ),
    Case(
        "header below row 30",
        xlsx("kanslia.xlsx", {"Kanslia": [["otsikko"]] * 31 + [HEAD_FI, OK]}),
        F,
        None,
        None,
        "no sheet has a header row with the status table's columns",
    ),
    Case(
        "only notes, no table",
        xlsx("kanslia.xlsx", {"Muistio": [["Täytä tila."]]}),
        F,
        None,
        None,
        "no sheet has a header row",
    ),
    Case(
        "table only on a hidden sheet",
        raw(
            "kanslia.xlsx",
            book_bytes({"Ohje": [["Lue ensin"]], "Kanslia": table(OK)}, hidden=["Kanslia"]),
        ),
        F,
        None,
        None,
        "no sheet has a header row",
    ),
    # values
    Case(
        "unknown status label",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Tila="Ehkä"))}),
        F,
        "Kanslia",
        "F4",
        "status 'Ehkä' is not a known status label",
    ),
    Case(
        "misspelt status label",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK, with_row(Tunnus="K-2", Tila="Toteutetu"))}),
        F,
        "Kanslia",
        "F5",
        "status 'Toteutetu' is not a known status label",
    ),
    Case(
        "status label with a comment",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Tila="Valmis (osittain)"))}),
        F,
        "Kanslia",
        "F4",
        "status 'Valmis (osittain)' is not a known status label",
    ),
    Case(
        "unknown division",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Toimiala="Sote"))}),
        F,
        "Kanslia",
        "D4",
        "division 'Sote' is not a known division",
    ),
    Case(
        "empty division, sheet not a division",
        xlsx("kanslia.xlsx", {"Taul1": table(with_row(Toimiala=None))}),
        F,
        "Taul1",
        "D4",
        "the sheet name 'Taul1' is not a known division",
    ),
    Case(
        "unknown theme",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Teema="Avaruus"))}),
        F,
        "Kanslia",
        "E4",
        "theme 'avaruus' in 'Avaruus' is not a known theme",
    ),
    Case(
        "second theme unknown",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Teema="Kotoutuminen; Kulttuuri"))}),
        F,
        "Kanslia",
        "E4",
        "theme 'kulttuuri' in 'Kotoutuminen; Kulttuuri' is not a known theme",
    ),
    Case(
        "themes separated by commas",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Teema="Kotoutuminen, Työllisyys"))}),
        F,
        "Kanslia",
        "E4",
        "theme 'kotoutuminen, työllisyys'",
    ),
    Case(
        "duplicate id in a sheet",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK, OK)}),
        F,
        "Kanslia",
        "A5",
        "measure id 'K-1' is used more than once in the period (also at status/kanslia.xlsx "
        "[Kanslia row 4])",
    ),
    Case(
        "duplicate id across sheets",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK), "Kasvatus": table(with_row(Toimiala=None))}),
        F,
        "Kasvatus",
        "A4",
        "measure id 'K-1' is used more than once in the period (also at status/kanslia.xlsx "
        "[Kanslia row 4])",
    ),
    Case(
        "duplicate id across files",
        several(
            xlsx("kanslia.xlsx", {"Kanslia": table(OK)}),
            xlsx("vapaa.xlsx", {"Vapaa-aika": table(with_row(Toimiala=None))}),
        ),
        "status/vapaa.xlsx",
        "Vapaa-aika",
        "A4",
        "also at status/kanslia.xlsx [Kanslia row 4]",
    ),
    Case(
        "empty id",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Tunnus=None))}),
        F,
        "Kanslia",
        "A4",
        "required value 'Tunnus / ID' is empty",
    ),
    Case(
        "empty goal",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Tavoite=" "))}),
        F,
        "Kanslia",
        "B4",
        "required value 'Tavoite / Goal' is empty",
    ),
    Case(
        "empty measure",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Toimenpide=None))}),
        F,
        "Kanslia",
        "C4",
        "required value 'Toimenpide / Measure' is empty",
    ),
    Case(
        "empty status",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Tila=None))}),
        F,
        "Kanslia",
        "F4",
        "required value 'Tila / Status' is empty",
    ),
    Case(
        "row with only a comment",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK, [None] * 7 + ["huom. lisätään myöhemmin"])}),
        F,
        "Kanslia",
        "H5",
        "not read as a measure: it holds only 'huom. lisätään myöhemmin'",
        "warning",
    ),
    Case(
        "id and status without goal or measure",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Tavoite=None, Toimenpide=None))}),
        F,
        "Kanslia",
        "B4",
        "required value 'Tavoite / Goal' is empty",
    ),
    # where the table ends (docs/assumptions.md): every skipped row is a located warning
    Case(
        "date note under the table",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK, [], ["Päivitetty 24.11.2025"])}),
        F,
        "Kanslia",
        "A6",
        "it holds only 'Päivitetty 24.11.2025'",
        "warning",
    ),
    Case(
        "source note in another column",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK, [None, "Lähde: toimialan johtoryhmä"])}),
        F,
        "Kanslia",
        "B5",
        "it holds only 'Lähde: toimialan johtoryhmä'",
        "warning",
    ),
    Case(
        "footnote outside the table's columns",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK, [None] * 10 + ["*) arvio syyskuulta"])}),
        F,
        "Kanslia",
        "K5",
        "it holds only '*) arvio syyskuulta'",
        "warning",
    ),
    Case(
        "totals row with a formula",
        xlsx(
            "kanslia.xlsx",
            {"Kanslia": table(OK, ["Yhteensä", "1 toimenpide", None, None, None, None, "=40"])},
        ),
        F,
        "Kanslia",
        "A5",
        "it is a totals row ('Yhteensä')",
        "warning",
    ),
    Case(
        "note merged across the table",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK, ["Tiedot vahvistamatta"] * 9)}),
        F,
        "Kanslia",
        "A5",
        "its cells are merged into one text, 'Tiedot vahvistamatta'",
        "warning",
    ),
    Case(
        "second table with its own title and header",
        xlsx(
            "kanslia.xlsx",
            {"Kanslia": table(OK, [], ["Lisätoimenpiteet"], HEAD_FI, with_row(Tunnus="K-2"))},
        ),
        F,
        "Kanslia",
        "7:7",
        "the row repeats the header row",
        "warning",
    ),
    Case(
        "second table with other columns",
        xlsx(
            "kanslia.xlsx",
            {
                "Kanslia": table(
                    OK, [], HEAD_FI[::-1], with_row(Tunnus="K-2")[::-1], with_row(Tunnus="K-3")
                )
            },
        ),
        F,
        "Kanslia",
        "7:8",
        "rows 7-8 are not read: they are under a second header at row 6",
        "warning",
    ),
    Case(
        "sheet name that is no division's cut name",
        xlsx("kanslia.xlsx", {"Kasvatuksen ja oppimisen toimi": without("Toimiala")}),
        F,
        "Kasvatuksen ja oppimisen toimi",
        "3:3",
        "required column 'Toimiala' / 'Division' not found in the header row 3",
    ),
    # files
    Case(
        "file name that is not UTF-8",
        xlsx(b"kanslia_\xe4.xlsx".decode("utf-8", "surrogateescape"), {"Kanslia": table(OK)}),
        "status/kanslia_\\xe4.xlsx",
        None,
        None,
        "is not valid UTF-8 (often unpacked from a Windows zip)",
    ),
    Case(
        "CSV saved with .xlsx name",
        raw("kanslia.xlsx", b"Tunnus;Tila\nK-1;Valmis\n"),
        F,
        None,
        None,
        "is a text file (for example CSV), not an Excel workbook",
    ),
    Case(
        "CSV file in the folder",
        raw("kanslia.csv", b"Tunnus,Tila\r\nK-1,Valmis\r\n"),
        "status/kanslia.csv",
        None,
        None,
        "is a text file (for example CSV)",
    ),
    Case(
        "Latin-1 text with .xlsx name",
        raw("kanslia.xlsx", "Tunnus;Tila\nK-1;Käynnissä\n".encode("latin-1")),
        F,
        None,
        None,
        "is a text file",
    ),
    Case(
        "HTML page saved as .xlsx",
        raw("kanslia.xlsx", b"<html><body><table><tr><td>Tila</td></tr></table></body></html>"),
        F,
        None,
        None,
        "is a text file",
    ),
    Case(
        "truncated workbook",
        lambda folder: (folder / "kanslia.xlsx").write_bytes(
            book_bytes({"Kanslia": table(OK)})[:700]
        ),
        F,
        None,
        None,
        "the workbook is damaged",
    ),
    Case(
        "binary that is not a workbook",
        raw("kanslia.xlsx", bytes(range(256)) * 8),
        F,
        None,
        None,
        "is not an Excel workbook",
    ),
    Case("empty file", raw("kanslia.xlsx", b""), F, None, None, "is not an Excel workbook"),
    Case(
        "password-protected workbook",
        encrypted("kanslia.xlsx"),
        F,
        None,
        None,
        "the workbook is password-protected",
    ),
    Case(
        "zip bomb",
        padded("kanslia.xlsx", 4_000_000),
        F,
        None,
        None,
        "the workbook unpacks to 4 MB",
        patch=("MAX_UNPACKED_BYTES", 2_000_000),
    ),
    Case(
        "file too large",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK)}),
        F,
        None,
        None,
        "the file is 0 MB; a status sheet is normally well under 1 MB",
        patch=("MAX_FILE_BYTES", 1000),
    ),
    Case(
        "sheet too large",
        xlsx("kanslia.xlsx", {"Kanslia": table(OK)}),
        F,
        "Kanslia",
        None,
        "the sheet uses 4 rows x 9 columns",
        patch=("MAX_SHEET_CELLS", 20),
    ),
    # warnings, which --strict turns into errors
    Case(
        "done with an empty report",
        xlsx(
            "kanslia.xlsx",
            {
                "Kanslia": table(
                    with_row(Tila="Valmis", Raportointi=None, **{"Edistyminen %": None})
                )
            },
        ),
        F,
        "Kanslia",
        "H4",
        "reported done ('Valmis') but its report is empty",
        "warning",
    ),
    Case(
        "progress contradicts status",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Tila="Ei aloitettu"))}),
        F,
        "Kanslia",
        "G4",
        "progress '40 %' contradicts the status 'Ei aloitettu'",
        "warning",
    ),
    Case(
        "progress that is not a number",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(**{"Edistyminen %": "puolet"}))}),
        F,
        "Kanslia",
        "G4",
        "progress 'puolet' is not a percentage",
        "warning",
    ),
    Case(
        "progress above 100",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(**{"Edistyminen %": "140 %"}))}),
        F,
        "Kanslia",
        "G4",
        "progress '140 %' is not a percentage between 0 and 100",
        "warning",
    ),
    Case(
        "planned end that is not a date",
        xlsx("kanslia.xlsx", {"Kanslia": table(with_row(Aikataulu="syksyllä"))}),
        F,
        "Kanslia",
        "I4",
        "planned end 'syksyllä' is not a date",
        "warning",
    ),
    Case(
        "header without measures",
        several(
            xlsx("kanslia.xlsx", {"Kanslia": table(OK)}),
            xlsx("vapaa.xlsx", {"Vapaa-aika": table()}),
        ),
        "status/vapaa.xlsx",
        "Vapaa-aika",
        "3:3",
        "the sheet has a header row but no measures",
        "warning",
    ),
    Case(
        "empty workbook",
        several(xlsx("kanslia.xlsx", {"Kanslia": table(OK)}), xlsx("vapaa.xlsx", {"Taul1": []})),
        "status/vapaa.xlsx",
        None,
        None,
        "the workbook is empty",
        "warning",
    ),
]

# Indicator workbooks (data/raw/<period>/indicators/), beside a good status sheet.
IND_HEAD = [
    "Mittarin tunnus", "Mittari", "Yksikkö", "Suunta", "Tavoite", "Teema", "Toimiala",
    "Lähtötaso", "Lähtötason vuosi", "Tavoitearvo", "Tavoitevuosi", "Arvo", "Lähde",
]  # fmt: skip
IND_OK = ["M-1", "Mittari", "kpl", "ylös", "G", "Kotoutuminen", "Kanslia", 4, 2022, 12, 2026, 10,
          "rekisteri"]  # fmt: skip
IND = "indicators/mittarit.xlsx"


def indicator_row(**changes: object) -> list[object]:
    row = list(IND_OK)
    for field, value in changes.items():
        row[IND_HEAD.index(field.replace("_", " "))] = value
    return row


def indicators(
    *rows: Sequence[object], head: Sequence[str] = IND_HEAD, name: str = "mittarit.xlsx"
) -> Callable[[Path], None]:
    """A good status sheet in `status/` and an indicator workbook in `indicators/`."""

    def write(folder: Path) -> None:
        xlsx("kanslia.xlsx", {"Kanslia": table(OK)})(folder)
        target = folder.parent / "indicators"
        target.mkdir(exist_ok=True)
        (target / name).write_bytes(book_bytes({"Mittarit": table(*rows, head=head)}))

    return write


def indicators_raw(name: str, content: bytes) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        xlsx("kanslia.xlsx", {"Kanslia": table(OK)})(folder)
        (folder.parent / "indicators").mkdir(exist_ok=True)
        (folder.parent / "indicators" / name).write_bytes(content)

    return write


CASES += [
    Case(
        "indicator table without Suunta column",
        indicators(
            [v for h, v in zip(IND_HEAD, IND_OK, strict=True) if h != "Suunta"],
            head=[h for h in IND_HEAD if h != "Suunta"],
        ),
        IND,
        "Mittarit",
        None,
        "looks like an indicator table but has no column 'Suunta / Direction'",
    ),
    Case(
        "indicator value that is not a number",
        indicators(indicator_row(Arvo="noin 10")),
        IND,
        "Mittarit",
        "L4",
        "'noin 10' in 'Arvo' is not a number",
    ),
    Case(
        "indicator target year that is not a year",
        indicators(indicator_row(Tavoitevuosi="2026/27")),
        IND,
        "Mittarit",
        "K4",
        "'2026/27' in 'Tavoitevuosi' is not a year",
    ),
    Case(
        "indicator direction unknown",
        indicators(indicator_row(Suunta="parempi")),
        IND,
        "Mittarit",
        "D4",
        "direction 'parempi' is not a known direction",
    ),
    Case(
        "indicator division unknown",
        indicators(indicator_row(Toimiala="Satama")),
        IND,
        "Mittarit",
        "G4",
        "division 'Satama' is not a known division",
    ),
    Case(
        "indicator theme unknown",
        indicators(indicator_row(Teema="Matkailu")),
        IND,
        "Mittarit",
        "F4",
        "theme 'Matkailu' is not a known theme",
    ),
    Case(
        "indicator id of a computed indicator",
        indicators(indicator_row(**{"Mittarin tunnus": "eu-hak"})),
        IND,
        "Mittarit",
        "A4",
        "indicator id 'eu-hak' is used more than once in the period (also at indicators.yml",
    ),
    Case(
        "indicator id empty",
        indicators(indicator_row(**{"Mittarin tunnus": None})),
        IND,
        "Mittarit",
        "A4",
        "required value 'Mittarin tunnus' is empty",
    ),
    Case(
        "indicator target without its year",
        indicators(indicator_row(Tavoitevuosi=None)),
        IND,
        "Mittarit",
        "J4",
        "'Tavoitearvo' is filled in but 'Tavoitevuosi / Target year' is empty",
    ),
    Case(
        "indicator target year before the baseline year",
        indicators(indicator_row(Tavoitevuosi=2021)),
        IND,
        "Mittarit",
        "K4",
        "the target year 2021 is not after the baseline year 2022",
    ),
    Case(
        "indicator target against its direction",
        indicators(indicator_row(Suunta="alas")),
        IND,
        "Mittarit",
        "J4",
        "the target 12 is not in the desired direction from the baseline 4",
    ),
    Case(
        "indicator text file",
        indicators_raw("mittarit.csv", b"Mittarin tunnus;Arvo\r\nM-1;10\r\n"),
        "indicators/mittarit.csv",
        None,
        None,
        "is a text file (for example CSV)",
    ),
    Case(
        "indicator workbook without a table",
        indicators_raw("mittarit.xlsx", book_bytes({"Taul1": [["Muistiinpanoja"], ["10"]]})),
        IND,
        None,
        None,
        "the workbook has no indicator table",
    ),
    Case(
        "indicator value without a source",
        indicators(indicator_row(Lähde=None)),
        IND,
        "Mittarit",
        "M4",
        "the value '10' has no source",
        "warning",
    ),
]
