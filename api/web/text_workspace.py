"""The words of the workspace pages (history and undo; cards for team members,
influence links and relationships), English and Chinese: joined into
api/web/text.py's TEXT."""

from __future__ import annotations

from graph.vocabulary import Language

WORKSPACE_TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "history": "History",
        "history_hint": "who changed what; any change can be undone there",
        "undo": "Undo",
        "undone": "Undone. The undo is in the history too: undo it to redo.",
        "undo_stale": (
            "Not undone: something this change touched has changed since. "
            "Undo the later changes first."
        ),
        "undo_refused": "This change cannot be undone (an erasure, or the account's creation).",
        "undo_missing": "There is no such change in this account's history.",
        "and_more": "and {n} more",
        "field_stakeholders": "Participants",
        "field_reports_to": "Reports to",
        "action_created": "Added",
        "action_updated": "Changed",
        "action_deleted": "Deleted",
        "action_erased": "Erased",
        "kind_accounts": "account",
        "kind_stakeholders": "person",
        "kind_members": "team member",
        "kind_influences": "influence link",
        "kind_relationships": "relationship",
        "kind_interactions": "interaction",
        "kind_assessments": "assessment",
        "kind_orders": "order",
        "kind_tickets": "ticket",
        "kind_erasures": "personal data",
    },
    "zh": {
        "history": "变更记录",
        "history_hint": "谁改了什么；任何变更都可以在那里撤销",
        "undo": "撤销",
        "undone": "已撤销。撤销本身也记入变更记录：再撤销一次即可恢复。",
        "undo_stale": "未撤销：此变更涉及的数据之后又被修改过。请先撤销之后的变更。",
        "undo_refused": "此变更无法撤销（个人数据清除，或客户的创建）。",
        "undo_missing": "此客户的变更记录中没有这条变更。",
        "and_more": "另有 {n} 条",
        "field_stakeholders": "参与人",
        "field_reports_to": "上级",
        "action_created": "添加",
        "action_updated": "修改",
        "action_deleted": "删除",
        "action_erased": "清除",
        "kind_accounts": "客户",
        "kind_stakeholders": "联系人",
        "kind_members": "团队成员",
        "kind_influences": "影响关系",
        "kind_relationships": "我方关系",
        "kind_interactions": "互动",
        "kind_assessments": "关系评估",
        "kind_orders": "订单",
        "kind_tickets": "工单",
        "kind_erasures": "个人数据",
    },
}
