"""Turn the records of funding tables into raw-table rows: text as written plus parsed values.

Values that cannot be read are Problems located at their cell (`F12` in a workbook,
`line 14, column EU-osuus` in a CSV file). In the public exports only the city's own rows
can stop a run; unreadable values in other organisations' rows are counted in one warning
(see repairs.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from analysis.mapping import match_key, split_themes
from analysis.problems import Problem, coded
from analysis.sources.funding.delimited import Record, Table
from analysis.sources.funding.settings import FundingConfig
from analysis.sources.funding.sources import FundingFile
from analysis.sources.funding.values import (
    identifier_key,
    name_starts_with,
    parse_amount,
    parse_count,
    parse_date,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class CityIdentity:
    """How the city is recognised in the public exports (config/funding.yml `city`)."""

    pics: frozenset[str]
    vats: frozenset[str]
    names: tuple[str, ...]
    business_ids: frozenset[str]

    @classmethod
    def from_config(cls, config: FundingConfig) -> CityIdentity:
        return cls(
            frozenset(filter(None, map(identifier_key, config.cordis_pics))),
            frozenset(filter(None, map(identifier_key, config.cordis_vat_numbers))),
            config.beneficiary_names,
            frozenset(filter(None, map(identifier_key, config.business_ids))),
        )

    def cordis(self, pic: object, vat: object) -> str | None:
        """`pic 997664207` or `vat FI02012566` when a CORDIS participant is the city."""
        if identifier_key(pic) in self.pics:
            return f"pic {pic}"
        if identifier_key(vat) in self.vats:
            return f"vat {vat}"
        return None

    def beneficiary(self, name: object, business_id: object) -> str | None:
        """`name Vantaan kaupunki` or `business id 0124610-9` when an implementer is the city."""
        prefix = name_starts_with(name, self.names)
        if prefix:
            return f"name {prefix}"
        if identifier_key(business_id) in self.business_ids:
            return f"business id {business_id}"
        return None

    def mentioned(self, text: object) -> bool:
        """True if a broken line mentions the city (so that skipping it would lose its money)."""
        key = match_key(text) or ""
        flat = identifier_key(text) or ""
        return any(match_key(n) in key for n in self.names if match_key(n)) or any(
            i in flat for i in self.pics | self.vats | self.business_ids
        )


@dataclass
class TableReader:
    """Reads the records of one table field by field, collecting the problems it finds."""

    period: str
    book: FundingFile
    table: Table
    problems: list[Problem] = field(default_factory=list)
    unread_elsewhere: list[str] = field(default_factory=list)  # other organisations' cells

    def lineage(self, record: Record, number_column: str = "row_number", sheet: bool = True) -> Row:
        """period, source_file, sheet (if the table has one), the row or line, the file hash."""
        row: Row = {
            "period": self.period,
            "source_file": self.book.source_file,
            number_column: record.number,
            "file_sha256": self.book.sha256,
        }
        if sheet:
            row["sheet"] = self.table.sheet
        return row

    def text(self, record: Record, name: str) -> str | None:
        """The field's value stripped; None where it is empty or the table lacks it."""
        return _field_text(record.values, self.table.header.columns.get(name))

    def texts(self, record: Record, names: Sequence[str]) -> dict[str, str | None]:
        """`text` of each of the fields `names` (one call for a record's fields: a table has
        many rows, and `text` is on that path too)."""
        values, columns = record.values, self.table.header.columns
        return {name: _field_text(values, columns.get(name)) for name in names}

    def location(self, record: Record, name: str) -> tuple[str | None, str]:
        index = self.table.header.columns[name]
        if self.table.letters is not None:
            return self.table.sheet, f"{self.table.letters[index]}{record.number}"
        return None, f"line {record.number}, column {self.table.header_cells[index]}"

    def parsed(
        self,
        record: Record,
        name: str,
        parse: Callable[[str], Any],
        code: str,
        own_row: bool = True,
    ) -> Any:
        """The value of a field read by `parse`; a problem `code` (or a count) when it cannot be."""
        text = self.text(record, name)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            sheet, cell = self.location(record, name)
            if own_row:
                self.problems.append(
                    coded(self.book.source_file, sheet, cell, code, value=text, detail=exc)
                )
            else:
                self.unread_elsewhere.append(f"{cell} '{text}'")
            return None

    def amount(self, record: Record, name: str, human: bool = False, own: bool = True) -> Any:
        def read(text: str) -> Decimal | None:
            return parse_amount(text, human=human)

        return self.parsed(record, name, read, "funding_unreadable_amount", own)

    def date(self, record: Record, name: str, own: bool = True) -> dt.date | None:
        return self.parsed(record, name, parse_date, "funding_unreadable_date", own)

    def ok_records(self) -> list[Record]:
        return [r for r in self.table.records if r.status != "skipped"]


def _field_text(values: list[str | None], index: int | None) -> str | None:
    """The value at `index` stripped; None where it is empty or there is none."""
    if index is None or index >= len(values) or values[index] is None:
        return None
    return str(values[index]).strip() or None


def register_rows(reader: TableReader) -> list[Row]:
    """raw_funding_register: one row per register record."""
    rows = []
    for record in reader.ok_records():
        text = reader.texts(record, REGISTER_TEXT)
        rows.append(
            {
                **reader.lineage(record),
                **text,
                "division_key": match_key(text["division"]),
                "theme_keys": split_themes(text["themes"]),
                "programme_key": match_key(text["programme"]),
                "phase_key": match_key(text["phase"]),
                "acronym_key": match_key(text["acronym"]),
                "grant_key": match_key(text["grant_id"]),
                "submitted_on": reader.date(record, "submitted"),
                "decided_on": reader.date(record, "decided"),
                "start_on": reader.date(record, "start_date"),
                "end_on": reader.date(record, "end_date"),
                "total_budget_eur": reader.amount(record, "total_budget", human=True),
                "eu_contribution_eur": reader.amount(record, "eu_contribution", human=True),
                "own_financing_eur": reader.amount(record, "own_financing", human=True),
            }
        )
    return rows


REGISTER_TEXT = (
    "project_id",
    "name",
    "acronym",
    "grant_id",
    "division",
    "themes",
    "programme",
    "phase",
    "submitted",
    "decided",
    "start_date",
    "end_date",
    "total_budget",
    "eu_contribution",
    "own_financing",
)


def target_rows(reader: TableReader) -> list[Row]:
    """raw_funding_target: one row per targets record."""
    rows = []
    for record in reader.ok_records():
        division = reader.text(record, "division")
        rows.append(
            {
                **reader.lineage(record),
                "division": division,
                "target_period": reader.text(record, "target_period"),
                "target": reader.text(record, "target"),
                "division_key": match_key(division),
                "target_value": reader.parsed(
                    record, "target", parse_count, "funding_unreadable_count"
                ),
            }
        )
    return rows


def legal_basis_theme_keys(legal_basis: str | None, rules: dict[str, str]) -> list[str]:
    """The theme of the longest configured legal basis that `legal_basis` is or belongs to."""
    if not legal_basis:
        return []
    fitting = [b for b in rules if legal_basis == b or legal_basis.startswith(b + ".")]
    if not fitting:
        return []
    key = match_key(rules[max(fitting, key=len)])
    return [key] if key else []


def cordis_project_rows(
    reader: TableReader, city_projects: set[str], theme_rules: dict[str, str]
) -> list[Row]:
    """raw_cordis_project: one row per project line."""
    rows = []
    for record in reader.ok_records():
        project_id = reader.text(record, "id")
        own = project_id in city_projects
        text = reader.texts(record, CORDIS_PROJECT_TEXT)
        rows.append(
            {
                **reader.lineage(record, "line_number", sheet=False),
                **text,
                "programme_key": match_key(text["framework_programme"]),
                "acronym_key": match_key(text["acronym"]),
                "grant_key": match_key(project_id),
                "theme_keys": legal_basis_theme_keys(text["legal_basis"], theme_rules),
                "start_on": reader.date(record, "start_date", own),
                "end_on": reader.date(record, "end_date", own),
                "signed_on": reader.date(record, "ec_signature_date", own),
                "total_cost_eur": reader.amount(record, "total_cost", own=own),
                "ec_max_contribution_eur": reader.amount(record, "ec_max_contribution", own=own),
            }
        )
    return rows


CORDIS_PROJECT_TEXT = (
    "id",
    "acronym",
    "status",
    "title",
    "start_date",
    "end_date",
    "total_cost",
    "ec_max_contribution",
    "legal_basis",
    "topics",
    "ec_signature_date",
    "framework_programme",
    "funding_scheme",
)


def cordis_organization_rows(reader: TableReader, city: CityIdentity) -> list[Row]:
    """raw_cordis_organization: one row per participation line; the city's rows are marked."""
    rows = []
    for record in reader.ok_records():
        text = reader.texts(record, CORDIS_ORGANIZATION_TEXT)
        city_match = city.cordis(text["organisation_id"], text["vat_number"])
        own = city_match is not None
        rows.append(
            {
                **reader.lineage(record, "line_number", sheet=False),
                **text,
                "city_match": city_match,
                "ec_contribution_eur": reader.amount(record, "ec_contribution", own=own),
                "net_ec_contribution_eur": reader.amount(record, "net_ec_contribution", own=own),
                "total_cost_eur": reader.amount(record, "total_cost", own=own),
            }
        )
    return rows


CORDIS_ORGANIZATION_TEXT = (
    "project_id",
    "project_acronym",
    "organisation_id",
    "vat_number",
    "name",
    "activity_type",
    "country",
    "role",
    "ec_contribution",
    "net_ec_contribution",
    "total_cost",
)


def city_cordis_projects(reader: TableReader, city: CityIdentity) -> set[str]:
    """Project ids in which one of the city's PICs or VAT numbers participates."""
    return {
        project
        for record in reader.ok_records()
        if city.cordis(reader.text(record, "organisation_id"), reader.text(record, "vat_number"))
        and (project := reader.text(record, "project_id"))
    }


def text_rows(reader: TableReader, names: tuple[str, ...]) -> list[Row]:
    """Rows of a table kept as text only (legalBasis.csv, topics.csv)."""
    return [
        {
            **reader.lineage(record, "line_number", sheet=False),
            **reader.texts(record, names),
        }
        for record in reader.ok_records()
    ]


def implementer_division(implementer: str | None, config: FundingConfig) -> str | None:
    """The match key of the division whose configured text the implementer's name contains."""
    key = match_key(implementer) or ""
    for rule in config.implementer_divisions:
        if (match_key(rule.contains) or "\0") in key:
            return match_key(rule.division)
    return None


def structural_rows(reader: TableReader, config: FundingConfig, city: CityIdentity) -> list[Row]:
    """raw_structural_fund_project: every line, the skipped ones with their text only."""
    layout = reader.table.layout.name
    rows = []
    for record in reader.table.records:
        text = reader.texts(record, STRUCTURAL_TEXT)
        city_match = city.beneficiary(text["implementer"], text["implementer_id"])
        own = city_match is not None
        rows.append(
            {
                **reader.lineage(record, "line_number"),
                "layout": layout,
                "parse_status": record.status,
                "repair": record.repair,
                "raw_line": record.raw_line if record.status != "ok" else None,
                **text,
                "city_match": city_match,
                "division_key": implementer_division(text["implementer"], config) if own else None,
                "programme_key": match_key(text["fund"]),
                "grant_key": match_key(text["project_code"] or text["operation_uri"]),
                "start_on": reader.date(record, "start_date", own),
                "end_on": reader.date(record, "end_date", own),
                "granted_public_eur": reader.amount(record, "granted_public", own=own),
                "planned_public_total_eur": reader.amount(record, "planned_public_total", own=own),
                "eu_budget_eur": reader.amount(record, "eu_budget", own=own),
                "total_eligible_eur": reader.amount(record, "total_eligible", own=own),
            }
        )
    return rows


STRUCTURAL_TEXT = (
    "project_code",
    "operation_uri",
    "fund",
    "name",
    "programme_name",
    "authority",
    "status",
    "start_date",
    "end_date",
    "implementer",
    "implementer_id",
    "granted_public",
    "planned_public_total",
    "eu_budget",
    "total_eligible",
)
