"""The tunable parts of the domain: profile, attribution, ranking and planning settings.

These are the sections of ``icp.yml`` the core reads. Every default here is the one
DESIGN.md states, so a two-line profile already ranks sensibly.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from icp_triage.core.names import normalize_attribute
from icp_triage.core.problems import Problem, Trigger, Urgency
from icp_triage.core.tiers import DEFAULT_ICP_TIERS, FitTierName

CONDITION_KINDS = ("in", "range", "any_of", "equals", "exists")
SIGNAL_KINDS = ("author", "field", "label", "trailer", "comment", "reaction")

Scalar = str | int | float | bool


class _Strict(BaseModel):
    # allow_inf_nan: a weight of .inf or a bound of .nan would turn every fit into NaN
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, allow_inf_nan=False)


class Range(_Strict):
    """Inclusive numeric bounds; either may be left open."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self


class Condition(_Strict):
    """A test on one account attribute: exactly one of in, range, any_of, equals, exists."""

    attribute: str = Field(min_length=1)
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    range: Range | None = None
    any_of: list[Scalar] | None = Field(default=None, min_length=1)
    equals: Scalar | None = None
    exists: bool | None = None

    @field_validator("attribute")
    @classmethod
    def _as_accounts_spell_it(cls, name: str) -> str:
        key = normalize_attribute(name)
        if not key:
            raise ValueError("name an account attribute")
        return key

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        given = [k for k in CONDITION_KINDS if self._has(k)]
        if len(given) != 1:
            got = ", ".join(given) if given else "none"
            raise ValueError(f"give exactly one of in, range, any_of, equals, exists (got {got})")
        return self

    def _has(self, kind: str) -> bool:
        return getattr(self, "in_" if kind == "in" else kind) is not None

    @property
    def kind(self) -> str:
        return next(k for k in CONDITION_KINDS if self._has(k))


class Criterion(Condition):
    """A profile criterion worth ``weight`` points when met."""

    weight: float = Field(default=1.0, gt=0)

    @field_validator("weight", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: object) -> object:
        if isinstance(value, bool):  # pydantic would read true as 1 point
            raise ValueError(f"expected a number of points, got {str(value).lower()}")
        return value


class AntiSignal(Condition):
    """An anti-ICP signal: subtracts ``penalty`` points, or disqualifies outright."""

    penalty: float | None = Field(default=None, ge=0)

    @field_validator("penalty", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: object) -> object:
        if isinstance(value, bool):  # pydantic would read true as 1 point
            raise ValueError(f"expected a number of points, got {str(value).lower()}")
        return value

    disqualify: bool = False

    @model_validator(mode="after")
    def _has_effect(self) -> AntiSignal:
        if self.penalty is None and not self.disqualify:
            raise ValueError("give penalty (points) or disqualify: true")
        return self


class Tiers(_Strict):
    """Lowest fit for each tier; below ``C`` is ``D``."""

    A: float = Field(default=80, ge=0, le=100)
    B: float = Field(default=60, ge=0, le=100)
    C: float = Field(default=40, ge=0, le=100)

    @model_validator(mode="after")
    def _descending(self) -> Tiers:
        if not self.A >= self.B >= self.C:
            raise ValueError(f"thresholds must satisfy A >= B >= C (got {self.A:g}, {self.B:g}, {self.C:g})")
        return self


class Profile(_Strict):
    """The Ideal Customer Profile: criteria, anti signals and tier thresholds; and why it buys:
    the ``problems`` it is trying to solve, what makes a request ``urgency``, and the account
    ``triggers`` that make buying urgent."""

    name: str = "ICP"
    version: str = "1"
    criteria: list[Criterion] = Field(min_length=1)
    anti: list[AntiSignal] = Field(default_factory=list)
    tiers: Tiers = Field(default_factory=Tiers)
    min_coverage: float = Field(default=0.5, ge=0, le=1)
    icp_tiers: list[FitTierName] = Field(default_factory=lambda: list(DEFAULT_ICP_TIERS), min_length=1)
    # why the ICP buys (seed 004): what it is trying to solve, what makes a request urgent,
    # and the account events that make buying urgent (core/problems.py)
    problems: list[Problem] = Field(default_factory=list)
    urgency: Urgency = Field(default_factory=Urgency)
    triggers: list[Trigger] = Field(default_factory=list)

    @field_validator("problems")
    @classmethod
    def _unique_problems(cls, problems: list[Problem]) -> list[Problem]:
        seen = set()
        for problem in problems:
            if problem.name.casefold() in seen:
                raise ValueError(f"problem '{problem.name}' is named twice; give each problem one entry")
            seen.add(problem.name.casefold())
        return problems

    @model_validator(mode="after")
    def _finite_total(self) -> Profile:
        # Each weight is finite, but two of 1e308 add up to inf, and the fit (100 * matched /
        # known) to NaN: tier D for an account that meets every criterion.
        if not math.isfinite(100 * self.total_weight):
            raise ValueError(
                f"the criteria's weights add up to {self.total_weight:g} points, too large to compute "
                "with; use small numbers such as 1 to 10"
            )
        return self

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)


SignalKind = Literal["author", "field", "label", "trailer", "comment", "reaction"]


def _default_strengths() -> dict[SignalKind, float]:
    return {
        "author": 1.0,
        "field": 1.0,
        "label": 1.0,
        "trailer": 1.0,
        "comment": 0.5,
        "reaction": 0.3,
    }


class AttributionSettings(_Strict):
    """Where to look for the accounts behind a request."""

    form_field: str = "Company"
    label_prefix: str = "customer:"
    trailer: str = "Requested-by"
    strengths: dict[Literal["author", "field", "label", "trailer", "comment", "reaction"], float] = Field(
        default_factory=_default_strengths
    )
    github_orgs: bool = False
    # Jira votes by users listed in accounts' jira_users count as +1 reactions; one request
    # per issue with votes, and the token needs "View voters and watchers".
    jira_votes: bool = False
    ignore_users: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fill_strengths(self) -> AttributionSettings:
        for kind, value in self.strengths.items():
            if value < 0:
                raise ValueError(f"strengths.{kind} must be >= 0 (got {value:g})")
        merged: dict[SignalKind, float] = {**_default_strengths(), **self.strengths}
        object.__setattr__(self, "strengths", merged)
        return self


class RankingSettings(_Strict):
    """How demand is weighed and when a request counts as core or opportunistic.

    ``problem_weight`` and ``urgency_weight`` (default 0: shown, not scored) multiply
    ``icp_value`` by ``1 + problem_weight`` for a request addressing an ICP problem and by
    ``1 + urgency_weight`` for an urgent one or one asked by an account with an active trigger.
    """

    weight_by: Literal["accounts", "arr"] = "accounts"
    unknown_fit: float = Field(default=0.5, ge=0, le=1)
    core_share: float = Field(default=0.6, ge=0, le=1)
    opportunistic_share: float = Field(default=0.3, ge=0, le=1)
    top_contributors: int = Field(default=3, ge=1)
    # 0: problems and urgency are shown, not scored. Else icp_value is multiplied by
    # (1 + problem_weight) for a request addressing an ICP problem, and by (1 + urgency_weight)
    # for an urgent one or one asked by an account with an active trigger.
    problem_weight: float = Field(default=0.0, ge=0, le=100)
    urgency_weight: float = Field(default=0.0, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> RankingSettings:
        if self.opportunistic_share > self.core_share:
            raise ValueError("opportunistic_share must not exceed core_share")
        return self


class PlanningSettings(_Strict):
    """Where effort comes from when a request has no ``estimate``."""

    effort_labels: list[str] = Field(default_factory=lambda: ["size:", "points:"])
    sizes: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: {"xs": 1.0, "s": 2.0, "m": 3.0, "l": 5.0, "xl": 8.0, "xxl": 13.0}
    )

    def size_value(self, text: str) -> float | None:
        """A label suffix as effort: a number, or a T-shirt size from ``sizes``."""
        text = text.strip()
        sizes = {k.casefold(): v for k, v in self.sizes.items()}
        if text.casefold() in sizes:
            return sizes[text.casefold()]
        try:
            value = float(text)
        except ValueError:
            return None
        return value if 0 <= value < float("inf") else None  # nan and inf are no effort


def describe_condition(condition: Condition) -> str:
    """A short human rendering of a condition's rule, e.g. ``in [saas, fintech]``."""
    kind = condition.kind
    if kind == "in":
        return "in [" + ", ".join(str(v) for v in condition.in_ or []) + "]"
    if kind == "any_of":
        return "any of [" + ", ".join(str(v) for v in condition.any_of or []) + "]"
    if kind == "range":
        assert condition.range is not None
        lo, hi = condition.range.min, condition.range.max
        if lo is not None and hi is not None:
            return f"{lo:g}..{hi:g}"
        return f">= {lo:g}" if lo is not None else f"<= {hi:g}"
    if kind == "equals":
        return f"= {condition.equals}"
    return "is present" if condition.exists else "is absent"
