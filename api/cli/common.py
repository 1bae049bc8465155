"""What every command shares: the Typer app, the store a command works on, the
options several commands take, and the one way the CLI prints.

Every line the CLI prints goes through `echo` (stdout) or `say` (stderr), so user
text (names, notes, ids, file names) reaches a terminal only through
`terminal_safe`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, TextIO

import typer

from api.settings import Settings
from graph.analysis.params import AnalysisParams
from graph.errors import validating
from graph.history import cli_actor
from graph.model import AccountGraph
from graph.store import GraphStore, open_store
from graph.vocabulary import Language

app = typer.Typer(
    name="stakegraph",
    help="Map a client's decision chain: who decides, who influences whom, and how well we know them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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
            yield opened.acting_as(cli_actor(self.settings.actor))
        finally:
            opened.close()

    def account_graph(self, account_id: str) -> AccountGraph:
        with self.store() as store:
            return store.account_graph(account_id)


def context(ctx: typer.Context) -> Context:
    found: Context = ctx.ensure_object(Context)
    return found


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
    with validating():  # a bad environment variable is a user error, named
        settings = Settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    ctx.obj = Context(settings=settings)


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


def echo(text: str, *, err: bool = False) -> None:
    """Every line the CLI prints: user text (names, notes, ids) reaches the terminal
    only through `terminal_safe`."""
    typer.echo(terminal_safe(text), err=err)


def say(text: str) -> None:
    echo(text, err=True)


def print_json(document: object) -> None:
    echo(json.dumps(document, ensure_ascii=False, indent=2))


def analysis_params(half_life: float | None, lang: Language = "en") -> AnalysisParams:
    with validating():
        return AnalysisParams(lang=lang, **({"half_life_days": half_life} if half_life else {}))


ExplainIn = Annotated[
    Language, typer.Option("--lang", help="Language of the explanations and headings: en or zh")
]
HalfLife = Annotated[
    float | None,
    typer.Option("--half-life", help="Days for warmth to halve without contact (default 90)"),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]
AccountArg = Annotated[str, typer.Argument(help="Account id")]


class PortfolioProgress:
    """One self-overwriting line on a terminal while portfolio rows are computed (as
    the import's): 'computing portfolio rows: 250 of 2,000 accounts'."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        self._stream.write(f"\r\x1b[Kcomputing portfolio rows: {done:,} of {total:,} accounts")
        self._stream.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


@contextmanager
def portfolio_progress(*, as_json: bool) -> Iterator[PortfolioProgress | None]:
    """The progress line on stderr when it is a terminal (and the output is not JSON),
    cleared at the end; None otherwise."""
    progress = PortfolioProgress(sys.stderr) if sys.stderr.isatty() and not as_json else None
    try:
        yield progress
    finally:
        if progress is not None:
            progress.done()
