"""The open data, the accessibility statement and the two audiences of a run.

Two runs of the example periods (internal, the default) and one public run of 2025 over the same
inputs, in which one division's sheet has a report with quotes, a semicolon, a newline and a
leading `=`, and an owner with a person's name. Then:
- `reports/<period>/data/`: every table as CSV and Parquet, each the same rows as its view of
  the database (count and checksum), the text as typed, a datapackage.json that the
  Frictionless validator accepts, with types and descriptions in the run's languages;
- `accessibility.html` in each language with the contact and dates of publication.yml;
- the public run: no SHA-256, no data-quality section, no owner's name on any page or in the
  workbook, and no owner column, data-quality table or hash in its open data.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml
from openpyxl import load_workbook

from analysis.cli import main
from analysis.config import ConfigError
from analysis.export import open_data
from analysis.publication import Audience, load_publication
from tests.conftest import CONFIG, ROOT, run_args, run_example_periods

pytestmark = pytest.mark.slow
# The SQL of these tests names the package's files and views, not input from outside.
# ruff: noqa: S608

TRICKY = '=SUM(1;2) "quoted"; and\nanother line'
OWNER = "Maija Meikäläinen"
LANGS = ("fi", "en")


def inject(period_dir: Path) -> None:
    """Write TRICKY as the report of the first measure with Finnish headers in the period's
    sheets, and OWNER as the owner of the first delayed one (which needs a decision)."""
    todo = {"report", "owner"}
    for path in sorted(period_dir.glob("status/*.xlsx")):
        book = load_workbook(path)
        for sheet in book.worksheets:
            header = None
            for row in sheet.iter_rows():
                texts = [str(cell.value or "").strip() for cell in row]
                if header is None and {"Tunnus", "Raportointi", "Vastuuhenkilö"} <= set(texts):
                    header = {text: i for i, text in enumerate(texts)}
                elif header and texts[header["Tunnus"]]:
                    if "report" in todo:
                        row[header["Raportointi"]].value = TRICKY
                        row[header["Raportointi"]].data_type = "s"  # text typed, not a formula
                        todo.discard("report")
                    if "owner" in todo and texts[header["Tila"]].lower() == "viivästynyt":
                        row[header["Vastuuhenkilö"]].value = OWNER
                        todo.discard("owner")
            book.save(path)
            if not todo:
                return
    raise AssertionError(f"no delayed measure with Finnish headers in {period_dir}")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """reports/2025 of an internal and of a public run, and the database after them."""
    base = tmp_path_factory.mktemp("open-data")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    inject(base / "raw" / "2025")
    run_example_periods(base, "--renderer", "nbconvert", reports_of_2024=False)
    public = [*run_args(base, out=base / "public"), "--lang", "fi,en", "--renderer", "nbconvert"]
    assert main([*public, "--audience", "public"]) == 0
    return {"internal": base / "reports" / "2025", "public": base / "public" / "2025",
            "db": base / "seuranta.duckdb"}  # fmt: skip


def package(site: Path) -> dict:
    return json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))


def checksum(con: duckdb.DuckDBPyConnection, relation: str, params: list | None = None) -> tuple:
    """Row count and an order-free checksum of every row of a relation."""
    sql = f"select count(*), bit_xor(hash(r)) from ({relation}) r"  # noqa: S608
    return con.execute(sql, params or []).fetchone()


def test_every_table_as_csv_and_parquet(runs: dict[str, Path]) -> None:
    data = runs["internal"] / "data"
    names = {table.name for table in open_data.TABLES}
    # the tables PRODUCT.md names, the measures and data quality are all there
    assert {"completion_by_division", "completion_by_theme", "funding_by_division",
            "funding_by_theme", "measures", "quality_findings"} <= names  # fmt: skip
    for name in names:
        assert (data / f"{name}.csv").stat().st_size > 0, name
        assert (data / f"{name}.parquet").stat().st_size > 0, name
    resources = {r["name"]: r for r in package(runs["internal"])["resources"]}
    assert set(resources) == names | {f"{name}-parquet" for name in names}
    assert (data / "README.md").is_file()


def test_csv_and_parquet_hold_the_rows_of_the_database(runs: dict[str, Path]) -> None:
    data = runs["internal"] / "data"
    with duckdb.connect(str(runs["db"]), read_only=True) as con:
        for table, columns in open_data.tables_for(Audience()):
            parquet = str(data / f"{table.name}.parquet")
            types = dict(con.execute(f"select column_name, column_type from (describe "
                                     f"select * from '{parquet}')").fetchall())  # fmt: skip
            assert list(types) == list(columns), table.name
            shown = ", ".join(f'cast("{c}" as {types[c]}) as "{c}"' for c in columns)
            expected = checksum(con, f"select {shown} from {table.view} where period = ?", ["2025"])  # noqa: S608
            csv_types = "{" + ", ".join(f"'{c}': '{k}'" for c, k in types.items()) + "}"
            from_csv = checksum(
                con,
                f"select * from read_csv('{data / f'{table.name}.csv'}', header = true, "
                f"columns = {csv_types}, quote = '\"', escape = '\"')",
            )
            assert from_csv == expected, table.name
            assert checksum(con, f"select * from '{parquet}'") == expected, table.name
            assert expected[0] > 0 or table.view.startswith("quality"), table.name


def test_csv_is_rfc_4180_and_keeps_text_as_typed(runs: dict[str, Path]) -> None:
    raw = (runs["internal"] / "data" / "measures.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte order mark
    text = raw.decode("utf-8")
    assert text.endswith("\r\n") and text.count("\r\n") >= 51  # header and 50 measures
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    reports = [row["report"] for row in rows]
    assert TRICKY in reports  # quotes, semicolon, newline and the leading `=` as typed
    assert all("." not in row["progress_pct"] or "," not in row["progress_pct"] for row in rows)
    assert OWNER in [row["owner"] for row in rows]


def test_datapackage_validates_with_types_and_descriptions(runs: dict[str, Path]) -> None:
    from frictionless import validate

    report = validate(str(runs["internal"] / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "message"])[:5]
    descriptor = package(runs["internal"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["title"].startswith("Strategian seuranta 2025")
    assert descriptor["title_en"].startswith("Strategy follow-up 2025")
    data = runs["internal"] / "data"
    with duckdb.connect() as con:
        for resource in descriptor["resources"]:
            fields = resource["schema"]["fields"]
            assert all(f["description"] and f["description_en"] for f in fields), resource["name"]
            path = data / resource["path"]
            types = con.execute(f"describe select * from '{path}'").fetchall()
            assert [f["name"] for f in fields] == [name for name, *_ in types]
            if resource["format"] == "parquet":  # DuckDB's own types, as the package maps them
                expected = [open_data.field_type(kind) for _, kind, *_ in types]
                assert [f["type"] for f in fields] == expected, resource["name"]
    owner = next(f for r in descriptor["resources"] if r["name"] == "measures"
                 for f in r["schema"]["fields"] if f["name"] == "owner")  # fmt: skip
    assert (owner["type"], owner["description"], owner["description_en"]) == (
        "string", "Vastuuhenkilö", "Owner")  # fmt: skip
    named = next(f for r in descriptor["resources"] if r["name"] == "completion_by_division"
                 for f in r["schema"]["fields"] if f["name"] == "division_name_en")  # fmt: skip
    assert named["description"] == "Toimialan nimi englanniksi"


def test_sources_are_the_input_files_with_their_sha256(runs: dict[str, Path]) -> None:
    with duckdb.connect(str(runs["db"]), read_only=True) as con:
        files = con.execute(
            "select source_file, file_sha256 from raw_file where period = '2025' "
            "order by source_file"
        ).fetchall()
    sources = package(runs["internal"])["sources"]
    assert [(s["title"], s["sha256"]) for s in sources] == files
    assert all("sha256" not in s for s in package(runs["public"])["sources"])


def test_a_public_run_has_no_owner_quality_or_hash_in_its_open_data(
    runs: dict[str, Path],
) -> None:
    from frictionless import validate

    data = runs["public"] / "data"
    assert validate(str(data / "datapackage.json")).valid
    names = {r["name"] for r in package(runs["public"])["resources"]}
    assert not any(name.startswith("quality") for name in names)
    assert not list(data.glob("quality*"))
    for resource in package(runs["public"])["resources"]:
        assert "owner" not in [f["name"] for f in resource["schema"]["fields"]]
    for path in data.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert "owner" not in text.splitlines()[0].split(",") and OWNER not in text, path.name
    with (data / "measures.csv").open(encoding="utf-8", newline="") as file:
        assert TRICKY in [row["report"] for row in csv.DictReader(file)]  # the figures stay


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html")}  # fmt: skip


def test_a_public_report_shows_no_hash_quality_section_or_owner(runs: dict[str, Path]) -> None:
    with duckdb.connect(str(runs["db"]), read_only=True) as con:
        hashes = [h for (h,) in con.execute(
            "select file_sha256 from raw_file where period = '2025'").fetchall()]  # fmt: skip
    public, internal = _pages(runs["public"]), _pages(runs["internal"])
    assert set(public) == set(internal)
    for name, html in public.items():
        assert not any(h in html for h in hashes), name
        assert 'id="sr-quality"' not in html and 'class="sr-hash"' not in html, name
        assert 'href="#sr-quality"' not in html, name  # nor in the contents list
        assert OWNER not in html, name
    assert "Where the figures come from" in public["en/index.html"]
    assert "Data quality and provenance" not in public["en/index.html"]
    # the internal report is as before: hashes, data quality, the owner in the decision list
    assert OWNER in internal["fi/index.html"]
    assert all(h in internal["fi/index.html"] for h in hashes)
    assert 'id="sr-quality"' in internal["fi/index.html"]
    # the figures stay: the same key figures on both
    start = internal["en/index.html"].index('<dl class="sr-kpis">')
    end = internal["en/index.html"].index("</dl>", start)
    assert internal["en/index.html"][start:end] in public["en/index.html"]


def test_a_public_workbook_has_no_owner_hash_or_quality_sheet(runs: dict[str, Path]) -> None:
    def cells(site: Path) -> tuple[list[str], set[str]]:
        book = load_workbook(site / "indicators.xlsx", read_only=True)
        values = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                  for v in row if v is not None}  # fmt: skip
        return book.sheetnames, values

    public_sheets, public = cells(runs["public"])
    internal_sheets, internal = cells(runs["internal"])
    assert OWNER in internal and "Vastuuhenkilö" in internal and "Laatuhavainnot" in internal_sheets
    assert OWNER not in public and "Vastuuhenkilö" not in public
    assert not {"Laatuhavainnot", "Varoitukset", "Laatu toimialoittain"} & set(public_sheets)
    assert "SHA-256" in internal and "SHA-256" not in public
    assert set(public_sheets) < set(internal_sheets)
    assert TRICKY in public  # a text is still text, never a formula


def test_the_accessibility_statement_in_each_language(runs: dict[str, Path]) -> None:
    config = yaml.safe_load((CONFIG / "publication.yml").read_text(encoding="utf-8"))
    feedback = config["accessibility"]["feedback"]
    for audience in ("internal", "public"):
        for lang in LANGS:
            html = (runs[audience] / lang / "accessibility.html").read_text(encoding="utf-8")
            assert f'lang="{lang}"' in html and html.count("<h1 ") == 1
            assert feedback["email"] in html and feedback["name"][lang] in html
            assert "saavutettavuusvaatimukset.fi" in html
            assert ("20. marraskuuta 2025" if lang == "fi" else "20 November 2025") in html
            assert ("osittain" if lang == "fi" else "partially compliant") in html
            index = (runs[audience] / lang / "index.html").read_text(encoding="utf-8")
            assert 'href="accessibility.html"' in index
            assert 'href="../data/datapackage.json"' in index
            division = next((runs[audience] / lang / "divisions").glob("*.html"))
            assert 'href="../accessibility.html"' in division.read_text(encoding="utf-8")


def test_publication_config(tmp_path: Path) -> None:
    shipped = load_publication(CONFIG)
    assert shipped.licence.name == "CC-BY-4.0" and not shipped.public_names
    assert not shipped.audience("public").shows_names and shipped.audience("internal").shows_names
    assert load_publication(tmp_path).accessibility.feedback is None  # no file: the defaults
    raw = yaml.safe_load((CONFIG / "publication.yml").read_text(encoding="utf-8"))
    raw["public_names"] = True
    (tmp_path / "publication.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    allowed = load_publication(tmp_path).audience("public")
    assert allowed.shows_names and not allowed.shows_quality and not allowed.shows_hashes
    raw["accessibility"]["conformance"] = "mostly"
    (tmp_path / "publication.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"publication\.yml: `accessibility.conformance`"):
        load_publication(tmp_path)
    with pytest.raises(ValueError, match="unknown audience"):
        Audience("press")
    with pytest.raises(ValueError, match="no open-data type"):
        open_data.field_type("INTERVAL")


def test_a_disk_that_fills_while_the_open_data_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """DuckDB's COPY raises its own IOException; the run tells it as a full disk, like any
    other write, and publishes nothing."""

    def full(*args: object, **kwargs: object) -> None:
        raise duckdb.IOException('IO Error: Could not write file "x.csv": No space left on device')

    shutil.copytree(ROOT / "data/raw", tmp_path / "raw")
    monkeypatch.setattr(open_data, "write_open_data", full)
    assert main(run_args(tmp_path)) == 1
    message = capsys.readouterr().err.strip()
    assert message.startswith("error: the disk is full: the open data could not be written")
    assert not (tmp_path / "reports" / "2025").exists()
    assert not [p for p in (tmp_path / "reports").iterdir() if not p.name.endswith(".failed")]


def test_a_statement_without_publication_yml_says_what_it_lacks(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    from analysis.report import overview

    bare = overview.load("2025", "en", runs["db"], langs="fi,en", config_dir=tmp_path)
    html = bare.accessibility().markup
    assert "No contact for feedback has been given yet." in html
    assert "prepared on" not in html and "The city aims" in html
    shipped = overview.load("2025", "en", runs["db"], langs="fi,en", config_dir=CONFIG)
    assert "saavutettavuus@example.fi" in shipped.accessibility().markup
    assert bare.accessibility().page == shipped.accessibility().page == "accessibility.html"


def test_receipts_are_published_with_an_internal_run_and_a_public_run_has_none(
    runs: dict[str, Path],
) -> None:
    """A receipt lists a division's problems: the internal run publishes one per division with
    its reports, the public run none."""
    with duckdb.connect(str(runs["db"]), read_only=True) as con:
        (divisions,) = con.execute(
            "select count(distinct division) from division_measures where period = '2025'"
        ).fetchone()
    receipts = sorted((runs["internal"] / "receipts").glob("*.xlsx"))
    assert len(receipts) == divisions > 0
    assert not (runs["public"] / "receipts").exists()
