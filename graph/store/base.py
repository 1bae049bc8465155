"""The `GraphStore` surface, and the write logic both backends share.

Every write to an account follows one path, whatever the backend:

1. open a write transaction and lock the account (its `version` is bumped, which
   serialises concurrent writers to one account and gives clients a version to
   compare);
2. read the account's current `AccountGraph`;
3. compute the new graph with a pure function (merge a bundle, delete with
   cascade) and check every cross-entity rule on it (`graph_problems`);
4. write only the difference, or raise `InvalidInput` and roll back.

So a bad row anywhere in a bulk write leaves the store exactly as it was, and the
rules live in `graph/model.py`, not twice in two query languages.
"""

from __future__ import annotations

import builtins
import copy
import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel

from graph.erasure import ErasureReport, erase_person
from graph.errors import (
    Conflict,
    CreatedMeanwhile,
    InvalidInput,
    NotFound,
    account_id_unavailable,
    account_not_found,
)
from graph.history import (
    Change,
    account_change,
    changes_of_write,
    is_compact_creation,
    reverted,
    with_creations_filled,
)
from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountBundle,
    AccountGraph,
    Entity,
    KindDiff,
    WriteReport,
    diff_graphs,
    graph_problems,
    merge_bundle,
    stage_problems,
    without_entity,
)
from graph.users import Offboarding, User, UserRole, authorise_write, can_read

E = TypeVar("E", bound=Entity)
T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


WriteMode = Literal["upsert", "create", "update"]


def _check_version(account_id: str, current: int, expected: int | None) -> None:
    """Optimistic concurrency: refuse a write based on an older version of the account."""
    if expected is not None and expected != current:
        raise Conflict(
            f"account {account_id!r} changed since version {expected} (it is at version "
            f"{current}): reload it and apply your change again"
        )


KEPT_RESULTS = 16
"""Stored analysis results kept per account and kind, newest first: one per analysis
date and language, so the days an account was not written to do not pile up."""


class SavedResult(BaseModel):
    """An analysis result as stored: the account, the version it was computed at, and
    the result's JSON document (opaque to the store)."""

    account_id: str
    version: int
    data: str


class PendingRecord(BaseModel):
    """An upload the web's import page checked, waiting for its user's confirmation:
    who, for which account, read as which format, and where its file is, relative to
    the server's upload folder (shared storage when workers run on several machines).
    Times are wall-clock seconds (every worker must agree on them)."""

    id: str
    user: str
    account_id: str
    format: str
    created: float
    expires: float
    path: str


class FailureCount(BaseModel):
    """Bad tokens within the window before this one: from the address and from
    everyone, with the oldest of each (when the limit lifts); `recorded` when this
    one was under both limits and so counted."""

    address: int
    address_oldest: float | None
    total: int
    total_oldest: float | None
    recorded: bool


class AccountSummary(BaseModel):
    """An account with its write version and how many entities of each kind it holds."""

    account: Account
    version: int
    counts: dict[str, int]


def write_report(
    diffs: Mapping[type[Entity], KindDiff], touched: Mapping[type[Entity], int]
) -> WriteReport:
    """Counts of a write. `touched[kind]` is how many distinct entities the caller
    sent; those neither created nor updated are `unchanged`."""
    report = WriteReport()
    for kind, diff in diffs.items():
        unchanged = max(0, touched.get(kind, 0) - diff.created - diff.updated)
        report.created += diff.created
        report.updated += diff.updated
        report.unchanged += unchanged
        report.deleted += len(diff.deletes)
        report.by_kind[kind.collection] = {
            "created": diff.created,
            "updated": diff.updated,
            "unchanged": unchanged,
            "deleted": len(diff.deletes),
        }
    return report


class _DryRun(Exception):
    """Raised inside a transaction to roll it back after computing its report."""

    def __init__(self, report: WriteReport) -> None:
        self.report = report


def entity_not_found(kind: type[Entity], account_id: str, key: tuple[str, ...]) -> NotFound:
    # Collections are plural English nouns ending in "s": "stakeholders" → "stakeholder".
    return NotFound(
        f"{kind.collection[:-1]} {'/'.join(key)!r} does not exist in account {account_id!r}"
    )


class GraphStore(ABC):
    """What stakegraph needs from a store, and the one surface it declares: domain verbs
    (`upsert_account`, `bulk_upsert`, `account_graph`, `history`, `acting_as` …) built
    on a few backend primitives (the abstract `_…` methods). SQLite and Neo4j both
    subclass it and pass one contract suite.

    Writes are recorded in the account's history as made by `actor` (see
    `acting_as`), in the same transaction as the change itself.

    A backend provides transactions and reading/writing whole kinds; this class
    holds the logic that must be identical on both (validation, cascade, diff).
    """

    # --- backend primitives -------------------------------------------------

    @property
    @abstractmethod
    def description(self) -> str: ...

    @abstractmethod
    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        """Run `work(tx)` in one write transaction; roll back if it raises."""

    @abstractmethod
    def _read_transaction(self, work: Callable[[Any], T]) -> T: ...

    @abstractmethod
    def _load_account(self, tx: Any, account_id: str) -> tuple[Account, int] | None:
        """The account and its version, or None."""

    @abstractmethod
    def _save_account(self, tx: Any, account: Account, *, version: int) -> None: ...

    def _create_account(self, tx: Any, account: Account, *, version: int) -> None:
        """Create an account that `_load_account` found missing in this transaction.

        A backend whose transactions do not serialise writers raises `CreatedMeanwhile`
        when another one created it since (the write is then retried once)."""
        self._save_account(tx, account, version=version)

    @abstractmethod
    def _retired_version(self, tx: Any, account_id: str) -> int:
        """The last version of a deleted account with this id (0 if none was deleted)."""

    @abstractmethod
    def _retire_account(self, tx: Any, account_id: str, version: int) -> None:
        """Remember the last version of an account being deleted (`_retired_version`)."""

    @abstractmethod
    def _lock_account(self, tx: Any, account_id: str) -> bool:
        """Take the account's write lock and bump its version; False if it does not exist."""

    @abstractmethod
    def _load_graph(self, tx: Any, account: Account) -> AccountGraph: ...

    @abstractmethod
    def _write_diff(
        self, tx: Any, account_id: str, diffs: Mapping[type[Entity], KindDiff]
    ) -> None: ...

    @abstractmethod
    def _delete_account(self, tx: Any, account_id: str) -> bool: ...

    @abstractmethod
    def _summaries(self, tx: Any) -> list[AccountSummary]: ...

    @abstractmethod
    def _write_history(self, tx: Any, changes: Iterable[Change]) -> None: ...

    @abstractmethod
    def _load_history(self, tx: Any, account_id: str) -> builtins.list[Change]:
        """The account's changes, oldest first."""

    @abstractmethod
    def _load_first_change(self, tx: Any, account_id: str) -> Change | None:
        """The account's first change, read alone (history can be long)."""

    @abstractmethod
    def _load_user(
        self, tx: Any, *, user_id: str | None = None, token_hash: str | None = None
    ) -> User | None:
        """The user with this id or this token hash, or None."""

    @abstractmethod
    def _save_user(self, tx: Any, user: User, token_hash: str) -> None: ...

    @abstractmethod
    def _load_users(self, tx: Any) -> list[tuple[User, str]]:
        """Every user with their token hash."""

    @abstractmethod
    def _update_user(self, tx: Any, user: User) -> None:
        """Write a user's fields, keeping their token hash."""

    @abstractmethod
    def _delete_user(self, tx: Any, user_id: str) -> None: ...

    @abstractmethod
    def _replace_history(self, tx: Any, account_id: str, changes: Iterable[Change]) -> None:
        """Delete every stored history record of the account and write `changes` instead."""

    @abstractmethod
    def _save_results(
        self, tx: Any, *, kind: str, params: str, results: Sequence[SavedResult], at: float
    ) -> int:
        """Write each result whose account is at its version (under the account's write
        lock, so an erasure or delete in between wins); drop that account's results of
        older versions and all but its `KEPT_RESULTS` latest. How many were written."""

    @abstractmethod
    def _load_results(
        self, tx: Any, *, kind: str, params: str, account_id: str | None
    ) -> builtins.list[SavedResult]:
        """The stored results of `kind` for `params` (of one account, or of all)."""

    @abstractmethod
    def _delete_results(self, tx: Any, account_id: str) -> None:
        """Delete every stored result of the account."""

    @abstractmethod
    def _save_pending(self, tx: Any, record: PendingRecord) -> None: ...

    @abstractmethod
    def _load_pending(self, tx: Any, upload_id: str) -> PendingRecord | None: ...

    @abstractmethod
    def _delete_pending(self, tx: Any, upload_id: str) -> None: ...

    @abstractmethod
    def _expired_pending(self, tx: Any, now: float) -> builtins.list[PendingRecord]:
        """Delete the pending uploads expired at `now`; the records deleted."""

    @abstractmethod
    def _lock_failures(self, tx: Any) -> None:
        """Serialise bad-token counting across processes (until the transaction ends)."""

    @abstractmethod
    def _prune_failures(self, tx: Any, before: float) -> None:
        """Delete the bad tokens recorded at or before `before`."""

    @abstractmethod
    def _failure_stats(
        self, tx: Any, address: str
    ) -> tuple[int, float | None, int, float | None]:
        """(count, oldest) of the bad tokens kept for `address`, then of all."""

    @abstractmethod
    def _add_failure(self, tx: Any, address: str, at: float) -> None: ...

    def _erase_transaction(self, work: Callable[[Any], T]) -> T:
        """The write transaction of an erasure; a backend whose deleted bytes can linger
        (SQLite's free pages and WAL) also scrubs them once it has committed."""
        return self._write_transaction(work)

    @abstractmethod
    def close(self) -> None: ...

    def storage_problems(self) -> dict[str, builtins.list[str]]:
        """Per account, damage only this backend's storage can hold (none by default)."""
        return {}

    # --- users ---------------------------------------------------------------

    def add_user(self, user: User, token_hash: str) -> None:
        def work(tx: Any) -> None:
            if self._load_user(tx, user_id=user.id) is not None:
                raise Conflict(f"user {user.id!r} already exists")
            self._save_user(tx, user, token_hash)

        self._write_transaction(work)

    def set_token(self, user_id: str, token_hash: str) -> None:
        """Replace a user's token (the old one stops working at once)."""

        def work(tx: Any) -> None:
            user = self._load_user(tx, user_id=user_id)
            if user is None:
                raise NotFound(f"user {user_id!r} does not exist")
            self._save_user(tx, user, token_hash)

        self._write_transaction(work)

    def user_for_token(self, token_hash: str) -> User | None:
        """The active user holding this token; None for a deactivated one, so every
        session of theirs ends on its next request."""
        user = self._read_transaction(lambda tx: self._load_user(tx, token_hash=token_hash))
        return user if user is not None and user.active else None

    def list_users(self) -> builtins.list[User]:
        return [user for user, _ in self.users_with_token_hashes()]

    def users_with_token_hashes(self) -> builtins.list[tuple[User, str]]:
        """For backups: the hashes keep everyone's token working after a restore."""
        return sorted(self._read_transaction(self._load_users), key=lambda pair: pair[0].id)

    # --- offboarding -----------------------------------------------------------

    def change_user(
        self,
        user_id: str,
        *,
        role: UserRole | None = None,
        active: bool | None = None,
        new_owner: str | None = None,
    ) -> Offboarding:
        """Change a user's role or active flag, and hand the accounts they own to
        `new_owner`, in one transaction. Deactivating someone who owns accounts needs a
        new owner (Conflict naming the accounts otherwise); a deactivated user's token
        stops working at once (`user_for_token`). At least one active admin remains."""

        def work(tx: Any) -> Offboarding:
            user = self._existing_user(tx, user_id)
            changed = user.model_copy(
                update={
                    **({"role": role} if role is not None else {}),
                    **({"active": active} if active is not None else {}),
                }
            )
            transferred = self._hand_over(
                tx, user, new_owner, required=not changed.active, remove_from_teams=False
            )
            self._update_user(tx, changed)
            self._keep_an_admin(tx)
            return Offboarding(user=changed, transferred=transferred)

        return self._write_transaction(work)

    def delete_user(self, user_id: str, *, new_owner: str | None = None) -> Offboarding:
        """Delete a user: the accounts they own go to `new_owner` (needed when there are
        any) and they leave every account's team, in one transaction. Team members of
        accounts with the same id (our people holding relationships) stay."""

        def work(tx: Any) -> Offboarding:
            user = self._existing_user(tx, user_id)
            transferred = self._hand_over(
                tx, user, new_owner, required=True, remove_from_teams=True
            )
            self._delete_user(tx, user_id)
            self._keep_an_admin(tx)
            return Offboarding(user=None, transferred=transferred)

        return self._write_transaction(work)

    def _existing_user(self, tx: Any, user_id: str) -> User:
        user = self._load_user(tx, user_id=user_id)
        if user is None:
            raise NotFound(f"user {user_id!r} does not exist")
        return user

    def _hand_over(
        self,
        tx: Any,
        user: User,
        new_owner: str | None,
        *,
        required: bool,
        remove_from_teams: bool,
    ) -> builtins.list[str]:
        """Give `user`'s accounts to `new_owner` (and take them off teams); the ids of the
        accounts whose owner changed. Each changed account gets a new version and a
        history record."""
        accounts = sorted((summary.account for summary in self._summaries(tx)), key=lambda a: a.id)
        owned = [account.id for account in accounts if account.owner == user.id]
        if new_owner is None:
            if owned and required:
                raise Conflict(
                    f"user {user.id!r} owns accounts {', '.join(repr(a) for a in owned)}: "
                    "name a new owner for them"
                )
        else:
            heir = self._load_user(tx, user_id=new_owner)
            if heir is None:
                raise NotFound(f"user {new_owner!r} (the new owner) does not exist")
            if heir.id == user.id or not heir.active:
                raise InvalidInput(
                    [f"the new owner must be another, active user; {new_owner!r} is not"]
                )
        at = _now()
        for account in accounts:
            fields = account.model_dump()
            if new_owner is not None and account.owner == user.id:
                fields["owner"] = new_owner
            if remove_from_teams:
                fields["team"] = tuple(member for member in account.team if member != user.id)
            changed = Account.model_validate(fields)
            if changed == account:
                continue
            self._lock_account(tx, account.id)
            found = self._load_account(tx, account.id)
            assert found is not None  # locked above, inside this transaction
            self._save_account(tx, changed, version=found[1])
            self._write_history(
                tx, [account_change(account, changed, version=found[1], at=at, actor=self.actor)]
            )
        return owned if new_owner is not None else []

    def _keep_an_admin(self, tx: Any) -> None:
        users = [user for user, _ in self._load_users(tx)]
        if users and not any(u.role is UserRole.admin and u.active for u in users):
            raise Conflict("that would leave no active admin: make someone else admin first")

    # --- erasure of a person's data ----------------------------------------------

    def erase_stakeholder(self, account_id: str, stakeholder_id: str) -> ErasureReport:
        """Erase a stakeholder's personal data from the account and its whole history
        (graph/erasure.py), in one transaction, leaving an audit record."""

        def work(tx: Any) -> ErasureReport:
            if not self._lock_account(tx, account_id):
                raise account_not_found(account_id)
            found = self._load_account(tx, account_id)
            assert found is not None  # locked above, inside this transaction
            old = self._load_graph(tx, found[0])
            erasure = erase_person(
                old,
                self._load_history(tx, account_id),
                stakeholder_id,
                version=found[1],
                at=_now(),
                actor=self.actor,
            )
            problems = graph_problems(erasure.graph)
            if problems:
                raise InvalidInput(problems)
            if erasure.graph.account != found[0]:
                self._save_account(tx, erasure.graph.account, version=found[1])
            self._write_diff(tx, account_id, diff_graphs(old, erasure.graph))
            self._replace_history(tx, account_id, erasure.history)
            # Stale by version already, but they still name the person: gone with them.
            self._delete_results(tx, account_id)
            return erasure.report

        return self._erase_transaction(work)

    def restore_account(
        self, graph: AccountGraph, version: int, history: Sequence[Change] = ()
    ) -> None:
        """Write a whole account, at `version`, into a store that does not hold it (restore)."""
        problems = graph_problems(graph)
        if problems:
            raise InvalidInput(problems)

        def work(tx: Any) -> None:
            if self._load_account(tx, graph.account.id) is not None:
                raise Conflict(f"account {graph.account.id!r} already exists")
            self._save_account(tx, graph.account, version=version)
            self._write_diff(
                tx, graph.account.id, diff_graphs(AccountGraph(account=graph.account), graph)
            )
            self._write_history(tx, history)

        self._write_transaction(work)

    actor: str = "system"
    user: User | None = None

    def acting_as(self, actor: User | str) -> Self:
        """This store (same connections), recording its writes as made by `actor`.

        Given a `User`, every write also checks, inside its transaction, that the user
        may make it (`graph.users.authorise_write`); given an id (the CLI, restores),
        writes are recorded under that name and not checked."""
        acting = copy.copy(self)
        acting.actor = actor if isinstance(actor, str) else actor.id
        acting.user = None if isinstance(actor, str) else actor
        return acting

    def _authorise(
        self,
        stored: Account | None,
        *,
        new: Account | None = None,
        creating: bool = False,
        deleting: bool = False,
    ) -> None:
        if self.user is not None:
            authorise_write(self.user, stored, new=new, creating=creating, deleting=deleting)

    def _check_people(self, tx: Any, stored: Account | None, new: Account) -> None:
        """A user giving an account a new owner or new team members names existing,
        active users (InvalidInput otherwise): a typo would orphan the account, and
        whoever later got that user id would inherit it."""
        if self.user is None:
            return  # the CLI and restores write what they are given
        named = set(new.team) | ({new.owner} if new.owner else set())
        before: set[str | None] = set() if stored is None else {*stored.team, stored.owner}
        problems = []
        for user_id in sorted(named - before):
            found = self._load_user(tx, user_id=user_id)
            if found is None:
                problems.append(f"{user_id!r} is not a user (owner and team name users)")
            elif not found.active:
                problems.append(f"{user_id!r} is deactivated and cannot own or join an account")
        if problems:
            raise InvalidInput(problems)

    def _first_version(self, tx: Any, account_id: str) -> int:
        """Versions of an account id never repeat, even when it is deleted and created
        again: caches and If-Match keyed by (id, version) cannot mix the two."""
        return self._retired_version(tx, account_id) + 1

    def _retrying_creation(self, work: Callable[[Any], T]) -> T:
        try:
            return self._write_transaction(work)
        except CreatedMeanwhile:
            # The account now exists: the second run treats it as existing, checks
            # the caller's access to it, and never overwrites it.
            return self._write_transaction(work)

    def history(
        self, account_id: str, since: datetime | None = None, *, undo_only: bool = False
    ) -> builtins.list[Change]:
        """The account's recorded changes (after `since`), oldest first, each with its
        before and after. With `undo_only`, creations keep the compact form they are
        stored in (no `after`; see graph/history.py), which is all `graph_as_of`
        needs, and the account's graph is not read to fill them in."""

        def work(tx: Any) -> builtins.list[Change]:
            found = self._load_account(tx, account_id)
            if found is None:
                raise account_not_found(account_id)
            changes = self._load_history(tx, account_id)
            if not undo_only and any(is_compact_creation(c) for c in changes):
                changes = with_creations_filled(changes, self._load_graph(tx, found[0]))
            return changes

        changes = self._read_transaction(work)
        return [c for c in changes if since is None or c.at > since]

    def history_start(self, account_id: str) -> datetime | None:
        def work(tx: Any) -> Change | None:
            if self._load_account(tx, account_id) is None:
                raise account_not_found(account_id)
            return self._load_first_change(tx, account_id)

        first = self._read_transaction(work)
        return None if first is None else first.at

    def revert(self, account_id: str, version: int) -> WriteReport:
        """Undo the recorded write that produced `version` of the account: the entities
        it created are deleted, those it deleted re-created, those it updated restored
        (`graph.history.reverted`), or the account's own fields put back. The undo is a
        write like any other: recorded in the history as made by this store's actor,
        and authorised inside its transaction when the store acts for a user.

        NotFound when no write produced `version`; Conflict when something the write
        touched has changed since (stale history: undo the later write first);
        InvalidInput for an erasure or the account's creation, which cannot be undone.
        """
        write = [change for change in self.history(account_id) if change.version == version]
        if not write:
            raise NotFound(f"account {account_id!r} has no recorded change at version {version}")
        own = [c for c in write if c.kind == Account.collection and c.before is not None]
        entities = [c for c in write if c.kind != Account.collection]
        if not own and not entities:
            raise InvalidInput(
                [f"version {version} created account {account_id!r}: delete the account instead"]
            )
        if own:
            account, current = self.versioned_account(account_id)
            if account != Account.model_validate(own[-1].after):
                raise Conflict(
                    f"account {account_id!r} has changed since version {version}: "
                    "undo the later changes first"
                )
            return self.upsert_account(
                Account.model_validate(own[0].before), mode="update", expected_version=current
            )
        return self._change(account_id, lambda graph: reverted(graph, entities), {})

    # --- accounts -------------------------------------------------------------

    def upsert_account(
        self,
        account: Account,
        *,
        mode: WriteMode = "upsert",
        expected_version: int | None = None,
    ) -> WriteReport:
        """Create or update an account's own fields; `mode` as for `upsert`."""

        def work(tx: Any) -> WriteReport:
            current = self._load_account(tx, account.id)
            if current is None:
                if mode == "update":
                    raise account_not_found(account.id)
                self._authorise(None, new=account)
                self._check_people(tx, None, account)
                _check_version(account.id, 0, expected_version)
                version = self._first_version(tx, account.id)
                self._create_account(tx, account, version=version)
                counts = {"created": 1, "updated": 0, "unchanged": 0, "deleted": 0}
                self._write_history(
                    tx,
                    [account_change(None, account, version=version, at=_now(), actor=self.actor)],
                )
            else:
                if mode == "create":
                    if self.user is not None and not can_read(self.user, current[0]):
                        raise account_id_unavailable(account.id)
                    raise Conflict(f"account {account.id!r} already exists")
                self._authorise(current[0], new=account)
                self._check_people(tx, current[0], account)
                # Lock first, so two writers with the same expected version cannot both pass.
                self._lock_account(tx, account.id)
                _check_version(account.id, current[1], expected_version)
                if current[0].stage_ladder != account.stage_ladder:
                    # A new ladder must still hold every stage the account's deals use
                    # (read under the lock: no deal can move to a stage meanwhile).
                    stranded = stage_problems(self._load_graph(tx, account))
                    if stranded:
                        raise InvalidInput(stranded)
                version = current[1] + 1
                if current[0] == account:
                    counts = {"created": 0, "updated": 0, "unchanged": 1, "deleted": 0}
                else:
                    counts = {"created": 0, "updated": 1, "unchanged": 0, "deleted": 0}
                    change = account_change(
                        current[0], account, version=version, at=_now(), actor=self.actor
                    )
                    self._write_history(tx, [change])
                self._save_account(tx, account, version=version)
            return WriteReport(**counts, by_kind={Account.collection: counts}, version=version)

        return self._retrying_creation(work)

    def get_account(self, account_id: str) -> Account:
        return self._account_and_version(account_id)[0]

    def account_version(self, account_id: str) -> int:
        return self._account_and_version(account_id)[1]

    def versioned_account(self, account_id: str) -> tuple[Account, int]:
        """The account and its version, read together."""
        return self._account_and_version(account_id)

    def _account_and_version(self, account_id: str) -> tuple[Account, int]:
        found = self._read_transaction(lambda tx: self._load_account(tx, account_id))
        if found is None:
            raise account_not_found(account_id)
        return found

    def list_accounts(self) -> list[AccountSummary]:
        return sorted(self._read_transaction(self._summaries), key=lambda s: s.account.id)

    def delete_account(self, account_id: str, *, expected_version: int | None = None) -> None:
        """Delete the account, its entities and its history; its id may be used again,
        with versions that continue from the deleted account's last one. Conflict when
        the account is no longer at `expected_version`."""

        def work(tx: Any) -> None:
            found = self._load_account(tx, account_id)
            if found is None:
                raise account_not_found(account_id)
            self._authorise(found[0], deleting=True)
            self._lock_account(tx, account_id)
            _check_version(account_id, found[1], expected_version)
            self._retire_account(tx, account_id, found[1])
            self._delete_results(tx, account_id)
            self._delete_account(tx, account_id)

        self._write_transaction(work)

    # --- analysis results persisted per account version -------------------------

    def save_results(self, kind: str, params: str, results: Sequence[SavedResult]) -> int:
        """Store analysis results (`kind`: "row", "analysis" …; `params`: the fingerprint
        of the parameters they were computed with), each for the account version it was
        computed at, so any process can reuse them while the account stays at that
        version. A result whose account has moved on (or is gone) is not written: it could
        hold data an erasure removed. Returns how many were written."""
        if not results:
            return 0
        ordered = sorted(results, key=lambda result: result.account_id)  # one lock order
        return self._write_transaction(
            lambda tx: self._save_results(tx, kind=kind, params=params, results=ordered, at=_now().timestamp())
        )

    def saved_results(
        self, kind: str, params: str, *, account_id: str | None = None
    ) -> dict[str, SavedResult]:
        """The stored results of `kind` for `params` by account id (every account's, or
        `account_id`'s). Compare `version` with the account's before using one: a result
        of another version is stale."""
        found = self._read_transaction(
            lambda tx: self._load_results(tx, kind=kind, params=params, account_id=account_id)
        )
        return {result.account_id: result for result in found}

    # --- shared server state: pending uploads, bad-token counts -------------------
    # Read in write transactions too: on a cluster those go to the leader, so a
    # worker sees what another has just written.

    def add_pending_upload(
        self, record: PendingRecord, *, now: float
    ) -> builtins.list[PendingRecord]:
        """Keep a checked upload's record; the records expired at `now`, deleted in the
        same transaction (their files are the caller's to remove)."""

        def work(tx: Any) -> builtins.list[PendingRecord]:
            expired = self._expired_pending(tx, now)
            self._save_pending(tx, record)
            return expired

        return self._write_transaction(work)

    def pending_upload(self, upload_id: str, *, now: float) -> PendingRecord | None:
        """The record of `upload_id` unless it is missing or expired at `now`."""
        found = self._write_transaction(lambda tx: self._load_pending(tx, upload_id))
        return found if found is not None and found.expires > now else None

    def take_pending_upload(self, upload_id: str) -> PendingRecord | None:
        """Delete the record of `upload_id`; the record, or None if it was gone."""

        def work(tx: Any) -> PendingRecord | None:
            found = self._load_pending(tx, upload_id)
            if found is not None:
                self._delete_pending(tx, upload_id)
            return found

        return self._write_transaction(work)

    def expire_pending_uploads(self, *, now: float) -> builtins.list[PendingRecord]:
        """Delete the records expired at `now`; the records deleted."""
        return self._write_transaction(lambda tx: self._expired_pending(tx, now))

    def count_failed_token(
        self, address: str, *, now: float, window: float, limit: int, total_limit: int
    ) -> FailureCount:
        """One bad token from `address` at `now`: in one serialised transaction, drop
        the bad tokens older than `window`, count the rest from the address and from
        everyone, and record this one only if both counts are under their limits (a
        refused one is not counted, so what is kept stays under `total_limit`)."""

        def work(tx: Any) -> FailureCount:
            self._lock_failures(tx)
            self._prune_failures(tx, now - window)
            mine, my_oldest, everyone, oldest = self._failure_stats(tx, address)
            recorded = mine < limit and everyone < total_limit
            if recorded:
                self._add_failure(tx, address, now)
            return FailureCount(
                address=mine,
                address_oldest=my_oldest,
                total=everyone,
                total_oldest=oldest,
                recorded=recorded,
            )

        return self._write_transaction(work)

    def reopener(self) -> Callable[[], GraphStore] | None:
        """A picklable function that opens another store on the same data (for a worker
        process), or None when this store cannot be opened twice."""
        return None

    # --- the graph of one account --------------------------------------------

    def account_graph(self, account_id: str) -> AccountGraph:
        return self.versioned_graph(account_id)[0]

    def versioned_graph(self, account_id: str) -> tuple[AccountGraph, int]:
        """The account graph and the version it is at, read in one transaction."""

        def work(tx: Any) -> tuple[AccountGraph, int]:
            found = self._load_account(tx, account_id)
            if found is None:
                raise account_not_found(account_id)
            return self._load_graph(tx, found[0]).sorted(), found[1]

        return self._read_transaction(work)

    def _change(
        self,
        account_id: str,
        transform: Callable[[AccountGraph], AccountGraph],
        touched: Mapping[type[Entity], int],
        *,
        dry_run: bool = False,
        create: Account | None = None,
        expected_version: int | None = None,
    ) -> WriteReport:
        def work(tx: Any) -> WriteReport:
            created_account = not self._lock_account(tx, account_id)
            if created_account:
                if create is None:
                    raise account_not_found(account_id)
                self._authorise(None, new=create)
                self._create_account(tx, create, version=self._first_version(tx, account_id))
            found = self._load_account(tx, account_id)
            assert found is not None  # locked above, inside this transaction
            if not created_account:
                self._authorise(found[0], creating=create is not None)
            _check_version(account_id, found[1] - 1, expected_version)
            old = self._load_graph(tx, found[0])
            new = transform(old)
            problems = graph_problems(new)
            if problems:
                raise InvalidInput(problems)
            diffs = diff_graphs(old, new)
            if dry_run:
                raise _DryRun(write_report(diffs, touched))
            self._write_diff(tx, account_id, diffs)
            at = _now()
            changes = changes_of_write(old, diffs, version=found[1], at=at, actor=self.actor)
            if created_account:
                created = account_change(None, found[0], version=found[1], at=at, actor=self.actor)
                changes = itertools.chain([created], changes)
            self._write_history(tx, changes)
            return write_report(diffs, touched).model_copy(update={"version": found[1]})

        try:
            return self._retrying_creation(work)
        except _DryRun as outcome:
            return outcome.report

    def bulk_upsert(
        self,
        bundle: AccountBundle,
        *,
        dry_run: bool = False,
        create: Account | None = None,
        expected_version: int | None = None,
    ) -> WriteReport:
        """Upsert every entity of `bundle` in one transaction: all or nothing.

        With `dry_run`, everything is validated and counted, then rolled back.
        With `create`, a missing account is created in the same transaction, so
        a bad bundle does not leave an empty account behind.
        """
        if create is not None and create.id != bundle.account_id:
            raise InvalidInput(
                [f"account {create.id!r} does not match the bundle's {bundle.account_id!r}"]
            )
        touched = {
            kind: len({entity.key for entity in bundle.entities(kind)}) for kind in ACCOUNT_ENTITIES
        }
        return self._change(
            bundle.account_id,
            lambda g: merge_bundle(g, bundle),
            touched,
            dry_run=dry_run,
            create=create,
            expected_version=expected_version,
        )

    def upsert(
        self,
        entity: Entity,
        *,
        mode: WriteMode = "upsert",
        expected_version: int | None = None,
    ) -> WriteReport:
        """Write one entity. `mode`: `upsert`; `create` (Conflict if it exists);
        `update` (NotFound if it does not)."""
        account_id: str = getattr(entity, "account_id")  # noqa: B009 - every account entity has it
        kind = type(entity)
        bundle = AccountBundle.model_validate(
            {"account_id": account_id, kind.collection: (entity,)}
        )

        def transform(graph: AccountGraph) -> AccountGraph:
            exists = any(other.key == entity.key for other in graph.entities(kind))
            if mode == "create" and exists:
                raise Conflict(
                    f"{kind.collection[:-1]} {'/'.join(entity.key)!r} already exists "
                    f"in account {account_id!r}"
                )
            if mode == "update" and not exists:
                raise entity_not_found(kind, account_id, entity.key)
            return merge_bundle(graph, bundle)

        return self._change(account_id, transform, {kind: 1}, expected_version=expected_version)

    def get(self, kind: type[E], account_id: str, key: tuple[str, ...]) -> E:
        for entity in self.account_graph(account_id).entities(kind):
            if entity.key == key:
                assert isinstance(entity, kind)
                return entity
        raise entity_not_found(kind, account_id, key)

    def list(self, kind: type[E], account_id: str) -> list[E]:
        return [e for e in self.account_graph(account_id).entities(kind) if isinstance(e, kind)]

    def delete(
        self,
        kind: type[Entity],
        account_id: str,
        key: tuple[str, ...],
        *,
        expected_version: int | None = None,
    ) -> WriteReport:
        """Delete one entity and whatever the domain says goes with it."""

        def transform(graph: AccountGraph) -> AccountGraph:
            if not any(entity.key == key for entity in graph.entities(kind)):
                raise entity_not_found(kind, account_id, key)
            return without_entity(graph, kind, key)

        return self._change(account_id, transform, {}, expected_version=expected_version)
