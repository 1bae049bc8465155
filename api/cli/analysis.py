"""Commands that read an account's analyses and history: analyze, path, whatif,
portfolio, history, diff; and undo, which reverts one write of that history. The
text they print is visualize/text.py's."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import (
    AccountArg,
    AsJson,
    ExplainIn,
    HalfLife,
    analysis_params,
    app,
    context,
    echo,
    portfolio_progress,
    print_json,
)
from api.services.analysis import analysis_of, path_to, portfolio_of, what_if
from api.services.deals import deal_analysis_of, pipeline_of
from api.services.history import analysis_at, changes_between, parse_moment
from graph.analysis.pipeline import SORT_KEYS
from graph.errors import InvalidInput
from graph.names import names_in_history, person_or_member_id, stakeholder_id
from visualize.deal_text import deal_report, pipeline_lines
from visualize.text import analysis_report, describe_change, portfolio_lines, what_if_lines


@app.command("analyze")
def analyze_command(
    ctx: typer.Context,
    account: AccountArg,
    as_json: AsJson = False,
    half_life: HalfLife = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="A date or ISO-8601 timestamp: the account as it was then"),
    ] = None,
    lang: ExplainIn = "en",
    deal: Annotated[
        str | None,
        typer.Option("--deal", help="One deal of the account: an id or a unique name"),
    ] = None,
) -> None:
    """Who decides, who influences them, where our coverage is thin, and what to do next;
    with --deal, the deal's buying committee, bodies, competitors and MEDDPICC scorecard."""
    if deal is not None:
        when = parse_moment(as_of, "--as-of") if as_of is not None else None
        with context(ctx).store() as store:
            found = deal_analysis_of(
                store, account, deal, analysis_params(half_life, lang), when=when
            )
        if as_json:
            print_json(found.model_dump(mode="json"))
        else:
            echo(deal_report(found, lang))
        return
    with context(ctx).store() as store:
        if as_of is not None:
            analysis = analysis_at(store, account, parse_moment(as_of, "--as-of"), lang=lang)
        else:
            analysis = analysis_of(store, account, analysis_params(half_life, lang))
    if as_json:
        print_json(analysis.model_dump(mode="json"))
    else:
        echo(analysis_report(analysis, lang))


@app.command("path")
def path_command(
    ctx: typer.Context,
    account: AccountArg,
    to: Annotated[str, typer.Option("--to", help="Stakeholder to reach: an id or a unique name")],
    as_json: AsJson = False,
    lang: ExplainIn = "en",
) -> None:
    """The warmest introduction route from our team to a stakeholder."""
    graph = context(ctx).account_graph(account)
    route = path_to(graph, stakeholder_id(graph, to), analysis_params(None, lang))
    if as_json:
        print_json(route.model_dump(mode="json"))
    else:
        echo(route.explanation)


@app.command("whatif")
def whatif_command(
    ctx: typer.Context,
    account: AccountArg,
    remove: Annotated[
        str, typer.Option("--remove", help="Stakeholder or team member: an id or a unique name")
    ],
    as_json: AsJson = False,
    lang: ExplainIn = "en",
) -> None:
    """Coverage and gaps if a stakeholder or a team member left."""
    graph = context(ctx).account_graph(account)
    outcome = what_if(graph, person_or_member_id(graph, remove), analysis_params(None, lang))
    if as_json:
        print_json(outcome.model_dump(mode="json"))
        return
    opened = [gap.explanation for gap in outcome.gaps_opened]
    closed = [gap.explanation for gap in outcome.gaps_closed]
    for line in what_if_lines(outcome.explanation, opened, closed, lang):
        echo(line)


@app.command("portfolio")
def portfolio_command(ctx: typer.Context, as_json: AsJson = False, lang: ExplainIn = "en") -> None:
    """Coverage, health and risk of every account, and per rep (risk explained in `--lang`)."""
    with context(ctx).store() as store, portfolio_progress(as_json=as_json) as progress:
        overview = portfolio_of(store, analysis_params(None, lang), progress=progress)
    if as_json:
        print_json(overview.model_dump(mode="json"))
        return
    for line in portfolio_lines(overview, lang):
        echo(line)


@app.command("pipeline")
def pipeline_command(
    ctx: typer.Context,
    as_json: AsJson = False,
    lang: ExplainIn = "en",
    sort: Annotated[
        str, typer.Option("--sort", help="qualification (default), " + ", ".join(SORT_KEYS[1:]))
    ] = "qualification",
) -> None:
    """Open deals by stage with qualification, coverage and competitor exposure; closed
    deals' figures at close against their outcome."""
    if sort not in SORT_KEYS:
        raise InvalidInput([f"--sort: {sort[:40]!r} is not one of {', '.join(SORT_KEYS)}"])
    with context(ctx).store() as store:
        overview = pipeline_of(store, analysis_params(None, lang), sort=sort)
    if as_json:
        print_json(overview.model_dump(mode="json"))
        return
    for line in pipeline_lines(overview, lang):
        echo(line)


@app.command("history")
def history_command(
    ctx: typer.Context,
    account: AccountArg,
    since: Annotated[
        str | None, typer.Option("--since", help="A date or ISO-8601 timestamp")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Every recorded change to an account: when, who, what, before and after."""
    moment = parse_moment(since, "--since") if since else None
    with context(ctx).store() as store:
        changes = store.history(account, moment)
        graph = store.account_graph(account)
    if as_json:
        print_json([change.model_dump(mode="json") for change in changes])
        return
    # people by name, also those deleted since (named by their history records)
    names = names_in_history(graph, changes)
    for change in changes:
        echo(
            f"{change.at:%Y-%m-%d %H:%M:%S} v{change.version} {change.actor}: "
            f"{describe_change(change, names)}"
        )
    if not changes:
        echo("no changes recorded" + (f" since {since}" if since else ""))


@app.command("undo")
def undo_command(
    ctx: typer.Context,
    account: AccountArg,
    version: Annotated[
        int, typer.Argument(min=1, help="The write to undo: its version, as `history` shows (v42)")
    ],
) -> None:
    """Undo one recorded write: what it created is deleted, what it deleted re-created,
    what it updated restored. The undo is recorded too (undo it to redo)."""
    with context(ctx).store() as store:
        report = store.revert(account, version)
    echo(
        f"undid v{version} of {account!r}: {report.created} re-created, {report.updated} "
        f"restored, {report.deleted} deleted (now v{report.version})"
    )


@app.command("diff")
def diff_command(
    ctx: typer.Context,
    account: AccountArg,
    since: Annotated[str, typer.Option("--from", help="A date or ISO-8601 timestamp")],
    until: Annotated[str, typer.Option("--to", help="A date or ISO-8601 timestamp")],
    as_json: AsJson = False,
    lang: ExplainIn = "en",
) -> None:
    """What changed between two moments: people, stances, relationships, coverage, gaps."""
    start, end = parse_moment(since, "--from"), parse_moment(until, "--to")
    with context(ctx).store() as store:
        changes = changes_between(
            store, account, start, end, lang=lang, names=("--from", "--to")
        )
    if as_json:
        print_json(changes.model_dump(mode="json"))
        return
    for sentence in changes.changes:
        echo(sentence)
