"""Every case of the bad-input corpus: the exact problem, located, and the database unchanged."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.problems import InputError
from analysis.sources import workbooks
from analysis.sources.ingest import ingest_period, validate_period
from tests.bad_inputs import CASES, Case
from tests.conftest import CONFIG, ROOT


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory) -> Path:
    """A database with the example period 2024, the state every failed ingest must keep."""
    base = tmp_path_factory.mktemp("corpus")
    path = base / "seuranta.duckdb"
    ingest_period("2024", ROOT / "data/raw", path, CONFIG)
    return path


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, tmp_path, loaded_db, monkeypatch, capsys):
    if case.patch:
        monkeypatch.setattr(workbooks, *case.patch)
    raw = tmp_path / "raw"
    folder = raw / "2025" / "status"
    folder.mkdir(parents=True)
    case.write(folder)

    problems = validate_period("2025", raw, CONFIG)
    located = [(p.severity, p.file, p.sheet, p.cell) for p in problems if case.message in p.message]
    assert located == [(case.severity, case.file, case.sheet, case.cell)], problems

    strict = case.severity == "warning"
    args = ["validate", "--period", "2025", "--raw", str(raw), "--config", str(CONFIG)]
    assert main(args + (["--strict"] if strict else [])) == 1
    err = capsys.readouterr().err
    assert case.message in err and "Traceback" not in err

    db = tmp_path / "seuranta.duckdb"
    shutil.copy2(loaded_db, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    if strict:
        assert main(args[:1] + ["--strict"] + args[1:]) == 1  # and the run below is not needed
    else:
        with pytest.raises(InputError):
            ingest_period("2025", raw, db, CONFIG)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
