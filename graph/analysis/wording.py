"""The sentences analyses write, in English and simplified Chinese (简体中文).

Every explanation a rep reads (power, gaps, actions, the decision chain, warm
paths, churn signals, what-if) is built here from one template per sentence and
the data, in the language `AnalysisParams.lang` asks for. Names, titles, ids and
ticket subjects stay as they were entered. English plural agreement is written in
the template (`{n:|person advises|people advise}`), which Chinese does without;
coverage is written in percent (`{x:pct}`, see `say`).
"""

from __future__ import annotations

import re
from enum import StrEnum
from string import Formatter

from graph.vocabulary import Language, display_label

SENTENCES: dict[str, tuple[str, str]] = {
    # power.py
    "power": ("power {power:.2f}: {basis}", "影响力 {power:.2f}：{basis}"),
    "no_basis": ("no role or seniority recorded", "未记录角色或职级"),
    "shapes_view": (
        "shapes the view of {names}{more} (power {powers})",
        "影响 {names}{more}的看法（影响力 {powers}）",
    ),
    "and_more": (" and {n} more", "等另外 {n} 人"),
    "advised_by": ("{n} {n:|person advises|people advise} them", "有 {n} 人向其提供意见"),
    # coverage.py
    "unknown_key_person": (
        "{name} (power {power:.2f}) is barely known: {known}",
        "我方与 {name}（影响力 {power:.2f}）几乎没有关系：{known}",
    ),
    "best_relationship": (
        "best relationship {strength}/5 ({member}), last contact {since}, warmth {warmth:.2f}",
        "最好的关系 {strength}/5（{member}），上次联系 {since}，热度 {warmth:.2f}",
    ),
    "days_ago": ("{n} {n:|day|days} ago", "{n} 天前"),
    "never_recorded": ("never recorded", "从未记录"),
    "nobody_knows": ("nobody on our team has a relationship", "我方团队无人与其建立关系"),
    "opponent": (
        "{name} is {article} {stance} with power {power:.2f}",
        "{name} 是{stance}，影响力 {power:.2f}",
    ),
    "stale": ("{name}: {detail}", "{name}：{detail}"),
    "stale_detail": (
        "{age} {age:|day|days} since the last touch ({member}, strength {strength})",
        "距上次接触已 {age} 天（{member}，关系强度 {strength}）",
    ),
    "missing_role": (
        "no {role} identified: the decision chain is incomplete",
        "尚未确定{role}：决策链不完整",
    ),
    "single_member": (
        "one team member, {who}, carries {share:.0%} of coverage",
        "一位团队成员（{who}）承担了 {share:.0%} 的覆盖",
    ),
    "single_contact": (
        "one contact, {name}, carries {share:.0%} of coverage",
        "一位联系人（{name}）承担了 {share:.0%} 的覆盖",
    ),
    # activity.py
    "activity_disagrees": (
        "{member} ↔ {name}: strength entered {entered}/5, measured from activity "
        "{derived:.1f}/5 (interaction count in the last year: {count}); {direction}",
        "{member} ↔ {name}：录入的关系强度 {entered}/5，按往来测得 {derived:.1f}/5"
        "（近一年互动次数：{count}）；{direction}",
    ),
    "activity_higher": (
        "consider raising the entered strength to {suggested}",
        "建议将录入的强度提高到 {suggested}",
    ),
    "activity_lower": (
        "the relationship may have cooled: check it, or lower the entered strength to {suggested}",
        "关系可能已经转冷：请核实，或将录入的强度降到 {suggested}",
    ),
    # actions.py
    "person_label": (
        "{name} ({title}, {stance}, power {power:.2f})",
        "{name}（{title}，{stance}，影响力 {power:.2f}）",
    ),
    "no_title": ("no title", "无职务"),
    "deepen": (
        "deepen {member}'s relationship with {label}: strength {old} → {new}, "
        "coverage {change:+pct}",
        "加深 {member} 与 {label} 的关系：强度 {old} → {new}，覆盖 {change:+pct}",
    ),
    "introduction": (
        "{member} to reach {label} through {via} (route strength {strength:.2f}): "
        "coverage {change:+pct}",
        "{member} 经由 {via} 结识 {label}（路径强度 {strength:.2f}）：覆盖 {change:+pct}",
    ),
    "no_route_action": (
        "no warm route to {label}: {why}; {member} to reach out directly, coverage {change:+pct}",
        "没有通往 {label} 的引荐路径：{why}；由 {member} 直接联系，覆盖 {change:+pct}",
    ),
    "recontact": (
        "re-contact {name}: {detail}; coverage {change:+pct}",
        "重新联系 {name}：{detail}；覆盖 {change:+pct}",
    ),
    "second_contact": (
        "second contact for {name} (power {power:.2f}): only {holder} knows them; "
        "{second} would protect {protected:pct} of coverage, coverage {change:+pct}",
        "为 {name}（影响力 {power:.2f}）增加第二联系人：目前只有 {holder} 与其相识；"
        "{second} 可保住 {protected:pct} 的覆盖，覆盖 {change:+pct}",
    ),
    "identify_role": (
        "identify the {role}: ask your coach who holds that role",
        "确定{role}：向教练打听谁担任这一角色",
    ),
    "identify_role_candidates": (
        "no {role} yet: candidates are {which}: {names}",
        "尚无{role}：候选人是{which}：{names}",
    ),
    "candidates_powerful": ("the most powerful people", "影响力最大的人"),
    "candidates_coach": (
        "the supporters closest to the decision makers",
        "离决策者最近的支持者",
    ),
    "first_meeting": (
        "meet {label} first: {why}; nobody on our team knows them yet. {member} to own the "
        "contact, coverage {change:+pct}",
        "优先拜会 {label}：{why}；我方尚无人认识其本人。由 {member} 负责该联系人，覆盖 {change:+pct}",
    ),
    "why_roles": ("{roles}", "{roles}"),
    "why_power": ("ranked {rank} of {n} by power", "影响力排第 {rank}（共 {n} 人）"),
    "why_against": ("hear their objections early", "尽早听取其顾虑"),
    "why_for": ("a likely ally", "可能的盟友"),
    "no_action_team": (
        "nothing to propose: nobody on our team or as owner is on this account; add a team "
        "member to get concrete moves",
        "无法提出建议：该客户没有我方团队成员或负责人；请添加团队成员以获得具体行动",
    ),
    "no_action_gaps": (
        "nothing to propose for the open gaps ({kinds}): they need another team member "
        "or people not yet on the map",
        "无法针对现有缺口（{kinds}）提出建议：需要另一位团队成员或尚未录入的人员",
    ),
    # paths.py
    "no_chain": (
        "no decision maker or economic buyer identified, so no chain yet",
        "尚未确定决策者或经济决策人，暂无决策链",
    ),
    "chain": (
        "{n} {n:|person|people} in {k} {k:|layer|layers} {n:|feeds|feed} the decision of {names}",
        "{k} 层共 {n} 人影响 {names} 的决策",
    ),
    "chain_alone": ("nobody is recorded as influencing {names}", "尚无记录显示有人影响 {names}"),
    "no_route": (
        "no route from our team to {name} within {hops} {hops:|hop|hops}: no relationship or "
        "link reaches them",
        "我方团队在 {hops} 步内没有通往 {name} 的路径：没有任何关系或联系能触达",
    ),
    "poor_route": (
        "only a poor route to {name}: {route}, below {threshold:.2f} ({why}); approach "
        "{name} directly instead",
        "通往 {name} 只有较弱的路径：{route}，低于 {threshold:.2f}（{why}）；建议直接联系 {name}",
    ),
    "hop_knows": (
        "{member} knows {name} (warmth {warmth:.2f})",
        "{member} 认识 {name}（热度 {warmth:.2f}）",
    ),
    "hop_reports_to": ("{a} reports to {b}", "{a} 向 {b} 汇报"),
    "hop_manages": ("{a} manages {b}", "{a} 是 {b} 的上级"),
    "hop_advises": ("{a} advises {b} ({weight:.2f})", "{a} 向 {b} 提供意见（{weight:.2f}）"),
    "hop_advised_by": (
        "{a} is advised by {b} ({weight:.2f})",
        "{a} 听取 {b} 的意见（{weight:.2f}）",
    ),
    "hop_notes": (" [{notes}]", "［{notes}］"),
    "hop_stance": ("{stance}: ×{factor:.2f}", "{stance}：×{factor:.2f}"),
    "hop_detour": (
        "{n} {n:|level|levels} above {name}: ×{factor:.2f}",
        "比 {name} 高 {n} 级：×{factor:.2f}",
    ),
    "poor_route_action": (
        "only a poor route to {label} ({via}, strength {strength:.2f}): {why}; {member} to "
        "approach them directly, coverage {change:+pct}",
        "通往 {label} 只有较弱的路径（经由 {via}，强度 {strength:.2f}）：{why}；由 {member} "
        "直接联系，覆盖 {change:+pct}",
    ),
    "route": ("{chain} (strength {strength:.2f})", "{chain}（强度 {strength:.2f}）"),
    # risk.py
    "risk_none": ("low: no churn signals", "低：没有流失信号"),
    "risk": (
        "{level}{reason}, {n} {n:|signal|signals}: {listed}",
        "{level}{reason}，{n} 个信号：{listed}",
    ),
    "risk_escalated": (" ({n} medium signals together)", "（{n} 个中等信号叠加）"),
    "health_drop": (
        "relationship scores fell {drop:.0f} points from {a} ({before:.0f}) to {b} ({after:.0f})",
        "关系评分从 {a}（{before:.0f}）降至 {b}（{after:.0f}），下降 {drop:.0f} 分",
    ),
    "low_health": (
        "account health is {health:.0f}/100, below {threshold:.0f}",
        "客户关系健康度为 {health:.0f}/100，低于 {threshold:.0f}",
    ),
    "dimension_drop": (
        "{dimension} fell from {before:.1f} to {after:.1f} (of 5) between {a} and {b}",
        "{dimension}从 {before:.1f} 降至 {after:.1f}（满分 5）：{a} 至 {b}",
    ),
    "key_person_cooling": (
        "{name} (power {power:.2f}) scored {after:.0f} on {day}, down from {before:.0f} on {earlier}",
        "{name}（影响力 {power:.2f}）{day} 的评分为 {after:.0f}，低于 {earlier} 的 {before:.0f}",
    ),
    "key_relationship_cooling": (
        "{name} (power {power:.2f}): {age} {age:|day|days} since our last touch ({member}, "
        "strength {strength}), warmth down to {warmth:.2f}",
        "{name}（影响力 {power:.2f}）：距我方上次接触已 {age} 天（{member}，关系强度 "
        "{strength}），热度降至 {warmth:.2f}",
    ),
    "our_coach": ("our coach", "我方教练"),
    "our_strongest": (
        "our strongest relationship here, strength {strength}",
        "我方在该客户最强的关系，强度 {strength}",
    ),
    "relationship_strength": ("relationship strength {strength}", "关系强度 {strength}"),
    "contact_left": ("{name} ({what}) has left the client", "{name}（{what}）已离开客户单位"),
    "name_power": ("{name} ({power:.2f})", "{name}（{power:.2f}）"),
    "opponents_gaining": (
        "skeptics and opponents hold {after:.0%} of the power, up from {before:.0%} "
        "{days} {days:|day|days} ago: {names}",
        "怀疑者和反对者掌握 {after:.0%} 的影响力，{days} 天前为 {before:.0%}：{names}",
    ),
    "two_quarters": ("over the last two quarters", "近两个季度"),
    "last_days": ("over the last {days} {days:|day|days}", "近 {days} 天"),
    "order_frequency_drop": (
        "order frequency fell from {before:.1f} to {after:.1f} a month {span} "
        "({n_before} {n_before:|order|orders} before, {n_after} since)",
        "{span}订单频率从每月 {before:.1f} 单降至 {after:.1f} 单（此前 {n_before} 单，此后 "
        "{n_after} 单）",
    ),
    "order_value_drop": (
        "order value fell {fall:.0%}, from {before:,.0f} to {after:,.0f}, {span}",
        "{span}订单金额下降 {fall:.0%}，从 {before:,.0f} 降至 {after:,.0f}",
    ),
    "severe_tickets": (
        "{n} {n:|severe ticket is|severe tickets are} open{critical}; the oldest, "
        "{oldest}{subject}, for {age} {age:|day|days}",
        "{n} 个严重工单未解决{critical}；最早的 {oldest}{subject} 已 {age} 天",
    ),
    "critical_tickets": (", {n} critical", "，其中 {n} 个紧急"),
    "ticket_subject": (" ({subject})", "（{subject}）"),
    # relationship position (risk.py)
    "key_people_unknown": (
        "{n} of {total} key {total:|person|people} {n:|has|have} no relationship with our "
        "team: {names}",
        "{total} 位关键人物中有 {n} 位与我方没有任何关系：{names}",
    ),
    "opponent_unworked": (
        "{n} powerful {n:|skeptic or opponent|skeptics or opponents} nobody on our team "
        "{n:|works|work}: {names}",
        "{n} 位有影响力的怀疑者或反对者无人跟进：{names}",
    ),
    "name_stance_power": (
        "{name} ({stance}, power {power:.2f}, warmth {warmth:.2f})",
        "{name}（{stance}，影响力 {power:.2f}，热度 {warmth:.2f}）",
    ),
    "no_coach": (
        "no coach: nobody inside the client is recorded as guiding us",
        "没有教练：客户内部无人被记录为我方引路",
    ),
    "coach_not_known": (
        "no relationship with our coach {names}: nobody on our team is in touch",
        "我方与教练 {names} 没有关系：团队中无人与其保持联系",
    ),
    "single_threaded_risk": (
        "single-threaded: {detail}",
        "单线联系：{detail}",
    ),
    "low_coverage": (
        "coverage is {coverage:pct}, below {threshold:pct}: the team barely knows the people "
        "who decide",
        "覆盖为 {coverage:pct}，低于 {threshold:pct}：我方几乎不认识做决定的人",
    ),
    # health.py
    "health_basis": (
        "measured on {n} of {total} {total:|person|people}; {share:pct} of power",
        "基于 {total} 人中的 {n} 人；占影响力的 {share:pct}",
    ),
    # whatif.py
    "what_if": (
        "without {name}, coverage goes from {before:pct} to {after:pct} ({change:+pct}); "
        "{opened} {opened:|gap opens|gaps open}, {closed} {closed:|closes|close}",
        "如果没有 {name}，覆盖从 {before:pct} 变为 {after:pct}（{change:+pct}）；新增 "
        "{opened} 个缺口，消除 {closed} 个",
    ),
    # changes.py
    "joined": ("{name} joined the map ({title})", "{name} 加入了关系图（{title}）"),
    "removed": ("{name} was removed from the map", "{name} 已从关系图中移除"),
    "left": ("{name} left the client", "{name} 已离开客户单位"),
    "stance_changed": (
        "{name}'s stance changed from {before} to {after}",
        "{name} 的立场从{before}变为{after}",
    ),
    "roles_changed": (
        "{name}'s roles changed from {before} to {after}",
        "{name} 的角色从{before}变为{after}",
    ),
    "no_roles": ("none", "无"),
    "title_changed": (
        "{name}'s title changed from {before} to {after}",
        "{name} 的职务从 {before} 变为 {after}",
    ),
    "deal_added": ("deal {deal} was added at {stage}", "新增商机 {deal}（{stage}）"),
    "deal_removed": ("deal {deal} was removed", "商机 {deal} 已删除"),
    "deal_moved": (
        "deal {deal} moved from {before} to {after}",
        "商机 {deal} 从{before}阶段推进到{after}阶段",
    ),
    "deal_closed": ("deal {deal} is now {status}", "商机 {deal} 现为{status}"),
    "seat_added": (
        "{name} joined the committee of {deal} ({roles})",
        "{name} 进入商机 {deal} 的采购决策小组（{roles}）",
    ),
    "seat_removed": (
        "{name} left the committee of {deal}",
        "{name} 离开商机 {deal} 的采购决策小组",
    ),
    "rival_tie": (
        "{rival}'s relationship with {name} went from {before} to {after} (of 5)",
        "{rival} 与 {name} 的关系从 {before} 变为 {after}（满分 5）",
    ),
    "warmed": (
        "{who}'s relationship with {whom} warmed from {before:.2f} to {after:.2f}",
        "{who} 与 {whom} 的关系升温：从 {before:.2f} 到 {after:.2f}",
    ),
    "cooled": (
        "{who}'s relationship with {whom} cooled from {before:.2f} to {after:.2f}",
        "{who} 与 {whom} 的关系降温：从 {before:.2f} 到 {after:.2f}",
    ),
    "coverage_went": (
        "coverage went from {before:.0%} to {after:.0%}",
        "覆盖从 {before:.0%} 变为 {after:.0%}",
    ),
    "health_went": (
        "relationship health went from {before} to {after}",
        "关系健康度从 {before} 变为 {after}",
    ),
    "not_measured": ("not measured", "未测量"),
    "gap_opened": ("gap opened: {gap}", "新增缺口：{gap}"),
    "gap_closed": ("gap closed: {gap}", "消除缺口：{gap}"),
}

SEPARATORS: dict[str, tuple[str, str]] = {
    "list": (", ", "、"),
    "clauses": ("; ", "；"),
}

DIMENSIONS: dict[str, tuple[str, str]] = {
    "trust": ("trust", "信任"),
    "satisfaction": ("satisfaction", "满意度"),
    "communication": ("communication", "沟通"),
    "loyalty": ("loyalty", "忠诚度"),
}

RISK_LEVELS: dict[str, tuple[str, str]] = {
    "low": ("low", "低"),
    "medium": ("medium", "中"),
    "high": ("high", "高"),
}


def _pick(pair: tuple[str, str], lang: Language) -> str:
    return pair[1] if lang == "zh" else pair[0]


_PLURAL = re.compile(r"\{(\w+):\|([^|}]*)\|([^}]*)\}")
_PERCENT = re.compile(r"\{(\w+):(\+?)pct\}")


def percent(value: float, *, signed: bool = False) -> str:
    """A 0..1 share as a percent, whole ("20%"), or with one decimal when it is not
    zero but rounds to 0 ("+0.4%"). Coverage is 0..1 in the JSON document and percent
    in every sentence; a change of coverage is in percentage points ("+7%": from 20%
    to 27%)."""
    points = value * 100
    digits = 1 if points != 0 and round(points) == 0 else 0
    return format(points, f"{'+' if signed else ''}.{digits}f") + "%"


def say(lang: Language, key: str, /, **values: object) -> str:
    """Sentence `key` in `lang`, filled with `values` (a template may leave some unused).

    Beside `str.format`, a template may write `{n:|person|people}`: the word for count
    `n` (English plural agreement: "1 person advises them", "3 people advise them"),
    and `{x:pct}` / `{x:+pct}`: the share x as `percent` writes it."""
    template = _pick(SENTENCES[key], lang)
    if ":|" in template:
        template = _PLURAL.sub(lambda m: m[2] if values[m[1]] == 1 else m[3], template)
    if "pct}" in template:
        template = _PERCENT.sub(
            lambda m: percent(float(values[m[1]]), signed=bool(m[2])),  # type: ignore[arg-type]
            template,
        )
    return template.format(**values)


def separator(lang: Language, kind: str) -> str:
    """What joins list items (`list`) or clauses (`clauses`) in `lang`."""
    return _pick(SEPARATORS[kind], lang)


def names(lang: Language, items: list[str]) -> str:
    """`A, B and C` / `A、B和C`."""
    if len(items) <= 1:
        return "".join(items)
    last = " and " if lang == "en" else "和"
    return separator(lang, "list").join(items[:-1]) + last + items[-1]


def label(lang: Language, value: StrEnum) -> str:
    """A role, stance or other vocabulary value as a reader of `lang` says it."""
    return display_label(value, lang)


def dimension(lang: Language, name: str) -> str:
    return _pick(DIMENSIONS[name], lang)


def risk_level(lang: Language, level: str) -> str:
    return _pick(RISK_LEVELS[level], lang)


def placeholders(template: str) -> set[str]:
    """The names a template fills (for the test that both languages agree)."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}
