"""The words of the deal pages (the pipeline, a deal's page), English and Chinese;
api/web/text.py adds them to its table."""

from __future__ import annotations

from graph.vocabulary import Language

WORDS: dict[str, tuple[str, str]] = {
    "pipeline": ("Pipeline", "商机漏斗"),
    "deals": ("Deals", "商机"),
    "deal": ("Deal", "商机"),
    "no_deals": ("No deals recorded.", "尚未记录商机。"),
    "stage": ("Stage", "阶段"),
    "amount": ("Amount", "金额"),
    "status": ("Status", "状态"),
    "expected_close": ("Expected close", "预计成交日期"),
    "closed_on": ("Closed", "关闭日期"),
    "qualification": ("Qualification", "资格评分"),
    "committee_coverage": ("Committee coverage", "决策小组覆盖率"),
    "body_coverage": ("Body coverage", "决策机构覆盖率"),
    "exposure": ("Competitor exposure", "对手渗透"),
    "open_deals": ("Open deals", "进行中的商机"),
    "by_stage": ("By stage", "按阶段"),
    "deals_n": ("Deals", "商机数"),
    "closed_deals": (
        "Closed deals: figures at close against the outcome",
        "已关闭商机：关闭时的数据与结果对照",
    ),
    "at_close": ("Figures from", "数据来源"),
    "at_history": ("the map as it was", "当时的关系图"),
    "at_current": ("the current map", "当前关系图"),
    "outcome": ("Outcome", "结果"),
    "mean_qualification": ("Mean qualification", "平均资格评分"),
    "mean_coverage": ("Mean coverage", "平均覆盖率"),
    "predicts": (
        "Won deals closed with higher {measure}: {answer}",
        "赢单时的{measure}更高：{answer}",
    ),
    "not_yet": (
        "not known until a deal is won and another lost",
        "需至少一个赢单和一个输单才能判断",
    ),
    "committee": ("Buying committee", "采购决策小组"),
    "no_committee": (
        "No buying committee recorded: the account's people as they are.",
        "未记录采购决策小组：按客户现有人员分析。",
    ),
    "on_committee": ("On the committee", "在决策小组"),
    "decision_bodies": ("Decision bodies", "决策机构"),
    "seats": ("Seats", "席位"),
    "known": ("Known", "我方认识"),
    "decides_now": ("Decides at this stage", "本阶段拍板"),
    "scorecard": ("Qualification scorecard (MEDDPICC)", "资格评估（MEDDPICC）"),
    "element": ("Element", "要素"),
    "competitors": ("Competitors", "竞争对手"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
}
"""Key → (English, Chinese)."""


def deal_words(lang: Language) -> dict[str, str]:
    """The deal pages' words in `lang`."""
    return {key: pair[1] if lang == "zh" else pair[0] for key, pair in WORDS.items()}
