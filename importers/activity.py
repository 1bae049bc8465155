"""Calendar events and mail headers become interactions, matched by email address.

The readers (importers/calendar.py, importers/mail.py) turn a file into
`Activity` records: when, who took part (addresses, or names where an export
holds only names), who sent it, an optional subject, and a stable key (the
event's UID and occurrence, or the message's Message-ID). `build_interactions`
matches them against the account's people and returns the bundle to write and
a report of what was skipped and whom we met who is not on the map.

Matching (documented in README.md, "Activity"):

- an address is compared in its normal form: surrounding white space,
  `mailto:` and angle brackets dropped, lower-cased (`Li.Wei@Client.CN` is
  `li.wei@client.cn`);
- a person's `email` field may hold several addresses separated by `;`, `,` or
  white space (`li@client.cn; li.wei@client-group.cn`); all of them match;
- an address held by two people matches neither (a warning names it);
- a participant given by name only (Outlook's CSV export) matches the one
  stakeholder or team member of that name, compared case-insensitively.

An item (an event occurrence or a message) with at least one team member and
at least one stakeholder becomes one interaction per team member in it, with
every matched stakeholder: type `meeting` for calendar events, `email` for
messages. Its id is derived from the item's key and the member, so importing
the same file again, or a file that overlaps it, changes nothing. The id also
says who wrote (see `MAIL_FROM_MEMBER`), which the derived strength reads
(graph/analysis/activity.py). Items with team members only, with no team
member, outside the date window, or cancelled are skipped and counted.

Privacy: bodies are never read; subjects are kept (as the interaction's note)
only when asked; an opted-out address or domain is dropped from every item
before anything else looks at it, so it reaches neither the store nor the
report, and an item that had one keeps no subject.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from graph.analysis.activity import (
    CALENDAR_PREFIX,
    MAIL_FROM_MEMBER,
    MAIL_FROM_STAKEHOLDER,
    MAIL_PREFIX,
)
from graph.model import AccountBundle, AccountGraph, Interaction, Relationship
from importers.report import BundleError, Candidate, ImportReport

DEFAULT_WINDOW_DAYS = 365
"""Without `--since`, items of the last year up to today are read (recurring
events are expanded in that window, so a weekly meeting yields ~52 occurrences)."""

MAX_CANDIDATE_WARNINGS = 20
"""Candidates listed one per line among the warnings (all of them are in `candidates`)."""

ADDRESS_SEPARATORS = re.compile(r"[;,\s]+")


def normal_address(text: str) -> str:
    """An address as it is compared: `' <MailTo:Li.Wei@Client.CN> '` → `li.wei@client.cn`."""
    text = text.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().strip("<>").strip().lower()


def addresses_of(field_text: str) -> list[str]:
    """Every address a person's `email` field holds (several separated by `;`, `,` or spaces)."""
    return [
        normal_address(part)
        for part in ADDRESS_SEPARATORS.split(field_text)
        if "@" in part and normal_address(part)
    ]


def domain_of(address: str) -> str:
    return address.rpartition("@")[2]


@dataclass(frozen=True)
class Participant:
    """Someone in an item: an address, a name, or both (as the file gives them)."""

    address: str = ""
    name: str = ""


@dataclass(frozen=True)
class Activity:
    """One calendar occurrence or one message, as a reader found it."""

    key: str
    """Stable across re-imports: `UID@occurrence` or the Message-ID."""
    kind: str
    """`meeting` or `email`."""
    day: date
    participants: tuple[Participant, ...]
    sender: Participant | None = None
    """The organiser of a meeting or the From of a message."""
    subject: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class ActivityOptions:
    """How an activity file is read (CLI options of `import --format calendar|email`)."""

    since: date | None = None
    """First day read; default `DEFAULT_WINDOW_DAYS` before `until`."""
    until: date | None = None
    """Last day read; default today."""
    keep_subjects: bool = False
    domains: tuple[str, ...] = ()
    """The client's mail domains, beside those learned from the stakeholders' addresses."""
    opt_out: tuple[str, ...] = ()
    """Addresses (`a@b.cn`) and domains (`b.cn`, `@b.cn`, covering sub-domains) never imported."""

    def window(self) -> tuple[date, date]:
        until = self.until or date.today()
        since = self.since or until - timedelta(days=DEFAULT_WINDOW_DAYS)
        if since > until:
            raise BundleError(f"the window starts ({since}) after it ends ({until})")
        return since, until


def read_opt_out(path: Path) -> tuple[str, ...]:
    """The opt-out list in `path`: one address or domain a line; `#` starts a comment."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BundleError(f"{path.name}: the opt-out list cannot be read ({error})") from error
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = normal_address(line.split("#", 1)[0]).lstrip("@")
        if not entry:
            continue
        if "." not in entry or " " in entry:
            raise BundleError(
                f"{path.name} line {number}: {line.strip()!r} is not an address or a domain"
            )
        entries.append(entry)
    return tuple(entries)


def _opted_out(address: str, opt_out: frozenset[str]) -> bool:
    if not address:
        return False
    if address in opt_out:
        return True
    domain = domain_of(address)
    parts = domain.split(".")
    return any(".".join(parts[i:]) in opt_out for i in range(len(parts) - 1))


@dataclass
class _Index:
    """Addresses and names → ("stakeholder" | "member", id)."""

    by_address: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_name: dict[str, tuple[str, str]] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    client_domains: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, graph: AccountGraph, domains: Iterable[str]) -> _Index:
        index = cls()
        names: Counter[str] = Counter()
        named: dict[str, tuple[str, str]] = {}
        our_domains: set[str] = set()
        people: list[tuple[str, str, str, str]] = [
            ("stakeholder", p.id, p.email, p.name) for p in graph.stakeholders
        ] + [("member", m.id, m.email, m.name) for m in graph.members]
        for kind, pid, email, name in people:
            for address in addresses_of(email):
                owner = (kind, pid)
                if index.by_address.get(address, owner) != owner:
                    index.ambiguous.add(address)
                index.by_address[address] = owner
                (index.client_domains if kind == "stakeholder" else our_domains).add(
                    domain_of(address)
                )
            key = name.casefold()
            names[key] += 1
            named[key] = (kind, pid)
        for address in index.ambiguous:
            del index.by_address[address]
        index.by_name = {key: who for key, who in named.items() if names[key] == 1}
        # A public mail domain shared by a stakeholder and one of us says nothing.
        index.client_domains -= our_domains
        index.client_domains |= {normal_address(d).lstrip("@") for d in domains if d.strip()}
        return index

    def match(self, person: Participant) -> tuple[str, str] | None:
        if person.address:
            found = self.by_address.get(person.address)
            if found is not None or "@" in person.address:
                return found
        return self.by_name.get(person.name.casefold()) if person.name else None

    def is_client(self, address: str) -> bool:
        domain = domain_of(address)
        return any(domain == d or domain.endswith("." + d) for d in self.client_domains)


def interaction_id(prefix: str, key: str, member: str) -> str:
    """The id of an item's interaction for one member: no personal data, only a hash."""
    digest = hashlib.sha256(f"{key}\x00{member}".encode()).hexdigest()[:20]
    return f"{prefix}{digest}"


@dataclass
class _Candidate:
    name: str = ""
    count: int = 0
    members: set[str] = field(default_factory=set)
    last_seen: date | None = None


def build_interactions(
    items: Iterable[Activity],
    *,
    known: AccountGraph | None,
    account_id: str,
    options: ActivityOptions,
    report: ImportReport,
) -> AccountBundle | None:
    """The interactions (and refreshed relationship recency) `items` give for the
    account `known`; None (with errors in `report`) when nothing may be written."""
    try:
        since, until = options.window()
    except BundleError as error:
        report.add(report.files[0] if report.files else "", str(error))
        return None
    graph = known or AccountGraph.model_validate(
        {"account": {"id": account_id, "name": account_id}}
    )
    index = _Index.of(graph, options.domains)
    opt_out = frozenset(options.opt_out)
    skipped: Counter[str] = Counter()
    interactions: dict[str, Interaction] = {}
    latest: dict[tuple[str, str], date] = {}
    candidates: dict[str, _Candidate] = {}
    for item in items:
        report.rows += 1
        if item.cancelled:
            skipped["cancelled"] += 1
            continue
        if not since <= item.day <= until:
            skipped["outside the date window"] += 1
            continue
        everyone = [*item.participants, *([item.sender] if item.sender else [])]
        had_opted_out = any(_opted_out(p.address, opt_out) for p in everyone)
        people = [p for p in everyone if not _opted_out(p.address, opt_out)]
        members: list[str] = []
        stakeholders: list[str] = []
        unknown: list[Participant] = []
        for person in people:
            found = index.match(person)
            if found is None:
                if person.address and index.is_client(person.address):
                    unknown.append(person)
                continue
            target = members if found[0] == "member" else stakeholders
            if found[1] not in target:
                target.append(found[1])
        for person in unknown:
            seen = candidates.setdefault(person.address, _Candidate())
            seen.name = seen.name or person.name
            if members:
                seen.count += 1
                seen.members.update(members)
                seen.last_seen = max(filter(None, (seen.last_seen, item.day)))
        if not members:
            skipped["no team member"] += 1
            continue
        if not stakeholders:
            skipped["internal (no known client person)"] += 1
            continue
        sender = index.match(item.sender) if item.sender else None
        note = item.subject if options.keep_subjects and not had_opted_out else ""
        for member in members:
            prefix = CALENDAR_PREFIX
            if item.kind == "email":
                prefix = MAIL_PREFIX
                if sender == ("member", member):
                    prefix = MAIL_FROM_MEMBER
                elif sender is not None and sender[0] == "stakeholder":
                    prefix = MAIL_FROM_STAKEHOLDER
            event_id = interaction_id(prefix, item.key, member)
            if event_id in interactions:
                skipped["duplicate (same UID or Message-ID)"] += 1
                continue
            interactions[event_id] = Interaction(
                account_id=account_id,
                id=event_id,
                date=item.day,
                member=member,
                stakeholders=tuple(sorted(stakeholders)),
                type=item.kind,
                note=note[:10_000],
            )
            for person_id in stakeholders:
                pair = (member, person_id)
                latest[pair] = max(item.day, latest.get(pair, item.day))
    for address in sorted(index.ambiguous):
        report.warnings.append(f"{address} is the address of more than one person: not matched")
    _report_skipped(report, skipped)
    _report_candidates(report, candidates, graph)
    refreshed = [
        Relationship(
            account_id=account_id,
            member=rel.member,
            stakeholder=rel.stakeholder,
            strength=rel.strength,
            last_contact=latest[rel.key],
        )
        for rel in graph.relationships
        if rel.key in latest and (rel.last_contact is None or rel.last_contact < latest[rel.key])
    ]
    return AccountBundle(
        account_id=account_id,
        interactions=tuple(interactions.values()),
        relationships=tuple(refreshed),
    )


def _report_skipped(report: ImportReport, skipped: Counter[str]) -> None:
    report.skipped = dict(sorted(skipped.items()))
    if skipped:
        report.warnings.append(
            "skipped: " + ", ".join(f"{count} {why}" for why, count in sorted(skipped.items()))
        )


def _report_candidates(
    report: ImportReport, found: dict[str, _Candidate], graph: AccountGraph
) -> None:
    """The addresses met that match nobody, as candidates (by member id) and as
    warnings (members by name)."""
    listed = sorted(
        ((address, seen) for address, seen in found.items() if seen.count),
        key=lambda pair: (-pair[1].count, pair[0]),
    )
    report.candidates = [
        Candidate(
            address=address,
            name=seen.name,
            count=seen.count,
            members=sorted(seen.members),
            last_seen=seen.last_seen,
        )
        for address, seen in listed
    ]
    for candidate in report.candidates[:MAX_CANDIDATE_WARNINGS]:
        who = f"{candidate.name} <{candidate.address}>" if candidate.name else candidate.address
        report.warnings.append(
            f"not on the map: {who}, met {candidate.count} "
            f"{'time' if candidate.count == 1 else 'times'} with "
            f"{', '.join(graph.member_name(member) for member in candidate.members)}"
            f" (last {candidate.last_seen})"
        )
    if len(report.candidates) > MAX_CANDIDATE_WARNINGS:
        more = len(report.candidates) - MAX_CANDIDATE_WARNINGS
        report.warnings.append(f"not on the map: {more} more (see the report's candidates)")
