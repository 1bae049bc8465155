"""The Cypher statements the Neo4j store writes and reads with, free of the driver.

Both the Neo4j store (graph/store/neo4j.py) and the Cypher export
(visualize/cypher.py) use these, so an exported script creates exactly what the
store reads back; importing this module loads no driver. Parameters only:
`$account`, `$rows`, `$keys` (no string-built Cypher from user input).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, LiteralString

from graph.model import (
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

CONSTRAINTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT stakegraph_account IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_user IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_retired_account IF NOT EXISTS "
    "FOR (r:RetiredAccount) REQUIRE r.id IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_user_token IF NOT EXISTS FOR (u:User) REQUIRE u.token_hash IS UNIQUE",
    "CREATE INDEX stakegraph_change IF NOT EXISTS FOR (c:Change) ON (c.account_id)",
    "CREATE CONSTRAINT stakegraph_analysis IF NOT EXISTS "
    "FOR (r:Analysis) REQUIRE (r.kind, r.params, r.account_id) IS UNIQUE",
    "CREATE INDEX stakegraph_analysis_account IF NOT EXISTS FOR (r:Analysis) ON (r.account_id)",
    "CREATE CONSTRAINT stakegraph_pending_upload IF NOT EXISTS "
    "FOR (p:PendingUpload) REQUIRE p.id IS UNIQUE",
    "CREATE INDEX stakegraph_pending_upload_expiry IF NOT EXISTS FOR (p:PendingUpload) ON (p.expires)",
    "CREATE INDEX stakegraph_failed_token_at IF NOT EXISTS FOR (f:FailedToken) ON (f.at)",
    "CREATE INDEX stakegraph_failed_token_address IF NOT EXISTS FOR (f:FailedToken) ON (f.address)",
    "CREATE CONSTRAINT stakegraph_failed_token_lock IF NOT EXISTS "
    "FOR (l:FailedTokenLock) REQUIRE l.id IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_stakeholder IF NOT EXISTS "
    "FOR (n:Stakeholder) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_member IF NOT EXISTS "
    "FOR (n:TeamMember) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_interaction IF NOT EXISTS "
    "FOR (n:Interaction) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_assessment IF NOT EXISTS "
    "FOR (n:Assessment) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_order IF NOT EXISTS "
    "FOR (n:Order) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_ticket IF NOT EXISTS "
    "FOR (n:Ticket) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_competitor IF NOT EXISTS "
    "FOR (n:Competitor) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_deal IF NOT EXISTS "
    "FOR (n:Deal) REQUIRE (n.account_id, n.id) IS UNIQUE",
    "CREATE CONSTRAINT stakegraph_decision_body IF NOT EXISTS "
    "FOR (n:DecisionBody) REQUIRE (n.account_id, n.id) IS UNIQUE",
)

READ_GRAPH: LiteralString = """
MATCH (a:Account {id: $account})
RETURN a {.*} AS account,
  COLLECT { MATCH (s:Stakeholder {account_id: $account})
            OPTIONAL MATCH (s)-[:REPORTS_TO]->(m:Stakeholder)
            RETURN s {.*, reports_to: m.id} } AS stakeholders,
  COLLECT { MATCH (t:TeamMember {account_id: $account}) RETURN t {.*} } AS members,
  COLLECT { MATCH (x:Stakeholder {account_id: $account})-[r:INFLUENCES]->(y:Stakeholder)
            RETURN {account_id: $account, source: x.id, target: y.id,
                    weight: r.weight, kind: r.kind} } AS influences,
  COLLECT { MATCH (t:TeamMember {account_id: $account})-[r:RELATES_TO]->(s:Stakeholder)
            RETURN {account_id: $account, member: t.id, stakeholder: s.id,
                    strength: r.strength, last_contact: r.last_contact} } AS relationships,
  COLLECT { MATCH (i:Interaction {account_id: $account}) RETURN i {.*} } AS interactions,
  COLLECT { MATCH (e:Assessment {account_id: $account}) RETURN e {.*} } AS assessments,
  COLLECT { MATCH (o:Order {account_id: $account}) RETURN o {.*} } AS orders,
  COLLECT { MATCH (t:Ticket {account_id: $account}) RETURN t {.*} } AS tickets,
  COLLECT { MATCH (c:Competitor {account_id: $account}) RETURN c {.*} } AS competitors,
  COLLECT { MATCH (d:Deal {account_id: $account}) RETURN d {.*} } AS deals,
  COLLECT { MATCH (s:Stakeholder {account_id: $account})-[r:ON_COMMITTEE]->(d:Deal)
            RETURN {account_id: $account, deal: d.id, stakeholder: s.id, roles: r.roles,
                    stance: r.stance, notes: r.notes, pain: r.pain} } AS committee,
  COLLECT { MATCH (b:DecisionBody {account_id: $account}) RETURN b {.*} } AS bodies,
  COLLECT { MATCH (x:Stakeholder {account_id: $account})-[r:SUPERVISES]->(y:Stakeholder)
            RETURN {account_id: $account, leader: x.id, stakeholder: y.id,
                    area: r.area} } AS supervisions,
  COLLECT { MATCH (c:Competitor {account_id: $account})-[r:TIES_TO]->(s:Stakeholder)
            RETURN {account_id: $account, competitor: c.id, stakeholder: s.id,
                    strength: r.strength, note: r.note} } AS competitor_ties
"""

# A deal's owner and competitors, and a body's members, chair and deals, are the
# node's properties (what is read back, in the order given) and are also drawn as
# edges for Cypher users; these redraw the edges of the nodes in `$rows`.
_DEAL_EDGES: tuple[LiteralString, ...] = (
    """UNWIND $rows AS row
    MATCH (d:Deal {account_id: $account, id: row.props.id})
    WHERE row.props.owner IS NOT NULL
    MATCH (t:TeamMember {account_id: $account, id: row.props.owner})
    MERGE (d)-[:OWNED_BY]->(t)""",
    """UNWIND $rows AS row
    MATCH (d:Deal {account_id: $account, id: row.props.id})
    UNWIND row.props.competitors AS cid
    MATCH (c:Competitor {account_id: $account, id: cid})
    MERGE (d)-[:AGAINST]->(c)""",
)
_BODY_EDGES: tuple[LiteralString, ...] = (
    """UNWIND $rows AS row
    MATCH (b:DecisionBody {account_id: $account, id: row.props.id})
    UNWIND row.props.members AS sid
    MATCH (s:Stakeholder {account_id: $account, id: sid})
    MERGE (s)-[:MEMBER_OF]->(b)""",
    """UNWIND $rows AS row
    MATCH (b:DecisionBody {account_id: $account, id: row.props.id})
    WHERE row.props.chair IS NOT NULL
    MATCH (s:Stakeholder {account_id: $account, id: row.props.chair})
    MERGE (s)-[:CHAIRS]->(b)""",
    """UNWIND $rows AS row
    MATCH (b:DecisionBody {account_id: $account, id: row.props.id})
    UNWIND row.props.deals AS did
    MATCH (d:Deal {account_id: $account, id: did})
    MERGE (b)-[:DECIDES]->(d)""",
)
_SET_COMMITTEE: LiteralString = """SET r.roles = row.props.roles, r.stance = row.props.stance,
        r.notes = row.props.notes, r.pain = row.props.pain"""
_MATCH_COMMITTEE: LiteralString = """UNWIND $rows AS row
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        MATCH (d:Deal {account_id: $account, id: row.props.deal})
        """
_MATCH_SUPERVISION: LiteralString = """UNWIND $rows AS row
        MATCH (x:Stakeholder {account_id: $account, id: row.props.leader})
        MATCH (y:Stakeholder {account_id: $account, id: row.props.stakeholder})
        """
_MATCH_TIE: LiteralString = """UNWIND $rows AS row
        MATCH (c:Competitor {account_id: $account, id: row.props.competitor})
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        """

UPSERT: dict[type[Entity], tuple[LiteralString, ...]] = {
    Stakeholder: (
        """UNWIND $rows AS row
        MERGE (s:Stakeholder {account_id: $account, id: row.props.id})
        SET s = row.props""",
    ),
    TeamMember: (
        """UNWIND $rows AS row
        MERGE (t:TeamMember {account_id: $account, id: row.props.id})
        SET t = row.props""",
    ),
    Influence: (
        """UNWIND $rows AS row
        MATCH (x:Stakeholder {account_id: $account, id: row.props.source})
        MATCH (y:Stakeholder {account_id: $account, id: row.props.target})
        MERGE (x)-[r:INFLUENCES]->(y)
        SET r.weight = row.props.weight, r.kind = row.props.kind""",
    ),
    Relationship: (
        """UNWIND $rows AS row
        MATCH (t:TeamMember {account_id: $account, id: row.props.member})
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        MERGE (t)-[r:RELATES_TO]->(s)
        SET r.strength = row.props.strength, r.last_contact = row.props.last_contact""",
    ),
    Interaction: (
        """UNWIND $rows AS row
        MERGE (i:Interaction {account_id: $account, id: row.props.id})
        SET i = row.props
        WITH i
        OPTIONAL MATCH (i)-[w:WITH]->()
        DELETE w""",
        """UNWIND $rows AS row
        MATCH (i:Interaction {account_id: $account, id: row.props.id})
        UNWIND row.props.stakeholders AS sid
        MATCH (s:Stakeholder {account_id: $account, id: sid})
        MERGE (i)-[:WITH]->(s)""",
    ),
    Assessment: (
        """UNWIND $rows AS row
        MERGE (e:Assessment {account_id: $account, id: row.props.id})
        SET e = row.props
        WITH e, row
        OPTIONAL MATCH (e)-[o:OF]->()
        DELETE o
        WITH DISTINCT e, row
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        MERGE (e)-[:OF]->(s)""",
    ),
    Order: (
        """UNWIND $rows AS row
        MERGE (o:Order {account_id: $account, id: row.props.id})
        SET o = row.props
        WITH o, row
        OPTIONAL MATCH (o)-[p:PLACED_BY]->()
        DELETE p
        WITH DISTINCT o, row
        WHERE row.props.stakeholder IS NOT NULL
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        MERGE (o)-[:PLACED_BY]->(s)""",
    ),
    Ticket: (
        """UNWIND $rows AS row
        MERGE (t:Ticket {account_id: $account, id: row.props.id})
        SET t = row.props""",
    ),
    Competitor: (
        """UNWIND $rows AS row
        MERGE (c:Competitor {account_id: $account, id: row.props.id})
        SET c = row.props""",
    ),
    Deal: (
        """UNWIND $rows AS row
        MERGE (d:Deal {account_id: $account, id: row.props.id})
        SET d = row.props
        WITH d
        OPTIONAL MATCH (d)-[e:OWNED_BY|AGAINST]->()
        DELETE e""",
        *_DEAL_EDGES,
    ),
    CommitteeMember: (_MATCH_COMMITTEE + "MERGE (s)-[r:ON_COMMITTEE]->(d) " + _SET_COMMITTEE,),
    DecisionBody: (
        """UNWIND $rows AS row
        MERGE (b:DecisionBody {account_id: $account, id: row.props.id})
        SET b = row.props
        WITH b
        OPTIONAL MATCH (b)-[e:MEMBER_OF|CHAIRS|DECIDES]-()
        DELETE e""",
        *_BODY_EDGES,
    ),
    Supervision: (
        _MATCH_SUPERVISION + "MERGE (x)-[r:SUPERVISES]->(y) SET r.area = row.props.area",
    ),
    CompetitorTie: (
        _MATCH_TIE
        + "MERGE (c)-[r:TIES_TO]->(s) SET r.strength = row.props.strength, r.note = row.props.note",
    ),
}

CREATE: dict[type[Entity], tuple[LiteralString, ...]] = {
    # Entities the write's diff says are new: nothing to find first.
    Stakeholder: ("UNWIND $rows AS row CREATE (s:Stakeholder) SET s = row.props",),
    TeamMember: ("UNWIND $rows AS row CREATE (t:TeamMember) SET t = row.props",),
    Influence: (
        """UNWIND $rows AS row
        MATCH (x:Stakeholder {account_id: $account, id: row.props.source})
        MATCH (y:Stakeholder {account_id: $account, id: row.props.target})
        CREATE (x)-[:INFLUENCES {weight: row.props.weight, kind: row.props.kind}]->(y)""",
    ),
    Relationship: (
        """UNWIND $rows AS row
        MATCH (t:TeamMember {account_id: $account, id: row.props.member})
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        CREATE (t)-[:RELATES_TO {strength: row.props.strength,
                                 last_contact: row.props.last_contact}]->(s)""",
    ),
    Interaction: (
        """UNWIND $rows AS row
        CREATE (i:Interaction) SET i = row.props
        WITH i, row
        UNWIND row.props.stakeholders AS sid
        MATCH (s:Stakeholder {account_id: $account, id: sid})
        MERGE (i)-[:WITH]->(s)""",
    ),
    Assessment: (
        """UNWIND $rows AS row
        CREATE (e:Assessment) SET e = row.props
        WITH e, row
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        CREATE (e)-[:OF]->(s)""",
    ),
    Order: (
        """UNWIND $rows AS row
        CREATE (o:Order) SET o = row.props
        WITH o, row
        WHERE row.props.stakeholder IS NOT NULL
        MATCH (s:Stakeholder {account_id: $account, id: row.props.stakeholder})
        CREATE (o)-[:PLACED_BY]->(s)""",
    ),
    Ticket: ("UNWIND $rows AS row CREATE (t:Ticket) SET t = row.props",),
    Competitor: ("UNWIND $rows AS row CREATE (c:Competitor) SET c = row.props",),
    Deal: ("UNWIND $rows AS row CREATE (d:Deal) SET d = row.props", *_DEAL_EDGES),
    CommitteeMember: (_MATCH_COMMITTEE + "CREATE (s)-[r:ON_COMMITTEE]->(d) " + _SET_COMMITTEE,),
    DecisionBody: ("UNWIND $rows AS row CREATE (b:DecisionBody) SET b = row.props", *_BODY_EDGES),
    Supervision: (_MATCH_SUPERVISION + "CREATE (x)-[:SUPERVISES {area: row.props.area}]->(y)",),
    CompetitorTie: (
        _MATCH_TIE
        + "CREATE (c)-[:TIES_TO {strength: row.props.strength, note: row.props.note}]->(s)",
    ),
}

CREATE_REPORTS_TO: LiteralString = """
UNWIND $rows AS row
WITH row WHERE row.reports_to IS NOT NULL
MATCH (s:Stakeholder {account_id: $account, id: row.id})
MATCH (m:Stakeholder {account_id: $account, id: row.reports_to})
CREATE (s)-[:REPORTS_TO]->(m)
"""

# Reporting lines are written after every stakeholder of the write exists.
SET_REPORTS_TO: LiteralString = """
UNWIND $rows AS row
MATCH (s:Stakeholder {account_id: $account, id: row.id})
OPTIONAL MATCH (s)-[old:REPORTS_TO]->()
DELETE old
WITH DISTINCT s, row
WHERE row.reports_to IS NOT NULL
MATCH (m:Stakeholder {account_id: $account, id: row.reports_to})
MERGE (s)-[:REPORTS_TO]->(m)
"""

DELETE: dict[type[Entity], LiteralString] = {
    Stakeholder: """UNWIND $keys AS key
        MATCH (n:Stakeholder {account_id: $account, id: key[0]}) DETACH DELETE n""",
    TeamMember: """UNWIND $keys AS key
        MATCH (n:TeamMember {account_id: $account, id: key[0]}) DETACH DELETE n""",
    Influence: """UNWIND $keys AS key
        MATCH (:Stakeholder {account_id: $account, id: key[0]})
              -[r:INFLUENCES]->(:Stakeholder {account_id: $account, id: key[1]})
        DELETE r""",
    Relationship: """UNWIND $keys AS key
        MATCH (:TeamMember {account_id: $account, id: key[0]})
              -[r:RELATES_TO]->(:Stakeholder {account_id: $account, id: key[1]})
        DELETE r""",
    Interaction: """UNWIND $keys AS key
        MATCH (n:Interaction {account_id: $account, id: key[0]}) DETACH DELETE n""",
    Assessment: """UNWIND $keys AS key
        MATCH (n:Assessment {account_id: $account, id: key[0]}) DETACH DELETE n""",
    Order: """UNWIND $keys AS key
        MATCH (n:Order {account_id: $account, id: key[0]}) DETACH DELETE n""",
    Ticket: """UNWIND $keys AS key
        MATCH (n:Ticket {account_id: $account, id: key[0]}) DETACH DELETE n""",
    Competitor: """UNWIND $keys AS key
        MATCH (n:Competitor {account_id: $account, id: key[0]}) DETACH DELETE n""",
    Deal: """UNWIND $keys AS key
        MATCH (n:Deal {account_id: $account, id: key[0]}) DETACH DELETE n""",
    CommitteeMember: """UNWIND $keys AS key
        MATCH (:Deal {account_id: $account, id: key[0]})
              <-[r:ON_COMMITTEE]-(:Stakeholder {account_id: $account, id: key[1]})
        DELETE r""",
    DecisionBody: """UNWIND $keys AS key
        MATCH (n:DecisionBody {account_id: $account, id: key[0]}) DETACH DELETE n""",
    Supervision: """UNWIND $keys AS key
        MATCH (:Stakeholder {account_id: $account, id: key[0]})
              -[r:SUPERVISES]->(:Stakeholder {account_id: $account, id: key[1]})
        DELETE r""",
    CompetitorTie: """UNWIND $keys AS key
        MATCH (:Competitor {account_id: $account, id: key[0]})
              -[r:TIES_TO]->(:Stakeholder {account_id: $account, id: key[1]})
        DELETE r""",
}

# Edges go before the nodes they hang on.
DELETE_ORDER: tuple[type[Entity], ...] = (
    CommitteeMember,
    Supervision,
    CompetitorTie,
    DecisionBody,
    Deal,
    Competitor,
    Influence,
    Relationship,
    Interaction,
    Assessment,
    Order,
    Ticket,
    TeamMember,
    Stakeholder,
)

DELETE_ACCOUNT_NODES: tuple[LiteralString, ...] = (
    "MATCH (n:Change {account_id: $account}) DELETE n",
    "MATCH (n:DecisionBody {account_id: $account}) DETACH DELETE n",
    "MATCH (n:Deal {account_id: $account}) DETACH DELETE n",
    "MATCH (n:Competitor {account_id: $account}) DETACH DELETE n",
    "MATCH (n:Interaction {account_id: $account}) DETACH DELETE n",
    "MATCH (n:Assessment {account_id: $account}) DETACH DELETE n",
    "MATCH (n:Order {account_id: $account}) DETACH DELETE n",
    "MATCH (n:Ticket {account_id: $account}) DETACH DELETE n",
    "MATCH (n:TeamMember {account_id: $account}) DETACH DELETE n",
    "MATCH (n:Stakeholder {account_id: $account}) DETACH DELETE n",
)

FOREIGN_EDGES: LiteralString = """
MATCH (a)-[r]->(b)
WHERE a.account_id IS NOT NULL AND b.account_id IS NOT NULL AND a.account_id <> b.account_id
RETURN a.account_id AS account, type(r) AS type, labels(a)[0] AS kind, a.id AS id,
       labels(b)[0] AS other_kind, b.id AS other_id, b.account_id AS other_account
ORDER BY account, id
"""

DRAWN_EDGES: LiteralString = """
MATCH (d:Deal)
RETURN d.account_id AS account, 'deal' AS kind, d.id AS id,
  {OWNED_BY: [x IN [d.owner] WHERE x IS NOT NULL], AGAINST: coalesce(d.competitors, [])} AS stored,
  {OWNED_BY: [(d)-[:OWNED_BY]->(t) | t.id], AGAINST: [(d)-[:AGAINST]->(c) | c.id]} AS drawn
UNION ALL
MATCH (b:DecisionBody)
RETURN b.account_id AS account, 'body' AS kind, b.id AS id,
  {MEMBER_OF: coalesce(b.members, []), CHAIRS: [x IN [b.chair] WHERE x IS NOT NULL],
   DECIDES: coalesce(b.deals, [])} AS stored,
  {MEMBER_OF: [(s)-[:MEMBER_OF]->(b) | s.id], CHAIRS: [(s)-[:CHAIRS]->(b) | s.id],
   DECIDES: [(b)-[:DECIDES]->(x) | x.id]} AS drawn
"""
"""Per deal and body, the ids its properties name and those its edges join, by edge type
(the properties are what stakegraph reads; the edges must agree for Cypher users)."""

SAVE_RESULTS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
// Writing the account node takes its write lock: an erasure or delete running now
// commits first, and the version read after the lock is the one it left.
SET a.version = a.version
WITH a, row WHERE a.version = row.version
MERGE (r:Analysis {kind: $kind, params: $params, account_id: row.account_id})
SET r.version = row.version, r.saved_at = $at, r.data = row.data
WITH r, row
CALL (row) {
  MATCH (old:Analysis {account_id: row.account_id})
  WHERE old.version < row.version
  DELETE old
}
CALL (row) {
  MATCH (same:Analysis {account_id: row.account_id, kind: $kind})
  WITH same ORDER BY same.saved_at DESC, same.params SKIP $kept
  DELETE same
}
RETURN count(r) AS written
"""

LOAD_RESULTS: LiteralString = """
MATCH (r:Analysis {kind: $kind, params: $params})
WHERE $account IS NULL OR r.account_id = $account
RETURN r.account_id AS account_id, r.version AS version, r.data AS data
"""

DELETE_RESULTS: LiteralString = "MATCH (r:Analysis {account_id: $account}) DELETE r"

SUMMARIES: LiteralString = """
MATCH (a:Account)
RETURN a {.*} AS account,
  COUNT { MATCH (:Stakeholder {account_id: a.id}) } AS stakeholders,
  COUNT { MATCH (:TeamMember {account_id: a.id}) } AS members,
  COUNT { MATCH (:Stakeholder {account_id: a.id})-[:INFLUENCES]->() } AS influences,
  COUNT { MATCH (:TeamMember {account_id: a.id})-[:RELATES_TO]->() } AS relationships,
  COUNT { MATCH (:Interaction {account_id: a.id}) } AS interactions,
  COUNT { MATCH (:Assessment {account_id: a.id}) } AS assessments,
  COUNT { MATCH (:Order {account_id: a.id}) } AS orders,
  COUNT { MATCH (:Ticket {account_id: a.id}) } AS tickets,
  COUNT { MATCH (:Competitor {account_id: a.id}) } AS competitors,
  COUNT { MATCH (:Deal {account_id: a.id}) } AS deals,
  COUNT { MATCH (:Stakeholder {account_id: a.id})-[:ON_COMMITTEE]->() } AS committee,
  COUNT { MATCH (:DecisionBody {account_id: a.id}) } AS bodies,
  COUNT { MATCH (:Stakeholder {account_id: a.id})-[:SUPERVISES]->() } AS supervisions,
  COUNT { MATCH (:Competitor {account_id: a.id})-[:TIES_TO]->() } AS competitor_ties
"""


USER_FIELDS: LiteralString = "u {.id, .name, .role, active: coalesce(u.active, true)}"
"""A :User node as a `User`; nodes written before `active` existed are active."""

_PLAIN = frozenset({str, int, float, bool, date})


def _to_property(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_to_property(item) for item in value]
    return value


def entity_properties(entity: Entity) -> dict[str, Any]:
    """Entity fields as Neo4j properties: enums as text, tuples as lists, dates as
    Neo4j dates; None is left out (Neo4j stores no nulls)."""
    return {
        name: _to_property(value)
        for name, value in entity.model_dump(mode="python").items()
        if value is not None
    }
