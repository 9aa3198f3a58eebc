"""Time ranking and every report format on a large synthetic backlog.

Why: a real backlog export can hold 100k requests; the Markdown report must still fit a
GitHub job summary (1 MiB) and the HTML report must stay a page a browser opens quickly.
This prints, per format, the render time and the output size, so a regression shows.

    python benchmarks/formats.py                      # 100k requests, 20k accounts
    python benchmarks/formats.py --requests 5000 --out benchmarks/out

Seeded: the same arguments give the same backlog.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from icp_triage.core.models import Account, RawRequest
from icp_triage.core.planning import plan
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile, RankingSettings
from icp_triage.reports.render import FORMATS, render_backlog, render_plan

INDUSTRIES = ["saas", "fintech", "retail", "health", "media", "gov"]
STACKS = ["aws", "gcp", "azure", "onprem"]
WORDS = [
    "sso",
    "audit",
    "export",
    "import",
    "api",
    "webhook",
    "billing",
    "sla",
    "report",
    "dashboard",
    "role",
    "search",
    "mobile",
]


def make_profile() -> Profile:
    return Profile.model_validate(
        {
            "name": "Benchmark ICP",
            "criteria": [
                {"attribute": "industry", "in": ["saas", "fintech"], "weight": 3},
                {"attribute": "employees", "range": {"min": 100, "max": 1000}, "weight": 2},
                {"attribute": "tech_stack", "any_of": ["aws", "gcp"], "weight": 1},
            ],
            "anti": [{"attribute": "churn_risk", "in": ["high"], "penalty": 30}],
        }
    )


def make_accounts(n: int, rng: random.Random) -> list[Account]:
    accounts = []
    for i in range(n):
        attributes = {
            "industry": rng.choice(INDUSTRIES),
            "employees": rng.randint(5, 20000),
            "tech_stack": rng.sample(STACKS, rng.randint(1, 2)),
            "churn_risk": rng.choice(["low", "low", "low", "high"]),
        }
        if rng.random() < 0.1:
            attributes = {}  # thin CRM data: tier unknown
        accounts.append(
            Account(
                id=f"acct{i}",
                name=f"Account {i} Inc.",
                github_logins=(f"user{i}",),
                domains=(f"acct{i}.example",),
                arr=None if rng.random() < 0.1 else float(rng.randint(5, 2000) * 1000),
                attributes=attributes,
            )
        )
    return accounts


def make_requests(n: int, n_accounts: int, rng: random.Random) -> list[RawRequest]:
    requests = []
    for k in range(n):
        who = lambda: f"user{rng.randrange(n_accounts)}"  # noqa: E731
        labels = ["feature-request"]
        if rng.random() < 0.3:
            labels.append(f"size:{rng.choice(['xs', 's', 'm', 'l', 'xl'])}")
        if rng.random() < 0.2:
            labels.append(f"customer:acct{rng.randrange(n_accounts)}")
        requests.append(
            RawRequest(
                key=f"acme/product#{k + 1}",
                title=" ".join(rng.sample(WORDS, 3)).capitalize() + f" ({k + 1})",
                url=f"https://github.com/acme/product/issues/{k + 1}",
                author=who() if rng.random() < 0.9 else f"outsider{k}",
                labels=labels,
                estimate=rng.choice([None, None, 0.5, 1, 2, 3, 5, 8]),
                reactions=[{"user": who(), "content": "+1"} for _ in range(rng.randint(0, 4))],
                comments=[{"author": who(), "body": "+1 from us"} for _ in range(rng.randint(0, 2))],
            )
        )
    return requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--capacity", type=float, default=40)
    parser.add_argument("--out", type=Path, help="also write each report to this folder")
    parser.add_argument("--skip", nargs="*", default=[], help="formats to leave out (e.g. table)")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    started = time.perf_counter()
    accounts = make_accounts(args.accounts, rng)
    requests = make_requests(args.requests, args.accounts, rng)
    print(
        f"generated {len(requests):,} requests, {len(accounts):,} accounts in {time.perf_counter() - started:.1f}s"
    )
    started = time.perf_counter()
    backlog = rank(requests, accounts, make_profile(), ranking=RankingSettings(weight_by="arr"))
    print(
        f"rank: {time.perf_counter() - started:.2f}s ({len(backlog.ranked):,} ranked, "
        f"{len(backlog.opportunistic):,} opportunistic, {len(backlog.unattributed):,} unattributed)"
    )
    started = time.perf_counter()
    sprint = plan(backlog, args.capacity)
    print(f"plan --capacity {args.capacity:g}: {time.perf_counter() - started:.2f}s ({sprint.method})")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    print(f"{'report':<10} {'format':<9} {'seconds':>8} {'bytes':>13}")
    for noun, render in (
        ("rank", lambda fmt: render_backlog(backlog, fmt)),
        ("plan", lambda fmt: render_plan(sprint, fmt)),
    ):
        for fmt in FORMATS:
            if fmt in args.skip:
                continue
            started = time.perf_counter()
            text = render(fmt)
            elapsed = time.perf_counter() - started
            size = len(text.encode("utf-8"))
            print(f"{noun:<10} {fmt:<9} {elapsed:>8.2f} {size:>13,}")
            if args.out:
                suffix = {"table": "txt", "markdown": "md"}.get(fmt, fmt)
                (args.out / f"{noun}.{suffix}").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
