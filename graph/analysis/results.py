"""What the analyses return: the `analyze --json` document of DESIGN.md and its parts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from graph.analysis.activity import ActivityResult
from graph.vocabulary import BodyKind, DealStatus, Role, Stance

GapKind = Literal[
    "unknown_key_person",
    "opponent",
    "missing_role",
    "single_threaded",
    "stale",
    "body_coverage",
    "enemy_coach",
]
"""The last two arise only in a deal's analysis (graph/analysis/deals.py)."""
ActionKind = Literal[
    "introduction",
    "first_meeting",
    "deepen",
    "second_contact",
    "recontact",
    "identify_role",
    "no_action",
]
RiskLevel = Literal["low", "medium", "high"]
HopKind = Literal["relationship", "influence", "reports_to"]


class Gap(BaseModel):
    kind: GapKind
    stakeholder: str | None
    """The person the gap is about; None for account-wide gaps (missing roles, a single member)."""
    member: str | None = None
    power: float
    explanation: str


class CoverageResult(BaseModel):
    score: float
    """Power-weighted mean warmth, 0..1."""
    warmth: dict[str, float] = Field(exclude=True)
    gaps: list[Gap]
    missing_roles: list[Role]
    single_threaded: bool


class Hop(BaseModel):
    source: str
    """A team member id (first hop) or a stakeholder id."""
    target: str
    kind: HopKind
    strength: float
    """0..1: warmth for a relationship, weight for an influence link."""
    factor: float = 1.0
    """Penalty on this hop's intermediary (the target of the hop): stance, and a detour
    up the hierarchy; 1 for the last hop."""
    explanation: str = ""
    """'M knows A (strength 4/5, warmth 0.80)', 'A advises B (0.50)' …"""


class WarmPath(BaseModel):
    target: str
    hops: list[Hop]
    """Empty when there is no route."""
    strength: float
    """Product of the hops' strengths and factors; 0 when there is no route."""
    poor: bool = False
    """The best route is weaker than `poor_route`: approach the target directly."""
    explanation: str


class ProposedRelationship(BaseModel):
    """The relationship an action would create or refresh, to apply it exactly."""

    member: str
    stakeholder: str
    strength: int
    last_contact: date


class Action(BaseModel):
    kind: ActionKind
    stakeholder: str | None
    explanation: str
    expected_coverage_change: float
    """Coverage after the action minus before, computed by the what-if machinery."""
    coverage_protected: float = 0.0
    """Coverage that would no longer hang on one person (for second contacts)."""
    proposal: ProposedRelationship | None = None


class PersonResult(BaseModel):
    id: str
    name: str
    title: str
    power: float
    rank: int
    roles: list[Role]
    stance: Stance
    warmth: float
    betweenness: float
    health: float | None
    explanation: str


class DecisionChain(BaseModel):
    layers: list[list[str]]
    """layers[0]: decision makers and economic buyers; layers[k]: who influences layer k−1."""
    explanation: str


class RiskSignal(BaseModel):
    kind: str
    level: RiskLevel
    explanation: str
    evidence: dict[str, float | str | None]


class Risk(BaseModel):
    level: RiskLevel
    signals: list[RiskSignal]
    """Most severe first."""
    explanation: str = "no churn signals"
    """The level and the signals behind it, in one sentence."""


class HealthBasis(BaseModel):
    """What account health was measured on."""

    measured: int
    """Active stakeholders with a health (an assessment or an interaction)."""
    people: int
    """Active stakeholders."""
    power_share: float
    """Share of the account's power (0..1) the measured people hold."""
    thin: bool
    """power_share < thin_health_share: not a figure for the whole account."""
    explanation: str
    """'measured on 2 of 14 people; 12% of power'."""


class HealthResult(BaseModel):
    score: float | None
    """0..100, power-weighted over people with assessments or interactions; None with neither."""
    basis: HealthBasis | None = None
    """What the score rests on; read `basis.thin` before showing the score as the
    account's health."""
    trend: float | None
    """Points between the two latest assessed quarters (positive = improving)."""
    by_period: dict[str, float]
    """Quarter ('2026-Q3') → power-weighted mean assessment score, 0..100."""
    dimensions: dict[str, dict[str, float]] = Field(default_factory=dict)
    """Dimension (trust, satisfaction, communication, loyalty) → quarter → 1..5."""
    risk: Risk = Field(default_factory=lambda: Risk(level="low", signals=[]))
    """Churn risk (graph/analysis/risk.py)."""


class PeriodOrders(BaseModel):
    orders: int
    value: float


class PurchaseHistory(BaseModel):
    """Orders and service tickets, as the churn signals read them."""

    by_period: dict[str, PeriodOrders]
    """Quarter → orders placed and their total amount."""
    window_days: int
    """Length of the two windows compared (the last two quarters, and the two before)."""
    recent_orders: int
    """Orders in the last `window_days` up to the analysis date."""
    previous_orders: int
    """Orders in the `window_days` before that."""
    recent_per_month: float
    previous_per_month: float
    recent_value: float
    previous_value: float
    open_tickets: int
    open_severe_tickets: list[str]
    """Ids of open tickets of severity high or critical, oldest first."""


class AccountSummaryOut(BaseModel):
    id: str
    name: str
    owner: str | None
    tier: str


class AccountAnalysis(BaseModel):
    """The `analyze --json` document (DESIGN.md, "Interfaces")."""

    account: AccountSummaryOut
    as_of: date
    stakeholders: list[PersonResult]
    key_decision_makers: list[str]
    brokers: list[str]
    hidden_influencers: list[str]
    decision_chain: DecisionChain
    coverage: CoverageResult
    health: HealthResult
    purchases: PurchaseHistory
    actions: list[Action]
    activity: ActivityResult = Field(
        default_factory=lambda: ActivityResult(strengths=[], who_knows_whom=[])
    )
    """Relationship strength measured from interactions beside the entered one, and
    who knows whom (graph/analysis/activity.py)."""


class WhatIf(BaseModel):
    removed: str
    removed_kind: Literal["stakeholder", "member"]
    coverage_before: float
    coverage_after: float
    gaps_opened: list[Gap]
    gaps_closed: list[Gap]
    explanation: str


# --- deals (graph/analysis/deals.py) -------------------------------------------------

ScoreStatus = Literal["met", "partial", "missing"]
MeddpiccElement = Literal[
    "metrics",
    "economic_buyer",
    "decision_criteria",
    "decision_process",
    "paper_process",
    "identified_pain",
    "champion",
    "competition",
]


class DealSummaryOut(BaseModel):
    id: str
    name: str
    stage: str
    """A value of the account's stage ladder (`DealStage` by default)."""
    stage_label: str
    """The stage as a reader of the analysis's language says it (方案, solution)."""
    amount: float | None
    currency: str
    status: DealStatus
    owner: str | None
    expected_close: date | None
    closed_on: date | None
    competitors: list[str]


class SeatResult(BaseModel):
    """A person who decides the deal: on its buying committee, or on a body deciding it."""

    id: str
    name: str
    title: str
    power: float
    """Power in the deal, 0..1 (the deal's roles, stance, bodies and 分管 lines)."""
    rank: int
    """Rank by power among the deal's people (1: most powerful)."""
    roles: list[Role]
    """Roles in this deal (the committee's when given, else the account's)."""
    stance: Stance
    """Stance in this deal."""
    on_committee: bool
    bodies: list[str]
    """Ids of the deciding bodies they sit on."""
    warmth: float
    pain: str
    explanation: str


class BodyResult(BaseModel):
    id: str
    name: str
    kind: BodyKind
    seats: int
    members: list[str]
    chair: str | None
    stages: list[str]
    """The stages it decides at (empty: every stage)."""
    decides_now: bool
    """It decides at the deal's current stage."""
    known: list[str]
    """Members our best relationship reaches `known_strength` with."""
    coverage: float
    """len(known) / seats, 0..1."""
    votes: dict[str, float]
    """Member → their share of the body's votes, 0..1 (unknown seats hold the rest)."""
    explanation: str
    """'we know 2 of 7 members of 评标委员会'."""


class CompetitorFlag(BaseModel):
    stakeholder: str
    competitor: str
    strength: int
    """The competitor's tie, 0..5."""
    power: float
    """The stakeholder's power in the deal."""
    weight: float
    """power · strength / 5: how much of the decision leans toward the competitor."""
    enemy_coach: bool
    """strength ≥ `enemy_coach_strength`: the competitor's coach."""
    explanation: str


class CompetitorExposure(BaseModel):
    competitors: list[str]
    """The competitors judged: the deal's, or every competitor at the account when
    the deal names none."""
    exposure: float
    """Σ power · best competitor tie/5 / Σ power over the deal's people, 0..1."""
    flags: list[CompetitorFlag]
    """Every tie of those competitors to an active person, heaviest first."""


class ScoreElement(BaseModel):
    element: MeddpiccElement
    status: ScoreStatus
    evidence: dict[str, str | float | int | list[str] | None]
    """Ids and values the status rests on."""
    explanation: str


class Scorecard(BaseModel):
    score: float
    """Mean of the elements, met 1, partial 0.5, missing 0: 0..1."""
    elements: list[ScoreElement]
    """In MEDDPICC order."""


class DealAnalysis(BaseModel):
    """The `analyze --deal --json` document."""

    account: AccountSummaryOut
    deal: DealSummaryOut
    as_of: date
    committee_recorded: bool
    """False: the deal has no committee nor body, and its people are the account's."""
    stage_roles: list[Role]
    """The roles that matter at the deal's stage (the stage table)."""
    people: list[SeatResult]
    """The deal's people, most powerful first."""
    outside_influencers: list[str]
    """People off the committee and bodies with power ≥ key_power in the deal."""
    coverage: CoverageResult
    """Over the deal's people; missing roles are the stage's."""
    bodies: list[BodyResult]
    body_coverage: float | None
    """Σ known / Σ seats over the bodies deciding the deal from now on; None without any."""
    competition: CompetitorExposure
    scorecard: Scorecard
    actions: list[Action]
