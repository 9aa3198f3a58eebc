"""The quadrant chart of ICP share (x) against demand (y), as data and as Mermaid source.

Both the Markdown report (a Mermaid ``quadrantChart`` GitHub renders) and the HTML report
(an inline SVG) plot the same points, so they tell the same story. Demand is shown relative
to the loudest request on a square-root scale, so ten small requests do not collapse into
the axis under one giant one.

Mermaid's grammar (``quadrant.jison``, https://mermaid.js.org/syntax/quadrantChart.html):
coordinates must match ``1|0(.\\d+)?`` (``1.0`` is a lexer error); bare point text is lexed
for keywords (``title``, ``x-axis``) and stops at ``:``, so point names here are always
double-quoted strings with quotes, backticks, ``%``, ``;``, brackets and control
characters removed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from icp_triage.core.backlog import Backlog, RankedItem

QUADRANTS = {
    "quadrant-1": "Build for the ICP",
    "quadrant-2": "Opportunism",
    "quadrant-3": "Park",
    "quadrant-4": "Niche ICP",
}
X_AXIS = ("Off profile", "ICP")
Y_AXIS = ("Low demand", "High demand")
_UNSAFE_LABEL = re.compile(r"[^\w .#/+'&,!?=*-]+")


@dataclass(frozen=True, slots=True)
class Point:
    """One request on the chart: ``x`` is its ICP share, ``y`` its relative demand, both 0..1."""

    key: str
    title: str
    url: str | None
    klass: str
    x: float
    y: float
    demand: float
    icp_share: float


def chart_points(backlog: Backlog, *, limit: int) -> list[Point]:
    """The ``limit`` requests with the most demand, as chart points (most demand first).

    Unknown-fit requests have no ICP share to place them by, so they are not plotted."""
    items: list[RankedItem] = sorted(
        [*backlog.ranked, *backlog.opportunistic], key=lambda i: (-i.demand, i.key)
    )[:limit]
    top = items[0].demand if items else 0.0
    points = []
    for item in items:
        relative = item.demand / top if top > 0 else 0.0
        share = item.icp_share if item.icp_share is not None else 0.0  # a ranked item has one
        points.append(
            Point(
                key=item.key,
                title=item.title,
                url=item.url,
                klass=item.klass,
                x=_unit(share),
                y=_unit(math.sqrt(max(relative, 0.0))),
                demand=item.demand,
                icp_share=share,
            )
        )
    return points


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


def mermaid_label(text: str, *, width: int = 40) -> str:
    """Text safe inside a double-quoted Mermaid point name, never empty."""
    cleaned = " ".join(_UNSAFE_LABEL.sub(" ", text).split())
    if len(cleaned) > width:
        cleaned = cleaned[: width - 1].rstrip() + "…"
    return cleaned or "?"


def mermaid_number(value: float) -> str:
    """A coordinate the way Mermaid's lexer accepts it: ``0``, ``1`` or ``0.ddd``."""
    text = f"{_unit(value):.3f}".rstrip("0").rstrip(".")
    if text in ("0", "1"):
        return text
    return text if text.startswith("0.") else "1"


def point_label(point: Point) -> str:
    """A short name for a point: the key's tail (``#12``, ``PROJ-12``) and the title's start."""
    tail = point.key.rsplit("/", 1)[-1]
    return mermaid_label(f"{tail} {point.title}", width=32)


def quadrant_mermaid(points: list[Point], *, title: str) -> str:
    """Mermaid ``quadrantChart`` source for ``points`` (without the code fence)."""
    lines = [
        "quadrantChart",
        f"    title {mermaid_label(title, width=60)}",
        f"    x-axis {X_AXIS[0]} --> {X_AXIS[1]}",
        f"    y-axis {Y_AXIS[0]} --> {Y_AXIS[1]}",
    ]
    lines += [f"    {name} {text}" for name, text in QUADRANTS.items()]
    for point in points:
        lines.append(f'    "{point_label(point)}": [{mermaid_number(point.x)}, {mermaid_number(point.y)}]')
    return "\n".join(lines) + "\n"
