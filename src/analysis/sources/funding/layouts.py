"""The column layouts of the funding sources, and how a table's header is recognised as one.

A layout names its fields and the header texts each is found under (compared with
`analysis.mapping.header_key`, so case and spaces do not matter). The project register's
headers can be extended in config/funding.yml; the public exports have fixed headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from analysis.mapping import header_key

HEADER_SCAN_ROWS = 30  # a header row is looked for in the first rows of a table

# Shapes of the values of an unquoted EURA list, used to tell columns apart when a text field
# contains the delimiter (analysis.sources.funding.delimited.align). None = free text.
CODE = re.compile(r"^[A-Z]{1,3}\d{3,8}$")
FUND = re.compile(r"^[A-ZÅÄÖ+]{2,8}$")
SMALL_INT = re.compile(r"^\d{1,2}$")
DMY = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
EURA_AMOUNT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class Field:
    """One field of a layout: its name, accepted headers, and whether a table must have it."""

    name: str
    headers: tuple[str, ...]
    required: bool = False
    shape: re.Pattern[str] | None = None  # for EURA column alignment; None = free text

    def keys(self) -> set[str]:
        return {key for key in map(column_key, self.headers) if key}

    @property
    def label(self) -> str:
        """`Finnish / English` header, for messages (one header for the public exports)."""
        return " / ".join(self.headers[:2])


@dataclass(frozen=True)
class Layout:
    """A kind of funding table: the raw table it lands in and its fields."""

    name: str
    kind: str  # raw_file.kind
    fields: tuple[Field, ...]
    quoted: bool = True  # False: fields are never quoted and may contain the delimiter
    description: str = ""
    _lookup: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self) -> dict[str, str]:
        """Header key -> field name."""
        if not self._lookup:
            self._lookup.update({key: f.name for f in self.fields for key in f.keys()})
        return self._lookup

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]


def column_key(text: object) -> str | None:
    """A header compared without case, spaces, surrounding quotes or a trailing `;`."""
    key = header_key(str(text).strip().strip('"').rstrip(";")) if text is not None else None
    return key or None


# The documented default layout of the city's project register (docs/funding.md). The first
# header of a field is the documented Finnish one, the second the English one; the rest are
# other accepted spellings (config/funding.yml register_headers adds the city's own).
REGISTER_FIELDS: tuple[Field, ...] = (
    Field("project_id", ("Hanketunnus", "Project ID", "Tunnus", "ID"), required=True),
    Field("name", ("Hankkeen nimi", "Project name", "Nimi", "Name"), required=True),
    Field("acronym", ("Lyhenne", "Acronym", "Akronyymi")),
    Field("grant_id", ("Sopimusnumero", "Grant number", "Hankenumero", "Grant agreement")),
    Field("division", ("Toimiala", "Division"), required=True),
    Field("themes", ("Teema", "Theme", "Teemat", "Themes")),
    Field("programme", ("Ohjelma", "Programme", "Rahoitusohjelma", "Program"), required=True),
    Field("phase", ("Vaihe", "Phase"), required=True),
    Field("submitted", ("Hakemus jätetty", "Submitted", "Jätetty", "Submission date")),
    Field("decided", ("Päätös", "Decision date", "Päätöspäivä", "Decided")),
    Field("start_date", ("Alkaa", "Start", "Alkupäivä", "Start date")),
    Field("end_date", ("Päättyy", "End", "Loppupäivä", "End date")),
    Field("total_budget", ("Kokonaisbudjetti", "Total budget", "Budjetti", "Budget")),
    Field("eu_contribution", ("EU-osuus", "EU contribution", "EU-rahoitus")),
    Field("own_financing", ("Omarahoitus", "Own financing", "Oma rahoitus")),
)

TARGET_FIELDS: tuple[Field, ...] = (
    Field("division", ("Toimiala", "Division"), required=True),
    Field(
        "target",
        (
            "Hakemustavoite",
            "Application target",
            "EU-hakemusten tavoite",
            "Tavoite (hakemuksia)",
            "Target (applications)",
            "Applications target",
        ),
        required=True,
    ),
    Field("target_period", ("Kausi", "Period", "Vuosi", "Year")),
)

CORDIS_PROJECT = Layout(
    "cordis-project",
    "cordis-project",
    (
        Field("id", ("id",), required=True),
        Field("acronym", ("acronym",), required=True),
        Field("status", ("status",)),
        Field("title", ("title",), required=True),
        Field("start_date", ("startDate",), required=True),
        Field("end_date", ("endDate",), required=True),
        Field("total_cost", ("totalCost",)),
        Field("ec_max_contribution", ("ecMaxContribution",), required=True),
        Field("legal_basis", ("legalBasis",)),
        Field("topics", ("topics",)),
        Field("ec_signature_date", ("ecSignatureDate",)),
        Field("framework_programme", ("frameworkProgramme",), required=True),
        Field("funding_scheme", ("fundingScheme",)),
    ),
    description="CORDIS project.csv",
)

CORDIS_ORGANIZATION = Layout(
    "cordis-organization",
    "cordis-organization",
    (
        Field("project_id", ("projectID",), required=True),
        Field("project_acronym", ("projectAcronym",)),
        Field("organisation_id", ("organisationID",), required=True),
        Field("vat_number", ("vatNumber",), required=True),
        Field("name", ("name",), required=True),
        Field("activity_type", ("activityType",)),
        Field("country", ("country",)),
        Field("role", ("role",), required=True),
        Field("ec_contribution", ("ecContribution",), required=True),
        Field("net_ec_contribution", ("netEcContribution",)),
        Field("total_cost", ("totalCost",)),
    ),
    description="CORDIS organization.csv",
)

CORDIS_LEGAL_BASIS = Layout(
    "cordis-legal-basis",
    "cordis-legal-basis",
    (
        Field("project_id", ("projectID",), required=True),
        Field("legal_basis", ("legalBasis",), required=True),
        Field("title", ("title",), required=True),
        Field("unique_programme_part", ("uniqueProgrammePart",), required=True),
    ),
    description="CORDIS legalBasis.csv",
)

CORDIS_TOPIC = Layout(
    "cordis-topic",
    "cordis-topic",
    (
        Field("project_id", ("projectID",), required=True),
        Field("topic", ("topic",), required=True),
        Field("title", ("title",), required=True),
    ),
    description="CORDIS topics.csv",
)

# The project lists of the Finnish structural funds (EURA 2007 and EURA 2014 exports):
# comma-separated, never quoted, so a comma inside a name splits it.
EURA = Layout(
    "eura",
    "eura-projects",
    (
        Field("project_code", ("Koodi",), required=True, shape=CODE),
        Field("fund", ("Rahasto",), required=True, shape=FUND),
        Field("name", ("Projektin nimi", "Hankkeen nimi"), required=True),
        Field("programme_name", ("Ohjelma / osio",)),
        Field("priority", ("Tl",), shape=SMALL_INT),
        Field("authority", ("Viranomainen",)),
        Field("status", ("Toiminnan tila", "Tila")),
        Field("start_date", ("Aloituspvm",), required=True, shape=DMY),
        Field("end_date", ("Päättymispvm",), required=True, shape=DMY),
        Field("implementer", ("Toteuttajan nimi",), required=True),
        Field("granted_public", ("Myönnetty EU- ja valtion rahoitus",), shape=EURA_AMOUNT),
        Field("paid_public", ("Toteutunut EU- ja valtion rahoitus",), shape=EURA_AMOUNT),
        Field(
            "planned_public_total", ("Suunniteltu julkinen rahoitus yhteensä",), shape=EURA_AMOUNT
        ),
        Field("paid_public_total", ("Toteutunut julkinen rahoitus yhteensä",), shape=EURA_AMOUNT),
    ),
    quoted=False,
    description="EURA 2007 / EURA 2014 project list",
)

# The Kohesio country files of the 2014-20 and 2021-27 programming periods
# (kohesio.ec.europa.eu/en/data: latest_<CC>-21-27.xlsx / .csv), as documented there.
KOHESIO = Layout(
    "kohesio",
    "kohesio-projects",
    (
        Field("operation_uri", ("Operation_Unique_Identifier",), required=True),
        Field("project_code", ("Operation_Local_Identifier",)),
        Field("name", ("Operation_Name_Programme_Language",), required=True),
        Field("name_en", ("Operation_Name_English",)),
        Field("start_date", ("Operation_Start_Date",), required=True),
        Field("end_date", ("Operation_End_Date",), required=True),
        Field("total_eligible", ("Total_Eligible_Expenditure_amount",), required=True),
        Field("currency", ("Total_Eligible_Expenditure_Currency",)),
        Field("eu_budget", ("Project_EU_Budget",), required=True),
        Field("cofinancing_rate", ("Cofinancing_Rate",)),
        Field("implementer", ("Beneficiary_Name",), required=True),
        Field("implementer_id", ("Beneficiary_Local_Identifier",)),
        Field("fund", ("Fund_Code",), required=True),
        Field("programme_name", ("Programme_Name",)),
        Field("programming_period", ("Programming_Period",)),
        Field("authority", ("ManagingAuthority",)),
    ),
    description="Kohesio country file",
)

PUBLIC_LAYOUTS: tuple[Layout, ...] = (
    CORDIS_PROJECT,
    CORDIS_ORGANIZATION,
    CORDIS_LEGAL_BASIS,
    CORDIS_TOPIC,
    EURA,
    KOHESIO,
)


def with_extra_headers(
    fields: Sequence[Field], extra: Mapping[str, Iterable[str]]
) -> tuple[Field, ...]:
    """The fields with the configured extra headers added to each."""
    return tuple(replace(f, headers=f.headers + tuple(extra.get(f.name, ()))) for f in fields)


def register_layouts(extra_headers: Mapping[str, Iterable[str]]) -> tuple[Layout, Layout]:
    """The register and targets layouts with the city's own headers from config/funding.yml."""
    register = Layout(
        "register",
        "funding-register",
        with_extra_headers(REGISTER_FIELDS, extra_headers),
        description="project register",
    )
    targets = Layout(
        "targets",
        "funding-targets",
        with_extra_headers(TARGET_FIELDS, extra_headers),
        description="application targets",
    )
    return register, targets


@dataclass(frozen=True)
class HeaderMatch:
    """A row recognised as the header of a layout: field -> 0-based column index."""

    layout: Layout
    row_index: int
    columns: dict[str, int]
    texts: dict[str, str]

    @property
    def score(self) -> tuple[int, int]:
        """More recognised columns wins; then fewer of the layout's fields left unmatched."""
        return len(self.columns), -(len(self.layout.fields) - len(self.columns))


def match_header(row: Sequence[object], layout: Layout, row_index: int) -> HeaderMatch | None:
    """The row as the header of `layout` if every required field is in it, else None."""
    lookup = layout.lookup()
    columns: dict[str, int] = {}
    texts: dict[str, str] = {}
    for index, value in enumerate(row):
        name = lookup.get(column_key(value) or "")
        if name and name not in columns:
            columns[name] = index
            texts[name] = str(value).strip().strip('"').rstrip(";").strip()
    if not all(f.name in columns for f in layout.required()):
        return None
    return HeaderMatch(layout, row_index, columns, texts)


def find_header(rows: Sequence[Sequence[object]], layouts: Sequence[Layout]) -> HeaderMatch | None:
    """The first row within HEADER_SCAN_ROWS that is the header of a layout (the best one)."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        matches = [m for layout in layouts if (m := match_header(row, layout, index))]
        if matches:
            return max(matches, key=lambda m: m.score)
    return None


def near_misses(
    rows: Sequence[Sequence[object]], layouts: Sequence[Layout]
) -> list[tuple[Layout, list[Field]]]:
    """Layouts some of whose headers appear in the first rows, with the required fields missing."""
    found: list[tuple[Layout, list[Field]]] = []
    for layout in layouts:
        lookup = layout.lookup()
        best: set[str] = set()
        for row in rows[:HEADER_SCAN_ROWS]:
            names = {lookup[k] for v in row if (k := column_key(v)) and k in lookup}
            if len(names) > len(best):
                best = names
        if len(best) >= 2:
            found.append((layout, [f for f in layout.required() if f.name not in best]))
    return found
