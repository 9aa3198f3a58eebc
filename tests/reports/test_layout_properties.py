"""``Fitted`` over arbitrary tables and widths: one line per row, never wider than the terminal,
and a hidden column always named. It is here because an empty table (no rows) once failed at
every width, which no hand-picked case had tried."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.table import Table

from icp_triage.reports.layout import Fitted
from icp_triage.reports.table import to_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEADERS = ("key", "title", "ICP value", "raw #", "who")


def cell(size: int) -> st.SearchStrategy[str]:
    return st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=size)


# Fixed columns hold what they hold in the product (keys, figures, classes): together they fit
# the narrowest width tried; titles and names are as long as anyone writes them.
ROW = st.tuples(cell(24), cell(80), cell(8), cell(5), cell(60))


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(ROW, max_size=6),
    width=st.integers(min_value=60, max_value=160),
    drop=st.sampled_from([(), ("raw #",), ("raw #", "ICP value")]),
)
def test_every_row_on_one_line_within_the_width(rows, width, drop) -> None:
    table = Table(title="T", box=box.SIMPLE_HEAD)
    table.add_column("#")
    for header in HEADERS:
        table.add_column(header)
    for number, row in enumerate(rows):
        table.add_row(f"r{number}", *row)
    fitted = Fitted(table, shrink={"title": 10, "who": 8}, drop=drop, comfort={"title": 24})
    lines = ANSI.sub("", to_text(fitted, width=width)).splitlines()
    assert max((len(line) for line in lines), default=0) <= width
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    body = lines[rule + 1 : rule + 1 + len(rows)]
    assert [line.split()[0] for line in body] == [f"r{n}" for n in range(len(rows))]  # one line each
    kept = {str(c.header).replace("\n", " ") for c in fitted.table.columns}
    hidden = [name for name in drop if name not in kept]
    words = " ".join(" ".join(lines).split())  # the caption wraps in a narrow table
    if hidden:
        assert f"hidden to fit {width} columns: {', '.join(hidden)}" in words, lines
    else:
        assert "hidden to fit" not in words
