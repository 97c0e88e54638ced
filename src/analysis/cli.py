"""Command line: `seuranta run` and `seuranta validate` for a period, `seuranta init` for a city."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from analysis import __version__
from analysis.config import DEFAULT_LANGS, LANGS, ConfigError, default_dir
from analysis.problems import InputError, Problem, RunError, UsageError, errors_of, to_json
from analysis.sources.ingest import validate_batch

log = logging.getLogger("analysis")


def _langs(value: str) -> tuple[str, ...]:
    langs = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [lang for lang in langs if lang not in LANGS]
    if not langs or unknown:
        raise argparse.ArgumentTypeError(
            f"languages must be a comma-separated subset of {','.join(LANGS)}"
        )
    return langs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seuranta",
        description="Strategy follow-up: status sheets and EU funding exports to indicators "
        "and reports in Finnish, Swedish and English.",
    )
    parser.add_argument("--version", action="version", version=f"seuranta {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def period_command(name: str, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--period", required=True, help="period to process, e.g. 2025")
        command.add_argument(
            "--raw",
            type=Path,
            default=Path("data/raw"),
            help="folder of the raw inputs, one subfolder per period (default: data/raw)",
        )
        command.add_argument(
            "--config",
            type=Path,
            default=None,
            help="folder of divisions.yml, themes.yml, status_labels.yml (default: config in "
            "the current folder if there is one, else the configuration that comes with seuranta)",
        )
        command.add_argument(
            "--strict",
            action="store_true",
            help="treat warnings as errors: they stop the command too",
        )
        command.add_argument("-v", "--verbose", action="store_true", help="log every step")
        return command

    translations_cmd = commands.add_parser(
        "translations",
        help="export the texts lacking a translation for a translator, import the filled file",
    )
    steps = translations_cmd.add_subparsers(dest="step", required=True)
    export_cmd = steps.add_parser("export", help="write the translator's workbook of a period")
    export_cmd.add_argument("--period", required=True, help="period of the texts, e.g. 2025")
    export_cmd.add_argument("--lang", type=_langs, required=True, help="target languages: en,sv")
    export_cmd.add_argument(
        "--out", type=Path, default=None, help="file to write (default: translations-<period>.xlsx)"
    )
    import_cmd = steps.add_parser("import", help="load a filled translator's workbook")
    import_cmd.add_argument("file", type=Path, help="the filled workbook")
    for step in (export_cmd, import_cmd):
        step.add_argument(
            "--db",
            type=Path,
            default=Path("data/processed/seuranta.duckdb"),
            help="DuckDB file (default: data/processed/seuranta.duckdb)",
        )
        step.add_argument("-v", "--verbose", action="store_true", help="log every step")

    run_cmd = period_command("run", "ingest a period, compute indicators, render the reports")
    run_cmd.add_argument(
        "--db",
        type=Path,
        default=Path("data/processed/seuranta.duckdb"),
        help="DuckDB file (default: data/processed/seuranta.duckdb)",
    )
    run_cmd.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        help="folder for the reports (default: reports)",
    )
    run_cmd.add_argument(
        "--lang",
        type=_langs,
        default=DEFAULT_LANGS,
        help="report languages, comma-separated, of fi, sv, en; the first is the workbook's "
        "(default: fi,en; a bilingual city: fi,sv or fi,sv,en)",
    )
    run_cmd.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        help="folder of the pipeline notebooks, e.g. your own copies (default: notebooks in the "
        "current folder if there is one, else the notebooks that come with seuranta)",
    )
    run_cmd.add_argument(
        "--renderer",
        choices=("auto", "quarto", "nbconvert"),
        default="auto",
        help="auto uses Quarto when it is on PATH, else nbconvert",
    )
    run_cmd.add_argument(
        "--audience",
        choices=("internal", "public"),
        default="internal",
        help="public leaves out the data-quality findings, file hashes and owners' names "
        "(config/publication.yml may allow names); default: internal",
    )

    run_cmd.add_argument(
        "--pdf",
        action="store_true",
        help="also print each language's overview to reports/<period>/<lang>/report.pdf (A4) "
        "with Chromium, where it is found",
    )

    template_cmd = period_command(
        "template", "write next period's status sheets, one per division, from the database"
    )
    template_cmd.add_argument(
        "--from",
        dest="previous",
        metavar="PERIOD",
        help="period to take the measures from (default: the latest loaded period before --period)",
    )
    template_cmd.add_argument(
        "--db",
        type=Path,
        default=Path("data/processed/seuranta.duckdb"),
        help="DuckDB file (default: data/processed/seuranta.duckdb)",
    )
    template_cmd.add_argument(
        "--lang",
        choices=LANGS,
        default="fi",
        help="language of the headers and status labels (default: fi)",
    )
    template_cmd.add_argument(
        "--include-finished", action="store_true", help="also measures that were done or cancelled"
    )
    template_cmd.add_argument(
        "--force", action="store_true", help="overwrite existing files in the status folder"
    )

    validate_cmd = period_command("validate", "check a period's inputs and write nothing")
    validate_cmd.add_argument(
        "--receipts",
        type=Path,
        metavar="DIR",
        help="also write one receipt .xlsx per division into DIR: what was read from its "
        "files and its problems by cell with the fix, in its language",
    )
    validate_cmd.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format of the problems (default: text)",
    )
    init_cmd = commands.add_parser(
        "init",
        help="write a configuration folder for a new city from its status sheets",
        description="Write divisions.yml, themes.yml, status_labels.yml, corrections.yml and "
        "measure_ids.yml into DIR from the divisions, themes and status labels found in the "
        "city's own status sheets; then fill in the names and run `seuranta validate`.",
    )
    init_cmd.add_argument("dir", type=Path, help="the configuration folder to write, e.g. config")
    init_cmd.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        help="a folder of the city's status sheets, e.g. data/raw/2025/status",
    )
    init_cmd.add_argument("--force", action="store_true", help="overwrite existing files")
    init_cmd.add_argument("-v", "--verbose", action="store_true", help="log every step")
    return parser


def _init(args: argparse.Namespace) -> int:
    from analysis.sources.scaffold import init_config, unfilled

    written, found, unmapped = init_config(args.dir, args.source, args.force)
    print(
        f"{len(found.divisions)} division(s), {len(found.themes)} theme(s) and "
        f"{len(found.statuses)} status label(s) found in {found.files} file(s); written:"
    )
    for path in written:
        print(f"  {terminal_safe(str(path))}")
    for code, labels in unmapped.items():
        listed = ", ".join(f"'{label}'" for label in labels)
        print(terminal_safe(f"status label(s) {listed} map to no code; suggested: {code}"))
    left = unfilled(args.dir)
    print(
        f"{len(left)} name(s) to fill in; then run: seuranta validate --period PERIOD "
        f"--config {args.dir}"
    )
    return 0


# Control characters (ESC, BEL, C1) from a cell would drive the analyst's terminal: shown escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str, json: bool = False) -> str:
    """Text as it may be printed: control characters as `\\x1b` (`\\u001b` in JSON), odd bytes
    of file names as `\\xe4`."""
    escape = "\\u{:04x}" if json else "\\x{:02x}"
    text = _CONTROL.sub(lambda m: escape.format(ord(m.group())), text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _where(problem: Problem) -> str:
    """`Sheet!F12`, a sheet, a cell or line of a text file, or `-` for the whole file."""
    if problem.sheet and problem.cell:
        return f"{problem.sheet}!{problem.cell}"
    return problem.sheet or problem.cell or "-"


def _print_problems(problems: list[Problem], strict: bool = False) -> None:
    """Every problem, grouped by file, each with its place, what is wrong and the fix."""
    current = None
    for problem in sorted(problems, key=Problem.sort_key):
        if problem.file != current:
            current = problem.file
            print(f"\n{terminal_safe(current)}", file=sys.stderr)
        print(
            terminal_safe(
                f"  {problem.severity.upper():7} {_where(problem)}: {problem.message}\n"
                f"          fix: {problem.fix}"
            ),
            file=sys.stderr,
        )
    errors = sum(p.severity == "error" for p in problems)
    summary = f"\n{errors} error(s), {len(problems) - errors} warning(s)"
    if strict and len(problems) > errors:
        summary += " (--strict: warnings stop the run too)"
    print(summary + ".", file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    from analysis.sources.scaffold import unfilled

    left = unfilled(Path(args.config))
    if left:
        for line in left:
            print(terminal_safe(f"error: {line}"), file=sys.stderr)
        print(f"\n{len(left)} name(s) left to fill in the configuration.", file=sys.stderr)
        return 1
    problems, batch = validate_batch(args.period, args.raw, args.config, args.receipts)
    if args.format == "json":
        print(terminal_safe(to_json(problems), json=True))
    elif problems:
        _print_problems(problems, args.strict)
    else:
        print(f"period {args.period}: inputs are valid.")
    if args.receipts is not None:
        print(f"{len(batch.receipts)} receipt(s) in {args.receipts}:", file=sys.stderr)
        for path in batch.receipts:
            print(f"  {terminal_safe(str(path))}", file=sys.stderr)
    return 1 if errors_of(problems, args.strict) else 0


def _run(args: argparse.Namespace) -> int:
    from analysis.pipeline import RunOptions, run  # papermill and nbconvert load only for runs

    options = RunOptions(
        period=args.period,
        raw_dir=args.raw,
        db_path=args.db,
        out_dir=args.out,
        langs=args.lang,
        config_dir=args.config,
        notebooks_dir=args.notebooks,
        renderer=args.renderer,
        strict=args.strict,
        pdf=args.pdf,
        audience=args.audience,
    )
    result = run(options)
    print(
        f"period {result.period}: reports rendered with {result.renderer}"
        + (f", {result.warnings} warning(s) (see `seuranta validate`)" if result.warnings else "")
    )
    from analysis.pdf import PDF

    for lang, path in result.reports.items():
        print(f"  report ({lang}): {path}")
        if args.pdf and path.with_name(PDF).is_file():
            print(f"  pdf ({lang}):    {path.with_name(PDF)}")
    print(f"  indicators:  {result.excel}")
    print(f"  open data:   {result.open_data}")
    if result.receipts:
        print(f"  receipts:    {len(result.receipts)} in {result.receipts[0].parent}")
    print(f"  notebooks:   {result.notebooks}")
    print(f"  database:    {args.db.resolve()}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from analysis.config import load_reference
    from analysis.export.indicator_sheets import planned_template, write_indicator_template
    from analysis.export.status_sheets import TemplateOptions, previous_period, write_templates

    options = TemplateOptions(
        period=args.period,
        raw_dir=args.raw,
        db_path=args.db,
        previous=args.previous,
        lang=args.lang,
        include_finished=args.include_finished,
        overwrite=args.force,
    )
    reference = load_reference(args.config)
    previous = options.previous or previous_period(options.db_path, options.period)
    indicators = planned_template(options, previous)
    paths = write_templates(options, reference)
    print(f"period {args.period}: {len(paths)} status sheet(s) to send to the divisions:")
    for path in paths:
        print(f"  {path}")
    if indicators is not None:
        path = write_indicator_template(indicators, options, previous, reference)
        print(f"  and the indicator workbook: {path}")
    return 0


def _translations(args: argparse.Namespace) -> int:
    from analysis import translations

    if args.step == "export":
        path = args.out or Path(f"translations-{args.period}.xlsx")
        count = translations.export(args.db, args.period, args.lang, path)
        print(f"period {args.period}: {count} text(s) to translate into {','.join(args.lang)}:")
        print(f"  {path}")
        print("Fill in the `translation` column, then: seuranta translations import FILE")
        return 0
    count = translations.import_file(args.file, args.db)
    print(f"{args.file}: {count} translation(s) loaded into {args.db}")
    print("They show on the pages from the next `seuranta run` of the period.")
    return 0


COMMANDS = {
    "run": _run,
    "validate": _validate,
    "template": _template,
    "init": _init,
    "translations": _translations,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "config", "") is None:
        args.config = default_dir("config")
    if getattr(args, "notebooks", "") is None:
        args.notebooks = default_dir("notebooks")
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s" if args.verbose else "seuranta: %(message)s",
    )
    if not args.verbose:
        # which renderer, in one line; and whether the PDFs were written
        logging.getLogger("analysis.report.render").setLevel(logging.INFO)
        logging.getLogger("analysis.pdf").setLevel(logging.INFO)
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        _print_problems(exc.problems, exc.strict)
        print("Nothing was written.", file=sys.stderr)
        return 1
    except (ConfigError, RunError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except duckdb.IOException as exc:
        print(
            f"error: the database cannot be opened ({exc}). If another run is using it, "
            "wait for it to finish and try again.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # a write the machine refused outside the run's own checks
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
