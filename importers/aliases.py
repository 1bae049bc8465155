"""Column names users put in their files, mapped onto the bundle's canonical columns.

Headers are compared case- and whitespace-insensitively, so `Reports To`,
`reports_to` and ` REPORTS-TO ` are one column. Chinese headers follow what sales
teams write in their own spreadsheets (政企 templates: 科室/处室 for the
department, 直属领导 for the line manager …). This is the one table of header
names; the one table of *values* (roles, stance, seniority …, both languages)
is `LABELS` in `graph/vocabulary.py`, and CRM exports' own columns and values are
in `importers/crm.py`.

A header that is not read but looks like one that is (`Departmnet`, `上级领导姓名`)
or that means something stakegraph keeps elsewhere (`分管领导`: a leader in
charge is not the line manager) gets a warning saying so (`unmapped_column_hint`),
shown in the import report before anything is written.
"""

from __future__ import annotations

import difflib
import re

# canonical column -> other names for it, per bundle file
COLUMN_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "stakeholders": {
        "id": ("编号", "序号", "工号", "人员编号", "stakeholder_id", "contact_id"),
        "name": ("姓名", "名字", "联系人", "联系人姓名", "客户姓名", "full_name", "contact"),
        "title": ("职务", "职位", "头衔", "岗位", "职称", "job_title", "position"),
        "department": ("部门", "科室", "处室", "所属部门", "部门/科室", "dept", "division"),
        "seniority": ("级别", "层级", "职级", "行政级别", "干部级别", "level", "grade"),
        "roles": (
            "角色",
            "采购角色",
            "决策角色",
            "项目角色",
            "决策链角色",
            "role",
            "buying_role",
            "buying_roles",
        ),
        "stance": ("态度", "立场", "倾向", "支持度", "对我方态度", "attitude", "support"),
        "reports_to": (
            "上级",
            "直属上级",
            "直接上级",
            "直属领导",
            "上级领导",
            "汇报对象",
            "汇报给",
            "manager",
            "line_manager",
            "reportsto",
        ),
        "email": ("邮箱", "电子邮件", "电子邮箱", "邮件", "e-mail", "mail", "email_address"),
        "phone": ("电话", "手机", "手机号", "联系电话", "联系方式", "mobile", "tel"),
        "status": ("状态", "在职状态", "是否在职"),
        "notes": ("备注", "说明", "note", "comments"),
        "priorities": ("诉求", "关注点", "需求", "痛点", "个人诉求", "业务诉求", "priority", "needs"),
    },
    "influence": {
        "source": ("影响者", "来源", "from"),
        "target": ("被影响者", "目标", "to"),
        "weight": ("权重", "强度", "strength"),
        "kind": ("类型", "影响类型", "type"),
    },
    "team": {
        "id": ("编号", "工号", "member_id"),
        "name": ("姓名", "名字"),
        "role": ("角色", "岗位"),
        "email": ("邮箱", "e-mail"),
    },
    "relationships": {
        "member": ("我方人员", "成员", "team_member", "member_id"),
        "stakeholder": ("客户联系人", "联系人", "stakeholder_id"),
        "strength": ("关系强度", "强度", "温度"),
        "last_contact": ("最近联系", "最后联系", "上次联系", "last_contacted"),
    },
    "interactions": {
        "id": ("编号",),
        "date": ("日期", "时间"),
        "member": ("我方人员", "成员", "team_member"),
        "stakeholders": ("客户联系人", "联系人", "参与人", "stakeholder", "participants"),
        "type": ("类型", "方式"),
        "sentiment": ("情绪", "反馈", "感受"),
        "note": ("备注", "纪要", "notes"),
        "trust": ("信任", "信任度"),
        "satisfaction": ("满意度", "满意"),
        "communication": ("沟通", "沟通质量"),
        "loyalty": ("忠诚度", "忠诚"),
    },
    "assessments": {
        "id": ("编号",),
        "date": ("日期",),
        "stakeholder": ("客户联系人", "联系人", "被评估人"),
        "member": ("我方人员", "评估人", "assessor"),
        "trust": ("信任", "信任度"),
        "satisfaction": ("满意度", "满意"),
        "communication": ("沟通", "沟通质量"),
        "loyalty": ("忠诚度", "忠诚"),
    },
    "orders": {
        "id": ("编号", "订单号", "订单编号", "order_id", "order_number"),
        "date": ("日期", "下单日期", "订单日期", "order_date"),
        "amount": ("金额", "订单金额", "合同金额", "value", "total"),
        "product": ("产品", "产品名称", "品名"),
        "stakeholder": ("客户联系人", "联系人", "下单人", "签约人", "contact"),
    },
    "tickets": {
        "id": ("编号", "工单号", "工单编号", "ticket_id", "ticket_number"),
        "date": ("日期", "创建日期", "提交日期", "opened", "created"),
        "severity": ("严重程度", "级别", "优先级", "priority"),
        "status": ("状态", "处理状态"),
        "subject": ("标题", "主题", "问题", "描述", "title", "summary"),
    },
}


def fold_header(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower().lstrip("\ufeff"))


def header_map(file: str) -> dict[str, str]:
    """folded header -> canonical column, for one bundle file."""
    table: dict[str, str] = {}
    for canonical, others in COLUMN_ALIASES[file].items():
        table[fold_header(canonical)] = canonical
        for other in others:
            table[fold_header(other)] = canonical
    return table


NOT_READ: dict[str, str] = {
    "分管领导": "a leader in charge (分管) is not the line manager; put the line manager in 上级 (reports_to)",
    "分管": "a leader in charge (分管) is not the line manager; put the line manager in 上级 (reports_to)",
    "主管领导": "put the line manager in 上级 (reports_to)",
    "company": "the organisation is the account (--account), not a column",
    "公司": "the organisation is the account (--account), not a column",
    "单位": "the organisation is the account (--account), not a column",
    "account_name": "the organisation is the account (--account), not a column",
}
"""Columns people write that stakegraph deliberately does not read, and why."""


def unmapped_column_hint(title: str, file: str) -> str | None:
    """Why a column of `file` that is not read may matter: what it likely meant (the
    closest known header, or a known header it contains), or why it is not read."""
    folded = fold_header(title)
    if folded in NOT_READ:
        return NOT_READ[folded]
    table = header_map(file)
    close = difflib.get_close_matches(folded, list(table), n=1, cutoff=0.75)
    if not close:
        inside = [
            known
            for known in table
            if len(known) >= (3 if known.isascii() else 2) and known in folded
        ]
        close = sorted(inside, key=len, reverse=True)[:1]
    if not close:
        return None
    canonical = table[close[0]]
    meant = canonical if close[0] == canonical else f"{close[0]} ({canonical})"
    return f"did you mean {meant}? rename the column to read it"
