"""config/indicators.yml: the computed indicators, and a located error for a wrong entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.config import ConfigError, load_reference
from analysis.sources.indicator_config import load_computed
from tests.conftest import CONFIG


def configured(tmp_path: Path, text: str | None):
    folder = tmp_path / "config"
    shutil.copytree(CONFIG, folder)
    if text is None:
        (folder / "indicators.yml").unlink()
    else:
        (folder / "indicators.yml").write_text(text, encoding="utf-8")
    return load_computed(load_reference(folder))


def test_the_example_configuration(reference):
    source, computed = load_computed(reference)
    assert source == "indicators.yml"
    assert [(c.indicator_id, c.compute, c.unit_code) for c in computed] == [
        ("EU-HAK", "eu_applications", "count"),
        ("EU-RAHA", "eu_contribution", "eur"),
        ("G6-TOT", "goal_completion", "percent"),
    ]
    assert computed[0].target == (None, None)  # measured against the application targets
    assert computed[1].baseline == (200000.0, 2022) and computed[1].theme == "funding"


def test_no_file_means_no_computed_indicators(tmp_path):
    assert configured(tmp_path, None) == ("indicators.yml", [])


ENTRY = "computed:\n  - {id: X, name: {fi: a, en: b}, unit: count, direction: up, %s}\n"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("compute: sum", "computed entry 1: `compute` must be one of eu_applications"),
        ("compute: eu_contribution", "computed entry 1: needs `target`"),
        ("compute: goal_completion, target: {value: 1, year: 2026}", "needs `goal`"),
        ("compute: eu_applications, target: {value: many, year: 2026}",
         "`target.value` must be a number"),
        ("compute: eu_applications, division: Satama", "`division` 'Satama' is not one of"),
        ("compute: eu_applications, baseline: {value: 1}", "`baseline` must be {value:"),
    ],
)  # fmt: skip
def test_a_wrong_entry_names_the_file_and_the_entry(tmp_path, entry, message):
    with pytest.raises(ConfigError, match="indicators.yml: ") as raised:
        configured(tmp_path, ENTRY % entry)
    assert message in str(raised.value)


def test_an_id_used_twice(tmp_path):
    text = ENTRY % "compute: eu_applications" + "  - {id: x, name: {fi: a, en: b}, unit: eur, "
    text += "direction: up, compute: eu_contribution, target: {value: 1, year: 2026}}\n"
    with pytest.raises(ConfigError, match="indicator id 'X' is used twice"):
        configured(tmp_path, text)
