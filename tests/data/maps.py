"""The three accounts the influence map is measured on, and the in-browser count of
overlapping labels (used by tests/visualize and bench/map.py).

- **demo**: the shipped demo bundle (importers/demo), 12 people and our team;
- **hospital**: 14 people of a hospital's buying committee with no reporting lines,
  a few influence links and four people nobody has linked yet (isolated people
  used to stretch the map and shrink every label);
- **large**: a generated 300-person organisation (tests/data/generator.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.model import Account, AccountBundle, AccountGraph, merge_bundle
from importers.bundle import read_bundle
from tests.data.generator import organisation
from tests.factories import person

DEMO = Path(__file__).resolve().parents[2] / "importers" / "demo"


def _graph(bundle: AccountBundle, name: str) -> AccountGraph:
    account = Account(id=bundle.account_id, name=name, owner="rep-1")
    return merge_bundle(AccountGraph(account=account), bundle)


def demo_graph() -> AccountGraph:
    bundle = read_bundle(DEMO, account_id="demo").bundle
    assert bundle is not None
    return _graph(bundle, "华东能源集团 East China Energy Group (demo)")


HOSPITAL_PEOPLE = (
    ("dean", "院长 王建国", "decision_maker", "neutral"),
    ("vp-med", "副院长 李红", "economic_buyer", "supporter"),
    ("cio", "信息科主任 张伟", "technical_evaluator", "champion"),
    ("lab", "检验科主任 刘洋", "user", "skeptic"),
    ("rad", "放射科主任 陈静", "user", "opponent"),
    ("nurse", "护理部主任 Mary O'Brien", "influencer", "supporter"),
    ("buyer", "采购办 赵敏", "procurement", "neutral"),
    ("finance", "财务处长 孙强", "gatekeeper", "skeptic"),
    ("it-eng", "信息科工程师 周杰", "coach", "champion"),
    ("pharm", "药剂科主任 吴芳", "user", "neutral"),
    ("icu", "ICU 主任 Dr. Hans Müller", "influencer", "neutral"),
    ("legal", "法务 郭静", "", "neutral"),
    ("quality", "质控办 Patel Anand", "initiator", "supporter"),
    ("er", "急诊科主任 何涛", "user", "skeptic"),
)
"""id, name, role, stance: long names with titles in them, as reps type them."""


def hospital_graph() -> AccountGraph:
    account = "hospital"
    links = (
        ("vp-med", "dean", 0.8),
        ("finance", "dean", 0.6),
        ("cio", "vp-med", 0.7),
        ("it-eng", "cio", 0.6),
        ("lab", "cio", 0.4),
        ("rad", "cio", 0.4),
        ("nurse", "vp-med", 0.5),
        ("buyer", "finance", 0.5),
        ("pharm", "nurse", 0.3),
    )
    bundle = AccountBundle.model_validate(
        {
            "account_id": account,
            "stakeholders": [
                person(account, pid, name, roles=role, stance=stance)
                for pid, name, role, stance in HOSPITAL_PEOPLE
            ],
            "influences": [
                {"account_id": account, "source": s, "target": t, "weight": w} for s, t, w in links
            ],
            "members": [{"account_id": account, "id": "rep-1", "name": "刘销售", "role": "rep"}],
            "relationships": [
                {"account_id": account, "member": "rep-1", "stakeholder": "it-eng", "strength": 4}
            ],
        }
    )
    return _graph(bundle, "市第一人民医院 City No.1 Hospital")


def large_graph(size: int = 300) -> AccountGraph:
    return _graph(organisation("large", size), f"Generated {size}")


LABEL_BOXES_JS = """() => {
  const network = window.stakegraphMap.network;
  const body = network.body;
  const view = {position: network.getViewPosition(), scale: network.getScale()};
  network.moveTo({scale: 1, animation: false});
  // vis-network measures a label when it draws it and skips what is off screen:
  // draw every node once (at zoom 1) so every box is measured where it is.
  const ctx = network.canvas.frame.canvas.getContext("2d");
  const shown = body.nodeIndices.filter((id) => !body.nodes[id].options.hidden);
  for (const id of shown) {
    const drawn = body.nodes[id].draw(ctx);
    if (drawn && drawn.drawExternalLabel) drawn.drawExternalLabel();
  }
  const boxes = shown.map((id) => {
    const node = body.nodes[id];
    const label = node.labelModule.size;
    const shape = node.shape;
    // vis-network draws the text `vadjust` lower than the box it measured
    const shift = node.labelModule.fontOptions.vadjust || 0;
    return {id: id, inside: node.options.shape === "box",
            label: [label.left, label.top + shift, label.width, label.height],
            shape: [shape.left, shape.top, shape.width, shape.height]};
  });
  network.moveTo(Object.assign({animation: false}, view));
  return boxes;
}"""
"""Every shown node's label and shape boxes on the canvas at zoom 1, as vis-network
measured them when it drew them: {id, inside (label inside the shape), label: [left,
top, width, height], shape: [...]}."""

Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> bool:
    """More than half a pixel of overlap both ways."""
    return (
        min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 0.5
        and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 0.5
    )


def label_collisions(page: Any) -> dict[str, list[tuple[str, str]]]:
    """In the map open in `page`: `labels`, the pairs of labels whose drawn boxes
    overlap, and `over_nodes`, (label, node) pairs where a label overlaps another
    node's shape (the bounding box of its star, triangle…: an upper bound)."""
    boxes = page.evaluate(LABEL_BOXES_JS)
    boxes.sort(key=lambda box: box["label"][0])
    labels = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b["label"][0] >= a["label"][0] + a["label"][2]:
                break
            if _overlap(a["label"], b["label"]):
                labels.append((a["id"], b["id"]))
    over_nodes = [
        (a["id"], b["id"])
        for a in boxes
        for b in boxes
        if a is not b and not a["inside"] and _overlap(a["label"], b["shape"])
    ]
    return {"labels": labels, "over_nodes": over_nodes}


EDGES_JS = """() => {
  const body = window.stakegraphMap.network.body;
  return body.edgeIndices.map((id) => body.edges[id])
    .filter((e) => e.from && e.to && !e.from.options.hidden && !e.to.options.hidden)
    .map((e) => [e.from.x, e.from.y, e.to.x, e.to.y]);
}"""
"""Every drawn link as [x1, y1, x2, y2] between its nodes' centres, canvas units."""


def links_crossing_labels(page: Any) -> int:
    """(link, label) pairs where a drawn link passes through a label's box in the map
    open in `page` (a link runs centre to centre; the part inside a shape is hidden
    under it, and labels lie outside shapes). Liang–Barsky clipping, all labels at
    once per link."""
    import numpy as np

    boxes = page.evaluate(LABEL_BOXES_JS)
    labels = np.array([b["label"] for b in boxes if not b["inside"]], dtype=float)
    if len(labels) == 0:
        return 0
    left, top = labels[:, 0], labels[:, 1]
    right, bottom = left + labels[:, 2], top + labels[:, 3]
    count = 0
    for x1, y1, x2, y2 in page.evaluate(EDGES_JS):
        dx, dy = x2 - x1, y2 - y1
        low = np.zeros(len(labels))
        high = np.ones(len(labels))
        inside = np.ones(len(labels), dtype=bool)
        for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
            if p == 0:
                inside &= q >= 0
                continue
            t = q / p
            if p < 0:
                low = np.maximum(low, t)
            else:
                high = np.minimum(high, t)
        count += int(np.count_nonzero(inside & (low < high)))
    return count
