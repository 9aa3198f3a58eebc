"""The HTML report without a browser: self-contained, escaped, capped (tests/browser opens it)."""

from __future__ import annotations

import base64
import hashlib
import re

from backlogs import synthetic_backlog

from icp_triage.core.explain import explain
from icp_triage.core.planning import plan
from icp_triage.reports.html import accounts_html, backlog_html, explain_html, plan_html, svg_chart
from icp_triage.reports.quadrant import chart_points


def test_is_one_self_contained_file(sample_backlog):
    html = backlog_html(sample_backlog)
    assert html.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in html
    assert (
        re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html.replace('href="https://github.com', ""))
        is None
    )
    assert '<link rel="icon" href="data:,">' in html
    assert "<svg" in html and "<style>" in html


def test_script_hash_matches_the_inline_script(sample_backlog):
    html = backlog_html(sample_backlog)
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in html


def test_escapes_titles_and_drops_unsafe_links(sample_backlog):
    html = backlog_html(sample_backlog)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html
    assert "javascript:" not in html


def test_caps_rows_with_a_note():
    backlog = synthetic_backlog(2500, 300)
    html = backlog_html(backlog, max_rows=100)
    assert html.count('<tr data-class="icp-core"') + html.count('<tr data-class="mixed"') == 100
    assert f"Showing the first 100 of {len(backlog.ranked):,} ranked requests" in html


def test_chart_points_stay_inside_the_plot(sample_backlog):
    chart = svg_chart(chart_points(sample_backlog, limit=50))
    for p in chart["points"]:
        assert chart["left"] < p["cx"] < chart["left"] + chart["plot_w"]
        assert chart["top"] < p["cy"] < chart["top"] + chart["plot_h"]


def test_every_page_renders(sample_backlog):
    assert "Accounts by ICP fit" in accounts_html(sample_backlog.accounts, sample_backlog.fits)
    assert "The arithmetic" in explain_html(explain(sample_backlog, "acme/app#3"))
    assert "Deferred" in plan_html(plan(sample_backlog, 4))


def test_an_anti_signal_reads_triggered_or_clear_as_in_the_terminal(demo_backlog):
    """Issue 17: the HTML explain page showed a triggered anti-ICP penalty as "met" (-30) and a
    clear one as "missed"; the terminal and Markdown say "triggered" / "clear"."""
    page = explain_html(explain(demo_backlog, "trellisight/app#189"))
    rows = re.findall(
        r"<tr><td>anti: [^<]*</td>(?:<td[^>]*>[^<]*</td>){2}<td>([^<]*)</td><td[^>]*>([^<]*)<", page
    )
    assert ("triggered", "-30") in rows and ("clear", "0") in rows, rows
    assert not {"met", "missed"} & {result for result, _ in rows}


def test_coincident_points_are_one_dot_with_a_count_and_labels_keep_off_every_dot(demo_backlog):
    """Issue 17: three requests with the same values were one dot (the legend counted 13,
    about 9 were visible) and a dot sat on another point's label."""
    from icp_triage.reports.chart_labels import LABEL_CHAR, LABEL_HEIGHT, dot_box, text_box

    points = chart_points(demo_backlog, limit=200)
    chart = svg_chart(points)
    places = [(p["cx"], p["cy"]) for p in chart["points"]]
    assert len(places) == len(set(places)) and len(places) < len(points)
    assert sum(p["count"] for p in chart["points"]) == chart["requests"] == len(points)
    assert any(p["count"] > 1 and len(p["tips"]) == p["count"] for p in chart["points"])
    for label in chart["labels"]:
        box = text_box(
            label["x"], label["y"], label["label"], label["anchor"], char=LABEL_CHAR, height=LABEL_HEIGHT
        )
        inner = (box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2)
        for p in chart["points"]:
            d = dot_box(p)
            assert not (
                inner[0] < d[2] - 2 and d[0] + 2 < inner[2] and inner[1] < d[3] - 2 and d[1] + 2 < inner[3]
            )
    assert any(label["leader"] for label in chart["labels"])  # a label moved off is tied to its dot
