"""The quadrant chart's labels, as Chromium lays them out: none overlaps another label or a
quadrant title, and both the top ICP and the opportunistic points are named (issue 16,
defect 15). Runs on the demo backlog, whose labels used to collide."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_chromium import Watched, browser  # noqa: F401 - the module's browser fixture

BOXES = """els => els.map(e => { const b = e.getBBox();
  return {text: e.textContent, cls: e.getAttribute('class'), x: b.x, y: b.y, w: b.width, h: b.height}; })"""


@pytest.fixture
def demo_report(invoke, tmp_path) -> Path:
    assert invoke("demo", "--write", str(tmp_path / "demo")).exit_code == 0
    result = invoke(
        "rank",
        "--config",
        str(tmp_path / "demo" / "icp.yml"),
        "--format",
        "html",
        "--output",
        str(tmp_path / "demo.html"),
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "demo.html"


def _overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def test_no_label_overlaps_another_or_a_quadrant_title(browser, demo_report, tmp_path):  # noqa: F811
    watched = Watched(browser, demo_report.as_uri(), viewport={"width": 1280, "height": 900})
    try:
        page = watched.page
        boxes = page.eval_on_selector_all("#chart text.plabel, #chart text.qlabel", BOXES)
        labels = [b for b in boxes if b["cls"] == "plabel"]
        assert len(labels) >= 4
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not _overlap(a, b), f"{a['text']!r} overlaps {b['text']!r}"
        frame = page.eval_on_selector(
            "#chart svg rect[fill='none']",
            "e => { const b = e.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height}; }",
        )
        for label in labels:
            assert frame["x"] <= label["x"] and label["x"] + label["w"] <= frame["x"] + frame["w"], label[
                "text"
            ]
        classes = page.eval_on_selector_all(
            "#chart circle",
            "els => els.map(e => [e.getAttribute('class'), e.querySelector('title').textContent])",
        )
        named = {label["text"].split(" ", 1)[0] for label in labels}
        tails = {
            cls: [t.split(":", 1)[0].rsplit("/", 1)[-1] for c, t in classes if c == cls] for cls, _ in classes
        }
        assert named & set(tails.get("p-icp-core", []) + tails.get("p-mixed", [])), "no ICP point is labelled"
        assert named & set(tails.get("p-opportunistic", [])), "no opportunistic point is labelled"
        # issue 17: no dot over any label, and no two dots drawn as one (a count instead)
        dots = page.eval_on_selector_all(
            "#chart circle",
            """els => els.map(e => { const b = e.getBBox();
              return {text: e.querySelector('title').textContent, x: b.x, y: b.y, w: b.width, h: b.height}; })""",
        )
        for label in labels:
            for dot in dots:
                assert not _overlap(label, dot), f"a dot ({dot['text'][:40]!r}) lies on {label['text']!r}"
        centres = [(round(d["x"] + d["w"] / 2, 1), round(d["y"] + d["h"] / 2, 1)) for d in dots]
        assert len(centres) == len(set(centres)), "two dots drawn at one place"
        counts = page.eval_on_selector_all("#chart text.pcount", "els => els.map(e => +e.textContent)")
        drawn = len(dots) - len(counts) + sum(counts)
        legend = page.inner_text("#chart figcaption")
        assert f"the {drawn} requests with the most demand" in legend  # every request a dot or a count
        assert counts and all(n > 1 for n in counts)
        page.locator("#chart").screenshot(
            path=os.environ.get("ICP_TRIAGE_CHART_PNG", str(tmp_path / "chart.png"))
        )
        assert watched.errors == []
    finally:
        watched.close()
