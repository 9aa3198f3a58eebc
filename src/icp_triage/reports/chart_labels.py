"""Where the HTML quadrant chart writes its point labels, so that none overlap.

Issue 17: a label also stays off every dot (a dot sat on another point's label), and where
no place next to its dot is free a label may move farther off, joined to its dot by a
leader line, so which label belongs to which dot stays clear where several are near.

Labels used to sit right of their dot (left of it past 60%), whatever was there: in the
demo, labels ran over one another and over the "Opportunism" quadrant title. Here each
label tries a few places around its dot and takes the first whose box stays inside the
plot and clear of the quadrant titles and of the labels already placed; a label with no
free place is left out (its dot keeps its tooltip). Boxes are estimated from the text
length with a generous width per character of the chart's fonts (11 px labels, 13 px bold
titles), so the drawn text is never wider than its box; tests/browser measures the laid-out
boxes in Chromium.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icp_triage.core.tiers import RequestClass

Box = tuple[float, float, float, float]  # left, top, right, bottom

LABEL_CHAR = 6.6  # px per character at 11 px: wider than system-ui's widest common glyphs average
LABEL_HEIGHT = 13.0
TITLE_CHAR = 8.4  # 13 px bold
GAP = 2.0
# (dx, dy, anchor) from the dot: right, left, above and below on either side
_PLACES = (
    (8, 4, "start"),
    (-8, 4, "end"),
    (6, -9, "start"),
    (-6, -9, "end"),
    (6, 17, "start"),
    (-6, 17, "end"),
)
NEAR = len(_PLACES)
"""The places next to the dot; those after them are farther off and get a leader line."""
_FAR = tuple(
    (sign * dx, dy, "start" if sign > 0 else "end")
    for dx, dy in ((18, -22), (18, 30), (30, 4), (36, -34), (36, 42), (54, 4))
    for sign in (1, -1)
)


def text_box(x: float, y: float, text: str, anchor: str, *, char: float, height: float) -> Box:
    """The box a text drawn at (x, y) with ``anchor`` covers (y is the baseline)."""
    width = len(text) * char
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return (left - GAP, y - height * 0.8 - GAP, left + width + GAP, y + height * 0.25 + GAP)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, bounds: Box) -> bool:
    return bounds[0] <= box[0] and box[2] <= bounds[2] and bounds[1] <= box[1] and box[3] <= bounds[3]


def label_order(points: Sequence[Mapping[str, Any]], limit: int) -> list[Mapping[str, Any]]:
    """Which points to label, most demand first, alternating the top ICP points (icp-core,
    mixed) and the opportunistic ones, so both ends of the chart are named."""
    icp = [p for p in points if p["klass"] != RequestClass.OPPORTUNISTIC]
    opportunistic = [p for p in points if p["klass"] == RequestClass.OPPORTUNISTIC]
    order: list[Mapping[str, Any]] = []
    for pair in zip(icp, opportunistic, strict=False):
        order.extend(pair)
    longer = icp if len(icp) > len(opportunistic) else opportunistic
    order.extend(longer[min(len(icp), len(opportunistic)) :])
    return order[:limit]


def place_labels(
    points: Sequence[Mapping[str, Any]], titles: Sequence[Mapping[str, Any]], bounds: Box, *, limit: int
) -> list[dict[str, Any]]:
    """``{"x", "y", "anchor", "label", "key"}`` for each label that finds a free place."""
    taken = [text_box(t["x"], t["y"], t["text"], t["anchor"], char=TITLE_CHAR, height=16.0) for t in titles]
    dots = [dot_box(p) for p in points]
    lines: list[Box] = []
    placed = []
    for point in label_order(points, limit):
        own = dot_box(point)
        others = [d for d in dots if d != own]
        wider = float(point.get("r", 5)) - 5  # a counted dot is bigger: its labels move out with it
        for n, (dx, dy, anchor) in enumerate((*_PLACES, *_FAR)):
            x, y = point["cx"] + dx + (wider if dx > 0 else -wider), point["cy"] + dy
            box = text_box(x, y, point["label"], anchor, char=LABEL_CHAR, height=LABEL_HEIGHT)
            if not _inside(box, bounds) or any(_overlaps(box, other) for other in (*taken, *others, *lines)):
                continue
            leader = None
            if n >= NEAR:  # moved off: a line from the dot's edge to the label's near end
                leader = _leader(point, x, y)
                if any(_crosses(leader, other) for other in (*taken, *others)):
                    continue
                lines.append(_line_box(leader))
            taken.append(box)
            placed.append(
                {
                    "x": x,
                    "y": y,
                    "anchor": anchor,
                    "label": point["label"],
                    "key": point["key"],
                    "leader": leader,
                }
            )
            break
    return placed


def dot_box(point: Mapping[str, Any]) -> Box:
    """The box a dot covers, with the gap a label keeps from it."""
    r = float(point.get("r", 5)) + GAP
    return (point["cx"] - r, point["cy"] - r, point["cx"] + r, point["cy"] + r)


def _leader(point: Mapping[str, Any], x: float, y: float) -> tuple[float, float, float, float]:
    """From the dot's edge toward the label's anchor, ending at the text's middle height."""
    import math

    ty = y - LABEL_HEIGHT * 0.3
    dx, dy = x - point["cx"], ty - point["cy"]
    length = math.hypot(dx, dy) or 1.0
    r = float(point.get("r", 5)) + 1
    return (
        round(point["cx"] + dx * r / length, 1),
        round(point["cy"] + dy * r / length, 1),
        round(x - (2 if dx > 0 else -2), 1),
        round(ty, 1),
    )


def _line_box(line: tuple[float, float, float, float]) -> Box:
    return (min(line[0], line[2]), min(line[1], line[3]), max(line[0], line[2]), max(line[1], line[3]))


def _crosses(line: tuple[float, float, float, float], box: Box, steps: int = 24) -> bool:
    """Whether the segment passes through ``box`` (sampled: boxes here are 10+ px across)."""
    x1, y1, x2, y2 = line
    for i in range(steps + 1):
        t = i / steps
        x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        if box[0] < x < box[2] and box[1] < y < box[3]:
            return True
    return False
