"""Fit a wide terminal table to the terminal: short columns stay whole, text columns give way.

Rich, left to itself, squeezes every column evenly once a table is too wide, and a column
that may not wrap then loses its cells or vanishes, so in an 80-column terminal the rank
disappeared and ``raw #`` read as the rank. Here the widths are chosen at render time,
when the width is known: numbers, keys and classes keep their widest cell; the columns
named as shrinkable (titles, account lists) share what is left and end with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text


def _width(cell: object) -> int:
    """Cells are ``str``, ``Text`` or a renderable with a ``plain`` text (``Behind``)."""
    plain = getattr(cell, "plain", None)
    return cell_len(plain if isinstance(plain, str) else str(cell))


class Fitted:
    """Renders ``table`` within the console's width.

    ``shrink`` maps the header of each column that may give way to its narrowest useful
    width. When the whole table fits, it is printed as built. Otherwise it is packed: one
    space between columns, no outer margin, multi-word headers of short columns on two
    lines, and the shrinkable columns get the rest in proportion to their widest cell
    (below their minimums too, in a terminal too narrow for those, rather than crop the
    short columns).

    ``drop`` is a priority order for hiding: the columns a reader can best spare, in the
    order they go, while a shrinkable column would get fewer cells than ``comfort`` asks for
    it: in an 80-column terminal a title cut to ten cells says nothing, a secondary figure
    does. A name the table has no column for is passed over, so one order serves tables
    whose columns differ (a column added later goes into the order, not into each table's
    code). Columns not named are never hidden: a table keeps what it exists to show (the
    backlog's ``raw #``, the plan's ``why``). A hidden column is named in the caption, so
    nothing disappears without a word (the reason the packing exists).
    """

    def __init__(
        self,
        table: Table,
        *,
        shrink: Mapping[str, int],
        drop: Sequence[str] = (),
        comfort: Mapping[str, int] | None = None,
    ) -> None:
        self.table = table
        self.shrink = dict(shrink)
        self.drop = tuple(drop)
        self.comfort = dict(comfort or {})
        self._columns = list(table.columns)
        self._headers = {id(c): str(c.header) for c in table.columns}
        self._caption = table.caption
        self._frame = (table.show_edge, table.pad_edge, table.padding)
        for column in table.columns:
            column.no_wrap = True
            if str(column.header) in self.shrink:
                column.overflow = "ellipsis"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._fit(options.max_width)

    def _fit(self, max_width: int) -> Table:
        table = self.table
        table.columns = list(self._columns)
        table.caption = self._caption
        table.show_edge, table.pad_edge, table.padding = self._frame
        for column in table.columns:
            column.header = self._headers[id(column)]
        natural = self._natural()
        if _overhead(table) + sum(natural.values()) <= max_width:
            for column in table.columns:
                column.width = natural[id(column)]
            return table
        table.show_edge = False
        table.pad_edge = False
        table.padding = (0, 0, 0, 0)  # the box's separator is the space between columns
        hidden: list[str] = []
        present = {self._headers[id(c)] for c in self._columns}
        for name in (None, *(n for n in self.drop if n in present)):
            if name is not None:
                table.columns = [c for c in table.columns if self._headers[id(c)] != name]
                hidden.append(name)
            if self._pack(max_width, natural):
                break
        if hidden:
            note = f"hidden to fit {max_width} columns: {', '.join(hidden)} (--format csv has every column)"
            table.caption = "\n".join(filter(None, [str(self._caption or ""), note]))
        return table

    def _natural(self) -> dict[int, int]:
        """Each column's width with nothing cut: its header or its widest cell."""
        return {
            id(c): max([cell_len(self._headers[id(c)]), *(_width(cell) for cell in c.cells)])
            for c in self.table.columns
        }

    def _pack(self, max_width: int, natural: Mapping[int, int]) -> bool:
        """Give the table's current columns their packed widths; whether every shrinkable
        column got the cells ``comfort`` asks for it (or all it needs)."""
        table = self.table
        fixed = 0
        flexible: list[tuple[Column, int]] = []
        for column in table.columns:
            header = self._headers[id(column)]
            if header in self.shrink:
                flexible.append((column, natural[id(column)]))
                continue
            cells = max([0, *(_width(cell) for cell in column.cells)])
            width = natural[id(column)]
            if " " in header and cell_len(header) > cells:
                column.header = header.replace(" ", "\n")
                width = max(cells, *(cell_len(word) for word in header.split()))
            column.width = width
            fixed += width
        room = max_width - _overhead(table) - fixed
        comfortable = True
        for (column, want), width in zip(
            flexible, _share(room, flexible, self.shrink, self._headers), strict=True
        ):
            column.width = width
            header = self._headers[id(column)]
            comfortable &= width >= min(want, self.comfort.get(header, 0))
        return comfortable


def _overhead(table: Table) -> int:
    """Characters a row spends on edges, separators and padding."""
    return table._extra_width + sum(table._get_padding_width(i) for i in range(len(table.columns)))


def _share(
    room: int, flexible: list[tuple[Column, int]], shrink: Mapping[str, int], headers: Mapping[int, str]
) -> list[int]:
    """Split ``room`` over the shrinkable columns: each its minimum first, then in proportion."""
    floors = [min(shrink[headers[id(c)]], n) for c, n in flexible]
    if room < sum(floors):  # narrower than the minimums: they give way in proportion
        floors = [max(1, f * max(0, room) // sum(floors)) for f in floors]
    widths = list(floors)
    spare = room - sum(floors)
    wants = [n - f for (_, n), f in zip(flexible, floors, strict=True)]
    total = sum(wants)
    if spare > 0 and total > 0:
        for i, want in enumerate(wants):
            widths[i] += min(want, spare * want // total)
        left = room - sum(widths)
        for i, want in enumerate(wants):  # the rounding remainder, to the first that wants it
            extra = min(left, floors[i] + want - widths[i])
            widths[i] += extra
            left -= extra
    return widths


class Behind:
    """``Hollowmere Freight anti, Grandby Foods D +3 more``: names give way, tiers and count stay.

    A plain ellipsis at the end of the cell would cut the ``+N more`` that says how many
    accounts are not shown, so the names are shortened first.
    """

    def __init__(self, accounts: Iterable[tuple[str, str, str]], more: int) -> None:
        self.accounts = list(accounts)  # (name, tier, tier style)
        self.more = more

    @property
    def plain(self) -> str:
        return self._text(None).plain

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, _width(self)).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._text(options.max_width)

    def _text(self, width: int | None) -> Text:
        """The cell at ``width``: all names if they fit, else shortened, else fewer names."""
        if width is None:
            return self._line(self.accounts, self.more)
        for shown in range(len(self.accounts), 0, -1):
            accounts = self.accounts[:shown]
            hidden = self.more + len(self.accounts) - shown
            fixed = cell_len(self._line([("", t, s) for _, t, s in accounts], hidden).plain)
            allowed = _allot(width - fixed, [cell_len(name) for name, _, _ in accounts])
            if all(a >= min(4, cell_len(n)) for a, (n, _, _) in zip(allowed, accounts, strict=True)):
                cut = [(_cut(n, a), t, s) for a, (n, t, s) in zip(allowed, accounts, strict=True)]
                return self._line(cut, hidden)
        text = Text(f"{len(self.accounts) + self.more} accounts", no_wrap=True)
        text.truncate(width, overflow="ellipsis")  # too narrow for any name: the count
        return text

    @staticmethod
    def _line(accounts: list[tuple[str, str, str]], hidden: int) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for name, tier, style in accounts:
            if text:
                text.append(", ")
            text.append(f"{name} ")
            text.append(tier, style=style)
        if hidden:
            text.append(f" +{hidden} more")
        return text


def _allot(room: int, wants: list[int]) -> list[int]:
    """Share ``room`` cells among names wanting ``wants``: short names whole, long ones even."""
    allowed = [0] * len(wants)
    for done, i in enumerate(sorted(range(len(wants)), key=wants.__getitem__)):
        allowed[i] = max(0, min(wants[i], room // (len(wants) - done)))
        room -= allowed[i]
    return allowed


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending with "…" when shortened (never " …")."""
    if cell_len(text) <= width:
        return text
    cut = text
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    return cut.rstrip() + "…"
