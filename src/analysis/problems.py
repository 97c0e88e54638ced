"""Problems found in the inputs, each located to file, sheet and cell, with the fix."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


_CELL = re.compile(r"^([A-Z]*)(\d+)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, and how to fix it."""

    file: str
    sheet: str | None
    cell: str | None
    message: str
    fix: str
    severity: Severity = "error"
    # what the check was and the values it found, so a report can word it in its own language
    code: str | None = None
    value: str | None = None
    detail: str | None = None
    # further placeholders of the code's texts, as a JSON object (e.g. {"header": "Toimiala"})
    params: str | None = None

    @property
    def location(self) -> str:
        """`file`, `file [Sheet]`, `file [Sheet!F12]` or `file [line 14, column X]`."""
        if self.sheet is None:  # a text file: the cell is "line 14, column EU-osuus"
            return self.file if self.cell is None else f"{self.file} [{self.cell}]"
        if self.cell is None:
            return f"{self.file} [{self.sheet}]"
        return f"{self.file} [{self.sheet}!{self.cell}]"

    def __str__(self) -> str:
        return f"{self.severity}: {self.location}: {self.message} Fix: {self.fix}"

    def sort_key(self) -> tuple:
        """File, sheet, then Excel row and column in reading order (F4 before F10)."""
        match = _CELL.match(self.cell or "")
        row = int(match.group(2)) if match else 0
        column = (len(match.group(1)), match.group(1)) if match else (0, "")
        return (self.file, self.sheet or "", row, column, self.message)

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def to_json(problems: list[Problem]) -> str:
    """The problems as a JSON list of objects, in reading order."""
    return json.dumps(
        [p.as_dict() for p in sorted(problems, key=Problem.sort_key)], ensure_ascii=False, indent=2
    )


def worded(row: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """A stored problem's message and fix in `lang`, from locales/problems.yml by its code.

    `row` is a `raw_problem` row or `Problem.as_dict()`. A problem whose code has no catalogue
    entry keeps the validator's own text.
    """
    from analysis.i18n import catalogue, t

    def text(name: str) -> str:
        value = row.get(name)
        return "" if value is None or value != value else str(value)  # None or NaN: empty

    code = text("code")
    if f"problem.{code}.message" not in catalogue():
        return text("message"), text("fix")
    params = json.loads(text("params") or "{}")
    values = {**params, "value": text("value"), "detail": text("detail")}
    return t(f"problem.{code}.message", lang, **values), t(f"problem.{code}.fix", lang, **values)


def placeholders(code: str) -> set[str]:
    """The `{name}` placeholders of the texts of `problem.<code>` in every language."""
    from analysis.i18n import catalogue

    names: set[str] = set()
    for part in ("message", "fix"):
        for text in catalogue().get(f"problem.{code}.{part}", {}).values():
            names |= {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return names


def coded(
    file: str,
    sheet: str | None,
    cell: str | None,
    code: str,
    *,
    severity: Severity = "error",
    value: object = None,
    detail: object = None,
    **params: object,
) -> Problem:
    """A Problem worded from `problem.<code>` of locales/problems.yml (in English, as stored).

    `value`, `detail` and `params` fill the texts' placeholders; they are stored with the
    problem so that a report words it again in its own language (see `worded`).
    """
    from analysis.i18n import t

    def text(item: object) -> str | None:
        return None if item is None else str(item)

    values = {name: str(item) for name, item in params.items()}
    row = {"value": text(value), "detail": text(detail)}
    filled = {**values, "value": row["value"] or "", "detail": row["detail"] or ""}
    return Problem(
        file,
        sheet,
        cell,
        t(f"problem.{code}.message", "en", **filled),
        t(f"problem.{code}.fix", "en", **filled),
        severity,
        code=code,
        value=row["value"],
        detail=row["detail"],
        params=json.dumps(values, ensure_ascii=False, sort_keys=True) if values else None,
    )


class InputError(Exception):
    """The inputs of a period have errors; nothing was written. Carries every problem found."""

    def __init__(self, problems: list[Problem], strict: bool = False):
        self.problems = sorted(problems, key=Problem.sort_key)
        self.strict = strict
        errors = errors_of(self.problems, strict)
        super().__init__(f"{len(errors)} error(s) in the inputs:\n" + "\n".join(map(str, errors)))

    def __reduce__(self) -> tuple:
        """Pickled with its problems, so that it crosses from the ingest's process whole."""
        return (InputError, (self.problems, self.strict))


def errors_of(problems: list[Problem], strict: bool = False) -> list[Problem]:
    """The problems that stop a run: errors, and with `strict` warnings too."""
    return [p for p in problems if strict or p.severity == "error"]


class UsageError(ValueError):
    """A command-line value is not usable (for example a period name that is not a folder name)."""


class RunError(RuntimeError):
    """A step of a run failed for a reason other than the inputs; the message says where."""
