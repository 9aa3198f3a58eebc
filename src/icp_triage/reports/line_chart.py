"""A line chart as inline SVG markup: named lines over labelled steps, optional bands, marks.

Why its own module: the trend report draws one, and any page that shows a value over time
(the service's page) can draw the same with no chart library and no network. The output is
one ``<svg>`` element with a ``<title>`` and ``<desc>`` for screen readers, a legend, a
``<title>`` tooltip on every point, and only presentation attributes (no script, no external
reference), so it passes a ``default-src 'none'`` Content-Security-Policy. Every text is
escaped here; callers pass plain strings.

    line_chart_svg(["2026-Q1", "2026-Q2"], [Line("ICP share", [0.61, 0.58])], title="...",
                   y_max=1.0, y_format=lambda v: f"{v:.0%}")
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape

# Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), one per line.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 40, 44  # room for the y ticks, the legend, the x labels


@dataclass(frozen=True, slots=True)
class Line:
    """One series: ``values`` has one entry per step (None leaves a gap); ``band``, when
    given, one ``(low, high)`` per step (None for none) drawn as a shaded area: an interval."""

    name: str
    values: Sequence[float | None]
    band: Sequence[tuple[float, float] | None] = ()


@dataclass(frozen=True, slots=True)
class Mark:
    """A dashed vertical rule at step ``index`` with a short ``text`` above it: an event."""

    index: int
    text: str


def _plain(value: float) -> str:
    return f"{value:g}"


def nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at or above ``value`` (> 0): a top
    for the y axis whose ticks read as round numbers."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0):
        if step * power >= value * (1 - 1e-9):
            return step * power
    return 10.0 * power


def _runs(values: Sequence[object | None]) -> Iterator[list[int]]:
    """The indexes of each run of consecutive steps that have a value."""
    run: list[int] = []
    for i, value in enumerate(values):
        if value is None:
            if run:
                yield run
            run = []
        else:
            run.append(i)
    if run:
        yield run


def line_chart_svg(
    labels: Sequence[str],
    lines: Sequence[Line],
    *,
    title: str,
    description: str = "",
    y_label: str = "",
    y_min: float = 0.0,
    y_max: float | None = None,
    y_format: Callable[[float], str] = _plain,
    marks: Sequence[Mark] = (),
    width: int = 640,
    height: int = 300,
    ident: str = "line-chart",
) -> str:
    """The chart as one ``<svg>`` element (text, no trailing newline).

    ``labels`` name the steps along x; each line has a value per label. The y axis runs from
    ``y_min`` to ``y_max`` (default: a round number above every value and band). ``ident``
    prefixes the ids of the title and description, unique per page. Raises ValueError when a
    line or band has a different number of steps than ``labels``.
    """
    steps = len(labels)
    for line in lines:
        if len(line.values) != steps or (line.band and len(line.band) != steps):
            raise ValueError(f"line {line.name!r}: {len(line.values)} values for {steps} labels")
    highest = [v for line in lines for v in line.values if v is not None]
    highest += [b[1] for line in lines for b in line.band if b is not None]
    top = y_max if y_max is not None else nice_top(max(highest, default=1.0))
    if top <= y_min:
        top = y_min + 1.0
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM

    def x(i: int) -> float:
        return round(_LEFT + (plot_w * (i + 0.5) / steps if steps else plot_w / 2), 1)

    def y(v: float) -> float:
        clamped = min(max(v, y_min), top)
        return round(_TOP + plot_h * (1 - (clamped - y_min) / (top - y_min)), 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="line-chart" aria-labelledby="{ident}-title {ident}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description or title)}</desc>',
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#bbb"/>',
    ]
    for k in range(5):  # four equal steps: round numbers when ``top`` is nice_top's
        value = y_min + (top - y_min) * k / 4
        out.append(
            f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y(value)}" y2="{y(value)}" stroke="#e5e5e5"/>'
            f'<text x="{_LEFT - 6}" y="{y(value) + 4}" text-anchor="end" fill="#555">{escape(y_format(value))}</text>'
        )
    if y_label:
        middle = _TOP + plot_h / 2
        out.append(
            f'<text x="14" y="{middle}" transform="rotate(-90 14 {middle})" text-anchor="middle" '
            f'fill="#555">{escape(y_label)}</text>'
        )
    every = max(1, math.ceil(steps * 64 / max(plot_w, 1)))  # about 64 px per label, no overlap
    for i, label in enumerate(labels):
        if i % every == 0 or i == steps - 1:
            out.append(
                f'<text x="{x(i)}" y="{_TOP + plot_h + 18}" text-anchor="middle" fill="#555">{escape(label)}</text>'
            )
    for mark in marks:
        if 0 <= mark.index < steps:
            out.append(
                f'<line x1="{x(mark.index)}" x2="{x(mark.index)}" y1="{_TOP}" y2="{_TOP + plot_h}" '
                f'stroke="#333" stroke-dasharray="4 3"/>'
                f'<text x="{x(mark.index)}" y="{_TOP + plot_h + 34}" text-anchor="middle" '
                f'font-weight="bold" fill="#333">{escape(mark.text)}</text>'
            )
    for n, line in enumerate(lines):
        colour = PALETTE[n % len(PALETTE)]
        out.append(f'<g class="series series-{n}" data-name="{escape(line.name)}">')
        for run in _runs(line.band):
            band = [line.band[i] for i in run]
            upper = " ".join(f"{x(i)},{y(b[1])}" for i, b in zip(run, band, strict=True) if b)
            lower = " ".join(f"{x(i)},{y(b[0])}" for i, b in reversed(list(zip(run, band, strict=True))) if b)
            out.append(
                f'<polygon class="band" points="{upper} {lower}" fill="{colour}" fill-opacity="0.15"/>'
            )
        for run in _runs(line.values):
            points = " ".join(f"{x(i)},{y(line.values[i] or 0.0)}" for i in run)
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, shown in enumerate(line.values):
            if shown is None:
                continue
            tip = f"{line.name}, {labels[i]}: {y_format(shown)}"
            bounds = line.band[i] if line.band else None
            if bounds is not None:
                low, high = bounds
                tip += f" ({y_format(low)} to {y_format(high)})"
            out.append(
                f'<circle class="point" cx="{x(i)}" cy="{y(shown)}" r="3.5" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        out.append("</g>")
    legend_x = _LEFT
    for n, line in enumerate(lines):
        colour = PALETTE[n % len(PALETTE)]
        out.append(
            f'<rect x="{legend_x}" y="14" width="14" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 20}" y="20" fill="#333">{escape(line.name)}</text>'
        )
        legend_x += 34 + 7 * len(line.name)
    out.append("</svg>")
    return "\n".join(out)
