"""The node-link document's shape, shared by its writer (visualize/formats.py) and its
reader (importers/node_link.py, importers/graphml.py): which node and link types hold
which entity, so what one writes the other reads back."""

from __future__ import annotations

from graph.model import (
    CommitteeMember,
    Competitor,
    CompetitorTie,
    Deal,
    DecisionBody,
    Entity,
    Influence,
    Relationship,
    Stakeholder,
    Supervision,
    TeamMember,
)

NODE_KINDS: dict[str, type[Entity]] = {
    "stakeholder": Stakeholder,
    "member": TeamMember,
    "deal": Deal,
    "competitor": Competitor,
    "body": DecisionBody,
}
"""Node type → the entity a node is; its id is `TYPE:ID`."""

End = tuple[str, str]
"""(the entity's field, the node type it names)."""

LINK_KINDS: dict[str, tuple[type[Entity], End, End]] = {
    "influences": (Influence, ("source", "stakeholder"), ("target", "stakeholder")),
    "relates_to": (Relationship, ("member", "member"), ("stakeholder", "stakeholder")),
    "on_committee": (CommitteeMember, ("stakeholder", "stakeholder"), ("deal", "deal")),
    "supervises": (Supervision, ("leader", "stakeholder"), ("stakeholder", "stakeholder")),
    "ties_to": (CompetitorTie, ("competitor", "competitor"), ("stakeholder", "stakeholder")),
}
"""Link type → (entity, its source end, its target end)."""

DEAL_NODES = ("deal", "competitor", "body")
DEAL_LINKS = ("on_committee", "supervises", "ties_to")
"""The node and link types of deals (issue 21)."""

DRAWN_LINKS = frozenset({"reports_to", "member_of"})
"""Links that draw a field of a node (a person's `reports_to`, a body's `members`):
written for tools that show edges; the field is what is read back."""
