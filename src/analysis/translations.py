"""Translations of the divisions' free text (goals, measures, reports): read, exported, imported.

A text reaches another language in one of two ways, both kept in `raw_translation` with lineage:

- a translation column of the status sheet itself (`Toimenpide (en)`, `Raportointi (sv)`, see
  analysis.sources.status), read with the sheet's row;
- a translation workbook: `export` writes every text of a period that has no translation in
  the languages asked for (one row per text and language: id, field, source text, an empty
  translation), keyed by the md5 of the source text; the filled workbook is loaded by
  `import_file` (`seuranta translations import FILE`) or, put under
  `data/raw/<period>/translations/`, by the period's run. A translation serves every period in
  which its source text recurs word for word; a changed text shows its old translation as stale
  (the `measure_texts` view decides, in SQL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis import db
from analysis.config import LANGS
from analysis.export import xlsx
from analysis.problems import InputError, Problem, UsageError
from analysis.sources.cells import cell_text, file_sha256
from analysis.sources.status import TRANSLATABLE
from analysis.sources.workbooks import InputWorkbook, open_workbook, sheet_values, visible_sheets

FOLDER = "translations"  # data/raw/<period>/translations/*.xlsx
SHEET = "translations"
# The translator's workbook: one row per text and language; `translation` is the one to fill.
COLUMNS = (
    "period",
    "measure_id",
    "division",
    "field",
    "source_lang",
    "lang",
    "source_hash",
    "source_text",
    "stale_translation",
    "translation",
)
REQUIRED = ("measure_id", "field", "lang", "source_hash", "translation")
TABLE_COLUMNS = (
    "period",
    "origin",
    "source_file",
    "sheet",
    "row_number",
    "measure_id",
    "field",
    "lang",
    "source_hash",
    "source_text",
    "text",
    "file_sha256",
    "loaded_at",
)
_MD5 = re.compile(r"^[0-9a-f]{32}$")

_TO_TRANSLATE = """
select
    texts.period, texts.measure_id, texts.division, texts.field, texts.source_lang, texts.lang,
    texts.source_hash, texts.source_text,
    (
        select arg_max(r.text, r.loaded_at) from raw_translation as r
        where r.measure_id = texts.measure_id and r.field = texts.field
            and r.lang = texts.lang and r.source_hash is not null
    ) as stale_translation
from measure_texts as texts
where texts.period = ? and texts.lang in ? and texts.state in ('missing', 'stale')
order by texts.division, texts.source_file, texts.sheet, texts.row_number,
    array_position(['goal', 'measure', 'report'], texts.field), texts.lang_sort_order
"""


def source_hash(text: str) -> str:
    """The key of a source text's translations: its md5, as `md5()` in the SQL views."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()  # noqa: S324 - a key, not security


def sheet_translations(
    data: pa.Table, lineage: dict[str, str], sheet: str, sha256: str
) -> list[dict[str, object]]:
    """The translations given in a status sheet's rows (`<field>@<lang>` columns of
    `SheetRows.data`), row by row."""
    given = [
        (*name.split("@"), data.column(name).to_pylist())
        for name in data.column_names
        if "@" in name
    ]
    found: list[dict[str, object]] = []
    if not given:
        return found
    numbers, ids = data.column("row_number").to_pylist(), data.column("measure_id").to_pylist()
    for index, (number, measure_id) in enumerate(zip(numbers, ids, strict=True)):
        for field, lang, values in given:
            if not values[index]:
                continue
            found.append(
                {
                    **lineage,
                    "origin": "sheet",
                    "sheet": sheet,
                    "row_number": number,
                    "measure_id": measure_id,
                    "field": field,
                    "lang": lang,
                    "text": str(values[index]),
                    "file_sha256": sha256,
                }
            )
    return found


def translation_frame(rows: list[dict[str, object]], loaded_at: dt.datetime) -> pd.DataFrame:
    """Rows of raw_translation, every column present (missing ones NULL)."""
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS)).astype(object)
    frame["loaded_at"] = pd.Timestamp(loaded_at)
    frame["row_number"] = frame["row_number"].astype("Int64")
    return frame


def to_translate(con: duckdb.DuckDBPyConnection, period: str, langs: Sequence[str]) -> pd.DataFrame:
    """Every text of the period without a translation in `langs` (missing or stale)."""
    return con.execute(_TO_TRANSLATE, [period, list(langs)]).df()


def export(db_path: Path, period: str, langs: Sequence[str], path: Path) -> int:
    """Write the translator's workbook of `period` for `langs` to `path`; the number of rows."""
    unknown = [lang for lang in langs if lang not in LANGS]
    if unknown or not langs:
        raise UsageError(f"languages must be a comma-separated subset of {','.join(LANGS)}")
    with db.connect(db_path, read_only=True) as con:
        loaded = con.execute("select count(*) from raw_status where period = ?", [period])
        if loaded.fetchone()[0] == 0:
            raise UsageError(f"{db_path} has no measures for period {period}: run it first")
        frame = to_translate(con, period, langs)
    frame = frame.assign(translation=None)[list(COLUMNS)].astype(object)
    path.parent.mkdir(parents=True, exist_ok=True)
    xlsx.write_workbook([xlsx.Table(SHEET, frame, [None] * len(COLUMNS))], path)
    return len(frame)


def read_file(path: Path, source_file: str, period: str | None = None) -> tuple[list[dict], list]:
    """The filled rows of a translator's workbook, and its problems (file, sheet, cell)."""
    problems: list[Problem] = []
    opened = InputWorkbook(path, source_file, "translation workbook", FOLDER, problems)
    workbook = open_workbook(opened)
    if workbook is None:
        return [], problems
    try:
        names = visible_sheets(workbook)
        rows = sheet_values(opened, workbook, names[0]) if names else None
    finally:
        workbook.close()
    if not rows:
        return [], problems
    sheet = names[0]
    header = [cell_text(value) for value in rows[0]]
    columns = {name: header.index(name) for name in COLUMNS if name in header}
    absent = [name for name in REQUIRED if name not in columns]
    if absent:
        problems.append(
            Problem(
                source_file,
                sheet,
                "1:1",
                f"the header row lacks the column(s) {', '.join(absent)}.",
                "export the workbook again with `seuranta translations export` and fill in "
                "its `translation` column only.",
            )
        )
        return [], problems
    found = []
    for number, values in enumerate(rows[1:], start=2):
        row = {
            name: cell_text(values[col]) if col < len(values) else None
            for name, col in columns.items()
        }
        if not row["translation"]:
            continue  # not translated yet
        where = {
            "lang": row["lang"] not in LANGS,
            "field": row["field"] not in TRANSLATABLE,
            "source_hash": not _MD5.match(row["source_hash"] or ""),
            "measure_id": not row["measure_id"],
        }
        for name, bad in where.items():
            if bad:
                cell = f"{xlsx.column_letter(columns[name])}{number}"
                problems.append(
                    Problem(
                        source_file,
                        sheet,
                        cell,
                        f"'{row[name] or ''}' is not a valid {name} of a translation row.",
                        "leave the exported columns as they were; fill in `translation` only.",
                    )
                )
        found.append(
            {
                "period": row.get("period") or period,
                "source_file": source_file,
                "sheet": sheet,
                "row_number": number,
                "measure_id": row["measure_id"],
                "field": row["field"],
                "lang": row["lang"],
                "source_hash": row["source_hash"],
                "source_text": row.get("source_text"),
                "text": row["translation"],
            }
        )
    if any(not row["period"] for row in found):
        problems.append(
            Problem(source_file, sheet, None, "the rows have no period.", "export it again.")
        )
    return found, problems


@dataclass
class FolderTranslations:
    """The filled translation workbooks under `<period>/translations/`: their rows of
    raw_translation, their rows of raw_file and their problems."""

    rows: pd.DataFrame
    files: list[dict[str, object]]
    problems: list[Problem]


def read_folder(period: str, period_dir: Path, loaded_at: dt.datetime) -> FolderTranslations:
    """Read every translation workbook of the period's `translations/` folder."""
    folder = period_dir / FOLDER
    rows, files, problems = [], [], []
    paths = sorted(folder.glob("*.xlsx")) if folder.is_dir() else []
    for path in (p for p in paths if not p.name.startswith(("~$", "."))):
        name = path.relative_to(period_dir).as_posix()
        found, found_problems = read_file(path, name, period)
        sha = file_sha256(path)
        rows += [{**row, "period": period, "origin": "folder", "file_sha256": sha} for row in found]
        files.append(
            {
                "period": period,
                "source_file": name,
                "kind": "translation",
                "file_sha256": sha,
                "size_bytes": path.stat().st_size,
                "sheets": 1,
                "data_rows": len(found),
                "loaded_at": loaded_at,
            }
        )
        problems += found_problems
    return FolderTranslations(translation_frame(rows, loaded_at), files, problems)


def import_file(path: Path, db_path: Path) -> int:
    """Load a filled translator's workbook into the database, replacing an earlier import of
    the same file name; the number of translations. Nothing is written when it has errors."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    found, problems = read_file(path, path.name)
    if [p for p in problems if p.severity == "error"]:
        raise InputError(problems)
    sha = file_sha256(path)
    loaded_at = dt.datetime.now().replace(microsecond=0)
    frame = translation_frame(
        [{**row, "origin": "import", "file_sha256": sha} for row in found], loaded_at
    )
    from analysis.staging import lock_database

    lock = lock_database(db_path)
    try:
        _write_import(db_path, path.name, frame)
    finally:
        lock.release()
    return len(frame)


def _write_import(db_path: Path, name: str, frame: pd.DataFrame) -> None:
    """Replace the file's earlier import; the stored marts are refreshed in the same
    transaction."""
    with db.connect(db_path) as con, db.transaction(con):
        tables = con.execute("select table_name from information_schema.tables").fetchall()
        if ("raw_translation",) not in tables:
            raise UsageError(f"{db_path} has no table raw_translation: run a period first")
        con.execute(
            "delete from raw_translation where origin = 'import' and source_file = ?", [name]
        )
        db.insert_frame(con, "raw_translation", frame)
        db.refresh_marts(con)
