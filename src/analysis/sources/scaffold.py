"""`seuranta init`: a configuration folder for a new city, from the city's own status sheets.

The divisions (the Toimiala / Division column, else the sheet names) and the themes found get
an entry each with the Finnish name as written and empty names in the other languages to fill
in; the status labels are sorted under the five codes by the labels that come with seuranta,
and a label that maps to none is listed under a suggested code for the analyst to confirm.
Nothing is overwritten without `force`. `unfilled` then lists what is left to fill in, which
`seuranta validate` prints before anything else.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import yamlfile
from analysis.config import DEFAULT_LANGS, LANGS, load_reference, shipped
from analysis.mapping import match_key
from analysis.problems import UsageError
from analysis.sources.cells import cell_text
from analysis.sources.status import find_header, status_files
from analysis.sources.workbooks import InputWorkbook, open_workbook, sheet_values, visible_sheets

FILES = ("divisions.yml", "themes.yml", "status_labels.yml", "corrections.yml", "measure_ids.yml")
# words of a label -> the status it most likely means (a suggestion, to be confirmed)
SUGGESTIONS: tuple[tuple[str, str], ...] = (
    ("luovu", "cancelled"), ("perut", "cancelled"), ("cancel", "cancelled"),
    ("viiv", "delayed"), ("myöh", "delayed"), ("delay", "delayed"), ("late", "delayed"),
    ("ei aloit", "not_started"), ("suunnit", "not_started"), ("aloittamat", "not_started"),
    ("not started", "not_started"), ("plan", "not_started"),
    ("valmi", "done"), ("toteutet", "done"), ("done", "done"), ("complete", "done"),
)  # fmt: skip


@dataclass
class Found:
    """What the sheets hold: spellings by match key, in the order first seen."""

    divisions: dict[str, Counter[str]] = field(default_factory=dict)
    themes: dict[str, Counter[str]] = field(default_factory=dict)
    statuses: dict[str, Counter[str]] = field(default_factory=dict)
    files: int = 0

    def add(self, kind: dict[str, Counter[str]], text: str | None) -> None:
        key = match_key(text)
        if key and text:
            kind.setdefault(key, Counter())[text.strip()] += 1


def scan(folder: Path) -> Found:
    """The divisions, themes and status labels of every status sheet in `folder`."""
    found = Found()
    for path in status_files(folder):
        opened = InputWorkbook(path, path.name, "status")
        workbook = open_workbook(opened)
        if workbook is None:
            continue
        found.files += 1
        for name in visible_sheets(workbook):
            rows = sheet_values(opened, workbook, name) or []
            header = find_header(rows)
            if header is None:
                continue
            index, columns = header
            for row in rows[index + 1 :]:
                value = {f: cell_text(row[c]) if c < len(row) else None
                         for f, (c, _) in columns.items()}  # fmt: skip
                if not value.get("measure_id") and not value.get("status"):
                    continue
                found.add(found.divisions, value.get("division") or name)
                for theme in (value.get("themes") or "").split(";"):
                    found.add(found.themes, theme.strip() or None)
                found.add(found.statuses, value.get("status"))
        workbook.close()
    return found


def code_of(name: str, taken: set[str]) -> str:
    """A stable code from a name: lower case ASCII letters, digits and `_`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:30] or "code"
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    taken.add(code)
    return code


def suggest(label: str) -> str:
    key = match_key(label) or ""
    return next((code for word, code in SUGGESTIONS if word in key), "in_progress")


def _entries(spellings: dict[str, Counter[str]]) -> list[dict]:
    taken: set[str] = set()
    entries = []
    for counts in spellings.values():
        names = [text for text, _ in counts.most_common()]
        entry: dict = {"code": code_of(names[0], taken)}
        # the run's default languages; a bilingual city adds sv (see the file's header)
        entry["name"] = {"fi": names[0], **{lang: "" for lang in DEFAULT_LANGS if lang != "fi"}}
        if len(names) > 1:
            entry["aliases"] = names[1:]
        entries.append(entry)
    return entries


def _statuses(found: Found) -> tuple[dict, dict[str, list[str]]]:
    """status_labels.yml's statuses, the labels found added under their codes; and the labels
    that map to no code, by suggested code."""
    shipped_reference = load_reference(shipped("config"))
    lookup = shipped_reference.lookup("status")
    statuses: dict = {}
    for entry in shipped_reference.statuses:
        statuses[entry.code] = {
            "name": {lang: entry.name(lang) for lang in LANGS},
            "labels": list(entry.aliases),
        }
    unmapped: dict[str, list[str]] = {}
    for key, counts in found.statuses.items():
        label = counts.most_common(1)[0][0]
        if key in lookup:
            labels = statuses[lookup[key]]["labels"]
            if all(match_key(known) != key for known in labels):
                labels.append(label)
        else:
            unmapped.setdefault(suggest(label), []).append(label)
    return statuses, unmapped


HEADERS = {
    "divisions.yml": "# Divisions found in the status sheets (the Toimiala / Division column, "
    "else the\n# sheet names). Check the codes, fill in the names in every language, add "
    "aliases.\n# A bilingual city adds its Swedish names (sv:) beside fi and en.\n",
    "themes.yml": "# Themes found in the Teema / Theme column. Fill in the names in every "
    "language\n# (a bilingual city adds sv: beside fi and en).\n",
    "status_labels.yml": "# Status labels under the five codes. Labels found in the sheets that "
    "map to no code are\n# listed below their suggested code as comments: move each into a "
    "code's labels.\n",
    "corrections.yml": "# Corrections of the divisions' sheets (see docs/assumptions.md); "
    "none yet.\n",
    "measure_ids.yml": "# Measures whose id changed between periods: old id -> new id.\n",
}  # fmt: skip


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def init_config(target: Path, source: Path, force: bool = False) -> tuple[list[Path], Found, dict]:
    """Write a configuration folder at `target` from the status sheets in `source`."""
    if not source.is_dir():
        raise UsageError(f"{source} is not a folder of status sheets")
    existing = [target / name for name in FILES if (target / name).exists()]
    if existing and not force:
        raise UsageError(
            "not overwriting " + ", ".join(map(str, existing)) + " (use --force to replace them)"
        )
    found = scan(source)
    if not found.divisions:
        raise UsageError(f"{source}: no status sheet with a recognisable header row was found")
    statuses, unmapped = _statuses(found)
    status_text = _dump({"statuses": statuses})
    for code, labels in unmapped.items():
        listed = ", ".join(f'"{label}"' for label in labels)
        status_text = status_text.replace(
            f"\n  {code}:\n", f"\n  # found in the sheets, suggested here: {listed}\n  {code}:\n", 1
        )
    texts = {
        "divisions.yml": _dump({"divisions": _entries(found.divisions)}),
        "themes.yml": _dump({"themes": _entries(found.themes)}),
        "status_labels.yml": status_text,
        "corrections.yml": "corrections: []\n",
        "measure_ids.yml": "renamed: {}\n",
    }
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = target / name
        path.write_text(HEADERS[name] + texts[name], encoding="utf-8")
        written.append(path)
    return written, found, unmapped


def unfilled(config_dir: Path) -> list[str]:
    """What is left to fill in a configuration: names that are empty in a language."""
    left = []
    for name, key in (("divisions.yml", "divisions"), ("themes.yml", "themes")):
        path = config_dir / name
        if not path.is_file():
            continue
        try:
            items = (yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or []
        except (yaml.YAMLError, AttributeError):
            continue  # load_reference words a broken file
        for item in items if isinstance(items, list) else []:
            names = item.get("name") if isinstance(item, dict) else None
            if not isinstance(names, dict):
                continue
            # the default languages, and any other the file gives a (still empty) name in
            for lang in [lang for lang in LANGS if lang in names or lang in DEFAULT_LANGS]:
                if not str(names.get(lang) or "").strip():
                    left.append(
                        f"{path}: {key[:-1]} '{item.get('code')}' has no name in '{lang}': "
                        f"fill in name.{lang}"
                    )
    return left
