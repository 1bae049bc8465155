"""The closed vocabularies of the domain, with the labels users type.

Each vocabulary is a `StrEnum` whose value is the canonical English name. Users
may also type the English name with other case or spaces/hyphens, or one of the
labels in `LABELS`: the one synonym table of values, in both languages, with
what 政企 sales teams write in their own sheets (seniority 院领导/局领导 →
executive, 处级 → senior, 科级/中层 → middle, 基层 → junior, 科员 → staff;
roles 审批 → economic buyer, 技术评估 → technical evaluator, 使用部门 → user,
采购负责人 → procurement; stance 拥护/强烈支持 → champion, 不明/待定 → neutral …).
`parse_label` normalises all of them and, when the text matches nothing, raises a
`ValueError` that suggests the closest allowed values (difflib) and names every
allowed value.
"""

from __future__ import annotations

import difflib
import re
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from graph import i18n
from graph.i18n import Language as Language  # re-exported: where the domain names it


class Role(StrEnum):
    """A buying role in the decision (several per person)."""

    decision_maker = "decision_maker"
    economic_buyer = "economic_buyer"
    technical_evaluator = "technical_evaluator"
    user = "user"
    influencer = "influencer"
    gatekeeper = "gatekeeper"
    procurement = "procurement"
    initiator = "initiator"
    coach = "coach"


class Stance(StrEnum):
    """A stakeholder's stance toward us; `score` runs from +2 (champion) to −2."""

    champion = "champion"
    supporter = "supporter"
    neutral = "neutral"
    skeptic = "skeptic"
    opponent = "opponent"

    @property
    def score(self) -> int:
        return _STANCE_SCORE[self]


_STANCE_SCORE = {
    Stance.champion: 2,
    Stance.supporter: 1,
    Stance.neutral: 0,
    Stance.skeptic: -1,
    Stance.opponent: -2,
}


class Seniority(StrEnum):
    executive = "executive"
    senior = "senior"
    middle = "middle"
    junior = "junior"
    staff = "staff"


class Tier(StrEnum):
    strategic = "strategic"
    key = "key"
    standard = "standard"


class Status(StrEnum):
    active = "active"
    left = "left"


class MemberRole(StrEnum):
    """The job of a team member on our side."""

    rep = "rep"
    presales = "presales"
    executive = "executive"
    manager = "manager"
    service = "service"


class InfluenceKind(StrEnum):
    advice = "advice"
    authority = "authority"
    trust = "trust"
    other = "other"


class InteractionType(StrEnum):
    meeting = "meeting"
    visit = "visit"
    call = "call"
    email = "email"
    event = "event"
    meal = "meal"
    interview = "interview"
    focus_group = "focus_group"
    survey = "survey"


class TicketSeverity(StrEnum):
    """How bad a service ticket is; `high` and `critical` count as severe."""

    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class TicketStatus(StrEnum):
    open = "open"
    closed = "closed"


class DealStage(StrEnum):
    """The default procurement ladder of a deal (商机阶段), in order.

    The ladder follows the public procurement cycle of Chinese government and
    state enterprises (政府采购法 / 招标投标法: 立项 → 预算 → 招标 → 评标 → 合同 →
    验收), with the sales steps before a budget exists (需求, 方案). An account may
    define its own ladder (`Account.stages`); a stage outside this enum is then
    kept as written.
    """

    initiation = "initiation"
    requirements = "requirements"
    solution = "solution"
    budget = "budget"
    tender = "tender"
    evaluation = "evaluation"
    contract = "contract"
    acceptance = "acceptance"


class DealStatus(StrEnum):
    """Whether a deal is still being worked (`open`) or was won or lost."""

    open = "open"
    won = "won"
    lost = "lost"


class BodyKind(StrEnum):
    """A decision body that decides collectively (决策机构)."""

    party_committee = "party_committee"
    executive_meeting = "executive_meeting"
    procurement_group = "procurement_group"
    evaluation_committee = "evaluation_committee"
    board = "board"
    other = "other"


# Chinese (and common English) labels per canonical value. Keys are compared after
# `_fold`, so case, spaces, hyphens and full-width punctuation do not matter.
LABELS: dict[type[StrEnum], dict[StrEnum, tuple[str, ...]]] = {
    Role: {
        Role.decision_maker: (
            "决策者",
            "拍板人",
            "决策人",
            "决策",
            "拍板",
            "最终决策者",
            "一把手",
            "decision maker",
            "final decision maker",
        ),
        Role.economic_buyer: (
            "审批者",
            "经济决策者",
            "经济购买者",
            "审批",
            "审批人",
            "预算审批",
            "预算负责人",
            "出资人",
            "economic buyer",
            "economic decision maker",
            "budget holder",
            "budget owner",
        ),
        Role.technical_evaluator: (
            "技术评估者",
            "技术把关",
            "技术把关者",
            "技术评估",
            "技术评估人",
            "技术负责人",
            "技术选型",
            "technical evaluator",
            "technical buyer",
            "evaluator",
        ),
        Role.user: (
            "使用者",
            "用户",
            "使用部门",
            "使用人",
            "业务部门",
            "用户部门",
            "最终用户",
            "end user",
            "business user",
        ),
        Role.influencer: ("影响者", "影响人", "参谋", "influencer"),
        Role.gatekeeper: ("把关者", "守门人", "守门员", "把关", "legal and compliance"),
        Role.procurement: (
            "采购",
            "采购者",
            "采购负责人",
            "采购经办",
            "采购部门",
            "招标",
            "招采",
            "purchasing",
            "buyer",
        ),
        Role.initiator: ("发起者", "发起人", "立项人", "项目发起", "executive sponsor", "sponsor"),
        Role.coach: ("教练", "内线", "线人", "向导"),
    },
    Stance: {
        Stance.champion: (
            "拥护者",
            "铁杆",
            "倡导者",
            "拥护",
            "强烈支持",
            "非常支持",
            "坚定支持",
            "力挺",
            "advocate",
            "strong supporter",
            "+2",
            "2",
        ),
        Stance.supporter: (
            "支持者",
            "支持",
            "比较支持",
            "倾向支持",
            "友好",
            "积极",
            "support",
            "positive",
            "friendly",
            "+1",
            "1",
        ),
        Stance.neutral: (
            "中立",
            "中立者",
            "不明",
            "待定",
            "未知",
            "不清楚",
            "一般",
            "unknown",
            "undecided",
            "tbd",
            "0",
        ),
        Stance.skeptic: (
            "怀疑者",
            "怀疑",
            "观望",
            "犹豫",
            "消极",
            "不支持",
            "doubtful",
            "negative",
            "sceptic",
            "-1",
            "−1",
        ),
        Stance.opponent: (
            "反对者",
            "反对",
            "强烈反对",
            "抵触",
            "敌对",
            "阻挠",
            "detractor",
            "blocker",
            "hostile",
            "-2",
            "−2",
        ),
    },
    Seniority: {
        Seniority.executive: (
            "高管",
            "高层",
            "院领导",
            "局领导",
            "校领导",
            "厅领导",
            "委领导",
            "行领导",
            "公司领导",
            "班子成员",
            "领导班子",
            "厅级",
            "局级",
            "司局级",
            "c-level",
            "c level",
            "vp",
        ),
        Seniority.senior: ("高级", "资深", "处级", "县处级", "正处", "副处", "处级干部", "总监", "director"),
        Seniority.middle: ("中层", "科级", "正科", "副科", "中层干部", "部门经理", "manager"),
        Seniority.junior: ("基层", "初级", "股级", "基层干部", "主管", "supervisor"),
        Seniority.staff: ("员工", "职员", "一般员工", "科员", "办事员", "普通员工", "individual contributor"),
    },
    Tier: {
        Tier.strategic: ("战略", "战略客户"),
        Tier.key: ("重点", "重点客户", "关键"),
        Tier.standard: ("普通", "标准"),
    },
    Status: {
        Status.active: ("在职", "活跃"),
        Status.left: ("离职", "已离职"),
    },
    MemberRole: {
        MemberRole.rep: ("销售", "客户经理", "sales"),
        MemberRole.presales: ("售前",),
        MemberRole.executive: ("高管",),
        MemberRole.manager: ("经理", "主管"),
        MemberRole.service: ("服务", "客服", "交付"),
    },
    InfluenceKind: {
        InfluenceKind.advice: ("建议", "咨询"),
        InfluenceKind.authority: ("权力", "职权", "行政"),
        InfluenceKind.trust: ("信任",),
        InfluenceKind.other: ("其他",),
    },
    InteractionType: {
        InteractionType.meeting: ("会议", "开会"),
        InteractionType.visit: ("拜访",),
        InteractionType.call: ("电话",),
        InteractionType.email: ("邮件",),
        InteractionType.event: ("活动",),
        InteractionType.meal: ("宴请", "饭局", "用餐"),
        InteractionType.interview: ("访谈",),
        InteractionType.focus_group: ("焦点小组", "focus group"),
        InteractionType.survey: ("问卷", "调研", "调查"),
    },
    TicketSeverity: {
        TicketSeverity.low: ("低", "轻微", "p4", "minor"),
        TicketSeverity.medium: ("中", "一般", "p3", "normal"),
        TicketSeverity.high: ("高", "严重", "p2", "major"),
        TicketSeverity.critical: ("紧急", "致命", "p1", "blocker", "urgent"),
    },
    DealStage: {
        DealStage.initiation: ("立项", "项目立项", "initiated"),
        DealStage.requirements: ("需求", "需求调研", "需求确认", "discovery", "qualification"),
        DealStage.solution: ("方案", "方案设计", "方案交流", "proposal"),
        DealStage.budget: ("预算", "预算申报", "预算审批"),
        DealStage.tender: ("招标", "挂网", "招标公告", "bidding", "rfp"),
        DealStage.evaluation: ("评标", "开标", "评审", "bid evaluation"),
        DealStage.contract: ("合同", "签约", "合同签订", "negotiation", "closing"),
        DealStage.acceptance: ("验收", "交付验收", "delivery"),
    },
    DealStatus: {
        DealStatus.open: ("进行中", "跟进中", "在谈", "active"),
        DealStatus.won: ("赢单", "中标", "成交", "closed won", "win"),
        DealStatus.lost: ("输单", "丢单", "未中标", "closed lost", "loss"),
    },
    BodyKind: {
        BodyKind.party_committee: ("党委会", "党委", "党组会", "党委常委会", "party committee"),
        BodyKind.executive_meeting: (
            "院长办公会",
            "办公会",
            "总经理办公会",
            "局长办公会",
            "校长办公会",
            "executive meeting",
        ),
        BodyKind.procurement_group: ("采购领导小组", "采购小组", "采购委员会", "procurement group"),
        BodyKind.evaluation_committee: ("评标委员会", "评审委员会", "评标小组", "专家组"),
        BodyKind.board: ("董事会", "理事会", "board of directors"),
        BodyKind.other: ("其他",),
    },
    TicketStatus: {
        TicketStatus.open: ("未解决", "处理中", "待处理", "打开", "new", "pending", "in progress"),
        TicketStatus.closed: ("已解决", "已关闭", "关闭", "resolved", "done"),
    },
}

E = TypeVar("E", bound=StrEnum)


_SEPARATORS = re.compile(r"[\s\-_]+")


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    # Cached: an import folds the same few hundred labels hundreds of thousands of times.
    text = text.strip().lower().replace("（", "(").replace("）", ")")
    return _SEPARATORS.sub("_", text)


def _lookup(enum_cls: type[StrEnum]) -> dict[str, StrEnum]:
    table: dict[str, StrEnum] = {_fold(member.value): member for member in enum_cls}
    for member, labels in LABELS.get(enum_cls, {}).items():
        for label in labels:
            table[_fold(label)] = member
    return table


_LOOKUPS: dict[type[StrEnum], dict[str, StrEnum]] = {cls: _lookup(cls) for cls in LABELS}


def allowed_values(enum_cls: type[StrEnum]) -> str:
    """`champion, supporter, … (or 拥护者, 支持者, …)`: for error messages."""
    english = ", ".join(member.value for member in enum_cls)
    chinese = [
        labels[0]
        for labels in LABELS.get(enum_cls, {}).values()
        if labels and not labels[0].isascii()
    ]
    return f"{english} (or {', '.join(chinese)})" if chinese else english


def parse_label(enum_cls: type[E], value: object, *, field: str) -> E:
    """Normalise `value` (an enum member, its name, or a label) to a member of `enum_cls`."""
    if isinstance(value, enum_cls):
        return value
    exact = enum_cls._value2member_map_.get(value) if isinstance(value, str) else None
    if exact is not None:  # the canonical value, as stored: the common case when reading
        return exact  # type: ignore[return-value]
    text = str(value)
    member = _LOOKUPS[enum_cls].get(_fold(text)) if len(text) <= 200 else None
    if member is None:
        shown = text.strip() if len(text) <= 80 else text.strip()[:77] + "…"
        closest = suggestions(enum_cls, text) if len(text) <= 80 else []
        hint = f"did you mean {' or '.join(closest)}? " if closest else ""
        raise ValueError(
            f"{shown!r} is not a {field}: {hint}use one of {allowed_values(enum_cls)}"
        )
    return member  # type: ignore[return-value]


def suggestions(enum_cls: type[StrEnum], text: str, *, limit: int = 2) -> list[str]:
    """The allowed values closest to `text` (by `difflib` over every label), as
    `economic_buyer (审批)`: the canonical value and the label that was close."""
    table = _LOOKUPS[enum_cls]
    folded = _fold(text)
    # A label inside the text (支持 in 很支持) says more than a similar spelling.
    close = [label for label in table if len(label) >= 2 and label in folded]
    close += difflib.get_close_matches(folded, list(table), n=6, cutoff=0.7)
    written = {
        _fold(label): label for labels in LABELS.get(enum_cls, {}).values() for label in labels
    }
    found: list[str] = []
    for label in close:
        member = table[label]
        shown = member.value if label == member.value else f"{member.value} ({written[label]})"
        if not any(item.split(" ")[0] == member.value for item in found):
            found.append(shown)
    return found[:limit]


_ROLE_ORDER = {role: index for index, role in enumerate(Role)}
ROLE_SEPARATORS = re.compile(r"[;,、，；/|]")


def parse_roles(value: object) -> tuple[Role, ...]:
    """Roles from a list or a `;`-separated text (also `,`, `、`, `/`), deduplicated and sorted."""
    if value is None:
        return ()
    items: list[object]
    if isinstance(value, str):
        items = [part for part in ROLE_SEPARATORS.split(value) if part.strip()]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        raise ValueError(
            f"roles must be a list or a ';'-separated text, not {type(value).__name__}"
        )
    roles = {parse_label(Role, item, field="role") for item in items}
    return tuple(sorted(roles, key=_ROLE_ORDER.__getitem__))


def display_label(value: StrEnum, lang: Language = "en") -> str:
    """The label to show a person: the catalogue's `label.<Enum>.<value>` in `lang`
    (graph/locale); a value the catalogue lacks shows its words (`focus group`)."""
    found = i18n.text(lang, label_key(value))
    return found if found is not None else value.value.replace("_", " ")


def label_key(value: StrEnum) -> str:
    """The catalogue key of a vocabulary value's display label: `label.Stance.champion`."""
    return f"label.{type(value).__name__}.{value.value}"
