"""Every word the pages show, in English and Chinese: one table, keyed by what it says."""

from __future__ import annotations

from api.web.text_workspace import WORKSPACE_TEXT
from graph.vocabulary import Language

TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "accounts": "Accounts",
        "portfolio": "Portfolio",
        "import": "Import",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "token": "Token",
        "token_help": "Paste the token `stakegraph user add` printed, or open the sign-in link it gave.",
        "switch_question": "You are signed in as {current}. This sign-in link is for {new}.",
        "switch_yes": "Sign in as {new}",
        "switch_no": "Stay signed in as {current}",
        "account": "Account",
        "owner": "Owner",
        "tier": "Tier",
        "people": "People",
        "coverage": "Coverage",
        "health": "Health",
        "risk": "Risk",
        "single_threaded": "Single-threaded",
        "no_accounts": "No accounts yet. Import a bundle to create one.",
        "key_people": "Key people",
        "rank": "#",
        "name": "Name",
        "title": "Title",
        "roles": "Roles",
        "stance": "Stance",
        "power": "Power",
        "warmth": "Warmth",
        "gaps": "Gaps",
        "no_gaps": "No gaps.",
        "actions": "Next actions",
        "warm_paths": "Warm paths to key people",
        "no_route": "no route",
        "add": "Add",
        "save": "Save",
        "add_stakeholder": "Add or update a stakeholder",
        "add_influence": "Add an influence link",
        "add_relationship": "Add or update a relationship",
        "add_interaction": "Record an interaction",
        "add_assessment": "Record an assessment",
        "map": "Influence map",
        "open_map": "Open the map on its own",
        "review": "Account review",
        "report": "Relationship report",
        "survey": "Survey to send",
        "participants": "Stakeholders (several for a focus group)",
        "found_scores": "Scores found (interviews, focus groups, surveys; optional)",
        "export": "Export",
        "saved": "Saved.",
        "conflict": (
            "Someone changed this account while you were editing. "
            "Your change was not saved; check the page and try again."
        ),
        "file": "File",
        "check": "Check",
        "confirm_import": "Import these rows",
        "import_ok": "Ready to import",
        "import_bad": "Nothing was imported: fix these rows and upload again.",
        "rows": "rows",
        "created": "new",
        "updated": "updated",
        "unchanged": "unchanged",
        "warnings": "Warnings",
        "reps": "Reps",
        "accounts_n": "Accounts",
        "high_risk": "High risk",
        "mean_coverage": "Mean coverage",
        "source": "Influencer",
        "target": "Influenced",
        "weight": "Weight (0–1)",
        "kind": "Kind",
        "member": "Our team member",
        "stakeholder": "Stakeholder",
        "strength": "Strength (0–5)",
        "last_contact": "Last contact",
        "date": "Date",
        "type": "Type",
        "sentiment": "Sentiment (−2…+2)",
        "note": "Note",
        "trust": "Trust",
        "satisfaction": "Satisfaction",
        "communication": "Communication",
        "loyalty": "Loyalty",
        "department": "Department",
        "seniority": "Seniority",
        "reports_to": "Reports to",
        "id": "Id",
        "member_role": "Role",
        "new_member": "or a new team member",
        "error": "Error",
        "back": "Back to accounts",
        "read_only": "You can read this account but not change it.",
        "choose": "—",
    },
    "zh": {
        "accounts": "客户",
        "portfolio": "客户组合",
        "import": "导入",
        "sign_in": "登录",
        "sign_out": "退出",
        "token": "令牌",
        "token_help": "粘贴 `stakegraph user add` 输出的令牌，或打开它给出的登录链接。",
        "switch_question": "您当前以 {current} 的身份登录。这个登录链接属于 {new}。",
        "switch_yes": "以 {new} 的身份登录",
        "switch_no": "继续以 {current} 的身份使用",
        "account": "客户",
        "owner": "负责人",
        "tier": "级别",
        "people": "人数",
        "coverage": "覆盖度",
        "health": "健康度",
        "risk": "风险",
        "single_threaded": "单线联系",
        "no_accounts": "还没有客户。导入一个数据包即可创建。",
        "key_people": "关键人物",
        "rank": "#",
        "name": "姓名",
        "title": "职务",
        "roles": "角色",
        "stance": "态度",
        "power": "权力",
        "warmth": "关系温度",
        "gaps": "覆盖缺口",
        "no_gaps": "没有缺口。",
        "actions": "下一步行动",
        "warm_paths": "通往关键人物的引荐路径",
        "no_route": "无路径",
        "add": "添加",
        "save": "保存",
        "add_stakeholder": "添加或修改联系人",
        "add_influence": "添加影响关系",
        "add_relationship": "添加或修改我方关系",
        "add_interaction": "记录一次互动",
        "add_assessment": "记录一次关系评估",
        "map": "影响力地图",
        "open_map": "单独打开地图",
        "review": "客户复盘",
        "report": "客户关系报告",
        "survey": "待发放问卷",
        "participants": "客户联系人（焦点小组可多选）",
        "found_scores": "调研得分（访谈、焦点小组、问卷；选填）",
        "export": "导出",
        "saved": "已保存。",
        "conflict": "在您编辑期间有人修改了这个客户，您的修改没有保存；请查看页面后重试。",
        "file": "文件",
        "check": "检查",
        "confirm_import": "导入这些行",
        "import_ok": "可以导入",
        "import_bad": "没有导入任何数据：请修正这些行后重新上传。",
        "rows": "行",
        "created": "新增",
        "updated": "更新",
        "unchanged": "未变",
        "warnings": "提示",
        "reps": "销售",
        "accounts_n": "客户数",
        "high_risk": "高风险",
        "mean_coverage": "平均覆盖度",
        "source": "影响者",
        "target": "被影响者",
        "weight": "权重 (0–1)",
        "kind": "类型",
        "member": "我方人员",
        "stakeholder": "客户联系人",
        "strength": "关系强度 (0–5)",
        "last_contact": "上次联系",
        "date": "日期",
        "type": "类型",
        "sentiment": "情绪 (−2…+2)",
        "note": "备注",
        "trust": "信任",
        "satisfaction": "满意度",
        "communication": "沟通",
        "loyalty": "忠诚度",
        "department": "部门",
        "seniority": "级别",
        "reports_to": "上级",
        "id": "编号",
        "member_role": "岗位",
        "new_member": "或新的我方人员",
        "error": "错误",
        "back": "返回客户列表",
        "read_only": "您可以查看这个客户，但不能修改。",
        "choose": "—",
    },
}

# The users page (admins).
TEXT["en"].update(
    {
        "users": "Users",
        "users_help": (
            "Deactivating or deleting a user ends every session of theirs at once; "
            "the accounts they own go to the new owner you pick."
        ),
        "user_role": "Role",
        "role_admin": "admin",
        "role_manager": "manager",
        "role_rep": "rep",
        "status": "Status",
        "active": "active",
        "inactive": "inactive",
        "owns": "Owns",
        "change_role": "Change role",
        "deactivate": "Deactivate",
        "activate": "Activate",
        "delete": "Delete",
        "new_owner": "new owner…",
    }
)
TEXT["zh"].update(
    {
        "users": "用户",
        "users_help": "停用或删除用户会立即结束其所有登录会话；其负责的客户转给您选择的新负责人。",
        "user_role": "角色",
        "role_admin": "管理员",
        "role_manager": "经理",
        "role_rep": "销售",
        "status": "状态",
        "active": "启用",
        "inactive": "已停用",
        "owns": "负责的客户",
        "change_role": "修改角色",
        "deactivate": "停用",
        "activate": "启用",
        "delete": "删除",
        "new_owner": "新负责人…",
    }
)

# A person's card, its edit form and its delete confirmation.
TEXT["en"].update(
    {
        "add_stakeholder": "Add a stakeholder",
        "all_people": "All people",
        "reports": "Reports",
        "email": "Email",
        "phone": "Phone",
        "priorities": "Priorities",
        "our_relationships": "Our relationships",
        "from_activity": "Measured from activity",
        "candidates": "People we met who are not on the map",
        "candidates_help": (
            "Addresses at the client's mail domains that match nobody. "
            "Add one and import again to count their meetings."
        ),
        "times_met": "Meetings and messages",
        "met_by": "With",
        "add_to_map": "Add to the map",
        "derived_strength": "strength",
        "entered_strength": "entered",
        "interactions_in_window": "meetings and messages in the last year",
        "no_activity": "No meetings or messages logged with them.",
        "influence_links": "Influence",
        "interactions": "Interactions",
        "assessments": "Assessments",
        "none": "None yet.",
        "edit_person": "Edit",
        "delete_person": "Delete this person…",
        "delete_question": "Delete {name}?",
        "delete_removes": "Deleting removes the person and what hangs on them:",
        "delete_influences": "influence links",
        "delete_relationships": "our relationships",
        "delete_assessments": "assessments",
        "delete_interactions": (
            "interactions: {n} with only this person go, {m} others stay without them"
        ),
        "delete_reports": "their reports no longer report to anyone",
        "delete_confirm": "Delete",
        "cancel": "Cancel",
        "deleted": "Deleted.",
        "person_exists": "A person named {name} exists:",
        "person_id_exists": "A person with the id {id} exists:",
        "edit_them": "edit them",
        "or_new_id": "or add a new one with a different id.",
    }
)
TEXT["zh"].update(
    {
        "add_stakeholder": "添加联系人",
        "all_people": "全部联系人",
        "reports": "下属",
        "email": "邮箱",
        "phone": "电话",
        "priorities": "关注点",
        "our_relationships": "我方关系",
        "from_activity": "根据往来记录测算",
        "candidates": "见过但尚未在关系图上的人",
        "candidates_help": "客户邮箱域名下未匹配到任何人的地址。添加后重新导入即可计入其会面记录。",
        "times_met": "会面和邮件次数",
        "met_by": "我方人员",
        "add_to_map": "添加到关系图",
        "derived_strength": "关系强度",
        "entered_strength": "录入值",
        "interactions_in_window": "次会面和邮件（近一年）",
        "no_activity": "尚无与其会面或邮件往来的记录。",
        "influence_links": "影响关系",
        "interactions": "互动",
        "assessments": "关系评估",
        "none": "暂无。",
        "edit_person": "修改",
        "delete_person": "删除此人…",
        "delete_question": "删除 {name}？",
        "delete_removes": "删除会移除此人以及与其相关的数据：",
        "delete_influences": "影响关系",
        "delete_relationships": "我方关系",
        "delete_assessments": "关系评估",
        "delete_interactions": "互动：仅与此人的 {n} 条会删除，其他 {m} 条保留但不再包含此人",
        "delete_reports": "其下属将不再有上级",
        "delete_confirm": "删除",
        "cancel": "取消",
        "deleted": "已删除。",
        "person_exists": "已有名为 {name} 的联系人：",
        "person_id_exists": "已有编号为 {id} 的联系人：",
        "edit_them": "修改此人",
        "or_new_id": "或使用不同的编号添加新联系人。",
    }
)

# The import page: what a file may be and what to read it as.
TEXT["en"].update(
    {
        "file_kinds": (
            "A bundle (.zip of CSV files, or a folder's files as .csv / .tsv), a workbook "
            "(.xlsx, .xls, .ods), JSON (.json), GraphML (.graphml), a CRM or LinkedIn export "
            "(Salesforce, HubSpot, LinkedIn .csv), a calendar (.ics or Outlook .csv), "
            "mail (.mbox, or a .zip of .eml messages)."
        ),
        "import_format": "Read the file as",
        "format_auto": "Detect from the file (bundle, workbook, JSON, GraphML, CRM export)",
        "format_survey": "A filled-in relationship survey",
        "format_calendar": "Calendar: meetings with the account's people",
        "format_email": "Mail headers: messages with the account's people",
    }
)
TEXT["zh"].update(
    {
        "file_kinds": (
            "数据包（CSV 文件的 .zip，或 .csv / .tsv 文件）、工作簿（.xlsx、.xls、.ods）、"
            "JSON（.json）、GraphML（.graphml）、CRM 或领英导出（Salesforce、HubSpot、领英的 .csv）、"
            "日历（.ics 或 Outlook .csv）、邮件（.mbox，或 .eml 邮件的 .zip）。"
        ),
        "import_format": "文件类型",
        "format_auto": "自动识别（数据包、工作簿、JSON、GraphML、CRM 导出）",
        "format_survey": "填写好的客户关系问卷",
        "format_calendar": "日历：与客户人员的会议",
        "format_email": "邮件信头：与客户人员的往来邮件",
    }
)

# The account page's "Account" form (name, owner, team) and adding users (admins).
TEXT["en"].update(
    {
        "account_settings": "Account",
        "industry": "Industry",
        "region": "Region",
        "team": "Team",
        "no_owner": "no owner",
        "owner_hint": "Only the owner, a manager on the team or an admin can change the owner.",
        "owner_refused": (
            "Not saved: only the owner, a manager on the team or an admin can change the "
            "owner of this account."
        ),
        "add_user": "Add a user",
        "user_added": (
            "{id} is added. Send them this sign-in link; it is shown only now "
            "(stakegraph user token {id} gives them a new one):"
        ),
    }
)
TEXT["zh"].update(
    {
        "account_settings": "客户信息",
        "industry": "行业",
        "region": "地区",
        "team": "团队",
        "no_owner": "无负责人",
        "owner_hint": "只有负责人、团队中的经理或管理员可以更换负责人。",
        "owner_refused": "未保存：只有负责人、团队中的经理或管理员可以更换这个客户的负责人。",
        "add_user": "添加用户",
        "user_added": (
            "已添加 {id}。请把这个登录链接发给对方；链接只显示这一次"
            "（stakegraph user token {id} 可生成新的链接）："
        ),
    }
)


# The workspace pages' words (history and undo, cards) live in their own module, so
# this one stays a readable size; they join the one table here.
for _lang, _words in WORKSPACE_TEXT.items():
    TEXT[_lang].update(_words)
