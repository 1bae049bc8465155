"""The canonical import bundle's shape, shared by its reader (importers/bundle.py)
and its writer (visualize/formats.py): which file holds which entity, and the
header names each column accepts (English and Chinese), so what one writes the
other reads back.
"""

from __future__ import annotations

from graph.model import (
    Assessment,
    Entity,
    Influence,
    Interaction,
    Order,
    Relationship,
    Stakeholder,
    TeamMember,
    Ticket,
)

BUNDLE_FILES: dict[str, type[Entity]] = {
    "stakeholders": Stakeholder,
    "influence": Influence,
    "team": TeamMember,
    "relationships": Relationship,
    "interactions": Interaction,
    "assessments": Assessment,
    "orders": Order,
    "tickets": Ticket,
}
"""File stem -> the entity each row becomes. Only stakeholders.csv is required."""

SHEET_TITLES: dict[str, str] = {
    "stakeholders": "联系人",
    "influence": "影响关系",
    "team": "我方团队",
    "relationships": "我方关系",
    "interactions": "互动",
    "assessments": "关系评估",
    "orders": "订单",
    "tickets": "工单",
}
"""File stem -> the Chinese title a workbook's sheet may have instead of the stem
(the Chinese import template's sheets)."""

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
        "user": ("用户", "用户名", "系统账号", "user_id", "login"),
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
