"""The domain model: accounts, stakeholders, our team, and the edges between them.

Every entity is an immutable pydantic model. Account-scoped entities carry their
`account_id`; an entity's `key` (a tuple of ids) is unique within its account and
is what upserts match on. `AccountGraph` is everything one account holds, the one
input of every analysis. Rules that span entities (references exist, reporting
lines have no cycle) are checked by `graph_problems`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from graph.text import MULTILINE_FIELDS, normal_text, normal_value
from graph.vocabulary import (
    BodyKind,
    DealStage,
    DealStatus,
    InfluenceKind,
    InteractionType,
    MemberRole,
    Role,
    Seniority,
    Stance,
    Status,
    TicketSeverity,
    TicketStatus,
    Tier,
    parse_label,
    parse_roles,
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ID_MAX_LENGTH = 200
ID_RULE = (
    "1-200 characters, not '.' or '..', without '/', '\\', control characters or "
    "bidirectional controls"
)
"""What any entity id may be (person, team member, interaction, order, ticket …).

Every id is one segment of a URL path (`/accounts/acme/stakeholders/{id}`): a `/`
would split it, and `.`/`..` are resolved away by clients (`…/stakeholders/..` is
the account itself), so such ids could never be read or deleted through their URL.
An id is normalised as all text is (graph/text.py: Unicode spaces become one
plain space, zero-width characters go, surrounding white space is dropped), and
ids are compared in that form; any script is kept as written. An id derived from
a person's name (no `id` column) has each `/` or `\\` replaced by `-`."""


def _id(value: object) -> str:
    """An id in its normal form (graph/text.py): ids are compared after it."""
    text = normal_text(str(value))
    if not text:
        raise ValueError("must not be empty")
    if len(text) > ID_MAX_LENGTH:
        raise ValueError(f"is longer than {ID_MAX_LENGTH} characters")
    if _CONTROL.search(text):
        raise ValueError("must not contain control characters")
    if text in (".", ".."):
        raise ValueError(f"must not be {text!r} (ids are parts of URLs)")
    if _BIDI.search(text):
        raise ValueError("must not contain bidirectional controls (they make one id look like another)")
    if "/" in text or "\\" in text:
        raise ValueError("must not contain '/' or '\\' (ids are parts of URLs)")
    return text


def normal_id(value: object) -> str:
    """`value` as an id is stored and compared (`ID_RULE`); ValueError when it cannot be one."""
    return _id(value)


def _id_or_derived(value: object) -> str:
    """An id that may be left empty, to be derived from the entity's content."""
    return "" if value is None or not str(value).strip() else _id(value)


def id_from_name(name: str) -> str:
    """The id a person given without one is known by: their name, made URL-safe."""
    return name.strip().replace("/", "-").replace("\\", "-")


def _id_defaults_to_name(data: Any) -> Any:
    """A person given without an id is known by their name (as in the import bundle)."""
    if isinstance(data, dict) and not str(data.get("id") or "").strip() and data.get("name"):
        try:
            normal_text(str(data["name"]))
        except ValueError:
            # The name's own error says what is wrong; the id taken from it need not repeat it.
            return {**data, "id": "?"}
        return {**data, "id": id_from_name(str(data["name"]))}
    return data


def _optional_id(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _id(value)


@lru_cache(maxsize=1024)
def _checked_slug(text: str) -> str:
    if not SLUG.match(text):
        raise ValueError(
            f"{text!r} is not a valid account id: use 1-64 lowercase letters, digits, '-' or '_'"
        )
    return text


def _slug(value: object) -> str:
    # Every entity of an import carries the same account id: checked once.
    return _checked_slug(str(value).strip())


def _labelled(enum_cls: Any, field: str) -> BeforeValidator:
    return BeforeValidator(lambda value: parse_label(enum_cls, value, field=field))


def _optional_labelled(enum_cls: Any, field: str) -> BeforeValidator:
    def parse(value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parse_label(enum_cls, value, field=field)

    return BeforeValidator(parse)


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Id = Annotated[
    str,
    BeforeValidator(_id),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": ID_MAX_LENGTH}),
]
DerivedId = Annotated[str, BeforeValidator(_id_or_derived)]
"""An id that may be empty on input; the entity then derives one from its content."""
OptionalId = Annotated[str | None, BeforeValidator(_optional_id)]
AccountId = Annotated[
    str,
    BeforeValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG.pattern, "maxLength": 64}),
]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_is_none)]
Text = Annotated[str, Field(max_length=10_000)]


def _ids(value: object) -> object:
    """Several ids in one cell (`"a; b、c"`), or a list as it is."""
    return split_people(value) if isinstance(value, str) else value


IdList = Annotated[tuple[Id, ...], BeforeValidator(_ids)]
"""Ids given as a list or in one `;`-separated cell (also `,`, `、`)."""


def parse_stage(value: object) -> str:
    """A deal stage as stored: a label of the default ladder (`评标`, `evaluation`)
    becomes its `DealStage` value; any other text is a stage of the account's own
    ladder (`Account.stages`), kept as written (1-64 characters)."""
    if isinstance(value, DealStage):
        return value.value
    text = normal_text(str(value))
    try:
        return parse_label(DealStage, text, field="stage").value
    except ValueError:
        if not text or len(text) > 64 or _CONTROL.search(text):
            raise ValueError(
                f"{text[:64]!r} is not a stage: use one of the account's stages "
                f"(by default {', '.join(s.value for s in DealStage)})"
            ) from None
        return text


Stage = Annotated[str, BeforeValidator(parse_stage)]


def _stages(value: object) -> object:
    if isinstance(value, str):
        return tuple(part.strip() for part in re.split(r"[;,、，；>→]", value) if part.strip())
    return value


StageList = Annotated[tuple[Stage, ...], BeforeValidator(_stages)]
"""Stages in order, as a list or one cell (`立项;需求;方案` or `立项 → 需求`)."""


class Entity(BaseModel):
    """Base of all entities: immutable, unknown fields refused, every text field in
    its normal form (graph/text.py) whichever way it came in."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _normal_text(cls, value: object, info: ValidationInfo) -> object:
        return normal_value(value, multiline=info.field_name in MULTILINE_FIELDS)

    collection: ClassVar[str]
    """Plural name of the entity kind, used for tables, reports and URLs."""

    @property
    def key(self) -> tuple[str, ...]:
        raise NotImplementedError


class Account(Entity):
    """A client organisation. `team` lists the user ids that may work on it;
    `stages` is its deal stage ladder when it is not the default."""

    collection: ClassVar[str] = "accounts"

    id: AccountId
    name: Annotated[str, Field(min_length=1, max_length=300)]
    industry: Text = ""
    region: Text = ""
    tier: Annotated[Tier, _labelled(Tier, "tier")] = Tier.standard
    owner: OptionalId = None
    team: tuple[Id, ...] = ()
    stages: StageList = ()
    """The account's own deal stage ladder, in order; empty: the default (`DealStage`)."""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)

    @property
    def stage_ladder(self) -> tuple[str, ...]:
        """The stages deals at this account move through, in order."""
        return self.stages or tuple(stage.value for stage in DealStage)


class Stakeholder(Entity):
    """A person at the client. `reports_to` is the id of their one formal manager."""

    collection: ClassVar[str] = "stakeholders"

    account_id: AccountId
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=300)]
    title: Text = ""
    department: Text = ""
    seniority: Annotated[Seniority | None, _optional_labelled(Seniority, "seniority")] = None
    roles: Annotated[tuple[Role, ...], BeforeValidator(parse_roles)] = ()
    stance: Annotated[Stance, _labelled(Stance, "stance")] = Stance.neutral
    status: Annotated[Status, _labelled(Status, "status")] = Status.active
    reports_to: OptionalId = None
    email: Text = ""
    phone: Text = ""
    notes: Text = ""
    priorities: Text = ""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)

    _default_id = model_validator(mode="before")(_id_defaults_to_name)

    @model_validator(mode="after")
    def _not_own_manager(self) -> Stakeholder:
        if self.reports_to == self.id:
            raise ValueError(f"stakeholder {self.id!r} cannot report to themself")
        return self


class TeamMember(Entity):
    """Someone on our side who holds relationships with the client's people."""

    collection: ClassVar[str] = "members"

    account_id: AccountId
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=300)]
    role: Annotated[MemberRole, _labelled(MemberRole, "role")] = MemberRole.rep
    email: Text = ""
    user: OptionalId = None
    """The stakegraph user (their user id) this team member is, when they use it: so
    the signed-in user's relationships are theirs (`member_of_user`). An explicit
    link, not a match on id or email: a member `wang` and a user `wang` may be two
    people, and emails change."""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)

    _default_id = model_validator(mode="before")(_id_defaults_to_name)


class Influence(Entity):
    """`source` influences `target`'s view of this decision, with `weight` 0..1."""

    collection: ClassVar[str] = "influences"

    account_id: AccountId
    source: Id
    target: Id
    weight: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] = 0.5
    kind: Annotated[InfluenceKind, _labelled(InfluenceKind, "kind")] = InfluenceKind.advice

    @property
    def key(self) -> tuple[str, ...]:
        return (self.source, self.target)

    @model_validator(mode="after")
    def _not_self(self) -> Influence:
        if self.source == self.target:
            raise ValueError(f"{self.source!r} cannot influence themself")
        return self


class ReportsTo(Entity):
    """A formal reporting line, stakeholder → manager (a view of `Stakeholder.reports_to`)."""

    collection: ClassVar[str] = "reporting_lines"

    account_id: AccountId
    stakeholder: Id
    manager: Id

    @property
    def key(self) -> tuple[str, ...]:
        return (self.stakeholder,)


class Relationship(Entity):
    """Our team member's relationship with a stakeholder.

    `strength`: 0 none, 1 aware, 2 acquainted, 3 working, 4 trusted, 5 advocate.
    """

    collection: ClassVar[str] = "relationships"

    account_id: AccountId
    member: Id
    stakeholder: Id
    strength: Annotated[int, Field(ge=0, le=5)]
    last_contact: OptionalDate = None

    @property
    def key(self) -> tuple[str, ...]:
        return (self.member, self.stakeholder)


PEOPLE_SEPARATORS = re.compile(r"[;,、，；]")
"""What separates several people in one cell: `;` as DESIGN.md says, and the commas users type."""


def split_people(text: str) -> tuple[str, ...]:
    """`"li; 王伟、sun"` → `("li", "王伟", "sun")`."""
    return tuple(part.strip() for part in PEOPLE_SEPARATORS.split(text) if part.strip())


def _content_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode())
    return f"{prefix}-{digest.hexdigest()[:16]}"


Score = Annotated[Annotated[int, Field(ge=1, le=5)] | None, BeforeValidator(_blank_is_none)]


SCORE_FIELDS = ("trust", "satisfaction", "communication", "loyalty")
"""The four relationship dimensions (关系衡量), each scored 1..5."""


class Interaction(Entity):
    """A touch point. Without an `id`, one is derived from its content, so
    importing the same interaction twice does not duplicate it.

    Interviews, focus groups and surveys may carry the scores they found (1..5
    per dimension, all optional): a scored interaction counts as a measurement of
    each stakeholder in it, beside the assessments (graph/analysis/health.py).
    """

    collection: ClassVar[str] = "interactions"

    account_id: AccountId
    id: DerivedId = ""
    date: date
    member: OptionalId = None
    stakeholders: Annotated[tuple[Id, ...], Field(min_length=1)]
    type: Annotated[InteractionType, _labelled(InteractionType, "type")] = InteractionType.meeting
    sentiment: Annotated[int, Field(ge=-2, le=2)] = 0
    note: Text = ""
    trust: Score = None
    satisfaction: Score = None
    communication: Score = None
    loyalty: Score = None

    @field_validator("stakeholders", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_people(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _derive_id(self) -> Interaction:
        if not self.id:
            derived = _content_id(
                "i", self.date, self.member, self.stakeholders, self.type, self.note
            )
            object.__setattr__(self, "id", derived)
        return self

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)


class Assessment(Entity):
    """A relationship measurement (关系衡量), scores 1..5; append-only.

    Without an `id`, one is derived from date, stakeholder and member: one
    assessment per person, assessor and day.
    """

    collection: ClassVar[str] = "assessments"

    account_id: AccountId
    id: DerivedId = ""
    date: date
    stakeholder: Id
    member: OptionalId = None
    trust: Score = None
    satisfaction: Score = None
    communication: Score = None
    loyalty: Score = None

    @model_validator(mode="after")
    def _complete(self) -> Assessment:
        if all(
            score is None
            for score in (self.trust, self.satisfaction, self.communication, self.loyalty)
        ):
            raise ValueError(
                "an assessment needs at least one score of trust, satisfaction, communication, loyalty"
            )
        if not self.id:
            derived = _content_id("a", self.date, self.stakeholder, self.member)
            object.__setattr__(self, "id", derived)
        return self

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)


class Order(Entity):
    """A purchase by the client (purchase history). Without an `id` (an order
    number), one is derived from date, amount, product and stakeholder."""

    collection: ClassVar[str] = "orders"

    account_id: AccountId
    id: DerivedId = ""
    date: date
    amount: Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
    product: Text = ""
    stakeholder: OptionalId = None
    """Who placed or signed it, when known."""

    @model_validator(mode="after")
    def _derive_id(self) -> Order:
        if not self.id:
            derived = _content_id("o", self.date, self.amount, self.product, self.stakeholder)
            object.__setattr__(self, "id", derived)
        return self

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)


class Ticket(Entity):
    """A service ticket the client raised. Without an `id` (a ticket number), one
    is derived from date, severity and subject, so re-importing a ticket with a
    new status updates it."""

    collection: ClassVar[str] = "tickets"

    account_id: AccountId
    id: DerivedId = ""
    date: date
    severity: Annotated[TicketSeverity, _labelled(TicketSeverity, "severity")] = (
        TicketSeverity.medium
    )
    status: Annotated[TicketStatus, _labelled(TicketStatus, "status")] = TicketStatus.open
    subject: Text = ""

    @model_validator(mode="after")
    def _derive_id(self) -> Ticket:
        if not self.id:
            derived = _content_id("t", self.date, self.severity, self.subject)
            object.__setattr__(self, "id", derived)
        return self

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)


class Competitor(Entity):
    """A vendor competing with us at this account (竞争对手)."""

    collection: ClassVar[str] = "competitors"

    account_id: AccountId
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=300)]
    notes: Text = ""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)

    _default_id = model_validator(mode="before")(_id_defaults_to_name)


class Deal(Entity):
    """A deal (商机/项目) at the account: one purchase decided by its own buying
    committee, moving through the account's stage ladder (`DealStage` by default).

    `amount` is in `currency` (ISO 4217, `CNY` unless given), `owner` is the id of
    our team member who leads it, `competitors` are ids of the account's
    `Competitor`s. What the map cannot know is written on the deal: `metrics`
    (the measurable gain the client expects), `decision_criteria`, `pain`,
    `decision_process` and `paper_process` (how the contract gets signed) are the
    MEDDPICC elements read from text, empty when unknown. `closed_on` is the day a
    won or lost deal closed.
    """

    collection: ClassVar[str] = "deals"

    account_id: AccountId
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=300)]
    stage: Stage = DealStage.initiation.value
    amount: Annotated[float | None, Field(ge=0.0, allow_inf_nan=False), BeforeValidator(_blank_is_none)] = None
    currency: Annotated[str, Field(max_length=3)] = "CNY"
    expected_close: OptionalDate = None
    status: Annotated[DealStatus, _labelled(DealStatus, "status")] = DealStatus.open
    owner: OptionalId = None
    competitors: IdList = ()
    metrics: Text = ""
    decision_criteria: Text = ""
    pain: Text = ""
    decision_process: Text = ""
    paper_process: Text = ""
    closed_on: OptionalDate = None

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)

    _default_id = model_validator(mode="before")(_id_defaults_to_name)

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return "CNY"
        text = str(value).strip().upper()
        aliases = {"RMB": "CNY", "人民币": "CNY", "元": "CNY", "¥": "CNY", "美元": "USD", "$": "USD"}
        text = aliases.get(text, text)
        if not re.fullmatch(r"[A-Z]{3}", text):
            raise ValueError(f"{str(value)[:20]!r} is not a currency: use a 3-letter code such as CNY")
        return text


class CommitteeMember(Entity):
    """A stakeholder on a deal's buying committee (采购决策小组成员).

    `roles` and `stance` are the person's in this deal: when given they replace
    the account-level `Stakeholder.roles` / `Stakeholder.stance` for this deal's
    analysis; empty roles or no stance mean "as at the account". `pain` is what
    this person needs the deal to fix (MEDDPICC identified pain).
    """

    collection: ClassVar[str] = "committee"

    account_id: AccountId
    deal: Id
    stakeholder: Id
    roles: Annotated[tuple[Role, ...], BeforeValidator(parse_roles)] = ()
    stance: Annotated[Stance | None, _optional_labelled(Stance, "stance")] = None
    notes: Text = ""
    pain: Text = ""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.deal, self.stakeholder)


class DecisionBody(Entity):
    """A body that decides collectively (决策机构): 党委会, 院长办公会, 采购领导小组,
    评标委员会, a board.

    `members` are the stakeholders known to sit on it, `size` the number of seats
    when more than those are known (a 评标委员会 of 7 where we know 2: coverage
    counts against 7). `chair` is one of `members`. `stages` are the stages it
    decides at (empty: the stages its kind decides at, graph/analysis/deals.py
    `STAGE_BODIES`; every stage for `other`); `deals` the deals it decides (empty:
    every deal of the account).
    """

    collection: ClassVar[str] = "bodies"

    account_id: AccountId
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=300)]
    kind: Annotated[BodyKind, _labelled(BodyKind, "kind")] = BodyKind.other
    members: IdList = ()
    chair: OptionalId = None
    size: Annotated[int | None, Field(ge=1, le=1000), BeforeValidator(_blank_is_none)] = None
    stages: StageList = ()
    deals: IdList = ()

    @property
    def key(self) -> tuple[str, ...]:
        return (self.id,)

    _default_id = model_validator(mode="before")(_id_defaults_to_name)

    @model_validator(mode="after")
    def _consistent(self) -> DecisionBody:
        if self.chair is not None and self.chair not in self.members:
            raise ValueError(f"chair {self.chair!r} is not one of the members")
        if self.size is not None and self.size < len(set(self.members)):
            raise ValueError(f"size {self.size} is less than the {len(set(self.members))} members")
        return self

    @property
    def seats(self) -> int:
        """How many members decide: `size`, or the members known."""
        return self.size if self.size is not None else len(set(self.members))


class Supervision(Entity):
    """A 分管 line: `leader` is in charge of `stakeholder`'s area (`area`, e.g.
    信息化) without being their line manager, as a 副院长 分管 the 信息科."""

    collection: ClassVar[str] = "supervisions"

    account_id: AccountId
    leader: Id
    stakeholder: Id
    area: Text = ""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.leader, self.stakeholder)

    @model_validator(mode="after")
    def _not_self(self) -> Supervision:
        if self.leader == self.stakeholder:
            raise ValueError(f"{self.leader!r} cannot be in charge of themself")
        return self


class CompetitorTie(Entity):
    """A competitor's relationship with a stakeholder, `strength` 0..5 on the
    scale of our own `Relationship` (5: the competitor's coach)."""

    collection: ClassVar[str] = "competitor_ties"

    account_id: AccountId
    competitor: Id
    stakeholder: Id
    strength: Annotated[int, Field(ge=0, le=5)]
    note: Text = ""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.competitor, self.stakeholder)


ACCOUNT_ENTITIES: tuple[type[Entity], ...] = (
    Stakeholder,
    TeamMember,
    Influence,
    Relationship,
    Interaction,
    Assessment,
    Order,
    Ticket,
    Competitor,
    Deal,
    CommitteeMember,
    DecisionBody,
    Supervision,
    CompetitorTie,
)
"""Entity kinds that live inside an account, in the order they must be written."""


class AccountEntities(BaseModel):
    """The kinds of entity an account holds (`ACCOUNT_ENTITIES`), as tuples."""

    model_config = ConfigDict(frozen=True)

    stakeholders: tuple[Stakeholder, ...] = ()
    members: tuple[TeamMember, ...] = ()
    influences: tuple[Influence, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    orders: tuple[Order, ...] = ()
    tickets: tuple[Ticket, ...] = ()
    competitors: tuple[Competitor, ...] = ()
    deals: tuple[Deal, ...] = ()
    committee: tuple[CommitteeMember, ...] = ()
    bodies: tuple[DecisionBody, ...] = ()
    supervisions: tuple[Supervision, ...] = ()
    competitor_ties: tuple[CompetitorTie, ...] = ()

    def entities(self, kind: type[Entity]) -> tuple[Entity, ...]:
        items: tuple[Entity, ...] = getattr(self, kind.collection)
        return items

    @property
    def size(self) -> int:
        return sum(len(self.entities(kind)) for kind in ACCOUNT_ENTITIES)


class AccountBundle(AccountEntities):
    """Entities to upsert into one account in one all-or-nothing write."""

    account_id: AccountId


class AccountGraph(AccountEntities):
    """Everything one account holds: the input of every analysis."""

    account: Account

    _INDEXES = ("stakeholder_by_id", "member_by_id", "last_touches")

    def model_copy(
        self, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> AccountGraph:
        """A copy without the cached indexes: pydantic copies `__dict__`, where
        `cached_property` keeps them, and a copy with other people must not
        answer from the original's index."""
        copy = super().model_copy(update=update, deep=deep)
        for name in self._INDEXES:
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def stakeholder_by_id(self) -> dict[str, Stakeholder]:
        return {person.id: person for person in self.stakeholders}

    @cached_property
    def member_by_id(self) -> dict[str, TeamMember]:
        return {member.id: member for member in self.members}

    def member_name(self, member_id: str) -> str:
        """A team member's name for a sentence; the id when they are not on the team."""
        member = self.member_by_id.get(member_id)
        return member_id if member is None else member.name

    def member_of_user(self, user_id: str) -> TeamMember | None:
        """The team member who is the stakegraph user `user_id` (`TeamMember.user`), or
        None when nobody on our team is linked to them."""
        return next((m for m in self.members if m.user == user_id), None)

    @cached_property
    def last_touches(self) -> dict[tuple[str, str], date]:
        """(member, stakeholder) → the latest date they were in touch: the
        relationship's `last_contact` or an interaction of that member with them.
        Every analysis of warmth reads it, so it is built once per graph."""
        touches: dict[tuple[str, str], date] = {}
        for rel in self.relationships:
            if rel.last_contact is not None:
                touches[(rel.member, rel.stakeholder)] = rel.last_contact
        for event in self.interactions:
            if event.member is None:
                continue
            for person in event.stakeholders:
                key = (event.member, person)
                if key not in touches or touches[key] < event.date:
                    touches[key] = event.date
        return touches

    @property
    def reporting_lines(self) -> tuple[ReportsTo, ...]:
        return tuple(
            ReportsTo(account_id=p.account_id, stakeholder=p.id, manager=p.reports_to)
            for p in self.stakeholders
            if p.reports_to is not None
        )

    def replace(self, kind: type[Entity], items: Iterable[Entity]) -> AccountGraph:
        """A copy with the entities of `kind` replaced, sorted by key for stable output."""
        ordered = tuple(sorted(items, key=lambda entity: entity.key))
        return self.model_copy(update={kind.collection: ordered})

    def sorted(self) -> AccountGraph:
        """The same graph with every kind sorted by key: equal content compares equal."""
        graph = self
        for kind in ACCOUNT_ENTITIES:
            graph = graph.replace(kind, graph.entities(kind))
        return graph


def reporting_cycle(stakeholders: Iterable[Stakeholder]) -> list[str] | None:
    """The first reporting cycle found, as ids `[a, b, c, a]`, or None."""
    manager = {p.id: p.reports_to for p in stakeholders if p.reports_to}
    done: set[str] = set()
    for start in sorted(manager):
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current not in done:
            if current in on_path:
                return [*path[path.index(current) :], current]
            path.append(current)
            on_path.add(current)
            current = manager.get(current)
        done.update(path)
    return None


def graph_problems(graph: AccountGraph) -> list[str]:
    """Every rule broken across entities: references to missing people, cycles.

    Each problem is one line naming the entity and the missing or offending id.
    """
    problems: list[str] = []
    people = graph.stakeholder_by_id
    members = graph.member_by_id
    account = graph.account.id
    for kind in ACCOUNT_ENTITIES:
        seen: set[tuple[str, ...]] = set()
        for entity in graph.entities(kind):
            if entity.key in seen:
                # Writes merge by key, so only a direct edit of the database does this.
                problems.append(f"{kind.collection[:-1]} {'/'.join(entity.key)!r} is stored twice")
            seen.add(entity.key)
            if getattr(entity, "account_id", account) != account:
                problems.append(
                    f"{kind.collection} {entity.key}: belongs to account "
                    f"{getattr(entity, 'account_id', '')!r}, not {account!r}"
                )
    for person in graph.stakeholders:
        if person.reports_to is not None and person.reports_to not in people:
            problems.append(
                f"stakeholder {person.id!r}: reports_to {person.reports_to!r} is not a stakeholder"
            )
    cycle = reporting_cycle(graph.stakeholders)
    if cycle:
        problems.append("reporting lines form a cycle: " + " → ".join(cycle))
    for link in graph.influences:
        for end in ("source", "target"):
            ref = getattr(link, end)
            if ref not in people:
                problems.append(
                    f"influence {link.source!r} → {link.target!r}: {end} {ref!r} is not a stakeholder"
                )
    for rel in graph.relationships:
        if rel.member not in members:
            problems.append(
                f"relationship {rel.member!r} → {rel.stakeholder!r}: "
                f"member {rel.member!r} is not a team member"
            )
        if rel.stakeholder not in people:
            problems.append(
                f"relationship {rel.member!r} → {rel.stakeholder!r}: "
                f"stakeholder {rel.stakeholder!r} is not a stakeholder"
            )
    for event in graph.interactions:
        if event.member is not None and event.member not in members:
            problems.append(
                f"interaction on {event.date}: member {event.member!r} is not a team member"
            )
        for ref in event.stakeholders:
            if ref not in people:
                problems.append(
                    f"interaction on {event.date}: stakeholder {ref!r} is not a stakeholder"
                )
    for score in graph.assessments:
        if score.stakeholder not in people:
            problems.append(
                f"assessment on {score.date}: stakeholder {score.stakeholder!r} is not a stakeholder"
            )
        if score.member is not None and score.member not in members:
            problems.append(
                f"assessment on {score.date}: member {score.member!r} is not a team member"
            )
    for order in graph.orders:
        if order.stakeholder is not None and order.stakeholder not in people:
            problems.append(
                f"order {order.id!r} on {order.date}: stakeholder {order.stakeholder!r} "
                "is not a stakeholder"
            )
    problems += _deal_problems(graph)
    return problems


def stage_problems(graph: AccountGraph) -> list[str]:
    """Each deal and decision body whose stage is not on the account's ladder
    (`Account.stage_ladder`), one line each naming it, the stage and the ladder."""
    ladder = graph.account.stage_ladder
    used = [(f"deal {deal.id!r}", deal.stage) for deal in graph.deals] + [
        (f"body {body.id!r}", stage) for body in graph.bodies for stage in body.stages
    ]
    return [
        f"{what}: stage {stage!r} is not one of the account's stages ({', '.join(ladder)})"
        for what, stage in used
        if stage not in ladder
    ]


def _deal_problems(graph: AccountGraph) -> list[str]:
    """The rules of deals, committees, bodies, 分管 lines and competitor ties."""
    problems: list[str] = stage_problems(graph)
    people = graph.stakeholder_by_id
    deals = {deal.id for deal in graph.deals}
    rivals = {rival.id for rival in graph.competitors}
    for deal in graph.deals:
        if deal.owner is not None and deal.owner not in graph.member_by_id:
            problems.append(f"deal {deal.id!r}: owner {deal.owner!r} is not a team member")
        problems += [
            f"deal {deal.id!r}: competitor {ref!r} is not a competitor"
            for ref in deal.competitors
            if ref not in rivals
        ]
    for seat in graph.committee:
        if seat.deal not in deals:
            problems.append(f"committee of {seat.deal!r}: {seat.deal!r} is not a deal")
        if seat.stakeholder not in people:
            problems.append(
                f"committee of {seat.deal!r}: {seat.stakeholder!r} is not a stakeholder"
            )
    for body in graph.bodies:
        problems += [
            f"body {body.id!r}: member {ref!r} is not a stakeholder"
            for ref in body.members
            if ref not in people
        ]
        problems += [f"body {body.id!r}: {ref!r} is not a deal" for ref in body.deals if ref not in deals]
        # A body's own rules, again on the merged body: an update that names only some
        # fields (`members` without the chair) is merged without the model's validator.
        if body.chair is not None and body.chair not in body.members:
            problems.append(f"body {body.id!r}: chair {body.chair!r} is not one of the members")
        if body.size is not None and body.size < len(set(body.members)):
            problems.append(
                f"body {body.id!r}: size {body.size} is less than the {len(set(body.members))} members"
            )
    for line in graph.supervisions:
        problems += [
            f"分管 {line.leader!r} → {line.stakeholder!r}: {ref!r} is not a stakeholder"
            for ref in (line.leader, line.stakeholder)
            if ref not in people
        ]
    for tie in graph.competitor_ties:
        if tie.competitor not in rivals:
            problems.append(
                f"competitor tie {tie.competitor!r} → {tie.stakeholder!r}: "
                f"{tie.competitor!r} is not a competitor"
            )
        if tie.stakeholder not in people:
            problems.append(
                f"competitor tie {tie.competitor!r} → {tie.stakeholder!r}: "
                f"{tie.stakeholder!r} is not a stakeholder"
            )
    return problems


def merge_bundle(graph: AccountGraph, bundle: AccountBundle) -> AccountGraph:
    """Upsert `bundle` into `graph`, keyed by each entity's `key`.

    An entity that exists is updated only in the fields the new one set
    explicitly (pydantic's `model_fields_set`), so importing a file without an
    `email` column keeps the emails already stored.
    """
    for kind in ACCOUNT_ENTITIES:
        incoming = bundle.entities(kind)
        if not incoming:
            continue
        current = {entity.key: entity for entity in graph.entities(kind)}
        for entity in incoming:
            existing = current.get(entity.key)
            if existing is None:
                current[entity.key] = entity
            else:
                changes = {name: getattr(entity, name) for name in entity.model_fields_set}
                current[entity.key] = existing.model_copy(update=changes)
        graph = graph.replace(kind, current.values())
    return graph


def without_stakeholder(graph: AccountGraph, stakeholder_id: str) -> AccountGraph:
    """The graph as it is once a stakeholder is gone, with every edge that touched them.

    Their reports lose their manager, interactions drop them (and vanish when
    nobody is left), their influence, relationships and assessments go, and
    orders they placed stay without a stakeholder.
    """
    people = tuple(
        p.model_copy(update={"reports_to": None}) if p.reports_to == stakeholder_id else p
        for p in graph.stakeholders
        if p.id != stakeholder_id
    )
    interactions = []
    for event in graph.interactions:
        remaining = tuple(ref for ref in event.stakeholders if ref != stakeholder_id)
        if remaining == event.stakeholders:
            interactions.append(event)
        elif remaining:
            interactions.append(event.model_copy(update={"stakeholders": remaining}))
    return graph.model_copy(
        update={
            "stakeholders": people,
            "influences": tuple(
                link
                for link in graph.influences
                if stakeholder_id not in (link.source, link.target)
            ),
            "relationships": tuple(
                rel for rel in graph.relationships if rel.stakeholder != stakeholder_id
            ),
            "interactions": tuple(interactions),
            "assessments": tuple(a for a in graph.assessments if a.stakeholder != stakeholder_id),
            # The client's orders stay: only who placed them is forgotten.
            "orders": tuple(
                o.model_copy(update={"stakeholder": None}) if o.stakeholder == stakeholder_id else o
                for o in graph.orders
            ),
            # Deals stay; the person leaves their committees, bodies, 分管 lines and ties.
            "committee": tuple(c for c in graph.committee if c.stakeholder != stakeholder_id),
            "bodies": tuple(_without_body_member(body, stakeholder_id) for body in graph.bodies),
            "supervisions": tuple(
                line
                for line in graph.supervisions
                if stakeholder_id not in (line.leader, line.stakeholder)
            ),
            "competitor_ties": tuple(
                tie for tie in graph.competitor_ties if tie.stakeholder != stakeholder_id
            ),
        }
    )


def _without_body_member(body: DecisionBody, stakeholder_id: str) -> DecisionBody:
    """The body without one member; its seats (`size`) stay as they were."""
    if stakeholder_id not in body.members:
        return body
    update: dict[str, Any] = {"members": tuple(m for m in body.members if m != stakeholder_id)}
    if body.chair == stakeholder_id:
        update["chair"] = None
    if body.size is None:
        update["size"] = len(set(body.members))  # the seat stays; only who holds it is unknown
    return body.model_copy(update=update)


def without_deal(graph: AccountGraph, deal_id: str) -> AccountGraph:
    """The graph once a deal is gone: its committee goes, bodies stop naming it."""
    return graph.model_copy(
        update={
            "deals": tuple(d for d in graph.deals if d.id != deal_id),
            "committee": tuple(c for c in graph.committee if c.deal != deal_id),
            "bodies": tuple(
                b.model_copy(update={"deals": tuple(d for d in b.deals if d != deal_id)})
                if deal_id in b.deals
                else b
                for b in graph.bodies
            ),
        }
    )


def without_competitor(graph: AccountGraph, competitor_id: str) -> AccountGraph:
    """The graph once a competitor is gone: its ties go, deals stop naming it."""
    return graph.model_copy(
        update={
            "competitors": tuple(c for c in graph.competitors if c.id != competitor_id),
            "competitor_ties": tuple(
                t for t in graph.competitor_ties if t.competitor != competitor_id
            ),
            "deals": tuple(
                d.model_copy(
                    update={"competitors": tuple(c for c in d.competitors if c != competitor_id)}
                )
                if competitor_id in d.competitors
                else d
                for d in graph.deals
            ),
        }
    )


def without_member(graph: AccountGraph, member_id: str) -> AccountGraph:
    """The graph once a team member has left us: their relationships go; their
    past interactions and assessments stay as history, no longer attributed."""
    return graph.model_copy(
        update={
            "members": tuple(m for m in graph.members if m.id != member_id),
            "relationships": tuple(r for r in graph.relationships if r.member != member_id),
            "interactions": tuple(
                e.model_copy(update={"member": None}) if e.member == member_id else e
                for e in graph.interactions
            ),
            "assessments": tuple(
                a.model_copy(update={"member": None}) if a.member == member_id else a
                for a in graph.assessments
            ),
            "deals": tuple(
                d.model_copy(update={"owner": None}) if d.owner == member_id else d
                for d in graph.deals
            ),
        }
    )


def without_entity(graph: AccountGraph, kind: type[Entity], key: tuple[str, ...]) -> AccountGraph:
    """The graph with one entity removed, cascading as the domain requires."""
    if kind is Stakeholder:
        return without_stakeholder(graph, key[0])
    if kind is TeamMember:
        return without_member(graph, key[0])
    if kind is Deal:
        return without_deal(graph, key[0])
    if kind is Competitor:
        return without_competitor(graph, key[0])
    return graph.replace(kind, (e for e in graph.entities(kind) if e.key != key))


@dataclass(frozen=True)
class KindDiff:
    """What changes for one kind of entity between two graphs."""

    upserts: tuple[Entity, ...] = ()
    deletes: tuple[tuple[str, ...], ...] = ()
    created: int = 0
    updated: int = 0


class WriteReport(BaseModel):
    """What a write did: counts in total and per entity kind."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    by_kind: dict[str, dict[str, int]] = Field(default_factory=dict)
    version: int | None = None
    """The account's version after the write (None for a dry run)."""


def diff_graphs(old: AccountGraph, new: AccountGraph) -> dict[type[Entity], KindDiff]:
    """Per kind, the entities to write and the keys to delete to turn `old` into `new`."""
    diffs: dict[type[Entity], KindDiff] = {}
    for kind in ACCOUNT_ENTITIES:
        before = {e.key: e for e in old.entities(kind)}
        after = {e.key: e for e in new.entities(kind)}
        created = [e for k, e in after.items() if k not in before]
        updated = [e for k, e in after.items() if k in before and before[k] != e]
        diffs[kind] = KindDiff(
            upserts=tuple(created + updated),
            deletes=tuple(k for k in before if k not in after),
            created=len(created),
            updated=len(updated),
        )
    return diffs
