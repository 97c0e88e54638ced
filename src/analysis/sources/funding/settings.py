"""The funding configuration (config/funding.yml): the city's identifiers, programmes, phases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import yamlfile
from analysis.config import LANGS, ConfigError, Entry, Reference
from analysis.mapping import match_key

CONFIG_FILE = "funding.yml"
PHASE_CODES: tuple[str, ...] = (
    "idea",
    "preparation",
    "submitted",
    "granted",
    "rejected",
    "running",
    "closed",
)
MATCH_KEYS: tuple[str, ...] = ("grant_id", "acronym")
YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class ImplementerRule:
    """A structural-fund implementer whose name contains `contains` belongs to `division`."""

    contains: str
    division: str


@dataclass(frozen=True)
class FundingConfig:
    """What config/funding.yml says; an empty default when the file does not exist."""

    source: Path | None = None
    city_name: str = ""
    cordis_pics: tuple[str, ...] = ()
    cordis_vat_numbers: tuple[str, ...] = ()
    beneficiary_names: tuple[str, ...] = ()
    business_ids: tuple[str, ...] = ()
    implementer_divisions: tuple[ImplementerRule, ...] = ()
    legal_basis_themes: Mapping[str, str] = field(default_factory=dict)
    programmes: tuple[Entry, ...] = ()
    phases: tuple[Entry, ...] = ()
    register_headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    match_on: tuple[str, ...] = MATCH_KEYS
    follow_up_years: int = 2
    periods: Mapping[str, tuple[dt.date, dt.date]] = field(default_factory=dict)

    def period_dates(self, period: str) -> tuple[dt.date, dt.date] | None:
        """First and last day of a period: configured, or the calendar year it is named after."""
        if period in self.periods:
            return self.periods[period]
        match = YEAR.match(period)
        if match:
            year = int(match.group(1))
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        return None

    def key_lookup(self, entries: tuple[Entry, ...]) -> dict[str, str]:
        return {key: entry.code for entry in entries for key in entry.keys()}


def _strings(path: Path, data: Mapping, name: str) -> tuple[str, ...]:
    value = data.get(name) or []
    if not isinstance(value, list):
        raise ConfigError(f"{path}: `{name}` must be a list")
    return tuple(str(item).strip() for item in value if str(item).strip())


def _entries(path: Path, items: object, what: str) -> tuple[Entry, ...]:
    if not isinstance(items, list):
        raise ConfigError(f"{path}: `{what}` must be a list of entries with code, name, aliases")
    entries: list[Entry] = []
    for index, item in enumerate(items):
        names = item.get("name") if isinstance(item, dict) else None
        if not isinstance(names, dict) or not item.get("code") or not names.get("fi"):
            raise ConfigError(
                f"{path}: {what} entry {index + 1} needs `code` and "
                "`name: {fi: ..., sv: ..., en: ...}`"
            )
        if not names.get("en"):
            raise ConfigError(f"{path}: {what} entry {index + 1} needs an English name")
        entries.append(
            Entry(
                code=str(item["code"]),
                names={lang: str(names[lang]) for lang in LANGS if names.get(lang)},
                sort_order=index + 1,
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
            )
        )
    _unique(path, what, entries)
    return tuple(entries)


def _unique(path: Path, what: str, entries: list[Entry]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.code in {e.code for e in entries if e is not entry}:
            raise ConfigError(f"{path}: {what} code {entry.code!r} is used twice")
        for key in entry.keys():
            if seen.get(key, entry.code) != entry.code:
                raise ConfigError(
                    f"{path}: {what} {key!r} would match both {seen[key]!r} and {entry.code!r}"
                )
            seen[key] = entry.code


def _phases(path: Path, raw: object) -> tuple[Entry, ...]:
    if not isinstance(raw, dict) or set(raw) != set(PHASE_CODES):
        raise ConfigError(f"{path}: `phases` must have exactly the codes {', '.join(PHASE_CODES)}")
    items = [{"code": code, **(raw[code] or {})} for code in PHASE_CODES]
    for item in items:
        item["aliases"] = item.pop("labels", None) or item.get("aliases") or []
    return _entries(path, items, "phase")


def _periods(path: Path, raw: object) -> dict[str, tuple[dt.date, dt.date]]:
    if not raw:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: `periods` must map a period to {{start: ..., end: ...}}")
    periods: dict[str, tuple[dt.date, dt.date]] = {}
    for name, dates in raw.items():
        start = dates.get("start") if isinstance(dates, dict) else None
        end = dates.get("end") if isinstance(dates, dict) else None
        if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
            raise ConfigError(
                f"{path}: period {name!r} needs `start` and `end` dates (YYYY-MM-DD), start first"
            )
        periods[str(name)] = (start, end)
    return periods


def _rules(path: Path, raw: object, reference: Reference) -> tuple[ImplementerRule, ...]:
    rules: list[ImplementerRule] = []
    divisions = reference.lookup("division")
    for index, item in enumerate(raw or []):
        if not isinstance(item, dict) or not item.get("contains") or not item.get("division"):
            raise ConfigError(
                f"{path}: implementer_divisions entry {index + 1} needs `contains` and `division`"
            )
        if match_key(item["division"]) not in divisions:
            raise ConfigError(
                f"{path}: implementer_divisions entry {index + 1}: division "
                f"{item['division']!r} is not in divisions.yml"
            )
        rules.append(ImplementerRule(str(item["contains"]), str(item["division"])))
    return tuple(rules)


def _legal_basis_themes(path: Path, raw: object, reference: Reference) -> dict[str, str]:
    if not raw:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: `legal_basis_themes` must map a legal basis to a theme")
    themes = reference.lookup("theme")
    for basis, theme in raw.items():
        if match_key(theme) not in themes:
            raise ConfigError(
                f"{path}: legal_basis_themes {basis!r}: theme {theme!r} is not in themes.yml"
            )
    return {str(basis): str(theme) for basis, theme in raw.items()}


def load_funding_config(config_dir: str | Path, reference: Reference) -> FundingConfig:
    """Read config_dir/funding.yml; a missing file gives an empty configuration."""
    path = Path(config_dir) / CONFIG_FILE
    if not path.is_file():
        return FundingConfig()
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    city = data.get("city") or {}
    headers = data.get("register_headers") or {}
    if not isinstance(headers, dict):
        raise ConfigError(f"{path}: `register_headers` must map a field to a list of headers")
    match_on = _strings(path, data, "match_projects_on") or MATCH_KEYS
    unknown = sorted(set(match_on) - set(MATCH_KEYS))
    if unknown:
        raise ConfigError(
            f"{path}: match_projects_on accepts {', '.join(MATCH_KEYS)}; not {', '.join(unknown)}"
        )
    follow_up = data.get("follow_up_years", 2)
    if not isinstance(follow_up, int) or follow_up < 0:
        raise ConfigError(f"{path}: `follow_up_years` must be a whole number of years")
    return FundingConfig(
        source=path,
        city_name=str(city.get("name") or ""),
        cordis_pics=_strings(path, city, "cordis_pics"),
        cordis_vat_numbers=_strings(path, city, "cordis_vat_numbers"),
        beneficiary_names=_strings(path, city, "beneficiary_names"),
        business_ids=_strings(path, city, "business_ids"),
        implementer_divisions=_rules(path, city.get("implementer_divisions"), reference),
        legal_basis_themes=_legal_basis_themes(path, data.get("legal_basis_themes"), reference),
        programmes=_entries(path, data.get("programmes") or [], "programme"),
        phases=_phases(path, data.get("phases")),
        register_headers={
            str(name): tuple(str(h) for h in values or ()) for name, values in headers.items()
        },
        match_on=match_on,
        follow_up_years=follow_up,
        periods=_periods(path, data.get("periods")),
    )
