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
        "undo_forbidden": (
            "Not undone: it would change the account's owner or team, which only the "
            "owner, a manager on the team or an admin may do."
        ),
        "and_more": "and {n} more",
        "older": "Older changes",
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
        "field_role": "Role",
        "field_user": "Stakegraph user (who this is)",
        "no_user": "not a user",
        "delete_card_members": "Delete this team member…",
        "delete_card_influences": "Delete this influence link…",
        "delete_card_relationships": "Delete this relationship…",
        "delete_member_removes": "Deleting removes the team member and their relationships:",
        "delete_member_keeps": (
            "{n} interactions and {m} assessments stay, no longer attributed to anyone"
        ),
        "delete_only_this": "Only this goes; the people stay.",
        "team_members": "Our team",
        "you": "you",
        "strength_short": "strength",
        "import_no_file": "Choose a file to import.",
        "import_no_account": "Give the account to import into (its id).",
        "template_download": "Download the import template (.xlsx)",
        "template_help": (
            "a sheet per kind of record, drop-down lists of the allowed values and an "
            "example row to replace with yours"
        ),
        "all_influences": "Influence links",
        "all_relationships": "Our relationships",
    },
    "zh": {
        "history": "变更记录",
        "history_hint": "谁改了什么；任何变更都可以在那里撤销",
        "undo": "撤销",
        "undone": "已撤销。撤销本身也记入变更记录：再撤销一次即可恢复。",
        "undo_stale": "未撤销：此变更涉及的数据之后又被修改过。请先撤销之后的变更。",
        "undo_refused": "此变更无法撤销（个人数据清除，或客户的创建）。",
        "undo_missing": "此客户的变更记录中没有这条变更。",
        "undo_forbidden": "未撤销：这会更改客户的负责人或团队，只有负责人、团队中的经理或管理员可以这样做。",
        "and_more": "另有 {n} 条",
        "older": "更早的变更",
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
        "field_role": "角色",
        "field_user": "对应的系统用户",
        "no_user": "不是系统用户",
        "delete_card_members": "删除此团队成员…",
        "delete_card_influences": "删除此影响关系…",
        "delete_card_relationships": "删除此关系…",
        "delete_member_removes": "删除会移除此团队成员及其客户关系：",
        "delete_member_keeps": "{n} 条互动和 {m} 条关系评估保留，但不再归属于任何人",
        "delete_only_this": "只删除这一条，相关人员保留。",
        "team_members": "我方团队",
        "you": "我",
        "strength_short": "关系强度",
        "import_no_file": "请选择要导入的文件。",
        "import_no_account": "请填写要导入到的客户（客户编号）。",
        "template_download": "下载导入模板（.xlsx）",
        "template_help": "每类数据一张工作表，可选值有下拉列表，示例行替换成您的数据即可",
        "all_influences": "影响关系",
        "all_relationships": "我方关系",
    },
}
