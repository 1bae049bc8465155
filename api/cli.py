"""The `stakegraph` command line.

Exit codes (DESIGN.md): 0 success; 1 a user error (bad file, unknown account,
unreachable store), told in one line per problem on stderr, never a traceback;
2 a usage error (unknown option, missing argument). Errors are turned into exit
codes in exactly one place, `main`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError

from api import services
from api.services import ExportFormat
from api.settings import Settings
from graph.analysis import wording
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis
from graph.errors import InvalidInput, StakegraphError, describe_validation_error
from graph.history import ERASURE_KIND, Change, cli_actor
from graph.model import Account, AccountGraph
from graph.store import GraphStore, open_store
from graph.users import User, UserRole, new_token, token_hash
from graph.vocabulary import Language, Tier, display_label
from importers.activity import ActivityOptions, read_opt_out
from importers.dates import parse_date
from importers.formats import ImportFormat
from importers.report import BundleError, ImportReport
from importers.survey import SurveyFormat
from visualize.formats import bundle_files

if TYPE_CHECKING:
    import uvicorn

app = typer.Typer(
    name="stakegraph",
    help="Map a client's decision chain: who decides, who influences whom, and how well we know them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DEMO_ACCOUNT = Account(
    id="demo",
    name="华东能源集团 East China Energy Group (demo)",
    industry="Energy / 能源",
    region="East China",
    tier=Tier.strategic,
    owner="rep-liu",
    team=("rep-liu", "se-xu"),
)


@dataclass
class Context:
    settings: Settings

    @contextmanager
    def store(self) -> Iterator[GraphStore]:
        """The configured store, closed again when the command is done with it."""
        opened = open_store(
            self.settings.store,
            user=self.settings.neo4j_user,
            password=self.settings.neo4j_password,
            database=self.settings.neo4j_database,
        )
        try:
            yield opened.acting_as(cli_actor())
        finally:
            opened.close()

    def account_graph(self, account_id: str) -> AccountGraph:
        with self.store() as store:
            return store.account_graph(account_id)


def _context(ctx: typer.Context) -> Context:
    found: Context = ctx.ensure_object(Context)
    return found


_UNSAFE_FOR_TERMINALS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""C0 and C1 control characters but newline and tab (ESC starts the sequences that
set a window title or clear the screen; U+009B is an 8-bit CSI), and the Unicode
bidirectional controls that reorder what a line appears to say."""


def terminal_safe(text: str) -> str:
    """`text` with every character of `_UNSAFE_FOR_TERMINALS` written as a `\\uXXXX`
    escape: visible in a terminal, and still the same string inside JSON."""
    return _UNSAFE_FOR_TERMINALS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _echo(text: str, *, err: bool = False) -> None:
    """Every line the CLI prints: user text (names, notes, ids) reaches the terminal
    only through `terminal_safe`."""
    typer.echo(terminal_safe(text), err=err)


def _say(text: str) -> None:
    _echo(text, err=True)


@app.callback()
def options(
    ctx: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Store URL: sqlite:///path.db (default: the user's data folder) or neo4j://host:7687."
            " Also STAKEGRAPH_STORE.",
        ),
    ] = None,
) -> None:
    settings = Settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    ctx.obj = Context(settings=settings)


def _params(half_life: float | None, lang: Language = "en") -> AnalysisParams:
    return AnalysisParams(lang=lang, **({"half_life_days": half_life} if half_life else {}))


ExplainIn = Annotated[
    Language, typer.Option("--lang", help="Language of the explanations and headings: en or zh")
]


HalfLife = Annotated[
    float | None,
    typer.Option("--half-life", help="Days for warmth to halve without contact (default 90)"),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _print_import_report(report: ImportReport, *, as_json: bool, dry_run: bool) -> None:
    if as_json:
        document = report.model_dump(mode="json")
        document["errors"] = [{**e.model_dump(mode="json"), "text": str(e)} for e in report.errors]
        _echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for warning in report.warnings:
        _say(f"stakegraph: warning: {warning}")
    if report.errors:
        for error in report.errors:
            _say(f"stakegraph: {error}")
        return
    verb = "would write" if dry_run else "wrote"
    _echo(
        f"read {report.rows} rows from {', '.join(report.files)}; {verb} "
        f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged"
    )


@app.command("import")
def import_command(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help=(
                "A bundle (folder, .zip, .xlsx or stakeholders .csv), a Salesforce or "
                "HubSpot contacts export, or node-link .json"
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
    with _context(ctx).store() as store:
        report = services.import_bundle(
            store,
            path,
            account_id=account,
            dry_run=dry_run,
            format=format,
            progress=progress,
            activity=activity,
        )
    if progress is not None:
        progress.done()
    _print_import_report(report, as_json=as_json, dry_run=dry_run)
    if report.errors:
        if not as_json:
            count = len(report.errors)
            _say(f"stakegraph: nothing was written ({count} {'problem' if count == 1 else 'problems'})")
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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _write_atomically(output: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a failed export leaves no partial file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; exports are not
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_folder_atomically(folder: Path, files: dict[str, str]) -> None:
    """Write the files into a new folder built beside it and renamed into place."""
    if folder.exists() and any(folder.iterdir()):
        raise InvalidInput([f"{folder} exists and is not empty; name a new folder or a .zip"])
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name, text in files.items():
            (building / name).write_text(text, encoding="utf-8", newline="")
        os.chmod(building, 0o777 & ~_umask())
        if folder.exists():
            folder.rmdir()
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


Lang = Annotated[
    Language, typer.Option("--lang", help="Language of labels in maps and pictures: en or zh")
]


@app.command("export")
def export_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
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
) -> None:
    """Export an account: an influence map (html, svg, png) or its data (graphml, gexf, json, csv, cypher)."""
    graph = _context(ctx).account_graph(account)
    target = Path(output)
    try:
        if format is ExportFormat.csv and output != "-" and target.suffix.lower() != ".zip":
            _write_folder_atomically(target, bundle_files(graph, lang=lang))
            _say(f"wrote {output}/ ({len(graph.stakeholders)} stakeholders)")
            return
        exported = services.export_account(graph, format, params=_params(half_life), lang=lang)
        if output == "-":
            sys.stdout.buffer.write(exported.data)
            sys.stdout.flush()
            return
        _write_atomically(target, exported.data)
    except OSError as error:
        raise InvalidInput([f"cannot write {output}: {error.strerror or error}"]) from error
    _say(f"wrote {output} ({len(graph.stakeholders)} stakeholders, {len(exported.data):,} bytes)")


def _write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for, whole or not at all; a failure is a user error."""
    try:
        _write_atomically(path, data)
    except OSError as error:
        raise InvalidInput([f"cannot write {path}: {error.strerror or error}"]) from error


@app.command("report")
def report_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    output: Annotated[Path, typer.Option("--output", help="FILE.html or FILE.pdf")],
    lang: Annotated[
        Language, typer.Option("--lang", help="Language of the report: en or zh")
    ] = "en",
    half_life: HalfLife = None,
) -> None:
    """The account relationship report for a quarterly review: map, trends, risk, actions."""
    try:
        format = services.ReportFormat(output.suffix.lower().lstrip("."))
    except ValueError:
        raise InvalidInput([f"{output.name}: a report is written as .html or .pdf"]) from None
    with _context(ctx).store() as store:
        report = services.account_report(
            store, account, format, params=_params(half_life), lang=lang
        )
    _write_output(output, report.data)
    _say(f"wrote {output} ({len(report.data):,} bytes)")


@app.command("survey")
def survey_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
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
    graph = _context(ctx).account_graph(account)
    survey, people = services.survey_export(
        graph, format, lang=lang, stakeholders=stakeholder, supplier=supplier
    )
    _write_output(output, survey.data)
    _say(f"wrote {output} (a questionnaire for each of {people} stakeholders)")


@app.command("accounts")
def accounts_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the accounts in the store with what each holds."""
    with _context(ctx).store() as store:
        summaries = store.list_accounts()
    if as_json:
        _echo(
            json.dumps([s.model_dump(mode="json") for s in summaries], ensure_ascii=False, indent=2)
        )
        return
    if not summaries:
        _echo(
            "no accounts yet: run `stakegraph demo` or `stakegraph import PATH --account ID`"
        )
    for summary in summaries:
        counts = summary.counts
        _echo(
            f"{summary.account.id:<20} {summary.account.name}  "
            f"({counts['stakeholders']} stakeholders, {counts['influences']} influence links, "
            f"{counts['relationships']} relationships)"
        )


def _print_json(document: object) -> None:
    _echo(json.dumps(document, ensure_ascii=False, indent=2))


REPORT_WORDS: dict[Language, dict[str, str]] = {
    "en": {
        "as_of": "as of",
        "coverage": "coverage",
        "single": " (single-threaded)",
        "health": "health",
        "unknown": "unknown",
        "trend": " (trend {trend:+.1f})",
        "risk": "risk",
        "people": "key people            power  stance     warmth  roles",
        "hidden": "hidden influencers: ",
        "brokers": "brokers: ",
        "chain": "decision chain: ",
        "dimensions": "relationship (latest, of 5): ",
        "gaps": "gaps:",
        "none": "none",
        "churn": "churn risk: ",
        "actions": "top actions:",
    },
    "zh": {
        "as_of": "截至",
        "coverage": "覆盖",
        "single": "（单线联系）",
        "health": "关系健康度",
        "unknown": "未知",
        "trend": "（趋势 {trend:+.1f}）",
        "risk": "流失风险",
        "people": "关键人物             影响力  立场       热度  角色",
        "hidden": "隐性影响者：",
        "brokers": "桥梁人物：",
        "chain": "决策链：",
        "dimensions": "关系评分（最新，满分 5）：",
        "gaps": "缺口：",
        "none": "无",
        "churn": "流失风险：",
        "actions": "优先行动：",
    },
}


def _padded(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns: a Chinese character takes two."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - used)


def _analysis_report(analysis: AccountAnalysis, lang: Language = "en") -> str:
    """The readable `analyze` report: key people, gaps, top five actions."""
    words = REPORT_WORDS[lang]
    people = {p.id: p for p in analysis.stakeholders}
    health = analysis.health
    listed = wording.separator(lang, "list")
    lines = [
        f"{analysis.account.name} — {words['as_of']} {analysis.as_of}",
        f"{words['coverage']} {analysis.coverage.score:.2f}"
        + (words["single"] if analysis.coverage.single_threaded else "")
        + f" · {words['health']} "
        + (f"{health.score:.0f}/100" if health.score is not None else words["unknown"])
        + (words["trend"].format(trend=health.trend) if health.trend is not None else "")
        + f" · {words['risk']} {wording.risk_level(lang, health.risk.level)}",
        "",
        words["people"],
    ]
    for pid in analysis.key_decision_makers:
        p = people[pid]
        roles = listed.join(display_label(role, lang) for role in p.roles) or "-"
        stance = display_label(p.stance, lang)
        lines.append(
            f"  {_padded(p.name, 18)} {p.power:5.2f}  {_padded(stance, 9)} {p.warmth:6.2f}  {roles}"
        )
    if analysis.hidden_influencers:
        lines.append(
            words["hidden"] + listed.join(people[i].name for i in analysis.hidden_influencers)
        )
    if analysis.brokers:
        lines.append(words["brokers"] + listed.join(people[i].name for i in analysis.brokers))
    if analysis.decision_chain.layers:
        chain = "  ←  ".join(
            listed.join(people[i].name for i in layer) for layer in analysis.decision_chain.layers
        )
        lines.append(words["chain"] + chain)
    latest = {name: periods[max(periods)] for name, periods in health.dimensions.items() if periods}
    if latest:
        lines.append(
            words["dimensions"]
            + " · ".join(
                f"{wording.dimension(lang, name)} {value:.1f}" for name, value in latest.items()
            )
        )
    gaps = [f"  - {gap.explanation}" for gap in analysis.coverage.gaps]
    lines += ["", words["gaps"], *(gaps or [f"  {words['none']}"])]
    lines += ["", words["churn"] + wording.risk_level(lang, health.risk.level)]
    lines += [
        f"  - ({wording.risk_level(lang, s.level)}) {s.explanation}" for s in health.risk.signals
    ]
    lines += ["", words["actions"]]
    lines += [
        f"  {n}. {action.explanation}" for n, action in enumerate(analysis.actions[:5], start=1)
    ]
    return "\n".join(lines)


@app.command("analyze")
def analyze_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    as_json: AsJson = False,
    half_life: HalfLife = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="A date or ISO-8601 timestamp: the account as it was then"),
    ] = None,
    lang: ExplainIn = "en",
) -> None:
    """Who decides, who influences them, where our coverage is thin, and what to do next."""
    with _context(ctx).store() as store:
        if as_of is not None:
            analysis = services.analysis_at(
                store, account, services.parse_moment(as_of, "--as-of"), lang=lang
            )
        else:
            analysis = services.analysis_of(store, account, _params(half_life, lang))
    if as_json:
        _print_json(analysis.model_dump(mode="json"))
    else:
        _echo(_analysis_report(analysis, lang))


@app.command("path")
def path_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    to: Annotated[str, typer.Option("--to", help="Stakeholder id to reach")],
    as_json: AsJson = False,
    lang: ExplainIn = "en",
) -> None:
    """The warmest introduction route from our team to a stakeholder."""
    route = services.path_to(_context(ctx).account_graph(account), to, _params(None, lang))
    if as_json:
        _print_json(route.model_dump(mode="json"))
    else:
        _echo(route.explanation)


@app.command("whatif")
def whatif_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    remove: Annotated[str, typer.Option("--remove", help="Stakeholder or team member id")],
    as_json: AsJson = False,
    lang: ExplainIn = "en",
) -> None:
    """Coverage and gaps if a stakeholder or a team member left."""
    outcome = services.what_if(_context(ctx).account_graph(account), remove, _params(None, lang))
    if as_json:
        _print_json(outcome.model_dump(mode="json"))
        return
    _echo(outcome.explanation)
    for gap in outcome.gaps_opened:
        _echo(f"  opens: {gap.explanation}")
    for gap in outcome.gaps_closed:
        _echo(f"  closes: {gap.explanation}")


@app.command("portfolio")
def portfolio_command(ctx: typer.Context, as_json: AsJson = False, lang: ExplainIn = "en") -> None:
    """Coverage, health and risk of every account, and per rep (risk explained in `--lang`)."""
    with _context(ctx).store() as store:
        overview = services.portfolio_of(store, _params(None, lang))
    if as_json:
        _print_json(overview.model_dump(mode="json"))
        return
    _echo(
        "account              coverage  health  risk    trust  satis  comm   loyal  single  owner"
    )
    for row in overview.accounts:
        health = f"{row.health:6.0f}" if row.health is not None else "     -"
        scores = "  ".join(
            f"{value:5.1f}" if value is not None else "    -"
            for value in (row.trust, row.satisfaction, row.communication, row.loyalty)
        )
        _echo(
            f"{row.account:<20} {row.coverage:8.2f}  {health}  {row.risk:<6}  {scores}  "
            f"{'yes' if row.single_threaded else 'no':<6}  {row.owner or '-'}"
        )
        if row.risk != "low":
            _echo(f"  {row.risk_explanation}")
    for rep in overview.reps:
        _echo(
            f"rep {rep.owner}: {rep.accounts} accounts, mean coverage {rep.mean_coverage:.2f}, "
            f"{rep.high_risk} high risk, {rep.single_threaded} single-threaded"
        )


@app.command("demo")
def demo_command(ctx: typer.Context) -> None:
    """Load (or refresh) the demo account `demo`: a 12-person buying committee."""
    with _context(ctx).store() as store:
        store.upsert_account(DEMO_ACCOUNT)
        with resources.as_file(resources.files("importers") / "demo") as folder:
            report = services.import_bundle(store, folder, account_id=DEMO_ACCOUNT.id)
        description = store.description
    if report.errors:  # the shipped demo is tested; this would be a packaging fault
        raise InvalidInput([str(error) for error in report.errors])
    _echo(
        f"demo account {DEMO_ACCOUNT.id!r} ready in {description}: {report.rows} rows "
        f"({report.created} new, {report.updated} updated, {report.unchanged} unchanged)"
    )


@app.command("history")
def history_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    since: Annotated[
        str | None, typer.Option("--since", help="A date or ISO-8601 timestamp")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Every recorded change to an account: when, who, what, before and after."""
    moment = services.parse_moment(since, "--since") if since else None
    with _context(ctx).store() as store:
        changes = store.history(account, moment)
    if as_json:
        _print_json([change.model_dump(mode="json") for change in changes])
        return
    for change in changes:
        _echo(
            f"{change.at:%Y-%m-%d %H:%M:%S} v{change.version} {change.actor}: {describe_change(change)}"
        )
    if not changes:
        _echo("no changes recorded" + (f" since {since}" if since else ""))


def describe_change(change: Change) -> str:
    """`updated stakeholder 'zhou': title 'CEO' → 'Chair'`."""
    if change.kind == ERASURE_KIND:
        return f"erased the personal data of stakeholder {'/'.join(change.key)!r}"
    what = f"{change.action} {change.kind.removesuffix('s')} {'/'.join(change.key)!r}"
    if change.before is None or change.after is None:
        return what
    fields = [
        f"{name} {change.before.get(name)!r} → {change.after.get(name)!r}"
        for name in sorted(change.after)
        if change.before.get(name) != change.after.get(name)
    ]
    return what + (": " + "; ".join(fields) if fields else "")


@app.command("diff")
def diff_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    since: Annotated[str, typer.Option("--from", help="A date or ISO-8601 timestamp")],
    until: Annotated[str, typer.Option("--to", help="A date or ISO-8601 timestamp")],
    as_json: AsJson = False,
    lang: ExplainIn = "en",
) -> None:
    """What changed between two moments: people, stances, relationships, coverage, gaps."""
    start, end = services.parse_moment(since, "--from"), services.parse_moment(until, "--to")
    with _context(ctx).store() as store:
        changes = services.changes_between(store, account, start, end, lang=lang)
    if as_json:
        _print_json(changes.model_dump(mode="json"))
        return
    for sentence in changes.changes:
        _echo(sentence)


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", help="File to write (JSON)")],
) -> None:
    """Write every account and user of the store to one portable file."""
    with _context(ctx).store() as store:
        document = services.backup_document(store)
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    try:
        _write_atomically(output, text.encode("utf-8"))
    except OSError as error:
        raise InvalidInput([f"cannot write {output}: {error.strerror or error}"]) from error
    _say(f"wrote {output}: {len(document['accounts'])} accounts, {len(document['users'])} users")


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A file `stakegraph backup` wrote")],
) -> None:
    """Restore a backup into an empty store (SQLite or Neo4j): how you move between them."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput([f"cannot read {path}: {error.strerror or error}"]) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput([f"{path} is not a stakegraph backup: {error}"]) from error
    with _context(ctx).store() as store:
        users, accounts = services.restore_document(store, document)
        description = store.description
    _echo(f"restored {accounts} accounts and {users} users into {description}")


@app.command("check")
def check_command(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Find what breaks the rules in the store (direct database edits): dangling links,
    reporting cycles, entities stored twice. Exit 1 when anything is found."""
    with _context(ctx).store() as store:
        problems = services.integrity_problems(store)
        accounts = len(store.list_accounts())
    if as_json:
        _print_json(problems)
    else:
        for account_id, lines in problems.items():
            for line in lines:
                _echo(f"{account_id}: {line}")
        if not problems:
            _echo(f"checked {accounts} accounts: no problems")
    if problems:
        raise typer.Exit(1)


user_app = typer.Typer(help="Users who sign in to the web app and API.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add_command(
    ctx: typer.Context,
    user_id: Annotated[
        str, typer.Argument(metavar="ID", help="User id (may equal a team member id)")
    ],
    role: Annotated[UserRole, typer.Option("--role", help="admin, manager or rep")] = UserRole.rep,
    name: Annotated[str, typer.Option("--name", help="Display name")] = "",
) -> None:
    """Add a user and print their API token, once (only its hash is stored)."""
    token = new_token()
    with _context(ctx).store() as store:
        store.add_user(User(id=user_id, name=name, role=role), token_hash(token))
    _echo(token)
    _say(f"user {user_id!r} ({role.value}) added; the line above is their token, shown only now")


@user_app.command("token")
def user_token_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
) -> None:
    """Give a user a new token (the old one stops working) and print it once."""
    token = new_token()
    with _context(ctx).store() as store:
        store.set_token(user_id, token_hash(token))
    _echo(token)
    _say(f"new token for {user_id!r}; the old one no longer works")


@user_app.command("list")
def user_list_command(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Users and their roles (never their tokens)."""
    with _context(ctx).store() as store:
        users = store.list_users()
    if as_json:
        _print_json([user.model_dump(mode="json") for user in users])
        return
    for user in users:
        status = "active" if user.active else "inactive"
        _echo(f"{user.id}\t{user.role.value}\t{user.name}\t{status}")


NewOwner = Annotated[
    str | None,
    typer.Option("--owner", help="User who takes over the accounts this user owns"),
]


def _say_handed_over(transferred: list[str], new_owner: str | None) -> None:
    if transferred:
        _say(f"accounts {', '.join(transferred)} now belong to {new_owner!r}")


@user_app.command("deactivate")
def user_deactivate_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
    owner: NewOwner = None,
) -> None:
    """Deactivate a user: every session of theirs ends at once; their accounts go to --owner."""
    with _context(ctx).store() as store:
        done = store.change_user(user_id, active=False, new_owner=owner)
    _echo(f"user {user_id!r} deactivated: their token no longer works")
    _say_handed_over(done.transferred, owner)


@user_app.command("activate")
def user_activate_command(
    ctx: typer.Context, user_id: Annotated[str, typer.Argument(metavar="ID")]
) -> None:
    """Reactivate a user: their token works again (accounts handed over stay handed over)."""
    with _context(ctx).store() as store:
        store.change_user(user_id, active=True)
    _echo(f"user {user_id!r} is active again")


@user_app.command("delete")
def user_delete_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
    owner: NewOwner = None,
) -> None:
    """Delete a user: their accounts go to --owner, and they leave every account's team."""
    with _context(ctx).store() as store:
        done = store.delete_user(user_id, new_owner=owner)
    _echo(f"user {user_id!r} deleted")
    _say_handed_over(done.transferred, owner)


@user_app.command("role")
def user_role_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
    role: Annotated[UserRole, typer.Argument(metavar="ROLE", help="admin, manager or rep")],
) -> None:
    """Change a user's role (from their next request on)."""
    with _context(ctx).store() as store:
        store.change_user(user_id, role=role)
    _echo(f"user {user_id!r} is now {role.value}")


@app.command("forget")
def forget_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    stakeholder: Annotated[str, typer.Argument(help="Stakeholder id")],
) -> None:
    """Erase a stakeholder's personal data everywhere in the store, history included
    (PIPL art. 47, GDPR art. 17); their links stay under a neutral id. Cannot be undone."""
    with _context(ctx).store() as store:
        report = store.erase_stakeholder(account, stakeholder)
    _echo(
        f"erased the personal data of stakeholder {stakeholder!r} in account {account!r}: "
        f"they are now {report.stakeholder!r} ({report.history_records_rewritten} history "
        f"records rewritten, {report.notes_cleared} notes cleared, {report.texts_masked} "
        "mentions masked)"
    )
    _say(
        "stakegraph: warning: backups made before now still hold this person: delete them, "
        "or replace them with a new `stakegraph backup`"
    )


def sign_in_link(host: str, port: int, token: str) -> str:
    """The token rides in the fragment: browsers never send it, so no log records it."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - a comparison
    return f"http://{shown}:{port}/signin#token={token}"


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="Comma-separated addresses of reverse proxies whose X-Forwarded-For "
            "and X-Forwarded-Proto are trusted (default: none; '*' trusts every peer)",
        ),
    ] = "",
) -> None:
    """Run the web app and the HTTP API. On a store without users, creates an admin and
    prints a sign-in link.

    The client address (for the bad-token limit) is the connection's peer unless it is
    one of `--forwarded-allow-ips`: uvicorn's own default trusts X-Forwarded-For from
    127.0.0.1, which lets any local client pick the address it is counted under."""
    import uvicorn

    from api.app import create_app

    context = _context(ctx)
    with context.store() as store:
        if not store.list_users():
            token = new_token()
            store.add_user(
                User(id="admin", name="Administrator", role=UserRole.admin), token_hash(token)
            )
            _echo(
                f"created the first user, 'admin'. Sign in at:\n  {sign_in_link(host, port, token)}"
            )
        else:
            _echo(
                f"open http://{host}:{port}/ and sign in with your token "
                "(stakegraph user token ID gives a user a new one)"
            )
        description = store.description
    _echo(f"serving {description} on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops")
    uvicorn.Server(
        server_config(
            create_app(context.settings),
            host=host,
            port=port,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    ).run()


def server_config(
    app: Any, *, host: str, port: int, forwarded_allow_ips: str = ""
) -> uvicorn.Config:
    """How `serve` runs the app: proxy headers are read only from the proxies named."""
    import uvicorn

    trusted = forwarded_allow_ips.strip()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI and maps our errors to exit code 1.

    Typer itself handles usage errors (exit 2) and `typer.Exit`.
    """
    # The driver logs connection failures itself; the user gets our one line instead.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    try:
        app(args=argv, prog_name="stakegraph")
    except InvalidInput as error:
        for problem in error.problems:
            _say(f"stakegraph: {problem}")
        sys.exit(1)
    except StakegraphError as error:
        _say(f"stakegraph: {error}")
        sys.exit(1)
    except ValidationError as error:
        for line in describe_validation_error(error):
            _say(f"stakegraph: {line}")
        sys.exit(1)
    except KeyboardInterrupt:
        _say("stakegraph: interrupted")
        sys.exit(130)
