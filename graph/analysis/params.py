"""Every parameter of the analyses, with its default and the reason for it.

One `AnalysisParams` object travels through every analysis; override any field
per call (`AnalysisParams(half_life_days=60)`), from the CLI or the API.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from graph.vocabulary import Language, Role, Seniority, Stance

ROLE_PRIOR: dict[Role, float] = {
    Role.decision_maker: 1.0,
    Role.economic_buyer: 0.9,
    Role.technical_evaluator: 0.6,
    Role.influencer: 0.5,
    Role.initiator: 0.4,
    Role.procurement: 0.4,
    Role.gatekeeper: 0.4,
    Role.user: 0.3,
    Role.coach: 0.2,
}
"""How much a buying role alone says about a person's say in the decision.
A person with several roles takes the highest."""

SENIORITY_PRIOR: dict[Seniority, float] = {
    Seniority.executive: 1.0,
    Seniority.senior: 0.7,
    Seniority.middle: 0.45,
    Seniority.junior: 0.25,
    Seniority.staff: 0.15,
}
"""How much rank alone says; also what power a person's seniority 'predicts'
when looking for hidden influencers."""


INTERMEDIARY_STANCE: dict[Stance, float] = {
    Stance.champion: 1.0,
    Stance.supporter: 1.0,
    Stance.neutral: 0.8,
    Stance.skeptic: 0.5,
    Stance.opponent: 0.25,
}
"""How readily a person introduces us, by their stance: a route's hop through an
intermediary counts at this share of its strength (supporters over opponents)."""


class AnalysisParams(BaseModel):
    """Defaults for every analysis (see docs/analysis.md for the formulas)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of: date = Field(default_factory=date.today)
    """The day the analysis is for: recency and decay are measured to it."""
    lang: Language = "en"
    """The language of every explanation: `en` or `zh` (graph/analysis/wording.py)."""

    # --- power -------------------------------------------------------------
    alpha: float = Field(0.5, ge=0.0, lt=1.0)
    """Share of power that flows from the people who listen to you (PageRank's
    damping); the rest is your own prior. 0.5: who listens to whom counts as
    much as roles and rank, so an adviser the decision maker trusts shows up,
    while a decision maker nobody advises keeps real weight."""
    prior_floor: float = Field(0.05, gt=0.0)
    """Prior everyone gets before roles and seniority, so unknown people count."""
    reporting_weight: float = Field(0.3, ge=0.0, le=1.0)
    """A direct report's say in their manager's view, as an influence weight:
    lower than a typical named influence link (0.5)."""
    supervision_weight: float = Field(0.4, ge=0.0, le=1.0)
    """A 分管 leader's say in the view of the area they are in charge of, as an
    influence weight (leader → stakeholder): above a reporting line, below a named
    influence link (graph/analysis/power.py)."""

    # --- people lists ---------------------------------------------------------
    key_power: float = Field(0.5, ge=0.0, le=1.0)
    """Power at or above which someone is a key decision-maker."""
    key_count: int = Field(7, ge=1)
    """At most this many key decision-makers are listed."""
    broker_count: int = Field(5, ge=1)
    """At most this many brokers are listed (those with betweenness above zero)."""
    hidden_margin: float = Field(0.25, ge=0.0, le=1.0)
    """Hidden influencer: power at least this much above what seniority predicts."""
    hidden_min_power: float = Field(0.3, ge=0.0, le=1.0)
    """...and at least this much power: a junior with power 0.2 is not hidden, just junior."""
    exact_betweenness_limit: int = Field(0, ge=0)
    """Above this many people, betweenness runs on igraph's C code instead of NetworkX
    (the same exact result; a test checks). Default 0, igraph always: measured here,
    NetworkX took 250 ms at 300 people where igraph takes 40 ms for the whole analysis."""
    sampled_betweenness_above: int = Field(2000, ge=2)
    """Above this many people, betweenness is estimated from `betweenness_pivots`
    source people (Brandes & Pich 2007) instead of all of them."""
    betweenness_pivots: int = Field(500, ge=1)
    """Source people sampled (seeded, so the estimate is repeatable) for large accounts."""

    # --- coverage ---------------------------------------------------------------
    half_life_days: float = Field(90.0, gt=0.0)
    """Warmth halves every 90 days without contact."""
    undated_age_days: float = Field(180.0, ge=0.0)
    """A relationship with no known contact date counts as this old."""
    low_warmth: float = Field(0.3, ge=0.0, le=1.0)
    """Below this warmth we 'barely know' someone (0.3 ≈ strength 2 touched last month)."""
    opponent_power: float = Field(0.4, ge=0.0, le=1.0)
    """A skeptic or opponent at or above this power is a gap."""
    stale_days: int = Field(90, ge=1)
    """A working relationship (strength ≥ 3) untouched this long is stale."""
    single_member_share: float = Field(0.7, gt=0.0, le=1.0)
    """Single-threaded: one team member carries this share of coverage or more."""
    single_contact_share: float = Field(0.5, gt=0.0, le=1.0)
    """Single-threaded: one contact carries this share of coverage or more."""

    # --- warm paths and actions ---------------------------------------------------
    introduction_via_reporting: float = Field(0.6, ge=0.0, le=1.0)
    """How well a manager and a direct report can introduce each other."""
    max_hops: int = Field(3, ge=1)
    """An introduction route has at most this many hops (team member → contact →
    person → target): people do not pass an introduction along five colleagues."""
    senior_detour_levels: int = Field(2, ge=1)
    """A route's intermediary this many seniority levels (executive, senior, middle,
    junior, staff) or more above the person sought is a detour up the hierarchy..."""
    senior_detour_penalty: float = Field(0.3, gt=0.0, le=1.0)
    """...and the hop through them counts at this share of its strength: a president is
    not asked to introduce us to a department head."""
    poor_route: float = Field(0.2, ge=0.0, le=1.0)
    """A best route weaker than this (after penalties) is poor: the route is shown as
    such and a direct approach is proposed instead (0.2 ≈ an 'aware' contact)."""
    proposed_strength: int = Field(3, ge=1, le=5)
    """Strength a recommended new relationship is assumed to reach ('working')."""
    protection_weight: float = Field(0.5, ge=0.0)
    """Ranking actions: a point of coverage protected (a second contact) is worth
    this much of a point gained."""
    first_meetings: int = Field(3, ge=0)
    """On an account the team barely knows (coverage below `low_coverage`), this many
    most powerful people nobody knows are proposed as first meetings, beside the key
    people and opponents: a new rep gets at least three concrete moves."""
    role_candidates: int = Field(3, ge=1)
    """A missing role's action names at most this many candidates for it."""
    action_count: int = Field(10, ge=1)
    """At most this many recommended actions (`analyze` prints the top five)."""

    # --- health -------------------------------------------------------------------
    assessment_share: float = Field(0.7, ge=0.0, le=1.0)
    """Person health = this share from the latest assessment, the rest from
    interaction recency."""
    risk_drop_high: float = Field(15.0, gt=0.0)
    """Account health trend (points between the two latest quarters) at or below
    minus this is a high risk."""
    risk_drop_medium: float = Field(7.0, gt=0.0)
    risk_low_health: float = Field(50.0, ge=0.0, le=100.0)
    """Account health below this is at least a medium risk."""
    key_person_drop: float = Field(15.0, gt=0.0)
    """Points a key person's assessment must fall between their two latest to
    signal that the relationship is cooling (a medium risk)."""

    # --- churn early warning (graph/analysis/risk.py) ----------------------------------
    dimension_drop_medium: float = Field(0.5, gt=0.0)
    """A dimension (trust, satisfaction, communication, loyalty) falling this much
    on its 1..5 scale between the two latest measured quarters is a medium risk:
    half a point is a whole answer lower for every second respondent."""
    dimension_drop_high: float = Field(1.0, gt=0.0)
    """...and this much a high one (a whole answer lower for everyone)."""
    key_contact_strength: int = Field(4, ge=1, le=5)
    """A stakeholder who left while we held a relationship this strong (trusted)
    was a key contact; a medium risk, high when they were our strongest one."""
    baseline_days: int = Field(91, ge=1)
    """Opponents gaining power compares power now with power this many days ago
    (a quarter), when the account's history reaches back that far."""
    opponent_gain: float = Field(0.10, gt=0.0, le=1.0)
    """Opponents' and skeptics' share of total power rising by this much (10
    percentage points) against the baseline is a medium risk."""
    order_window_days: int = Field(182, ge=1)
    """Order frequency and value compare the last two quarters (182 days up to the
    analysis date) with the two quarters before."""
    order_min_previous: int = Field(2, ge=1)
    """Order signals need at least this many orders in the earlier window: one
    order is not a rhythm that can fall."""
    order_drop_medium: float = Field(0.4, gt=0.0, le=1.0)
    """Order frequency (or value) falling by this share is a medium risk..."""
    order_drop_high: float = Field(0.7, gt=0.0, le=1.0)
    """...and by this share a high one."""
    severe_tickets_high: int = Field(3, ge=1)
    """Open tickets of severity high or critical: one is a medium risk; this many,
    or any critical one, a high risk."""
    escalate_mediums: int = Field(3, ge=2)
    """This many medium signals together make the account's risk high."""

    # --- relationship position in risk (graph/analysis/risk.py) ------------------------
    relationship_signals: bool = True
    """Judge the relationship position (key people unknown, an unworked opponent, no
    coach, single-threading, low coverage) as churn signals beside the trends. Off
    only to look at the trends alone."""
    low_coverage: float = Field(0.25, ge=0.0, le=1.0)
    """Account coverage below this (25%) is a medium risk: the team barely knows the
    people who decide (a quarter of full warmth, power-weighted)."""
    thin_health_share: float = Field(0.5, ge=0.0, le=1.0)
    """Account health measured on people holding less than this share of the power
    (50%) rests on a thin basis: it is shown with its basis, never as the account's
    health figure alone (`HealthResult.basis`)."""

    cold_key_people: int = Field(3, ge=0)
    """The account page shows warm paths to at most this many key decision-makers..."""
    cold_warmth: float = Field(0.5, ge=0.0, le=1.0)
    """...those (best first) whose warmth is below this: the ones worth an introduction."""

    # --- deals (graph/analysis/deals.py) --------------------------------------------
    body_prior: float = Field(1.0, ge=0.0)
    """A decision body that decides a deal holds, as a whole, the prior of a decision
    maker (ROLE_PRIOR, 1.0), shared among its seats by their votes."""
    chair_votes: float = Field(2.0, ge=1.0)
    """The chair's votes in a body (one per other seat): under 民主集中制 the 书记 or
    院长 who chairs speaks last and the decision leans on them. A 评标委员会's chair
    votes like any member (评标委员会和评标方法暂行规定, 第九条)."""
    known_strength: int = Field(2, ge=1, le=5)
    """A body member we 'know': our best relationship with them is at least this
    (2, acquainted). Body coverage counts them against the body's seats."""
    low_body_coverage: float = Field(0.5, ge=0.0, le=1.0)
    """A body deciding at the deal's current stage of which we know fewer than this
    share of the seats is a gap."""
    qualified_strength: int = Field(3, ge=1, le=5)
    """Scorecard: a relationship this strong (working), touched within `stale_days`,
    qualifies an economic buyer or a champion as met."""
    enemy_coach_strength: int = Field(4, ge=1, le=5)
    """A competitor's tie this strong (trusted) makes the stakeholder the enemy's coach."""
