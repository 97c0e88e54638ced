"""The ingest and indicators notebooks run under papermill on fixture data."""

from __future__ import annotations

import ast
import json
import shutil
import threading
import time
from functools import partial

import pytest
from openpyxl import load_workbook

from analysis import notebooks
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT, digest

pytestmark = pytest.mark.slow
NOTEBOOKS = ROOT / "notebooks"


def test_committed_notebooks_have_no_outputs_and_a_parameters_cell():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), path.name
        assert "parameters" in code[0]["metadata"].get("tags", []), path.name
        for cell in code:
            source = "".join(cell["source"])
            assert "def " not in source and "select " not in source.lower(), path.name


def test_the_report_notebook_is_thin_with_headings_for_its_reader():
    nb = json.loads((NOTEBOOKS / notebooks.REPORT).read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    parameters = ast.parse(code[0]).body
    names = ["period", "lang", "langs", "db_path", "reports_dir", "audience", "config_dir"]
    assert [node.target.id for node in parameters] == names
    assert all(isinstance(node, ast.AnnAssign) for node in parameters)
    for source in code[1:]:  # one import or one call (perhaps named) per cell, nothing else
        [statement] = ast.parse(source).body
        value = getattr(statement, "value", None)
        assert isinstance(statement, ast.ImportFrom) or isinstance(value, ast.Call), source
        assert "/" not in source and "Path" not in source, source  # no path building
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    headings = {line.strip() for c in markdown for line in c["source"] if line.startswith("## ")}
    assert {"## Completion", "## EU funding", "## Division pages"} <= headings
    assert all("remove-cell" in c["metadata"].get("tags", []) for c in markdown)


def test_ingest_audit_and_indicators_notebooks(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data/raw/2025", raw / "2025")
    db_path = tmp_path / "seuranta.duckdb"
    out = tmp_path / "run"
    ingest_period("2025", raw, db_path, CONFIG)
    before = digest(db_path)
    notebooks.execute(
        NOTEBOOKS / notebooks.INGEST,
        out / notebooks.INGEST,
        {"period": "2025", "db_path": str(db_path)},
        ROOT,
    )
    assert digest(db_path) == before  # the audit only reads
    xlsx = out / "indicators.xlsx"
    notebooks.execute(
        NOTEBOOKS / notebooks.INDICATORS,
        out / notebooks.INDICATORS,
        {"period": "2025", "db_path": str(db_path), "xlsx_path": str(xlsx), "lang": "en"},
        ROOT,
    )
    executed = json.loads((out / notebooks.INGEST).read_text(encoding="utf-8"))
    assert executed["metadata"]["papermill"]["parameters"]["period"] == "2025"
    text = json.dumps(executed["cells"])
    assert "status/kaupunginkanslia.xlsx" in text  # the lineage table is in the audit trail
    book = load_workbook(xlsx)  # every table of the report, in the language asked for
    assert book.sheetnames[:3] == ["Whole city", "By division", "By theme"]
    assert book["Whole city"]["A1"].value == "Period"
    assert book["Whole city"]["B2"].value == 50  # measures in 2025


def test_failed_notebook_names_the_cell_and_keeps_the_copy(tmp_path):
    target = tmp_path / "10_ingest.ipynb"
    with pytest.raises(notebooks.NotebookError, match=r"failed in cell \d+: .*Error") as info:
        notebooks.execute(
            NOTEBOOKS / notebooks.INGEST,
            target,
            {"period": "2025", "db_path": str(tmp_path / "x.duckdb")},
            ROOT,
        )
    assert info.value.path == target and target.exists()


def test_steps_in_lanes_stop_starting_after_a_failure_and_raise_the_first(monkeypatch):
    """After the ingest the run's steps go in two lanes; a failed step lets the running one end
    but starts no other, and its error is raised."""
    from analysis import pipeline

    monkeypatch.setattr(pipeline, "lanes", lambda: 2)
    started, gate = [], threading.Event()

    def slow() -> None:
        started.append("slow")
        gate.wait(5)

    def failing() -> None:
        started.append("failing")
        raise ValueError("the first error")

    def later() -> None:
        started.append("later")

    def timed_gate() -> None:
        time.sleep(0.2)
        gate.set()

    threading.Thread(target=timed_gate).start()
    with pytest.raises(ValueError, match="the first error"):
        pipeline._run_in_lanes([slow, failing, later])
    assert started == ["slow", "failing"]
    assert gate.is_set()  # the running step was waited for


def test_steps_in_one_lane_go_one_after_the_other(monkeypatch):
    from analysis import pipeline

    monkeypatch.setattr(pipeline, "lanes", lambda: 1)
    done: list[int] = []
    together = pipeline._together(partial(done.append, 1), partial(done.append, 2))
    pipeline._run_in_lanes([partial(done.append, 0), together, partial(done.append, 3)])
    assert done[0] == 0 and sorted(done[1:3]) == [1, 2] and done[3] == 3
