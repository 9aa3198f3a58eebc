"""Find, per account attribute, the values or the numeric range over-represented in one group.

``profile suggest`` asks this of its best customers (criteria) and of its worst (anti
signals). A categorical attribute gives the set of values whose share in the group is
higher than in the rest; a list attribute (a tech stack) the items; a numeric attribute
the run of quantile bins with the largest gap between the group's share and the rest's
(the interval that maximises ``P(in | group) - P(in | rest)``, a Kolmogorov-Smirnov-like
distance). A finding is kept only when the group's share in it is significantly higher
(MOVER-Wilson interval of the share ratio above 1, Bonferroni-corrected over attributes).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress, pairwise, repeat
from operator import is_not
from statistics import NormalDist
from typing import Any, Literal

from icp_triage.core.fit import is_present
from icp_triage.core.models import Account
from icp_triage.core.stats import mover_ratio

Kind = Literal["in", "any_of", "range"]
VALUE_LIFT = 1.3
"""A categorical value joins a finding when its share in the group is at least this times its share in the rest."""
MIN_LIFT = 1.5
"""A finding is kept only when the group is at least this over-represented in it."""
MAX_CATEGORIES = 50
"""An attribute with more distinct values (names, ids, free text) is not a segment."""
NOT_SEGMENTS = frozenset({"id", "name", "domains", "github_logins", "github_orgs", "aliases"})
"""An account's identity, never a segment."""
PERSONA_ATTRIBUTES = frozenset(
    {
        "job_title", "title", "role", "seniority", "department", "persona", "function",
        "job_function", "job_level", "buyer_persona", "contact_title", "contact_role", "position",
        "first_name", "last_name", "age", "gender",
    }
)  # fmt: skip
"""A person's attributes: a criterion on one describes a buyer persona, not a company
(``profile validate`` warns of it), so no segment is found on them."""


@dataclass(frozen=True)
class Finding:
    """What sets the group apart on one attribute, and by how much."""

    attribute: str
    kind: Kind
    values: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    group_share: float = 0.0
    rest_share: float = 0.0
    group_n: int = 0
    rest_n: int = 0

    @property
    def lift(self) -> float:
        return self.group_share / self.rest_share if self.rest_share > 0 else math.inf


def condition_dict(finding: Finding) -> dict[str, Any]:
    """``finding`` as a criterion or anti signal of icp.yml, without its weight."""
    if finding.kind == "range":
        bounds = {k: v for k, v in (("min", finding.low), ("max", finding.high)) if v is not None}
        return {"attribute": finding.attribute, "range": bounds}
    return {"attribute": finding.attribute, finding.kind: list(finding.values)}


def critical_z(tests: int, *, alpha: float = 0.05) -> float:
    """The two-sided normal quantile for ``alpha`` split over ``tests`` tests (Bonferroni)."""
    return NormalDist().inv_cdf(1 - alpha / (2 * max(1, tests)))


def attribute_kind(values: Sequence[Any]) -> Literal["numeric", "list", "categorical"] | None:
    """How to search an attribute from its present values; None when it cannot be a segment."""
    if not values:
        return None
    types = set(map(type, values))
    if list in types:
        return "list"
    if types <= {int, float}:
        return "numeric"
    if len({_token(v) for v in set(values)}) > MAX_CATEGORIES:
        return None
    return "categorical"


def _token(value: Any) -> str:
    return str(value).strip().casefold()


def nice(value: float) -> float | int:
    """``value`` to two significant figures (1258 -> 1300, 0.1234 -> 0.12) so a bound reads well."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, digits)
    return int(rounded) if float(rounded).is_integer() else rounded


def _significant(finding: Finding, tests: int) -> Finding | None:
    """``finding`` when the group's over-representation in it is real: a lift of at least
    ``MIN_LIFT`` whose interval, Bonferroni-corrected for ``tests`` looks, stays above 1."""
    inside_group = round(finding.group_share * finding.group_n)
    inside_rest = round(finding.rest_share * finding.rest_n)
    if finding.lift < MIN_LIFT or inside_group < 3:
        return None
    if inside_rest == 0:
        return finding
    low = mover_ratio(inside_group, finding.group_n, inside_rest, finding.rest_n, z=critical_z(tests)).low
    return finding if low is not None and low > 1.0 else None


def categorical(attribute: str, group: Sequence[Any], rest: Sequence[Any], *, tests: int) -> Finding | None:
    """The values over-represented in ``group`` (each a present value of one account); ``tests``
    is how many attributes are searched, each distinct value counting as one more look."""
    if not group or not rest:
        return None
    raw_group, raw_rest = Counter(group), Counter(rest)  # values repeat: token each distinct one once
    in_group: Counter[str] = Counter()
    in_rest: Counter[str] = Counter()
    spelling: dict[str, Any] = {}
    for counts, into in ((raw_group, in_group), (raw_rest, in_rest)):
        for value, count in sorted(counts.items(), key=lambda vc: str(vc[0])):
            token = _token(value)
            into[token] += count
            spelling.setdefault(token, value)
    chosen = _over_represented(in_group, in_rest, len(group), len(rest))
    if not chosen:
        return None
    finding = Finding(
        attribute,
        "in",
        values=tuple(spelling[t] for t in chosen),
        group_share=sum(in_group[t] for t in chosen) / len(group),
        rest_share=sum(in_rest.get(t, 0) for t in chosen) / len(rest),
        group_n=len(group),
        rest_n=len(rest),
    )
    return _significant(finding, tests * len(in_group.keys() | in_rest.keys()))


def _over_represented(in_group: Counter[str], in_rest: Counter[str], n_group: int, n_rest: int) -> list[str]:
    """The tokens at least ``VALUE_LIFT`` times as common in the group as in the rest, held by
    two or more of the group (one customer's value is an anecdote), sorted."""
    return sorted(
        token
        for token, count in in_group.items()
        if count >= 2 and count / n_group >= VALUE_LIFT * in_rest.get(token, 0) / n_rest
    )


def listed(attribute: str, group: Sequence[Any], rest: Sequence[Any], *, tests: int) -> Finding | None:
    """The list items (a tech stack) over-represented in ``group``; the finding is ``any_of``."""
    if not group or not rest:
        return None

    def items(value: Any) -> set[str]:
        return {_token(v) for v in (value if isinstance(value, list) else [value])}

    group_sets, rest_sets = [items(v) for v in group], [items(v) for v in rest]
    in_group = Counter(t for s in group_sets for t in s)
    in_rest = Counter(t for s in rest_sets for t in s)
    chosen = set(_over_represented(in_group, in_rest, len(group), len(rest)))
    if not chosen:
        return None
    finding = Finding(
        attribute,
        "any_of",
        values=tuple(sorted(chosen)),
        group_share=sum(1 for s in group_sets if s & chosen) / len(group),
        rest_share=sum(1 for s in rest_sets if s & chosen) / len(rest),
        group_n=len(group),
        rest_n=len(rest),
    )
    return _significant(finding, tests * len(in_group.keys() | in_rest.keys()))


def _edges(ordered: Sequence[float], bins: int) -> list[float]:
    """Quantile cut points of sorted ``ordered`` (distinct, ascending), at most ``bins - 1``."""
    cuts = {ordered[min(len(ordered) - 1, (len(ordered) * i) // bins)] for i in range(1, bins)}
    return sorted(cuts - {ordered[0]})


def numeric(attribute: str, group: Sequence[float], rest: Sequence[float], *, tests: int) -> Finding | None:
    """The range of ``attribute`` where ``group`` is most over-represented (see the module doc).

    Bins are quantiles of both groups together (at most 20, about ten group members per
    bin); the chosen run of bins becomes ``min`` / ``max`` bounds rounded to two significant
    figures, open at the low or high end when the run starts at the first or ends at the
    last bin.
    """
    if len(group) < 6 or not rest:
        return None
    group, rest = sorted(group), sorted(rest)  # sorted once: bins and shares are then bisections
    bins = max(3, min(20, len(group) // 10))
    cuts = _edges(sorted(group + rest), bins)  # two sorted runs: Timsort merges them in linear time
    if not cuts:
        return None
    k = len(cuts) + 1
    group_bins, rest_bins = _histogram(group, cuts), _histogram(rest, cuts)
    best = (0.0, 0, 0)
    for i in range(k):
        g = r = 0
        for j in range(i, k):
            g += group_bins[j]
            r += rest_bins[j]
            gap = g / len(group) - r / len(rest)
            if gap > best[0] and not (i == 0 and j == k - 1):
                best = (gap, i, j)
    gap, i, j = best
    if gap <= 0:
        return None
    low = nice(cuts[i - 1]) if i > 0 else None
    high = nice(cuts[j]) if j < k - 1 else None
    if low is not None and high is not None and low >= high:
        return None
    finding = Finding(
        attribute,
        "range",
        low=low,
        high=high,
        group_share=_share(group, low, high),
        rest_share=_share(rest, low, high),
        group_n=len(group),
        rest_n=len(rest),
    )
    return _significant(finding, tests * k * (k + 1) // 2)  # every run of bins was a look


def _histogram(ordered: Sequence[float], cuts: Sequence[float]) -> list[int]:
    """Counts per bin of sorted values; bin ``b`` holds values in ``[cuts[b-1], cuts[b])``."""
    positions = [0, *(bisect_left(ordered, cut) for cut in cuts), len(ordered)]
    return [after - before for before, after in pairwise(positions)]


def _share(ordered: Sequence[float], low: float | None, high: float | None) -> float:
    """The share of sorted values within ``low..high`` (inclusive, as a range criterion)."""
    start = bisect_left(ordered, low) if low is not None else 0
    end = bisect_right(ordered, high) if high is not None else len(ordered)
    return (end - start) / len(ordered)


def candidate_attributes(accounts: Sequence[Account], excluded: set[str]) -> list[str]:
    """Attributes a segment may be found on: not identity fields, outcomes or a person's traits."""
    names: set[str] = set()
    for account in accounts:
        names.update(account.attributes)
    if any(a.arr is not None for a in accounts):
        names.add("arr")
    return sorted(n for n in names - NOT_SEGMENTS - excluded - PERSONA_ATTRIBUTES if not n.endswith("_title"))


@dataclass(frozen=True)
class Column:
    """One attribute's present values by account id, and how to search it."""

    attribute: str
    kind: Literal["numeric", "list", "categorical"]
    ids: list[str]
    values: list[Any]


def read_columns(accounts: Sequence[Account], attributes: Sequence[str]) -> list[Column]:
    """Each attribute's values aligned with ``accounts`` (None where unknown), read once for
    every search; ``map`` over the attribute dicts keeps the per-value work in C."""
    ids = [a.id for a in accounts]
    dicts = [a.attributes for a in accounts]
    columns = []
    for attribute in attributes:
        values: list[Any]
        if attribute == "arr":
            values = [a.arr for a in accounts]
        else:
            values = list(map(dict.get, dicts, repeat(attribute)))
        if "" in values or [] in values:  # blank cells are None already; JSON may hold "" or []
            values = [v if v is None or is_present(v) else None for v in values]
        present = [v for v in values if v is not None]
        kind = attribute_kind(present)
        if kind is not None:
            columns.append(Column(attribute, kind, ids, values))
    return columns


def find_segments(columns: Sequence[Column], group: set[str]) -> list[Finding]:
    """One finding per attribute that sets ``group`` apart from the other accounts with a value."""
    found = []
    tests = len(columns)
    search = {"numeric": numeric, "list": listed, "categorical": categorical}
    inside: list[bool] = []
    outside: list[bool] = []
    present = partial(is_not, None)
    for column in columns:
        if len(inside) != len(column.ids):  # every column shares the accounts' order
            inside = [k in group for k in column.ids]
            outside = [not m for m in inside]
        in_group = list(filter(present, compress(column.values, inside)))
        in_rest = list(filter(present, compress(column.values, outside)))
        finding = search[column.kind](column.attribute, in_group, in_rest, tests=tests)
        if finding is not None:
            found.append(finding)
    return found
