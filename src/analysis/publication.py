"""How a period's report is published: its audience, the open data's licence and publisher, and
the facts of its accessibility statement, from the optional `config/publication.yml`.

A report is written for one of two audiences. An internal report (the default) shows
everything; a public one leaves out the data-quality findings, the input files' hashes and the
owners' names (unless `public_names: true`), and keeps every figure. `Audience` is that one
setting: the pages carry it (`Page.audience`, `page.shows_names`), and the workbook and the
open data ask it which tables and columns they may write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from analysis.config import LANGS, ConfigError
from analysis.config import _read_yaml as read_yaml  # the one reader of the configuration

INTERNAL = "internal"
PUBLIC = "public"
AUDIENCES: tuple[str, ...] = (INTERNAL, PUBLIC)
CONFORMANCE: tuple[str, ...] = ("full", "partial", "none")
FILE = "publication.yml"
LICENCE_KEYS = ("name", "title", "path")

# What a public report leaves out, by table and by column, wherever it is written.
QUALITY_TABLES = frozenset(
    {"quality_findings", "quality_findings_by_division", "late_returns", "raw_problem",
     "corrections"}  # the analyst's corrections name who made them
)  # fmt: skip
HASH_COLUMNS = frozenset({"file_sha256"})
NAME_COLUMNS = frozenset({"owner"})


@dataclass(frozen=True)
class Audience:
    """Who a report is for, and so what it shows."""

    name: str = INTERNAL
    public_names: bool = False  # publication.yml: a public report may name the owners

    def __post_init__(self) -> None:
        if self.name not in AUDIENCES:
            raise ValueError(
                f"unknown audience {self.name!r}: expected one of {', '.join(AUDIENCES)}"
            )

    @property
    def public(self) -> bool:
        return self.name == PUBLIC

    @property
    def shows_names(self) -> bool:
        """Whether the owners' names of the measures are shown."""
        return not self.public or self.public_names

    @property
    def shows_quality(self) -> bool:
        """Whether the data-quality findings (and the ingest's warnings) are shown."""
        return not self.public

    @property
    def shows_hashes(self) -> bool:
        """Whether the SHA-256 digests of the input files are shown."""
        return not self.public

    def shows_table(self, table: str) -> bool:
        """Whether a table of the database may be written for this audience."""
        return self.shows_quality or table not in QUALITY_TABLES

    def shows_column(self, column: str) -> bool:
        """Whether a column of a table may be written for this audience."""
        if column in NAME_COLUMNS:
            return self.shows_names
        return self.shows_hashes or column not in HASH_COLUMNS


Texts = Mapping[str, str]  # lang -> text


@dataclass(frozen=True)
class Contact:
    """Who to contact: a name in every language and the ways to reach them."""

    name: Texts
    email: str = ""
    phone: str = ""
    web: str = ""


@dataclass(frozen=True)
class Accessibility:
    """The facts of the accessibility statement that the city gives."""

    conformance: str
    prepared: dt.date | None  # None: no publication.yml, no statement prepared yet
    reviewed: dt.date | None
    feedback: Contact | None
    enforcement: Contact
    gaps: tuple[Texts, ...] = ()


@dataclass(frozen=True)
class Licence:
    name: str = "CC-BY-4.0"
    title: str = "Creative Commons Attribution 4.0 International"
    path: str = "https://creativecommons.org/licenses/by/4.0/"


# The authority that supervises the law: since 2026 the national Lupa- ja valvontavirasto,
# which took over the accessibility supervision of the regional state administrative
# agencies. Its site is given; a city adds the current e-mail and phone in publication.yml.
ENFORCEMENT = Contact(
    name={
        "fi": "Lupa- ja valvontavirasto, saavutettavuuden valvonta",
        "sv": "Tillstånds- och tillsynsverket, tillgänglighetstillsynen",
        "en": "Permit and Supervision Agency (Lupa- ja valvontavirasto), accessibility supervision",
    },
    web="https://www.saavutettavuusvaatimukset.fi",
)


@dataclass(frozen=True)
class Publication:
    """publication.yml: the publisher, the licence, whether public reports name owners, and
    the accessibility statement's facts."""

    publisher: Texts = field(default_factory=dict)
    licence: Licence = field(default_factory=Licence)
    public_names: bool = False
    accessibility: Accessibility = field(
        default_factory=lambda: Accessibility("partial", None, None, None, ENFORCEMENT)
    )

    def audience(self, name: str) -> Audience:
        return Audience(name, public_names=self.public_names)


def _texts(path: Path, key: str, value: object) -> Texts:
    """A text in every language: `{fi: ..., en: ...}`."""
    if not isinstance(value, dict) or any(not value.get(lang) for lang in LANGS):
        raise ConfigError(f"{path}: `{key}` needs a text in each of {', '.join(LANGS)}")
    return {lang: str(value[lang]) for lang in LANGS}


def _date(path: Path, key: str, value: object) -> dt.date:
    if not isinstance(value, dt.date):
        raise ConfigError(f"{path}: `{key}` must be a date such as 2025-11-20")
    return value


def _contact(path: Path, key: str, value: object) -> Contact:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: `{key}` needs `name` and at least one of email, phone, web")
    contact = Contact(
        name=_texts(path, f"{key}.name", value.get("name")),
        **{part: str(value.get(part) or "") for part in ("email", "phone", "web")},
    )
    if not (contact.email or contact.phone or contact.web):
        raise ConfigError(f"{path}: `{key}` needs at least one of email, phone, web")
    return contact


def _accessibility(path: Path, raw: object) -> Accessibility:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: `accessibility` must be a mapping")
    conformance = raw.get("conformance")
    if conformance not in CONFORMANCE:
        raise ConfigError(
            f"{path}: `accessibility.conformance` must be one of {', '.join(CONFORMANCE)}"
        )
    gaps = raw.get("gaps") or []
    if not isinstance(gaps, list):
        raise ConfigError(f"{path}: `accessibility.gaps` must be a list of texts")
    return Accessibility(
        conformance=conformance,
        prepared=_date(path, "accessibility.prepared", raw.get("prepared")),
        reviewed=_date(path, "accessibility.reviewed", raw.get("reviewed")),
        feedback=_contact(path, "accessibility.feedback", raw.get("feedback")),
        enforcement=_contact(path, "accessibility.enforcement", raw["enforcement"])
        if raw.get("enforcement")
        else ENFORCEMENT,
        gaps=tuple(_texts(path, f"accessibility.gaps[{i}]", g) for i, g in enumerate(gaps)),
    )


def load_publication(config_dir: str | Path) -> Publication:
    """publication.yml of `config_dir`; without the file, the defaults: a CC-BY-4.0 licence,
    no owners' names on a public report, and a statement without dates or feedback contact."""
    path = Path(config_dir) / FILE
    if not path.exists():
        return Publication()
    raw = read_yaml(path)
    licence = raw.get("license") or {}
    if not isinstance(licence, dict) or not licence.get("name"):
        raise ConfigError(f"{path}: `license` needs at least `name` (an SPDX id, e.g. CC-BY-4.0)")
    public_names = raw.get("public_names", False)
    if not isinstance(public_names, bool):
        raise ConfigError(f"{path}: `public_names` must be true or false")
    return Publication(
        publisher=_texts(path, "publisher", raw.get("publisher")),
        licence=Licence(**{k: str(v) for k, v in licence.items() if k in LICENCE_KEYS}),
        public_names=public_names,
        accessibility=_accessibility(path, raw.get("accessibility")),
    )
