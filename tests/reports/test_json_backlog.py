"""``rank --format json`` (json_backlog) writes exactly the bytes of ``dumps(backlog_dict(...))``.

The backlogs here are plain namespaces with the attributes the JSON reads, so they can hold
what ranking rarely makes: non-ASCII, quotes, newlines and JSON-looking text in titles,
None, negative zero, ints where floats are declared, tiny, huge and non-finite floats.
"""

from __future__ import annotations

import json
import math
from datetime import date
from types import SimpleNamespace as NS
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from icp_triage.cli.output import emit
from icp_triage.reports import json_backlog
from icp_triage.reports.json_backlog import _plain, _round4, _Unusual, backlog_chunks
from icp_triage.reports.json_report import backlog_dict, backlog_json, dumps
from icp_triage.reports.render import render_backlog

TEXTS = [
    "plain",
    "é ü ß 中文 😀 \u2028 \u2029 \ufeff \u200f",
    'a "quote", a \\ backslash, a \\" both',
    "new\nline\r\n\ttab \x00 \x1f \x7f",
    '}, {"rank": 1, "key": "x"}',
    '"}, {"rank": ',
    '", "',
    '": "',
    "</script><!--",
    "",
]
FLOATS = [
    0.0, -0.0, 1e-9, -1e-9, 0.00005, 0.00015, 0.03125, 1.00005, 2.675, 1 / 3, 66.666666,
    12345678.9, 123456789.123456, 999999999999.99995, 3e12 + 0.123, 1e15 + 0.3, 0.1,
]  # fmt: skip


def contribution(n: int) -> NS:
    fits = [None, 0.0, -0.0, 66.666666, 100.0, 33.333333, 12.345, 50]
    signal = NS(
        kind=["field", "comment", "reaction", "author"][n % 4],
        strength=[1.0, 0.5, 0.3, 1][n % 4],
        source=TEXTS[n % len(TEXTS)] + f" by @user{n}",
        account_id=f"acct{n % 5}",
    )
    return NS(
        account_id=f"acct{n % 5}",
        name=TEXTS[(n + 3) % len(TEXTS)] + " Inc.",
        tier=["A", "B", "unknown", "anti"][n % 4],
        fit=fits[n % len(fits)],
        signal=signal,
        triggers=(NS(attribute="renewal_date", on=date(2026, 1, 1 + n % 28), within_days=n),)
        if n % 3
        else (),
    )


def item(n: int, **values: Any) -> NS:
    f = FLOATS
    fields = {
        "rank": n + 1,
        "key": f"o/r#{n}",
        "title": TEXTS[n % len(TEXTS)],
        "url": None if n % 3 == 0 else f"https://example.test/{n}?q=\"'<x>",
        "klass": ["icp-core", "mixed", "opportunistic"][n % 3],
        "icp_value": f[n % len(f)],
        "demand": f[(n + 1) % len(f)],
        "icp_share": f[(n + 2) % len(f)],
        "off_icp_demand": f[(n + 3) % len(f)],
        "unknown_demand": f[(n + 5) % len(f)],
        "effort": [None, 0.5, 1, 3.0, 0.0][n % 5],
        "effort_assumed": n % 2 == 0,
        "value_per_effort": None if n % 5 == 0 else f[(n + 4) % len(f)],
        "low_confidence": n % 3 == 1,
        "demand_rank": None if n % 4 == 0 else n * 7,
        "contributions": tuple(contribution(n + k) for k in range(n % 7)),
        "problems": tuple(
            NS(name=TEXTS[(n + k) % len(TEXTS)], matched=(TEXTS[k], "label x")) for k in range(n % 3)
        ),
        "urgent": None if n % 2 else TEXTS[n % len(TEXTS)],
        "value_factor": [1.0, 1.5, 1.875, 2.25][n % 4],
    }
    return NS(**{**fields, **values})


def backlog(
    ranked: list[NS] | None = None,
    opportunistic: list[NS] | None = None,
    unattributed: int = 4,
    unknown_fit: list[NS] | None = None,
) -> NS:
    return NS(
        profile_name='Profile "ü" \n',
        profile_version="2026-01",
        ranked=[item(n) for n in range(40)] if ranked is None else ranked,
        opportunistic=[item(n) for n in range(40, 65)] if opportunistic is None else opportunistic,
        unknown_fit=[item(n, klass="unknown-fit", icp_share=None) for n in range(65, 70)]
        if unknown_fit is None
        else unknown_fit,
        unattributed=[
            NS(
                key=f"u#{n}",
                title=TEXTS[n % len(TEXTS)],
                url=None if n % 2 else "https://x/y",
                reasons=("a", TEXTS[n]),
                problems=(NS(name=TEXTS[n], matched=("x",)),) if n % 2 else (),
                urgent=TEXTS[n] if n % 3 == 0 else None,
            )
            for n in range(unattributed)
        ],
    )


def fast(data: Any, top: int | None = None) -> bytes:
    return b"".join(backlog_chunks(data, top=top))


def generic(data: Any, top: int | None = None) -> bytes:
    return dumps(backlog_dict(data, top=top)).encode("utf-8")


@pytest.fixture
def fast_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail when a batch takes the generic path: its output would match by construction."""

    def generic_path(item: Any) -> dict[str, Any]:
        raise AssertionError(f"generic path for {item}")

    monkeypatch.setattr(json_backlog, "item_dict", generic_path)
    monkeypatch.setattr(json_backlog, "unattributed_dict", generic_path)


@pytest.fixture(params=[1, 3, 1000], ids=lambda n: f"batch{n}")
def batch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(json_backlog, "_BATCH", request.param)
    return int(request.param)


class TestSameBytes:
    def test_a_hostile_backlog(self, batch: int, fast_only: None) -> None:
        data = backlog()
        assert fast(data) == generic(data)

    def test_parses_to_backlog_dict_one_item_per_line(self, batch: int, fast_only: None) -> None:
        data = backlog()
        text = fast(data).decode("utf-8")
        assert json.loads(text) == backlog_dict(data)
        rows = [line for line in text.split("\n") if line.startswith("    {")]
        assert [json.loads(r.rstrip(","))["key"] for r in rows] == [
            i.key for i in [*data.ranked, *data.opportunistic, *data.unknown_fit, *data.unattributed]
        ]
        assert "é ü ß 中文 😀 \u2028" in text  # kept, not \u-escaped

    def test_top_and_empty_lists(self, batch: int, fast_only: None) -> None:
        data = backlog()
        assert fast(data, top=3) == generic(data, top=3)
        empty = backlog(ranked=[], opportunistic=[], unattributed=0, unknown_fit=[])
        assert fast(empty) == generic(empty)
        assert b'"ranked": [],' in fast(empty)

    def test_the_backlogs_of_the_report_tests(self, sample_backlog, hostile_backlog, fast_only: None) -> None:
        for data in (sample_backlog, hostile_backlog):
            assert fast(data) == generic(data)
            assert render_backlog(data, "json") == backlog_json(data) == generic(data).decode("utf-8")

    @pytest.mark.parametrize(
        "values",
        [
            {"demand": 1e17},  # json: 1e+17, msgspec: 1e17
            {"icp_value": -3.5e20},
            {"effort": 1e-05},  # json: 1e-05, msgspec: 0.00001
            {"effort": 2.5e-7},
            {"value_per_effort": math.inf},  # json: Infinity, msgspec: null
            {"icp_share": math.nan},
            {"contributions": (NS(**{**vars(contribution(1)), "fit": 1e18}),)},
            {
                "contributions": (
                    NS(**{**vars(contribution(1)), "signal": NS(kind="x", strength=1e-6, source="s")}),
                )
            },
            {"key": object()},  # a type msgspec cannot write: json.dumps writes str()
        ],
        ids=lambda v: next(iter(v)),
    )
    def test_values_json_writes_its_own_way_take_the_generic_path(
        self, batch: int, values: dict[str, Any]
    ) -> None:
        data = backlog(ranked=[item(n, **values) if n == 5 else item(n) for n in range(12)])
        assert fast(data) == generic(data)


@settings(max_examples=300, deadline=None)
@given(
    values=st.fixed_dictionaries(
        {
            name: st.one_of(st.none(), st.floats(), st.integers(-(10**20), 10**20))
            for name in (
                "icp_value",
                "demand",
                "icp_share",
                "off_icp_demand",
                "unknown_demand",
                "effort",
                "value_per_effort",
            )
        }
    ),
    title=st.text(),
    fit=st.one_of(st.none(), st.floats(), st.integers()),
)
def test_any_values_give_the_same_bytes(values: dict[str, Any], title: str, fit: Any) -> None:
    contributions = (NS(**{**vars(contribution(2)), "fit": fit, "name": title}), contribution(3))
    data = backlog(
        ranked=[item(1), item(2, title=title, contributions=contributions, **values)], opportunistic=[]
    )
    assert fast(data) == generic(data)


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.floats(), st.floats(-1e13, 1e13), st.integers(-(10**6), 10**6).map(lambda k: (k + 0.5) / 1e4)
    )
)
@example(1.00005)
@example(0.03125)
@example(-0.0)
@example(-1e-9)
@example(99999999.99995)
@example(5e-324)
def test_round4_is_round(value: float) -> None:
    expected = round(value, 4)
    for near in (value, math.nextafter(value, math.inf), math.nextafter(value, -math.inf)):
        expected = round(near, 4)
        try:
            assert repr(_round4(near)) == repr(expected)
        except _Unusual:
            assert not _plain(expected)


def test_emit_writes_chunks_as_the_text(tmp_path, capsysbinary) -> None:
    text = dumps(backlog_dict(backlog()))
    chunks = list(backlog_chunks(backlog()))
    emit(text, tmp_path / "a.json")
    emit(iter(chunks), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes() == text.encode()
    capsysbinary.readouterr()
    emit(text, None)
    as_text = capsysbinary.readouterr().out
    emit(iter(chunks), None)
    assert capsysbinary.readouterr().out == as_text == text.encode()
