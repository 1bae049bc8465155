"""The import template: a workbook a team fills in and imports back.

One sheet per bundle file (`BUNDLE_FILES`: stakeholders, influence, team …), named
as the importer reads it (the file's stem in English; in Chinese the sheet title of
`SHEET_TITLES`, which the importer accepts as well). Row 1 holds the headers: the
canonical column names in English, or in Chinese the first Chinese name the
importer accepts for that column (graph/bundle.py `COLUMN_ALIASES`), so what this
writes the importer reads back without a warning. Row 2 is an example (one small,
consistent account: the people it names exist on the other sheets; ids the
importer derives, of interactions and assessments, left blank). Every column
whose values are a vocabulary (stance, seniority, roles, kinds, types …) has a
drop-down list of the labels the importer accepts in that language; roles may hold
several, separated by ';', so their list suggests without refusing.
"""

from __future__ import annotations

import io
import types
import typing
from datetime import date
from enum import StrEnum
from typing import Any

from graph.bundle import BUNDLE_FILES, COLUMN_ALIASES, SHEET_TITLES
from graph.model import (
    AccountBundle,
    Assessment,
    CommitteeMember,
    Competitor,
    CompetitorTie,
    Deal,
    DecisionBody,
    Entity,
    Influence,
    Interaction,
    Order,
    Relationship,
    Stakeholder,
    Supervision,
    TeamMember,
    Ticket,
)
from graph.vocabulary import Language, Role, display_label

EXAMPLE_ACCOUNT = "example"


def example_bundle(lang: Language = "en") -> AccountBundle:
    """The template's example rows: one entity of each kind (two people, so a reporting
    line and an influence link have both ends), in `lang`'s words."""
    zh = lang == "zh"
    account = EXAMPLE_ACCOUNT
    return AccountBundle(
        account_id=account,
        stakeholders=(
            Stakeholder(
                account_id=account,
                id="zhang-jianguo",
                name="张建国" if zh else "Zhang Jianguo",
                title="总经理" if zh else "General Manager",
                department="总经理办公室" if zh else "Executive office",
                seniority="executive",
                roles="decision_maker",
                stance="neutral",
                email="zhang@example.cn",
            ),
            Stakeholder(
                account_id=account,
                id="li-na",
                name="李娜" if zh else "Li Na",
                title="信息中心主任" if zh else "Head of IT",
                department="信息中心" if zh else "IT",
                seniority="senior",
                roles="technical_evaluator;coach",
                stance="supporter",
                reports_to="zhang-jianguo",
                priorities="系统稳定" if zh else "A stable system",
            ),
        ),
        members=(
            TeamMember(
                account_id=account,
                id="rep-1",
                name="刘洋" if zh else "Liu Yang",
                role="rep",
                email="liu@ourcompany.example",
            ),
        ),
        influences=(
            Influence(
                account_id=account,
                source="li-na",
                target="zhang-jianguo",
                weight=0.6,
                kind="advice",
            ),
        ),
        relationships=(
            Relationship(
                account_id=account,
                member="rep-1",
                stakeholder="li-na",
                strength=3,
                last_contact=date(2026, 11, 10),
            ),
        ),
        interactions=(
            Interaction(
                account_id=account,
                date=date(2026, 11, 10),
                member="rep-1",
                stakeholders=("li-na",),
                type="meeting",
                sentiment=1,
                note="方案交流" if zh else "Solution workshop",
            ),
        ),
        assessments=(
            Assessment(
                account_id=account,
                date=date(2026, 9, 30),
                stakeholder="li-na",
                member="rep-1",
                trust=4,
                satisfaction=3,
                communication=4,
                loyalty=3,
            ),
        ),
        orders=(
            Order(
                account_id=account,
                id="PO-1",
                date=date(2026, 3, 2),
                amount=120000.0,
                product="平台许可" if zh else "Platform licence",
                stakeholder="zhang-jianguo",
            ),
        ),
        tickets=(
            Ticket(
                account_id=account,
                id="T-1",
                date=date(2026, 10, 12),
                severity="high",
                status="open",
                subject="夜间同步失败" if zh else "Nightly sync fails",
            ),
        ),
        competitors=(
            Competitor(account_id=account, id="rival", name="某竞争厂商" if zh else "Rival Co"),
        ),
        deals=(
            Deal(
                account_id=account,
                id="D-1",
                name="数据平台项目" if zh else "Data platform",
                stage="solution",
                amount=800000.0,
                currency="CNY",
                expected_close=date(2027, 3, 31),
                status="open",
                owner="rep-1",
                competitors=("rival",),
                pain="报表靠手工汇总" if zh else "Reports are compiled by hand",
            ),
        ),
        committee=(
            CommitteeMember(
                account_id=account,
                deal="D-1",
                stakeholder="zhang-jianguo",
                roles="economic_buyer",
                stance="neutral",
            ),
        ),
        bodies=(
            DecisionBody(
                account_id=account,
                id="tender-panel",
                name="评标委员会" if zh else "Evaluation panel",
                kind="evaluation_committee",
                members=("li-na",),
                size=5,
                stages=("evaluation",),
                deals=("D-1",),
            ),
        ),
        supervisions=(
            Supervision(
                account_id=account,
                leader="zhang-jianguo",
                stakeholder="li-na",
                area="信息化" if zh else "IT",
            ),
        ),
        competitor_ties=(
            CompetitorTie(
                account_id=account,
                competitor="rival",
                stakeholder="zhang-jianguo",
                strength=2,
            ),
        ),
    )


def header(stem: str, column: str, lang: Language) -> str:
    """A column's header in `lang`: the canonical name, or its first Chinese alias."""
    if lang == "zh":
        for alias in COLUMN_ALIASES[stem][column]:
            if not alias.isascii():
                return alias
    return column


def vocabulary(kind: type[Entity], column: str) -> type[StrEnum] | None:
    """The vocabulary a field's values come from (`Stance`, `Role` …), or None."""
    pending: list[Any] = [kind.model_fields[column].annotation]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, StrEnum):
            return annotation
        if typing.get_origin(annotation) in (tuple, typing.Union, types.UnionType):
            pending.extend(typing.get_args(annotation))
    return None


def _cell(value: object, lang: Language) -> object:
    """A field's value as the template's cell holds it: labels in `lang`, roles joined
    by ';', dates and numbers as themselves, nothing as an empty cell."""
    if value is None:
        return None
    if isinstance(value, StrEnum):
        return display_label(value, lang) if lang == "zh" else value.value
    if isinstance(value, tuple):
        return ";".join(str(_cell(item, lang)) for item in value)
    return value


def template_xlsx(lang: Language = "en") -> bytes:
    """The import template workbook (module docstring), as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    example = example_bundle(lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for stem, kind in BUNDLE_FILES.items():
        title = SHEET_TITLES[stem] if lang == "zh" else stem
        sheet = workbook.create_sheet(title)
        columns = list(COLUMN_ALIASES[stem])
        sheet.append([header(stem, column, lang) for column in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entity in example.entities(kind):
            # An id the example does not give is the importer's to derive from the row.
            given = entity.model_fields_set
            sheet.append(
                [
                    _cell(getattr(entity, column), lang)
                    if column != "id" or "id" in given
                    else None
                    for column in columns
                ]
            )
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, len(header(stem, column, lang)) * 2)
            value = sheet.cell(2, index)
            if isinstance(value.value, date):
                value.number_format = "yyyy-mm-dd"
            words = vocabulary(kind, column)
            if words is None:
                continue
            labels = [str(_cell(member, lang)) for member in words]
            several = words is Role
            choice = DataValidation(
                type="list",
                formula1='"' + ",".join(labels) + '"',
                allow_blank=True,
                showErrorMessage=not several,  # roles: several, ';'-separated
            )
            sheet.add_data_validation(choice)
            choice.add(f"{letter}2:{letter}1000")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
