"""The errors stakegraph raises, and nothing else.

Stores and the domain raise these; `api/` maps them to HTTP status codes and the
CLI to exit codes, each in exactly one place. Every message is one line a user can
act on: it names the file, row, field or entity and says what was expected.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class StakegraphError(Exception):
    """Base of every error a user may see."""


class NotFound(StakegraphError):
    """An account or entity does not exist (or is not visible to the caller)."""


class Conflict(StakegraphError):
    """The change clashes with the current state (e.g. a stale version)."""


class CreatedMeanwhile(Conflict):
    """Another writer created the account this write meant to create (a store retries once)."""


def account_not_found(account_id: str) -> NotFound:
    """The one answer for an account that is missing or that the caller may not see."""
    return NotFound(f"account {account_id!r} does not exist")


def account_id_unavailable(account_id: str) -> NotFound:
    """Creating an account whose id is taken by one the caller may not see: 404 as every
    route answers for it, saying no more than that the id cannot be used."""
    return NotFound(f"account {account_id!r} does not exist and its id cannot be used: choose another id")


class Forbidden(StakegraphError):
    """The caller may see this but not do this (a manager editing someone else's account)."""


class Unauthenticated(StakegraphError):
    """No credentials, or credentials that match no user."""


class InvalidInput(StakegraphError):
    """Input that breaks a rule of the domain; `problems` lists every one found.

    The message is the first problem plus a count of the rest, so it fits on one
    line; callers that can show more (import reports, the API) use `problems`.
    """

    def __init__(self, problems: list[str], *, message: str | None = None) -> None:
        if not problems:
            raise ValueError("InvalidInput needs at least one problem")
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(message or problems[0] + more)


class TooLarge(StakegraphError):
    """The store refused a write for its size (e.g. Neo4j's transaction memory limit)."""


class StoreUnavailable(StakegraphError):
    """The store cannot be reached or refused us (Neo4j down, bad credentials, locked file)."""


def validation_problems(error: ValidationError) -> list[tuple[str, str]]:
    """(field, plain message) for each problem pydantic found."""
    problems = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "value"
        # Our own validators raise ValueError; pydantic prefixes those messages.
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "is required"
        elif item["type"] == "extra_forbidden":
            message = "is not a known field"
        problems.append((field, message))
    return problems


def describe_validation_error(error: ValidationError, *, where: str = "") -> list[str]:
    """Turn a pydantic error into one plain line per problem: `where: field: message`."""
    prefix = f"{where}: " if where else ""
    return [f"{prefix}{field}: {message}" for field, message in validation_problems(error)]


def invalid_input(error: ValidationError) -> InvalidInput:
    """pydantic's error as ours: one problem per field (`field: message`), the first
    one as the message."""
    problems = describe_validation_error(error)
    return InvalidInput(problems, message=problems[0])


def validated(model: type[M], data: Any) -> M:
    """`model.model_validate(data)`, a ValidationError raised as InvalidInput: the
    domain edge where input from users (API bodies, forms, CLI options) becomes
    model objects, so callers see one kind of error."""
    with validating():
        return model.model_validate(data)


@contextmanager
def validating() -> Iterator[None]:
    """A ValidationError raised inside (a model built from user input) as InvalidInput."""
    try:
        yield
    except ValidationError as error:
        raise invalid_input(error) from error


def stored_data_message(error: ValidationError) -> str:
    """One line for data read back from a store that no longer validates (a direct
    edit of the database): where, and what to run."""
    lines = describe_validation_error(error)
    first = lines[0] if lines else str(error).splitlines()[0]
    return (
        f"the store holds data that no longer validates ({first}); "
        "an admin can list every such problem with `stakegraph check`"
    )
