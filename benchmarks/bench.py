"""Benchmarks of seuranta at small, city and national scale; prints figures, asserts nothing.

    python benchmarks/bench.py [--scales small,city,national] [--work DIR]

For each scale: generate seeded inputs (cached in the work folder), load the earlier periods
(not timed), then time the latest period's ingest, the indicator SQL, and a whole
`seuranta run` (notebooks and rendering, without Quarto) with its peak memory. Beside the
ingest, in the same process: the floor (a bare python-calamine read of the workbooks) with the
ingest's ratio to it, a competent baseline (pandas `read_excel` with calamine and one bulk
insert) and, at small and city scale, the plain one (openpyxl and row-by-row inserts).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import psutil
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SCALES, Scale, write_config, write_cordis, write_status  # noqa: E402

from analysis import __version__  # noqa: E402
from analysis.sources.ingest import ingest_period  # noqa: E402
from analysis.sources.status import find_header, status_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# The indicators of PRODUCT.md, and the yearly-cycle views (changes, data quality) beside them.
INDICATOR_VIEWS = (
    "completion_overall",
    "completion_by_division",
    "completion_by_theme",
    "funding_by_division",
    "funding_by_theme",
)
CYCLE_VIEWS = ("measure_changes_by_division", "quality_findings_by_division")
# How often the memory of a run's processes is sampled, in seconds.
SAMPLE_S = 0.05
FLOOR_READS = 3  # the floor is the fastest of this many reads


def prepare(scale: Scale, work: Path) -> tuple[Path, Path, list[str]]:
    """Inputs of the scale (generated once per work folder) and its config folder."""
    base = work / scale.name
    raw, config = base / "raw", base / "config"
    marker = base / "generated.json"
    spec = {"scale": scale.__dict__, "generator": 2}
    if marker.exists() and json.loads(marker.read_text()) == spec:
        periods = sorted(p.name for p in raw.iterdir())
        return raw, config, periods
    shutil.rmtree(base, ignore_errors=True)
    started = time.perf_counter()
    periods = write_status(raw, scale)
    if scale.cordis_rows:
        write_cordis(raw / periods[-1] / "funding" / "cordis", scale.cordis_rows)
    write_config(config, scale)
    marker.write_text(json.dumps(spec))
    print(f"  generated inputs in {time.perf_counter() - started:.1f} s")
    return raw, config, periods


def baseline_ingest(folder: Path) -> tuple[float, int]:
    """The plain way: pandas read_excel with openpyxl, then one INSERT per row."""
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        "create table t (source varchar, r integer, id varchar, goal varchar, "
        "measure varchar, division varchar, themes varchar, status varchar, "
        "progress varchar, report varchar, owner varchar, planned_end varchar)"
    )
    rows = 0
    for path in status_files(folder):
        frame = pd.read_excel(path, sheet_name=0, header=None, engine="openpyxl", dtype=str)
        header, _ = find_header(frame.fillna("").values.tolist())
        for number, values in enumerate(
            frame.iloc[header + 1 :].itertuples(index=False), start=header + 2
        ):
            con.execute(
                "insert into t values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [path.name, number, *[None if pd.isna(v) else v for v in values]],
            )
            rows += 1
    con.close()
    return time.perf_counter() - started, rows


def calamine_floor(folder: Path, reads: int = FLOOR_READS) -> tuple[float, int]:
    """The floor: a bare python-calamine read of every status workbook's first sheet, no
    checks, no database; the fastest of `reads` reads, as this machine's times vary by a
    third. No ingest that reads the sheets one after the other can be faster."""
    times = []
    for _ in range(reads):
        started = time.perf_counter()
        rows = 0
        for path in status_files(folder):
            rows += len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
        times.append(time.perf_counter() - started)
    return min(times), rows


def competent_baseline(folder: Path) -> tuple[float, int]:
    """What a competent analyst would write: pandas read_excel with the calamine engine, the
    header row found, then one bulk insert of all the frames into DuckDB."""
    started = time.perf_counter()
    frames = []
    for path in status_files(folder):
        frame = pd.read_excel(path, sheet_name=0, header=None, engine="calamine", dtype=str)
        header, _ = find_header(frame.fillna("").values.tolist())
        body = frame.iloc[header + 1 :].copy()
        body.columns = [f"c{i}" for i in range(body.shape[1])]
        frames.append(body.assign(source=path.name))
    table = pd.concat(frames, ignore_index=True)
    con = duckdb.connect()
    con.register("frames", table)
    con.execute("create table t as select * from frames")
    rows = con.execute("select count(*) from t").fetchone()[0]
    con.close()
    return time.perf_counter() - started, rows


def time_views(db_path: Path, views: tuple[str, ...]) -> float:
    with duckdb.connect(str(db_path), read_only=True) as con:
        started = time.perf_counter()
        for view in views:
            con.execute(f"select count(*) from (select * from {view})").fetchall()  # noqa: S608
        return time.perf_counter() - started


def run_sampled(command: list[str]) -> tuple[float, float, float]:
    """Run a command; (seconds, peak MiB of all its processes together, peak MiB of the largest
    one). The resident memory of the process and its descendants (the notebook kernels) is
    summed every SAMPLE_S seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(process.pid)
    total_peak = largest_peak = 0
    while process.poll() is None:
        sizes = []
        for member in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a process that has just ended
                sizes.append(member.memory_info().rss)
        total_peak = max(total_peak, sum(sizes))
        largest_peak = max(largest_peak, *sizes, 0)
        time.sleep(SAMPLE_S)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"{command[2:5]} failed:\n{process.stderr.read().decode()}")
    return elapsed, total_peak / 2**20, largest_peak / 2**20


def end_to_end(raw: Path, config: Path, db_path: Path, out: Path, period: str) -> dict:
    """A whole `seuranta run` in a child process: wall time and peak memory."""
    seconds, peak_mib, largest_mib = run_sampled(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            "--period",
            period,
            "--raw",
            str(raw),
            "--db",
            str(db_path),
            "--out",
            str(out),
            "--config",
            str(config),
            "--notebooks",
            str(ROOT / "notebooks"),
            "--renderer",
            "nbconvert",
        ]
    )
    timings = json.loads((out / period / "run.json").read_text())["timings_s"]
    return {"seconds": seconds, "peak_mib": peak_mib, "largest_mib": largest_mib, "steps": timings}


def bench(scale: Scale, work: Path, baseline: bool) -> dict:
    print(
        f"\n== {scale.name}: {scale.divisions} divisions x {scale.measures} measures, "
        f"{scale.periods} periods"
        + (f", {scale.cordis_rows:,} CORDIS rows" if scale.cordis_rows else "")
    )
    raw, config, periods = prepare(scale, work)
    latest = periods[-1]
    db_path = work / scale.name / "seuranta.duckdb"
    for suffix in ("", ".wal", ".lock"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    for period in periods[:-1]:
        ingest_period(period, raw, db_path, config)
    if periods[:-1]:
        print(
            f"  history: {len(periods) - 1} periods loaded in {time.perf_counter() - started:.1f}"
            " s (not timed below)"
        )
    history = work / scale.name / "history.duckdb"
    shutil.copy2(db_path, history)

    started = time.perf_counter()
    result = ingest_period(latest, raw, db_path, config)
    ingest_s = time.perf_counter() - started
    figures = {
        "scale": scale.name,
        "rows": result.rows,
        "ingest_s": ingest_s,
        "rows_per_s": result.rows / ingest_s,
        "indicator_sql_s": time_views(db_path, INDICATOR_VIEWS),
        "cycle_sql_s": time_views(db_path, CYCLE_VIEWS),
    }
    print(
        f"  ingest of {latest}: {result.rows:,} rows in {ingest_s:.2f} s "
        f"({figures['rows_per_s']:,.0f} rows/s)"
    )
    print(
        f"  indicator SQL ({len(INDICATOR_VIEWS)} views, all periods): "
        f"{figures['indicator_sql_s']:.3f} s; yearly-cycle views: {figures['cycle_sql_s']:.3f} s"
    )
    floor_s, floor_rows = calamine_floor(raw / latest / "status")
    figures.update(floor_s=floor_s, floor_ratio=ingest_s / floor_s)
    print(
        f"  floor (bare python-calamine read, {floor_rows:,} sheet rows, fastest of "
        f"{FLOOR_READS}): {floor_s:.2f} s; "
        f"seuranta's ingest takes {figures['floor_ratio']:.1f}x the floor"
    )
    competent_s, competent_rows = competent_baseline(raw / latest / "status")
    figures.update(competent_s=competent_s)
    print(
        f"  baseline (read_excel calamine + one bulk insert): {competent_rows:,} rows in "
        f"{competent_s:.2f} s, no checks and no lineage"
    )
    if baseline:
        base_s, base_rows = baseline_ingest(raw / latest / "status")
        figures.update(baseline_s=base_s, speedup=base_s / ingest_s)
        print(
            f"  baseline (read_excel + row inserts): {base_rows:,} rows in {base_s:.2f} s; "
            f"seuranta's ingest is {figures['speedup']:.1f}x its speed"
        )
    shutil.copy2(history, db_path)
    run = end_to_end(raw, config, db_path, work / scale.name / "reports", latest)
    figures.update(
        end_to_end_s=run["seconds"],
        peak_mib=run["peak_mib"],
        largest_process_mib=run["largest_mib"],
        steps=run["steps"],
    )
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in run["steps"].items())
    print(
        f"  seuranta run {latest}: {run['seconds']:.1f} s end to end ({steps}); "
        f"peak memory {run['peak_mib']:,.0f} MiB (all its processes together; the largest "
        f"one {run['largest_mib']:,.0f} MiB)"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="small,city,national")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    print(
        f"seuranta {__version__}, Python {platform.python_version()}, DuckDB "
        f"{duckdb.__version__}, {os.cpu_count()} cores, {platform.machine()}"
    )
    figures = [
        bench(SCALES[name], args.work, baseline=name != "national")
        for name in args.scales.split(",")
    ]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
