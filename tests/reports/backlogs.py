"""Backlogs for the report tests: a hostile one and a large synthetic one (pure builders)."""

from __future__ import annotations

import random

from icp_triage.core.backlog import Backlog
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile, RankingSettings

HOSTILE_TITLES = [
    "<img src=x onerror=alert(1)>",
    "pipe | in | title",
    "`backtick` and ``` fence",
    "ping @org/team and @someone",
    "wiki ]] [[link]] [x](javascript:alert(1))",
    "first line\nsecond line\r\n- list item\n# heading",
    '=HYPERLINK("http://evil.example","click")',
    "+1 upvote",
    "-2 minus",
    "@SUM(A1:A2)",
    "\t=1+1",
    "</script><script>alert(1)</script>",
    "<!-- comment --> -->",
    "%%{init: {'theme': 'dark'}}%%",
    'title x-axis quadrant-1 "q": [0.5, 0.5]; classDef',
    "[bold]rich markup[/bold]",
    "{{ 7*7 }} {% raw %}",
    "&lt;already escaped&gt; &amp;",
]
HOSTILE_NAMES = ["@evil/team | `Corp`", "<b>Bold</b> Ltd", "=cmd|' /C calc'!A0", "Ok ]] Inc"]


def hostile_profile() -> Profile:
    return Profile.model_validate(
        {
            "name": "Hostile <b>profile</b> | @org",
            "criteria": [
                {"attribute": "industry", "in": ["saas"], "weight": 2},
                {"attribute": "employees", "range": {"min": 100}, "weight": 1},
            ],
            "anti": [{"attribute": "churn_risk", "in": ["high"], "disqualify": True}],
        }
    )


def hostile_inputs() -> tuple[list[RawRequest], list[Account], Profile]:
    """Every hostile title as a request, asked for by accounts with hostile names."""
    accounts = [
        Account(
            id=f"acc{i}",
            name=name,
            github_logins=(f"user{i}",),
            arr=1000.0 * (i + 1),
            attributes={"industry": "saas" if i % 2 == 0 else "retail", "employees": 500},
        )
        for i, name in enumerate(HOSTILE_NAMES)
    ]
    accounts.append(
        Account(
            id="bad",
            name="Anti <i>Co</i>",
            github_logins=("mallory",),
            attributes={"industry": "retail", "employees": 5, "churn_risk": "high"},
        )
    )
    requests = []
    for n, title in enumerate(HOSTILE_TITLES):
        author = "stranger" if n % 6 == 5 else f"user{n % len(HOSTILE_NAMES)}"
        requests.append(
            RawRequest(
                key=f"o/r#{n + 1}",
                title=title,
                url="javascript:alert(1)" if n % 3 == 0 else f"https://example.test/o/r/issues/{n + 1}?q=<x>",
                author=author,
                estimate=[0.5, 1, 2, 3][n % 4],
                reactions=[{"user": "mallory", "content": "+1"}] if n % 4 == 1 else [],
            )
        )
    return requests, accounts, hostile_profile()


def synthetic_backlog(n_requests: int, n_accounts: int, *, seed: int = 7) -> Backlog:
    """A large random backlog (the benchmark's shape, smaller): fast enough for a unit test."""
    rng = random.Random(seed)
    industries = ["saas", "fintech", "retail", "health"]
    accounts = [
        Account(
            id=f"a{i}",
            name=f"Account {i}",
            github_logins=(f"u{i}",),
            arr=float(rng.randint(1, 500) * 1000),
            attributes={"industry": rng.choice(industries), "employees": rng.randint(5, 5000)},
        )
        for i in range(n_accounts)
    ]
    requests = [
        RawRequest(
            key=f"big/repo#{n}",
            title=f"Request {n} " + "x" * rng.randint(0, 60),
            url=f"https://example.test/big/repo/issues/{n}",
            author=f"u{rng.randrange(n_accounts)}" if rng.random() > 0.05 else "nobody",
            estimate=rng.choice([None, 0.5, 1, 2, 3, 5, 8]),
            reactions=[
                {"user": f"u{rng.randrange(n_accounts)}", "content": "+1"} for _ in range(rng.randint(0, 3))
            ],
        )
        for n in range(n_requests)
    ]
    return rank(requests, accounts, hostile_profile())


def hostile_backlog() -> Backlog:
    requests, accounts, profile = hostile_inputs()
    return rank(requests, accounts, profile, ranking=RankingSettings(weight_by="arr"))
