"""explain: its parts add up to rank's numbers, and every format shows the arithmetic."""

from __future__ import annotations

import csv
import io
import json

import pytest
from backlogs import synthetic_backlog

from icp_triage.core.explain import UnknownKey, explain, find
from icp_triage.core.tiers import classify
from icp_triage.reports.explain_report import arithmetic, explain_csv, explain_dict, explain_markdown
from icp_triage.reports.json_report import item_dict


def every_item(backlog):
    return [*backlog.ranked, *backlog.opportunistic]


def assert_adds_up(backlog, item):
    e = explain(backlog, item.key)
    assert e.demand == item.demand
    assert e.icp_demand == item.icp_demand
    assert e.icp_value == item.icp_value
    assert e.icp_share == item.icp_share
    assert e.off_icp_demand == item.off_icp_demand
    assert e.low_confidence == item.low_confidence
    assert sum(p.value for p in e.parts) == pytest.approx(item.icp_value)
    assert sum(p.demand for p in e.parts) == pytest.approx(item.demand)
    for p in e.parts:
        assert p.demand == p.signal.strength * p.worth
        assert p.value == pytest.approx(p.demand * (p.fit / 100 if p.fit is not None else 0.5))
    assert (
        e.class_reason.split(":")[0]
        == item.klass
        == classify(e.icp_share, item.contributions, backlog.ranking).klass
    )
    assert e.rank == item.rank and e.demand_rank == item.demand_rank


class TestExplainAddsUp:
    def test_sample(self, sample_backlog):
        for item in every_item(sample_backlog):
            assert_adds_up(sample_backlog, item)

    def test_hostile(self, hostile_backlog):
        for item in every_item(hostile_backlog):
            assert_adds_up(hostile_backlog, item)

    def test_synthetic(self):
        backlog = synthetic_backlog(400, 60)
        for item in every_item(backlog):
            assert_adds_up(backlog, item)

    def test_json_numbers_equal_ranks_json(self, sample_backlog):
        for item in every_item(sample_backlog):
            data = explain_dict(explain(sample_backlog, item.key), accounts=sample_backlog.accounts)
            ranked = item_dict(item)
            for name in ("icp_value", "demand", "icp_share", "off_icp_demand", "class", "rank"):
                assert data[name] == ranked[name], name
            assert [a["id"] for a in data["accounts"]] == [a["id"] for a in ranked["accounts"]]


class TestExplainContent:
    def test_signals_and_sources(self, sample_backlog):
        e = explain(sample_backlog, "acme/app#3")
        umbrella = next(p for p in e.parts if p.account_id == "umbrella")
        assert umbrella.signal.kind == "trailer"
        assert umbrella.worth_source == "median-arr"
        assert umbrella.fit is None and umbrella.factor == 0.5
        assert [s.kind for s in umbrella.signals] == ["trailer", "comment"]
        maths = arithmetic(e)
        assert maths["icp_value"].endswith("= $195.0k")
        # umbrella's fit is unknown: its $150k is neither ICP nor off-profile demand (issue 12)
        assert maths["unknown_demand"] == "Σ demand of unknown-fit accounts = $150.0k (umbrella) = $150.0k"
        assert maths["off_icp_demand"] == "Σ demand of known non-ICP accounts = 0 = $0"
        assert (
            maths["icp_share"]
            == "icp_demand / (icp_demand + off_icp_demand) = $120.0k / ($120.0k + $0) = 100%"
        )
        assert maths["class"] == "icp-core: ICP share 100% >= 60%"
        assert maths["unknown_fit"] == "umbrella lacks industry, employees, tech_stack"
        assert e.low_confidence

    def test_anti_account_class_reason(self, sample_backlog):
        e = explain(sample_backlog, "acme/app#2")
        assert e.class_reason.startswith("opportunistic: ICP share 1% < 30%")
        hooli = next(p for p in e.parts if p.account_id == "hooli")
        assert hooli.tier == "anti" and hooli.value == 0

    def test_unattributed_lists_each_signal_and_reason(self, sample_backlog):
        e = explain(sample_backlog, "acme/app#5")
        assert e.klass == "unattributed" and e.parts == ()
        assert {u.kind for u in e.unmatched} == {"author", "trailer"}
        text = explain_markdown(e)
        assert "no account has the id, name, alias or domain 'Nobody Ltd'" in text
        rows = list(csv.DictReader(io.StringIO(explain_csv(e))))
        assert {r["signal"] for r in rows} == {"author", "trailer"}
        assert all(r["reason"] for r in rows)

    def test_find_by_suffix_and_case(self, sample_backlog):
        assert find(sample_backlog, "#3").key == "acme/app#3"
        assert find(sample_backlog, "ACME/APP#3").key == "acme/app#3"
        with pytest.raises(UnknownKey) as caught:
            find(sample_backlog, "acme/app#33")
        assert "acme/app#3" in caught.value.suggestions

    def test_csv_one_row_per_signal(self, sample_backlog):
        rows = list(csv.DictReader(io.StringIO(explain_csv(explain(sample_backlog, "acme/app#1")))))
        counted = [r for r in rows if r["counted"] == "true"]
        assert sorted(r["account_id"] for r in counted) == ["acme", "globex", "umbrella"]
        assert json.dumps(rows)  # plain strings only
