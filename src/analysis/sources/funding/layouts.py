"""The column layouts of the funding sources, and how a table's header is recognised as one.

A layout names its fields and the header texts each is found under (matched by
`analysis.sources.layout`, the one header matcher of every source). The project register's
headers can be extended in config/funding.yml; the public exports have fixed headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from analysis.sources.layout import Field, Layout

# Shapes of the values of an unquoted EURA list, used to tell columns apart when a text field
# contains the delimiter (analysis.sources.funding.delimited.align). None = free text.
CODE = re.compile(r"^[A-Z]{1,3}\d{3,8}$")
FUND = re.compile(r"^[A-ZÅÄÖ+]{2,8}$")
SMALL_INT = re.compile(r"^\d{1,2}$")
DMY = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
EURA_AMOUNT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


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
