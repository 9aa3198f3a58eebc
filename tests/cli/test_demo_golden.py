"""The Quickstart's output is byte-identical to a copy kept from before the tracker seam (issue 11).

``tests/samples/demo/`` holds what each command printed on the bundled demo data at commit
daf6a7f, before the structural step; a refactor that changes a single byte of any of them
fails here. The demo has no clock in its output (rank takes no ``now``), and the table width
is pinned with ``COLUMNS`` so the terminal the tests run in does not matter.

To re-capture after an intended change: ``python tests/cli/test_demo_golden.py``.
Re-captured on purpose once since: issue 15 (profile) appended the profile validation to
``demo.table`` and ``demo.markdown`` and the outcomes line to ``check.txt``; issue 6 moved the
HTML chart's labels and its dots' y coordinates (``demo.html``, ``rank.html``); the plan's
tables were fitted to the width (``plan.table``: one line per request, titles and reasons
shortened with "…" instead of wrapped over two lines); issue 15 (trend) added one line to
``demo.table``, after the headline: "Over time: off-profile demand rose from 32% to 50% of new
demand in 2026-Q3 (`icp-triage trend`).", the demo's planted slide (the demo data gained a
year of signal times; no ranked output moved);
issue 17: ``demo.table``'s story line
("By raw demand ...") wraps between words at ``COLUMNS`` (140 here), as the tables above it
do, where a pipe had it on one 290-character line; the ``explain-*.html`` pages' anti-ICP
rows read "triggered" / "clear" where they said "met" / "missed", as the terminal and the
Markdown do; every ``explain-*`` page writes an account's numbers as ``fit`` does
("2,400" where it said "2400"), and ``explain-*.table``'s per-account fit tables are
``fit``'s table (the common border, points right-aligned) where they had their own
(│ borders); ``plan.table``'s legend names only the marks its rows carry ("? = low
confidence"; no chosen effort is assumed and no opportunistic request is chosen); every
HTML page's stylesheet has the chart's two new rules (``.pcount``, ``.leader``), and the
chart of ``demo.html`` and ``rank.html`` draws requests with the same values as one dot with
a count (``r="8"``, a ``pcount`` text, the tooltip listing each), keeps its labels off every
dot (some labels moved, three tied to their dot by a ``leader`` line) and counts requests,
not dots, in its title and legend; every other byte of those and every
other file is as kept.

Re-captured for issue 16 (problems, urgency and triggers), with every weight 0 so no figure,
class or order moved; the demo's icp.yml declares two problems, urgency and a renewal trigger,
and accounts.csv gained a ``renewal_date`` column (``ICP_TRIAGE_TODAY`` is pinned above to the
demo's day, 2026-11-02, which ``demo`` itself uses, so triggers never depend on the day the
tests run). Changed lines, each only by what is new:
``rank.table``/``demo.table``: a ``problem`` column in the ranked and opportunistic tables
(``!`` for urgent or triggered) and its caption line; the wider table is packed (one space
between columns, the header's blank line gone), titles and figures as before.
``rank.json``/``demo.json``/``demo-all.json``/``rank-top5.json``: each request's ``problems``,
``urgent`` and ``value_factor``, each account's ``triggers``, each unattributed request's
``problems`` and ``urgent``; every other key and value equal.
``rank.csv``/``demo.csv``: four columns at the end (``problems``, ``urgent``, ``triggered``,
``value_factor``, unattributed rows too); the first 20 columns of every row equal.
``rank.markdown``/``demo.markdown``: a ``problem`` column, the ``‼`` note, and the two readings
("ICP accounts, off-problem asks", "ICP problems asked by off-profile accounts") before
"Unattributed". ``rank.html``/``demo.html``: the same column, note and readings.
``explain-*.{table,markdown,html}``: four arithmetic lines (problems, urgent, triggers,
value_factor) after ``class``; ``explain-*.json``: ``problems``, ``urgent``, ``value_factor``,
those four arithmetic keys and each account's ``triggers``. ``check.txt``, ``accounts.*`` and
``plan*`` are as kept.

Re-captured on purpose for issue 12 (unknown fit apart; DESIGN.md "Formulas" corrected).
Six demo accounts are of unknown fit (brackenridge, mintmarrow, parsnippike, sunquill,
velvetine, wispwood); every changed number is a request one of them asked for:
- ``icp_share`` is now the share of the known demand: #312 97% -> 100%, #397 69% -> 100%,
  TRL-359 66% -> 91%, TRL-412 60% -> 94%, #363 75% -> 82%, TRL-325 36% -> 53%, #368 39% ->
  45%, #375 45% -> 49%, #494 22.6% -> 23.4% (classes unchanged but for #373, below).
- ``off_icp_demand`` counts the known non-ICP tiers only: #494 $576.0k -> $550.0k, TRL-333
  $192.0k -> $72.0k, #474 $125.0k -> $30.0k; the opportunistic list re-orders by it.
- #373 (2xB 1xC 1xD + sunquill) was opportunistic at 30%: its known share is 56%, so it is
  mixed and ranked (#63); the ranked backlog holds 74 requests, the rank of those below +1.
- #485, sdk-js#69, TRL-342 and sdk-python#65 were "opportunistic at 0%" with only unknown
  accounts: they are the new unknown-fit list (4, by demand), so 27 stay opportunistic.
- JSON items gain ``unknown_demand`` and the document the ``unknown_fit`` list; CSV rows gain
  the ``unknown_demand`` column at the end; table, Markdown and HTML gain the unknown-fit
  table after the opportunistic one, Markdown and HTML the "Accounts to enrich" section
  and the "unknown fit" count; the HTML CSS a colour for the unknown-fit pill.
- explain's arithmetic writes ``off_icp_demand`` as a sum of the known non-ICP accounts, adds
  ``unknown_demand``, and ``icp_share`` over the known demand; JSON gains ``unknown_demand``.
- plans: #373 now waits for capacity as a ranked request; the four unknown-fit requests wait
  with the reason ``unknown-fit`` instead of ``opportunistic``; the HTML chart loses their dots.
New: ``explain trellisight/app#485`` (an unknown-fit request) and ``accounts --enrich`` in
every format.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from icp_triage.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "demo"
ENV = {"COLUMNS": "140", "NO_COLOR": "1", "TERM": "dumb", "ICP_TRIAGE_TODAY": "2026-11-02"}
EXPLAINED = ("trellisight/app#248", "trellisight/app#189", "trellisight/app#535", "trellisight/app#485")
FORMATS = ("table", "json", "csv", "markdown", "html")

# name of the sample -> arguments after ``--config <demo>/icp.yml`` (None: the demo command)
CASES: dict[str, tuple[str, ...]] = {
    **{f"demo.{fmt}": ("demo", "--format", fmt) for fmt in FORMATS},
    "demo-all.json": ("demo", "--format", "json", "--top", "1000"),
    **{f"rank.{fmt}": ("rank", "--format", fmt) for fmt in FORMATS},
    "rank-top5.json": ("rank", "--format", "json", "--top", "5"),
    **{f"accounts.{fmt}": ("accounts", "--format", fmt) for fmt in ("json", "csv")},
    **{f"accounts-enrich.{fmt}": ("accounts", "--enrich", "--format", fmt) for fmt in FORMATS},
    **{
        f"explain-{key.replace('/', '_').replace('#', '-')}.{fmt}": ("explain", key, "--format", fmt)
        for key in EXPLAINED
        for fmt in FORMATS
    },
    **{f"plan.{fmt}": ("plan", "--capacity", "20", "--format", fmt) for fmt in FORMATS},
    "plan-opp.json": ("plan", "--capacity", "30", "--include-opportunistic", "--format", "json"),
    "check.txt": ("check",),
}


def _run(args: tuple[str, ...], demo_dir: Path) -> tuple[int, str]:
    if args[0] not in ("demo",):
        args = (args[0], "--config", str(demo_dir / "icp.yml"), *args[1:])
    result = CliRunner().invoke(app, list(args), env=ENV, catch_exceptions=False)
    text = result.stdout + "\n--- stderr\n" + result.stderr
    return result.exit_code, text.replace(str(demo_dir), "<demo>")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--write", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_byte_identical_to_the_kept_copy(name: str, demo_dir: Path) -> None:
    code, out = _run(CASES[name], demo_dir)
    kept = (SAMPLES / name).read_text(encoding="utf-8")
    assert f"exit {code}\n" + out == kept


def _capture(folder: Path) -> None:  # pragma: no cover - run by hand only
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp)
        CliRunner().invoke(app, ["demo", "--write", str(demo)], catch_exceptions=False)
        folder.mkdir(parents=True, exist_ok=True)
        for name, args in CASES.items():
            code, out = _run(args, demo)
            (folder / name).write_text(f"exit {code}\n" + out, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    _capture(SAMPLES if len(sys.argv) < 2 else Path(sys.argv[1]))
