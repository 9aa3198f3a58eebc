"""The inline SVG line chart: well-formed, escaped, gaps and bands where the data says."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from icp_triage.reports.line_chart import Line, Mark, line_chart_svg, nice_top

SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


class TestLineChart:
    def test_one_polyline_per_run_and_a_tooltip_per_point(self) -> None:
        svg = line_chart_svg(["a", "b", "c", "d"], [Line("share", [0.2, None, 0.4, 0.5])], title="t", y_max=1)
        root = _tree(svg)
        polylines = root.findall(f".//{SVG}polyline")
        assert len(polylines) == 2  # the gap at "b" splits the line
        assert [len(p.get("points", "").split()) for p in polylines] == [1, 2]
        tips = [c.find(f"{SVG}title").text for c in root.findall(f".//{SVG}circle")]
        assert tips == ["share, a: 0.2", "share, c: 0.4", "share, d: 0.5"]

    def test_a_band_is_a_shaded_polygon_and_its_bounds_are_in_the_tooltip(self) -> None:
        line = Line("share", [0.3, 0.5], band=[(0.2, 0.4), (0.35, 0.66)])
        svg = line_chart_svg(["x", "y"], [line], title="t", y_max=1, y_format=lambda v: f"{v:.0%}")
        root = _tree(svg)
        (band,) = root.findall(f".//{SVG}polygon")
        assert len(band.get("points", "").split()) == 4
        tips = [c.find(f"{SVG}title").text for c in root.findall(f".//{SVG}circle")]
        assert tips == ["share, x: 30% (20% to 40%)", "share, y: 50% (35% to 66%)"]

    def test_every_text_is_escaped_and_nothing_is_fetched(self) -> None:
        hostile = '<script>alert(1)</script>&"'
        svg = line_chart_svg(
            [hostile], [Line(hostile, [1.0])], title=hostile, y_label=hostile, marks=[Mark(0, hostile)]
        )
        root = _tree(svg)  # well-formed XML despite the markup in every text
        assert root.find(f"{SVG}title").text == hostile
        assert "<script" not in svg and "href" not in svg
        assert svg.count("http") == 1  # the namespace only

    def test_the_y_axis_tops_at_a_round_number(self) -> None:
        assert [nice_top(v) for v in (0.7, 3, 4.1, 17, 260, 0)] == [1, 5, 5, 20, 500, 1]
        svg = line_chart_svg(["a"], [Line("demand", [17.0])], title="t")
        ticks = [t.text for t in _tree(svg).findall(f"{SVG}text")][:5]
        assert ticks == ["0", "5", "10", "15", "20"]

    def test_a_line_of_the_wrong_length_is_refused(self) -> None:
        with pytest.raises(ValueError, match="2 values for 3 labels"):
            line_chart_svg(["a", "b", "c"], [Line("x", [1, 2])], title="t")

    def test_ids_are_prefixed_so_two_charts_share_a_page(self) -> None:
        one = line_chart_svg(["a"], [Line("x", [1])], title="t", ident="first")
        two = line_chart_svg(["a"], [Line("x", [1])], title="t", ident="second")
        assert 'id="first-title"' in one and 'id="second-title"' in two
