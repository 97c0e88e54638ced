"""Reference data (divisions, themes, status labels) read from the project's YAML configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import yamlfile
from analysis.mapping import match_key

STATUS_CODES: tuple[str, ...] = ("done", "in_progress", "not_started", "delayed", "cancelled")
LANGS: tuple[str, ...] = ("fi", "sv", "en")  # every language of the product
DEFAULT_LANGS: tuple[str, ...] = ("fi", "en")  # a run's languages unless --lang says otherwise
SOURCE_LANGS: tuple[str, ...] = ("fi", "sv")  # languages the divisions write their sheets in
FALLBACK_LANG = "fi"  # the language of a name that the configuration lacks in another


def shipped(folder: str) -> Path:
    """The notebooks or configuration that come with seuranta (`"notebooks"`, `"config"`).

    An installed wheel carries them as `analysis/defaults/<folder>` (setup.py copies them from
    the repository); a checkout reads the repository's own folder, the one copy people edit.
    """
    packaged = Path(__file__).resolve().parent / "defaults" / folder
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / folder


def default_dir(folder: str) -> Path:
    """`folder` in the current folder when it is there (a project of one's own, or the
    repository), else the copy that comes with seuranta."""
    local = Path(folder)
    return local if local.is_dir() else shipped(folder)


class ConfigError(ValueError):
    """A configuration file is missing or inconsistent; the message names the file and entry."""


@dataclass(frozen=True)
class Entry:
    """One division, theme or status: a stable code, names in each language, accepted spellings.

    `names` holds the languages the configuration gives (Finnish and English always, Swedish
    when given); `language` is the language a division writes its status sheet in.
    """

    code: str
    names: dict[str, str]
    sort_order: int
    aliases: tuple[str, ...] = ()
    language: str = FALLBACK_LANG

    @property
    def name_fi(self) -> str:
        return self.names["fi"]

    @property
    def name_en(self) -> str:
        return self.names["en"]

    def name_lang(self, lang: str) -> str:
        """The language the name shown in `lang` is in: `lang`, or Finnish when the
        configuration has no name in `lang` (an older configuration without Swedish)."""
        return lang if lang in self.names else FALLBACK_LANG

    def name(self, lang: str) -> str:
        """The name in `lang`, else the Finnish one (see `name_lang`)."""
        return self.names[self.name_lang(lang)]

    def given_name(self, lang: str) -> str | None:
        """The name in `lang` as configured, None when the configuration has none."""
        return self.names.get(lang)

    def keys(self) -> set[str]:
        spellings = (self.code, *self.names.values(), *self.aliases)
        return {key for key in map(match_key, spellings) if key}


@dataclass(frozen=True)
class Reference:
    """All reference data of a project, with lookups by match key."""

    divisions: tuple[Entry, ...]
    themes: tuple[Entry, ...]
    statuses: tuple[Entry, ...]
    source_dir: Path
    deadlines: dict[str, dt.date] = field(default_factory=dict)  # period -> return deadline
    renamed: dict[str, str] = field(default_factory=dict)  # old measure id -> new id
    _lookups: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def entries(self, kind: str) -> tuple[Entry, ...]:
        """The entries of `division`, `theme` or `status`."""
        return {"division": self.divisions, "theme": self.themes, "status": self.statuses}[kind]

    def lookup(self, kind: str) -> dict[str, str]:
        """Map of match key -> code for `division`, `theme` or `status`."""
        if kind not in self._lookups:
            self._lookups[kind] = {
                key: entry.code for entry in self.entries(kind) for key in entry.keys()
            }
        return self._lookups[kind]

    def accepted(self, kind: str, lang: str | None = None) -> list[str]:
        """Human-readable accepted values, for error messages."""
        entries = self.entries(kind)
        if kind == "status":
            return [label for entry in entries for label in entry.aliases]
        if lang:
            return [entry.name(lang) for entry in entries]
        return [" / ".join(dict.fromkeys(entry.names.values())) for entry in entries]


def _read_yaml(path: Path) -> dict:
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def _entry(path: Path, index: int, item: object, code: str | None = None) -> Entry:
    where = f"{path}: entry {index + 1}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a mapping with code, name and aliases")
    code = code or item.get("code")
    names = item.get("name") or {}
    if not code or not isinstance(names, dict) or not names.get("fi") or not names.get("en"):
        raise ConfigError(f"{where}: needs `code` and `name: {{fi: ..., sv: ..., en: ...}}`")
    unknown = sorted(set(map(str, names)) - set(LANGS))
    if unknown:
        raise ConfigError(f"{where}: unknown name language {', '.join(unknown)}; use {LANGS}")
    language = str(item.get("language") or FALLBACK_LANG)
    if language not in SOURCE_LANGS:
        raise ConfigError(f"{where}: `language` must be one of {', '.join(SOURCE_LANGS)}")
    aliases = item.get("aliases", item.get("labels", [])) or []
    return Entry(
        code=str(code),
        names={lang: str(names[lang]) for lang in LANGS if names.get(lang)},
        sort_order=index + 1,
        aliases=tuple(str(a) for a in aliases),
        language=language,
    )


def _check_unique_keys(path: Path, entries: tuple[Entry, ...]) -> None:
    codes = [entry.code for entry in entries]
    for code in {code for code in codes if codes.count(code) > 1}:
        raise ConfigError(f"{path}: code {code!r} is used twice")
    seen: dict[str, str] = {}
    for entry in entries:
        for key in entry.keys():
            if key in seen and seen[key] != entry.code:
                raise ConfigError(
                    f"{path}: {key!r} would match both {seen[key]!r} and {entry.code!r}"
                )
            seen[key] = entry.code


def load_reference(config_dir: str | Path) -> Reference:
    """Read divisions.yml, themes.yml and status_labels.yml from `config_dir`."""
    config_dir = Path(config_dir)
    path = config_dir / "divisions.yml"
    divisions = tuple(
        _entry(path, i, item) for i, item in enumerate(_read_yaml(path).get("divisions") or [])
    )
    _check_unique_keys(path, divisions)
    path = config_dir / "themes.yml"
    themes = tuple(
        _entry(path, i, item) for i, item in enumerate(_read_yaml(path).get("themes") or [])
    )
    _check_unique_keys(path, themes)
    path = config_dir / "status_labels.yml"
    raw = _read_yaml(path).get("statuses") or {}
    unknown = sorted(set(raw) - set(STATUS_CODES))
    if unknown or set(raw) != set(STATUS_CODES):
        raise ConfigError(
            f"{path}: `statuses` must have exactly the codes {', '.join(STATUS_CODES)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    statuses = tuple(
        _entry(path, STATUS_CODES.index(code), raw[code], code=code) for code in STATUS_CODES
    )
    _check_unique_keys(path, statuses)
    if not divisions:
        raise ConfigError(f"{config_dir / 'divisions.yml'}: no divisions configured")
    return Reference(
        divisions=divisions,
        themes=themes,
        statuses=statuses,
        source_dir=config_dir,
        deadlines=_deadlines(config_dir / "periods.yml"),
        renamed=_renamed(config_dir / "measure_ids.yml"),
    )


def _deadlines(path: Path) -> dict[str, dt.date]:
    """period -> deadline from the optional periods.yml."""
    if not path.exists():
        return {}
    deadlines = {}
    for period, facts in (_read_yaml(path).get("periods") or {}).items():
        deadline = (facts or {}).get("deadline")
        if deadline is None:
            continue
        if not isinstance(deadline, dt.date):
            raise ConfigError(f"{path}: deadline of {period} must be a date such as 2025-11-14")
        deadlines[str(period)] = deadline
    return deadlines


def _renamed(path: Path) -> dict[str, str]:
    """old measure id -> new id from the optional measure_ids.yml."""
    if not path.exists():
        return {}
    renamed = _read_yaml(path).get("renamed") or {}
    if not isinstance(renamed, dict):
        raise ConfigError(f"{path}: `renamed` must map old ids to new ids")
    return {str(old).strip(): str(new).strip() for old, new in renamed.items()}
