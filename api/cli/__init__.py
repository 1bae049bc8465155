"""The `stakegraph` command line, one module per family of commands:
data (import, export, report, survey, accounts, demo), analysis (analyze, pipeline, path,
whatif, portfolio, history, diff), admin (backup, restore, check, user …, forget)
and serve. api/cli/common.py holds the app, the store a command uses and printing.

Exit codes (DESIGN.md): 0 success; 1 a user error (bad file, unknown account,
unreachable store), told in one line per problem on stderr, never a traceback;
2 a usage error (unknown option, missing argument). Errors are turned into exit
codes in exactly one place, `main`, and told in the command's `--lang`.
"""

from __future__ import annotations

import importlib
import logging
import sys

from pydantic import ValidationError

from api.cli.common import app, say
from graph.errors import InvalidInput, StakegraphError, stored_data_message
from graph.i18n import Language, translate

__all__ = ["app", "main"]

for _family in ("data", "analysis", "admin", "serve"):  # registers the commands, in help order
    importlib.import_module(f"api.cli.{_family}")


def _language(args: list[str]) -> Language:
    """The command's `--lang` (`--lang zh` or `--lang=zh`), which its errors follow too."""
    for index, arg in enumerate(args):
        value = args[index + 1] if arg == "--lang" and index + 1 < len(args) else arg
        if arg.startswith("--lang") and value.removeprefix("--lang=") == "zh":
            return "zh"
    return "en"


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI and maps our errors to exit code 1.

    Typer itself handles usage errors (exit 2) and `typer.Exit`.
    """
    # The driver logs connection failures itself; the user gets our one line instead.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    lang = _language(sys.argv[1:] if argv is None else argv)
    try:
        app(args=argv, prog_name="stakegraph")
    except InvalidInput as error:
        for problem in error.problems:
            say(f"stakegraph: {translate(lang, problem)}")
        sys.exit(1)
    except StakegraphError as error:
        say(f"stakegraph: {translate(lang, str(error))}")
        sys.exit(1)
    except ValidationError as error:  # stored data that no longer validates (api/app.py)
        say(f"stakegraph: {stored_data_message(error)}")
        sys.exit(1)
    except KeyboardInterrupt:
        say("stakegraph: interrupted")
        sys.exit(130)
