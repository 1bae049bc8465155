"""Commands that move data in and out: import, export, report, survey, accounts, demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli.admin import LinkHost, LinkPort, print_token
from api.cli.common import (
    AccountArg,
    HalfLife,
    analysis_params,
    app,
    context,
    echo,
    say,
)
from api.cli.files import BINARY_EXPORTS, write_folder_atomically, write_output, write_to_stdout
from api.services.exporting import account_report, survey_export
from api.services.importing import DEMO_ACCOUNT, DEMO_REP, import_file, load_demo
from graph.errors import InvalidInput
from graph.users import new_token, token_hash
from graph.vocabulary import Language
from importers.activity import ActivityOptions, read_opt_out
from importers.dates import parse_date
from importers.formats import ImportFormat
from importers.report import BundleError, ImportReport
from importers.survey import SurveyFormat
from importers.template import template_xlsx
from visualize.exports import ExportFormat, ReportFormat, export_account
from visualize.formats import bundle_files


def _print_import_report(report: ImportReport, *, as_json: bool, dry_run: bool) -> None:
    if as_json:
        document = report.model_dump(mode="json")
        document["errors"] = [{**e.model_dump(mode="json"), "text": str(e)} for e in report.errors]
        echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for warning in report.warnings:
        say(f"stakegraph: warning: {warning}")
    if report.errors:
        for error in report.errors:
            say(f"stakegraph: {error}")
        return
    verb = "would write" if dry_run else "wrote"
    echo(
        f"read {report.rows} rows from {', '.join(report.files)}; {verb} "
        f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged"
    )


class _TerminalProgress:
    """One self-overwriting line on a terminal: rows read per file, then the write."""

    def __init__(self) -> None:
        self._shown = False

    def __call__(self, what: str, count: int) -> None:
        text = (
            f"writing {count:,} rows…" if what == "writing" else f"reading {what}: {count:,} rows"
        )
        sys.stderr.write("\r\x1b[K" + text)
        sys.stderr.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@app.command("import")
def import_command(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help=(
                "A bundle (folder, .zip, .xlsx or stakeholders .csv), a Salesforce or "
                "HubSpot contacts export, node-link .json, or a calendar (.ics, Outlook "
                ".csv) or mail (.mbox, .eml, folder or .zip of .eml) export"
            )
        ),
    ],
    account: Annotated[str, typer.Option("--account", help="Account id (created if new)")],
    format: Annotated[ImportFormat, typer.Option("--format")] = ImportFormat.auto,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and count; write nothing")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="calendar/email: first day read (default a year before --until)"
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="calendar/email: last day read (default today)")
    ] = None,
    keep_subjects: Annotated[
        bool,
        typer.Option("--keep-subjects", help="calendar/email: keep subjects as interaction notes"),
    ] = False,
    domain: Annotated[
        list[str] | None,
        typer.Option("--domain", help="calendar/email: a mail domain of the client (repeatable)"),
    ] = None,
    opt_out: Annotated[
        Path | None,
        typer.Option(
            "--opt-out",
            help="calendar/email: a file of addresses and domains never imported, one a line",
        ),
    ] = None,
) -> None:
    """Import a bundle (folder, .zip, .csv), node-link .json, or calendar and mail
    exports (--format calendar|email) into an account: all rows or none."""
    activity = _activity_options(since, until, keep_subjects, domain or [], opt_out)
    progress = _TerminalProgress() if sys.stderr.isatty() and not as_json else None
    settings = context(ctx).settings
    with context(ctx).store() as store:
        report = import_file(
            store,
            path,
            account_id=account,
            dry_run=dry_run,
            format=format,
            progress=progress,
            max_file_bytes=settings.max_file_bytes,
            activity=activity,
        )
    if progress is not None:
        progress.done()
    _print_import_report(report, as_json=as_json, dry_run=dry_run)
    if report.errors:
        if not as_json:
            count = len(report.errors)
            say(f"stakegraph: nothing was written ({count} {'problem' if count == 1 else 'problems'})")
        raise typer.Exit(1)


def _activity_options(
    since: str | None,
    until: str | None,
    keep_subjects: bool,
    domains: list[str],
    opt_out: Path | None,
) -> ActivityOptions:
    """The options of a calendar or mail import, each checked with a one-line error."""
    try:
        window = [None if text is None else parse_date(text) for text in (since, until)]
        listed = read_opt_out(opt_out) if opt_out is not None else ()
    except (ValueError, BundleError) as error:
        raise InvalidInput([str(error)]) from error
    return ActivityOptions(
        since=window[0],
        until=window[1],
        keep_subjects=keep_subjects,
        domains=tuple(domains),
        opt_out=listed,
    )


Lang = Annotated[
    Language, typer.Option("--lang", help="Language of labels in maps and pictures: en or zh")
]


@app.command("export")
def export_command(
    ctx: typer.Context,
    account: AccountArg,
    format: Annotated[ExportFormat, typer.Option("--format")],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            help="File to write, or - for stdout; for csv a new folder or a FILE.zip",
        ),
    ],
    lang: Lang = "en",
    half_life: HalfLife = None,
    deal: Annotated[
        str | None,
        typer.Option(
            "--deal",
            help="A map (html, svg, png) of one deal: its committee, bodies and competitors; an id or a unique name",
        ),
    ] = None,
) -> None:
    """Export an account: an influence map (html, svg, png) or its data (graphml, gexf, json, csv, cypher)."""
    settings = context(ctx).settings
    graph = context(ctx).account_graph(account)
    target = Path(output)
    if deal is None and format is ExportFormat.csv and output != "-" and target.suffix.lower() != ".zip":
        try:
            write_folder_atomically(target, bundle_files(graph, lang=lang))
        except OSError as error:
            raise InvalidInput([f"cannot write {output}: {error.strerror or error}"]) from error
        say(f"wrote {output}/ ({len(graph.stakeholders)} stakeholders)")
        return
    exported = export_account(
        graph,
        format,
        params=analysis_params(half_life),
        lang=lang,
        chromium=settings.chromium,
        deal=deal,
    )
    if output == "-":
        write_to_stdout(exported.data, binary=format in BINARY_EXPORTS)
        return
    write_output(output, exported.data)
    say(f"wrote {output} ({len(graph.stakeholders)} stakeholders, {len(exported.data):,} bytes)")


@app.command("report")
def report_command(
    ctx: typer.Context,
    account: AccountArg,
    output: Annotated[Path, typer.Option("--output", help="FILE.html or FILE.pdf")],
    lang: Annotated[
        Language, typer.Option("--lang", help="Language of the report: en or zh")
    ] = "en",
    half_life: HalfLife = None,
) -> None:
    """The account relationship report for a quarterly review: map, trends, risk, actions."""
    try:
        format = ReportFormat(output.suffix.lower().lstrip("."))
    except ValueError:
        raise InvalidInput([f"{output.name}: a report is written as .html or .pdf"]) from None
    settings = context(ctx).settings
    with context(ctx).store() as store:
        report = account_report(
            store,
            account,
            format,
            params=analysis_params(half_life),
            lang=lang,
            chromium=settings.chromium,
        )
    write_output(output, report.data)
    say(f"wrote {output} ({len(report.data):,} bytes)")


@app.command("survey")
def survey_command(
    ctx: typer.Context,
    account: AccountArg,
    output: Annotated[
        Path, typer.Option("--output", help="FILE.xlsx (a protected sheet per person) or FILE.csv")
    ],
    lang: Annotated[
        Language, typer.Option("--lang", help="Language of the questions: en or zh")
    ] = "en",
    stakeholder: Annotated[
        list[str] | None,
        typer.Option("--stakeholder", help="Ask only this stakeholder (repeat for several)"),
    ] = None,
    supplier: Annotated[
        str | None,
        typer.Option("--supplier", help="How the questions name us (default: the supplier)"),
    ] = None,
) -> None:
    """Write a relationship survey to send; filled in, `import FILE --format survey` reads it back."""
    try:
        format = SurveyFormat(output.suffix.lower().lstrip("."))
    except ValueError:
        raise InvalidInput([f"{output.name}: a survey is written as .xlsx or .csv"]) from None
    graph = context(ctx).account_graph(account)
    survey, people = survey_export(
        graph, format, lang=lang, stakeholders=stakeholder, supplier=supplier
    )
    write_output(output, survey.data)
    say(f"wrote {output} (a questionnaire for each of {people} stakeholders)")


@app.command("template")
def template_command(
    output: Annotated[Path, typer.Option("--output", help="FILE.xlsx")],
    lang: Annotated[
        Language, typer.Option("--lang", help="Language of the headers and values: en or zh")
    ] = "en",
) -> None:
    """Write the import template: a sheet per bundle file, headers in `--lang`, drop-down
    lists of the allowed values and an example row; filled in, `import FILE` reads it."""
    if output.suffix.lower() != ".xlsx":
        raise InvalidInput([f"{output.name}: the template is written as .xlsx"])
    write_output(output, template_xlsx(lang))
    say(f"wrote {output} (the import template; replace the example rows with yours)")


@app.command("accounts")
def accounts_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the accounts in the store with what each holds."""
    with context(ctx).store() as store:
        summaries = store.list_accounts()
    if as_json:
        echo(
            json.dumps([s.model_dump(mode="json") for s in summaries], ensure_ascii=False, indent=2)
        )
        return
    if not summaries:
        echo("no accounts yet: run `stakegraph demo` or `stakegraph import PATH --account ID`")
    for summary in summaries:
        counts = summary.counts
        echo(
            f"{summary.account.id:<20} {summary.account.name}  "
            f"({counts['stakeholders']} stakeholders, {counts['influences']} influence links, "
            f"{counts['relationships']} relationships)"
        )


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    sign_in_link: Annotated[
        bool,
        typer.Option(
            "--sign-in-link",
            help=f"Also give the demo's rep {DEMO_REP.id!r} a new token and print it with "
            "their sign-in link (the old token stops working)",
        ),
    ] = False,
    host: LinkHost = "127.0.0.1",
    port: LinkPort = 8000,
) -> None:
    """Load (or refresh) the demo account `demo`: a 12-person buying committee, owned
    by the rep `liu` (刘洋), who is added as a user if missing. Their token is printed
    only with `--sign-in-link` (or later by `stakegraph user token liu`)."""
    token = new_token() if sign_in_link else None
    with context(ctx).store() as store:
        report = load_demo(store)
        if token is not None:
            store.set_token(DEMO_REP.id, token_hash(token))
        description = store.description
    if token is not None:
        print_token(token, host, port)
    echo(
        f"demo account {DEMO_ACCOUNT.id!r} ready in {description}: {report.rows} rows "
        f"({report.created} new, {report.updated} updated, {report.unchanged} unchanged); "
        f"owned by the rep {DEMO_REP.id!r}"
        + ("" if token else f" (`stakegraph user token {DEMO_REP.id}` gives their sign-in link)")
    )
