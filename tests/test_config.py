"""Reference data: the shipped configuration and the errors for inconsistent files."""

import shutil
from pathlib import Path

import pytest

from analysis.config import STATUS_CODES, ConfigError, load_reference
from tests.conftest import CONFIG


def test_status_labels_of_the_data_contract(reference):
    lookup = reference.lookup("status")
    contract = {
        "done": ["Toteutettu", "Valmis", "Done", "Completed", "Implemented"],
        "in_progress": ["Käynnissä", "Toteutetaan", "Toteutuu", "In progress", "Ongoing"],
        "not_started": [
            "Ei aloitettu",
            "Suunniteltu",
            "Edistetään myöhemmin",
            "Not started",
            "Planned",
        ],
        "delayed": ["Viivästynyt", "Delayed"],
        "cancelled": ["Luovuttu", "Peruttu", "Cancelled", "Dropped"],
    }
    swedish = {  # the data contract's Swedish labels
        "done": ["Klar"],
        "in_progress": ["Pågår"],
        "not_started": ["Inte påbörjad"],
        "delayed": ["Försenad"],
        "cancelled": ["Avbruten"],
    }
    for code, labels in swedish.items():
        contract[code] += labels
    assert [s.code for s in reference.statuses] == list(STATUS_CODES)
    for code, labels in contract.items():
        for label in labels:
            assert lookup[label.lower()] == code, label


def test_divisions_match_by_code_names_and_aliases(reference):
    lookup = reference.lookup("division")
    assert lookup["kanslia"] == "kanslia"
    assert lookup["kaupunginkanslia"] == "kanslia"
    assert lookup["city executive office"] == "kanslia"
    assert lookup["elinvoima ja työllisyys"] == "elinvoima"
    assert lookup["stadskansliet"] == "kanslia"  # the Swedish name


def test_names_in_three_languages(reference):
    kanslia = reference.divisions[0]
    assert [kanslia.name(lang) for lang in ("fi", "sv", "en")] == [
        "Kaupunginkanslia",
        "Stadskansliet",
        "City Executive Office",
    ]
    assert kanslia.name_lang("sv") == "sv" and kanslia.language == "fi"
    assert {entry.code: entry.name("sv") for entry in reference.statuses} == {
        "done": "Klar",
        "in_progress": "Pågår",
        "not_started": "Inte påbörjad",
        "delayed": "Försenad",
        "cancelled": "Avbruten",
    }


def test_a_configuration_without_swedish_falls_back_to_finnish(tmp_path):
    config = _copy_config(tmp_path)
    path = config / "divisions.yml"
    text = path.read_text(encoding="utf-8").replace(" sv: Stadskansliet,", "")
    path.write_text(text.replace("  - code: kasvatus\n", "  - code: kasvatus\n    language: sv\n"))
    kanslia, kasvatus, *_ = load_reference(config).divisions
    assert kanslia.given_name("sv") is None
    assert kanslia.name("sv") == "Kaupunginkanslia" and kanslia.name_lang("sv") == "fi"
    assert kasvatus.language == "sv"


def test_an_unknown_name_language_or_sheet_language_is_rejected(tmp_path):
    config = _copy_config(tmp_path)
    path = config / "divisions.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(" sv: Stadskansliet,", " de: Stadtkanzlei,"))
    with pytest.raises(ConfigError, match="unknown name language de"):
        load_reference(config)
    path.write_text(
        original.replace("  - code: kasvatus\n", "  - code: kasvatus\n    language: en\n")
    )
    with pytest.raises(ConfigError, match="entry 2: `language` must be one of fi, sv"):
        load_reference(config)


def _copy_config(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    return target


def test_label_under_two_codes_is_rejected(tmp_path):
    config = _copy_config(tmp_path)
    path = config / "status_labels.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "labels: [Viivästynyt, Delayed, Försenad]",
            "labels: [Viivästynyt, Delayed, Försenad, Valmis]",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="'valmis' would match both"):
        load_reference(config)


def test_missing_status_code_is_rejected(tmp_path):
    config = _copy_config(tmp_path)
    (config / "status_labels.yml").write_text(
        "statuses:\n  done:\n    name: {fi: Valmis, en: Done}\n    labels: [Valmis]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="must have exactly the codes"):
        load_reference(config)


def test_missing_file_names_the_path(tmp_path):
    config = _copy_config(tmp_path)
    (config / "themes.yml").unlink()
    with pytest.raises(ConfigError, match="themes.yml: configuration file not found"):
        load_reference(config)
