"""Where a draft draws its ICP line: cut-off candidates, the choice, required pairs; hand-worked."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.best_customers import best_rate, raises_rate
from icp_triage.core.cutoffs import (
    candidates,
    choose,
    floor_of,
    interactions,
    threshold_between,
    tiers_for,
    to_require,
    weights_requiring,
)
from icp_triage.core.fit import score_all
from icp_triage.core.models import Account
from icp_triage.core.settings import Profile


def three_traits() -> tuple[list[Account], set[str]]:
    """20 accounts for each of the 8 combinations of traits a, b, c; the best are those with
    a and b (40 accounts), whatever c: a and b are each inert alone, strong together."""
    accounts, best = [], set()
    for a, b, c in product((True, False), repeat=3):
        for k in range(20):
            key = f"{int(a)}{int(b)}{int(c)}-{k}"
            accounts.append(Account(id=key, attributes={"a": a, "b": b, "c": c}))
            if a and b:
                best.add(key)
    return accounts, best


def traits_profile(weights: list[float], **extra) -> Profile:
    criteria = [{"attribute": n, "equals": True, "weight": w} for n, w in zip("abc", weights, strict=False)]
    return Profile.model_validate({"criteria": criteria, **extra})


class TestCandidates:
    def test_each_fit_level_narrowest_first_with_its_rate(self):
        """Weights 2, 2, 1 (a and b required): levels 100 (abc), 80 (ab), 60 (ac, bc),
        40 (a, b), 20 (c); the ICP at each holds 20, 40, 80, 120, 140 accounts."""
        accounts, best = three_traits()
        profile = traits_profile([2, 2, 1])
        found = candidates(score_all(accounts, profile), profile, best, least=10)
        assert [(c.threshold, len(c.members), c.train.best_icp, c.required) for c in found] == [
            (100, 20, 20, (0, 1, 2)),
            (80, 40, 40, (0, 1)),
            (60, 80, 40, ()),
            (40, 120, 40, ()),
            (20, 140, 40, ()),
        ]
        # at 60: 40 best of 80 inside, 0 of the 80 outside
        assert found[2].train.rate == 0.5 and found[2].train.comparison.b == 0

    def test_a_level_leaving_too_few_accounts_is_no_candidate(self):
        accounts, best = three_traits()
        profile = traits_profile([2, 2, 1])
        found = candidates(score_all(accounts, profile), profile, best, least=30)
        assert [c.threshold for c in found] == [80, 60, 40]  # 20 inside at 100, 20 outside at 20

    @pytest.mark.parametrize(
        ("level", "below", "threshold"),
        [
            (100, 57.14, 100),
            (57.14, 42.86, 50),
            (66.67, 60, 65),
            (62.5, 61.2, 62),
            (60.5, 60.2, 60.5),
            (40, None, 40),
        ],
    )
    def test_the_threshold_is_round_and_admits_exactly_the_level(self, level, below, threshold):
        assert threshold_between(level, below) == threshold

    @given(st.floats(0, 100), st.floats(0, 100))
    @settings(max_examples=200, deadline=None)
    def test_the_threshold_lies_between_the_levels(self, a, b):
        level, below = max(a, b), min(a, b)
        if level == below:
            return
        assert below < threshold_between(level, below) <= level


class TestChoose:
    def test_the_highest_rate_or_the_broadest_within_its_interval(self):
        """10 of 10 best has a Wilson interval of [0.72, 1]: 30 of 40 (0.75) lies within it and
        is broader, so it is chosen; 25 of 40 (0.625) would not be."""
        accounts = [Account(id=f"x{i}") for i in range(100)]
        best = {f"x{i}" for i in range(30)}
        narrow = candidates_for(accounts, best, [f"x{i}" for i in range(10)])
        broad = candidates_for(accounts, best, [f"x{i}" for i in range(40)])
        assert broad.train.rate == 0.75 and narrow.train.rate_ci[0] == pytest.approx(0.7225, abs=1e-4)
        assert choose([narrow, broad]) is broad
        fewer = {f"x{i}" for i in range(25)}
        narrow, looser = (candidates_for(accounts, fewer, [f"x{i}" for i in range(n)]) for n in (10, 40))
        assert looser.train.rate == 0.625 and choose([narrow, looser]) is narrow

    def test_the_floor_leaves_out_broader_cut_offs(self):
        accounts, best = three_traits()
        profile = traits_profile([1, 1, 1])
        found = candidates(score_all(accounts, profile), profile, best, least=10)
        assert choose(found).threshold == 100  # abc: 20 of 20, the others' rates below 0.84
        assert choose(found, floor=101) is None


def candidates_for(accounts, best, members):
    from icp_triage.core.cutoffs import Cutoff

    ids = {a.id for a in accounts}
    return Cutoff(0, 0, (), frozenset(members), best_rate(ids, members, best))


class TestRequired:
    def test_two_traits_weak_alone_and_strong_together_are_required_both(self):
        """Equal weights cannot say "a and b": 100 needs c too (20 accounts), 67 admits a and c.
        a alone and b alone do no better than neither (0 of 40 each), together 40 of 40."""
        accounts, best = three_traits()
        fits = score_all(accounts, traits_profile([1, 1, 1]))
        (pair,) = interactions(fits, best, least=10)
        assert (pair.first, pair.second) == (0, 1)
        assert (pair.both.rate, pair.first_alone.rate, pair.neither.rate) == (1.0, 0.0, 0.0)
        weights = weights_requiring([1, 1, 1], {0, 1})
        assert weights == [2, 2, 1] and floor_of(weights, {0, 1}) == 80
        profile = traits_profile(weights)
        chosen = choose(candidates(score_all(accounts, profile), profile, best, least=10), floor=80)
        assert chosen.threshold == 80 and chosen.members == frozenset(best)

    def test_a_trait_that_helps_alone_is_no_interaction(self):
        """c alone: the best are a-and-b or c; c alone beats neither, so no pair with c."""
        accounts, best = three_traits()
        best |= {a.id for a in accounts if a.attributes["c"]}
        fits = score_all(accounts, traits_profile([1, 1, 1]))
        assert all(2 not in (p.first, p.second) for p in interactions(fits, best, least=10))

    def test_a_criterion_that_raises_the_rate_is_required_of_the_chosen_icp(self):
        """Weights 1, 1, 2 and the best are the accounts with a: at 50 the ICP is c, or a and b
        (100 accounts, 60 with a); requiring a raises its rate from 60% to 100%."""
        accounts, _ = three_traits()
        best = {a.id for a in accounts if a.attributes["a"]}
        profile = traits_profile([1, 1, 2])
        fits = score_all(accounts, profile)
        found = candidates(fits, profile, best, least=10)
        at_50 = next(c for c in found if c.threshold == 50)  # c, or a and b: 100 accounts, 60 best
        assert (len(at_50.members), at_50.train.best_icp) == (100, 60)
        narrowing = to_require(fits, at_50, best, least=10)
        assert narrowing.criterion == 0 and narrowing.after.rate == 1.0
        assert raises_rate(narrowing.before, narrowing.after)


@pytest.mark.parametrize(
    ("icp_tiers", "threshold", "tiers", "icp"),
    [
        (["A", "B"], 100, {"A": 100, "B": 60, "C": 40}, ["A"]),
        (["A", "B"], 70, {"A": 80, "B": 70, "C": 40}, ["A", "B"]),
        (["A", "B"], 30, {"A": 80, "B": 30, "C": 30}, ["A", "B"]),
        (["A"], 50, {"A": 50, "B": 50, "C": 40}, ["A"]),
        (["A", "B", "C"], 50, {"A": 80, "B": 60, "C": 50}, ["A", "B", "C"]),
        (["A", "B", "C", "D"], 90, {"A": 90, "B": 60, "C": 40}, ["A"]),
    ],
)
def test_tiers_place_the_icp_line_at_the_threshold(icp_tiers, threshold, tiers, icp):
    current = traits_profile([1], icp_tiers=icp_tiers)
    assert tiers_for(current, threshold) == {"tiers": tiers, "icp_tiers": icp}


@given(
    st.lists(st.integers(0, 100), min_size=3, max_size=3).map(sorted),
    st.sets(st.sampled_from("ABCD"), min_size=1),
    st.integers(0, 100),
    st.lists(st.floats(0, 100), max_size=30),
)
@settings(max_examples=200, deadline=None)
def test_the_icp_is_exactly_the_fits_at_the_threshold_or_above(lines, icp_tiers, threshold, fits):
    """Whatever the current tiers and icp_tiers, the drafted ones are valid and call an account
    ICP exactly when its fit reaches the threshold."""
    from icp_triage.core.fit import tier_for

    c, b, a = lines
    current = traits_profile([1], tiers={"A": a, "B": b, "C": c}, icp_tiers=sorted(icp_tiers))
    drafted = Profile.model_validate(
        {"criteria": [{"attribute": "a", "equals": True}], **tiers_for(current, threshold)}
    )
    for fit in fits:
        assert (tier_for(fit, drafted) in drafted.icp_tiers) == (fit >= threshold)
