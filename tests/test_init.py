"""`seuranta init`: a new city's configuration from its own sheets, in one command."""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis.cli import main
from tests.bad_inputs import HEAD_FI, book_bytes, table

NO_DIVISION = [h for h in HEAD_FI if h != "Toimiala"]


def city(tmp_path: Path) -> Path:
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    sivistys = table(
        ["S-1", "G", "M", "Sivistystoimi", "Oppiminen", "Valmis", None, "Tehty", None],
        ["S-2", "G", "M", "SIVISTYSTOIMI", "Oppiminen; Ilmasto–teko", "Työn alla", "20", "", None],
        ["S-3", "G", "M", "Sivistystoimi", "Ilmasto-teko", "Peruttu", None, "Ei", None],
    )
    tekninen = table(["T-1", "G", "M", "Ilmasto-teko", "Ei aloitettu", None, "", None],
                     head=NO_DIVISION)  # fmt: skip
    (folder / "sivistys.xlsx").write_bytes(book_bytes({"Taul1": sivistys}))
    (folder / "tekninen.xlsx").write_bytes(book_bytes({"Tekninen toimi": tekninen}))
    return folder


def fill_in(config: Path) -> None:
    """What the analyst does next: names in English, the suggested label moved to its code."""
    for name, key in (("divisions.yml", "divisions"), ("themes.yml", "themes")):
        path = config / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data[key]:
            item["name"]["en"] = item["name"]["fi"] + " (en)"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    path = config / "status_labels.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statuses"]["in_progress"]["labels"].append("Työn alla")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_init_writes_a_configuration_that_validate_then_completes(tmp_path, capsys):
    status = city(tmp_path)
    config = tmp_path / "config"
    assert main(["init", str(config), "--from", str(status)]) == 0
    out = capsys.readouterr().out
    assert "2 division(s), 2 theme(s) and 4 status label(s) found in 2 file(s)" in out
    assert "'Työn alla' map to no code; suggested: in_progress" in out

    divisions = yaml.safe_load((config / "divisions.yml").read_text(encoding="utf-8"))
    assert divisions["divisions"] == [
        {"code": "sivistystoimi", "name": {"fi": "Sivistystoimi", "en": ""},
         "aliases": ["SIVISTYSTOIMI"]},
        {"code": "tekninen_toimi", "name": {"fi": "Tekninen toimi", "en": ""}},
    ]  # fmt: skip
    themes = yaml.safe_load((config / "themes.yml").read_text(encoding="utf-8"))["themes"]
    assert [t["code"] for t in themes] == ["oppiminen", "ilmasto_teko"]  # – and - are one theme
    labels = (config / "status_labels.yml").read_text(encoding="utf-8")
    assert '# found in the sheets, suggested here: "Työn alla"\n  in_progress:' in labels

    raw = ["--period", "2025", "--raw", str(tmp_path / "raw"), "--config", str(config)]
    assert main(["validate", *raw]) == 1
    err = capsys.readouterr().err
    assert "divisions.yml: division 'sivistystoimi' has no name in 'en'" in err
    assert "4 name(s) left to fill in" in err

    fill_in(config)
    assert main(["validate", *raw]) == 0
    assert "inputs are valid" in capsys.readouterr().out


def test_init_never_overwrites_without_force(tmp_path, capsys):
    status = city(tmp_path)
    config = tmp_path / "config"
    config.mkdir()
    (config / "divisions.yml").write_text("divisions: []\n", encoding="utf-8")
    assert main(["init", str(config), "--from", str(status)]) == 1
    assert "not overwriting" in capsys.readouterr().err
    assert (config / "divisions.yml").read_text(encoding="utf-8") == "divisions: []\n"
    assert main(["init", str(config), "--from", str(status), "--force"]) == 0
    assert "sivistystoimi" in (config / "divisions.yml").read_text(encoding="utf-8")


def test_init_from_a_folder_without_sheets_says_so(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "config"), "--from", str(tmp_path / "empty")]) == 1
    assert "no status sheet with a recognisable header row" in capsys.readouterr().err
    assert not (tmp_path / "config").exists()
