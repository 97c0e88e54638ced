"""The computed indicators of config/indicators.yml: which figure of the city's own data each
is, and its names, unit, desired direction, baseline and target (docs/indicators.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis import yamlfile
from analysis.config import ConfigError, Reference
from analysis.mapping import match_key

CONFIG_FILE = "indicators.yml"
COMPUTE = ("eu_applications", "eu_contribution", "goal_completion")
UNIT_CODES = ("count", "percent", "eur")
DIRECTION_CODES = ("up", "down", "stay")


@dataclass(frozen=True)
class ComputedIndicator:
    """One entry of `computed`: an indicator whose value SQL computes for every period."""

    entry: int
    indicator_id: str
    compute: str
    name_fi: str
    name_sv: str | None
    name_en: str
    unit_code: str
    direction_code: str
    goal: str | None
    theme: str | None
    division: str | None
    baseline: tuple[float | None, int | None]
    target: tuple[float | None, int | None]

    def row(self) -> dict[str, object]:
        """The columns of raw_indicator_computed beside period and source_file."""
        return {
            "entry": self.entry,
            "indicator_id": self.indicator_id,
            "compute": self.compute,
            "name_fi": self.name_fi,
            "name_sv": self.name_sv,
            "name_en": self.name_en,
            "unit_code": self.unit_code,
            "direction_code": self.direction_code,
            "goal": self.goal,
            "theme": self.theme,
            "division": self.division,
            "baseline_number": self.baseline[0],
            "baseline_year_number": self.baseline[1],
            "target_number": self.target[0],
            "target_year_number": self.target[1],
        }


def _pair(where: str, item: dict, name: str) -> tuple[float | None, int | None]:
    """`baseline` or `target`: {value: 12, year: 2023}, both or neither."""
    pair = item.get(name)
    if pair is None:
        return None, None
    if not isinstance(pair, dict) or set(pair) != {"value", "year"}:
        raise ConfigError(f"{where}: `{name}` must be {{value: <number>, year: <year>}}")
    value, year = pair["value"], pair["year"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: `{name}.value` must be a number, not {value!r}")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise ConfigError(f"{where}: `{name}.year` must be a year such as 2023, not {year!r}")
    return float(value), year


def _choice(where: str, item: dict, name: str, choices: tuple[str, ...]) -> str:
    value = item.get(name)
    if value not in choices:
        raise ConfigError(f"{where}: `{name}` must be one of {', '.join(choices)}, not {value!r}")
    return str(value)


def _code(where: str, item: dict, kind: str, reference: Reference) -> str | None:
    """A division or theme given by its code or any of its names (config/<kind>s.yml)."""
    value = item.get(kind)
    if value is None:
        return None
    code = reference.lookup(kind).get(match_key(value) or "")
    if code is None:
        accepted = ", ".join(entry.code for entry in reference.entries(kind))
        raise ConfigError(f"{where}: `{kind}` {value!r} is not one of: {accepted}")
    return code


def _indicator(path: Path, index: int, item: object, reference: Reference) -> ComputedIndicator:
    where = f"{path}: computed entry {index + 1}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a mapping with id, compute, name, unit, direction")
    names = item.get("name") or {}
    if (
        not item.get("id")
        or not isinstance(names, dict)
        or not names.get("fi")
        or not names.get("en")
    ):
        raise ConfigError(f"{where}: needs `id` and `name: {{fi: ..., en: ...}}`")
    compute = _choice(where, item, "compute", COMPUTE)
    goal = item.get("goal")
    if compute == "goal_completion" and not goal:
        raise ConfigError(f"{where}: goal_completion needs `goal` (the goal's code or text)")
    baseline, target = _pair(where, item, "baseline"), _pair(where, item, "target")
    if target[0] is None and compute != "eu_applications":
        raise ConfigError(f"{where}: needs `target` (only eu_applications may use the targets)")
    return ComputedIndicator(
        entry=index + 1,
        indicator_id=str(item["id"]).strip(),
        compute=compute,
        name_fi=str(names["fi"]),
        name_sv=str(names["sv"]) if names.get("sv") else None,
        name_en=str(names["en"]),
        unit_code=_choice(where, item, "unit", UNIT_CODES),
        direction_code=_choice(where, item, "direction", DIRECTION_CODES),
        goal=str(goal) if goal else None,
        theme=_code(where, item, "theme", reference),
        division=_code(where, item, "division", reference),
        baseline=baseline,
        target=target,
    )


def load_computed(reference: Reference) -> tuple[str, list[ComputedIndicator]]:
    """The configuration file's name (the lineage of its rows) and its computed indicators;
    none without the file."""
    path = Path(reference.source_dir) / CONFIG_FILE
    if not path.is_file():
        return CONFIG_FILE, []
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("computed") or [], list):
        raise ConfigError(f"{path}: expected `computed:` with a list of indicators")
    items = data.get("computed") or []
    found = [_indicator(path, i, item, reference) for i, item in enumerate(items)]
    ids = [match_key(item.indicator_id) for item in found]
    for item in found:
        if ids.count(match_key(item.indicator_id)) > 1:
            raise ConfigError(f"{path}: indicator id {item.indicator_id!r} is used twice")
    return CONFIG_FILE, found
