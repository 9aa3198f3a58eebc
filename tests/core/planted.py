"""Synthetic customer populations with a planted truth, for the profile tests and benchmark.

Outcomes depend on two attributes plus noise. By default (``additive``) ``industry`` in
{saas, fintech} and ``employees`` in 100..1000 each add to an account's quality; with
``truth=conjunction`` only accounts with both (saas or fintech, 100..2000 employees) do
better, each attribute inert alone; with ``truth=industry_only`` the industry alone decides.
Every other attribute is noise. Seeded: the same seed gives the same population.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from icp_triage.core.models import Account
from icp_triage.core.settings import Profile

INDUSTRIES = ["saas", "fintech", "retail", "healthcare", "media", "logistics"]
PLANTED_INDUSTRIES = {"saas", "fintech"}
PLANTED_EMPLOYEES = (100, 1000)
REGIONS = ["NA", "EU", "APAC", "LATAM"]
PLANS = ["free", "growth", "enterprise"]
TITLES = ["VP Engineering", "Head of Data", "CTO", "Analyst"]
STACK = ["aws", "gcp", "azure", "snowflake", "dbt"]


def quality(industry: str, employees: float) -> int:
    """The planted truth: 0, 1 or 2 good traits."""
    low, high = PLANTED_EMPLOYEES
    return int(industry in PLANTED_INDUSTRIES) + int(low <= employees <= high)


CONJUNCTION_EMPLOYEES = (100, 2000)


def additive(attributes: dict[str, Any]) -> int:
    return quality(attributes["industry"], attributes["employees"])


def in_conjunction(attributes: dict[str, Any]) -> bool:
    """The planted segment of ``conjunction``: saas or fintech AND 100..2000 employees."""
    low, high = CONJUNCTION_EMPLOYEES
    return attributes["industry"] in PLANTED_INDUSTRIES and low <= attributes["employees"] <= high


def conjunction(attributes: dict[str, Any]) -> int:
    """Quality 2 inside the segment, 0 outside: either attribute alone does nothing."""
    return 2 * in_conjunction(attributes)


def industry_only(attributes: dict[str, Any]) -> int:
    return 2 * (attributes["industry"] in PLANTED_INDUSTRIES)


def population(
    n: int,
    *,
    seed: int,
    noise_attributes: int = 3,
    prospects: float = 0.15,
    truth: Callable[[dict[str, Any]], int] = additive,
) -> list[Account]:
    """``n`` accounts; ``prospects`` of them have no outcome at all; ``truth`` gives an
    account's quality (0 to 2) from its attributes."""
    rng = random.Random(seed)
    accounts = []
    for i in range(n):
        industry = rng.choice(INDUSTRIES)
        employees = round(10 ** rng.uniform(1, 4))
        attributes: dict[str, Any] = {
            "industry": industry,
            "employees": employees,
            "region": rng.choice(REGIONS),
            "plan": rng.choice(PLANS),
            "job_title": rng.choice(TITLES),
            "tech_stack": sorted(rng.sample(STACK, rng.randint(1, 2))),
        }
        for k in range(noise_attributes):
            attributes[f"noise_{k}"] = rng.choice("abcdef") if k % 2 else round(rng.uniform(0, 1000))
        q = truth(attributes)
        if rng.random() >= prospects:
            retained = rng.random() < 0.45 + 0.2 * q
            attributes["retained"] = retained
            attributes["won"] = rng.random() < 0.15 + 0.15 * q
            attributes["usage"] = round(max(0.0, rng.gauss(50 + 30 * q, 20)), 1)
            attributes["support_tickets"] = max(0, round(rng.gauss(20 - 6 * q, 5)))
            attributes["nps"] = max(-100, min(100, round(rng.gauss(10 + 20 * q, 25))))
            if not retained:
                attributes["churned_at"] = (
                    date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
                ).isoformat()
        accounts.append(
            Account(id=f"acct{i:06d}", arr=float(rng.randint(5, 500) * 1000), attributes=attributes)
        )
    return accounts


def profile(criteria: list[dict[str, Any]], **extra: Any) -> Profile:
    return Profile.model_validate({"name": "T", "version": "2026-10", "criteria": criteria, **extra})


SOUND = [
    {"attribute": "industry", "in": ["saas", "fintech"], "weight": 1},
    {"attribute": "employees", "range": {"min": 100, "max": 1000}, "weight": 1},
]
