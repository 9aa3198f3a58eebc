"""Seeded synthetic backlogs for the benchmarks: accounts, requests and an icp.yml.

The shapes follow DESIGN.md's `file` source; the mix of signals (authors, form fields,
labels, Requested-by lines, comments, reactions) resembles a busy public repository.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

INDUSTRIES = ["saas", "fintech", "retail", "healthcare", "media", "logistics", "gaming"]
STACKS = ["aws", "gcp", "azure", "onprem", "k8s", "snowflake"]
WORDS = (
    "dashboard export filter cohort funnel retention segment api webhook latency chart "
    "permission role audit warehouse sync schedule alert team workspace report query "
    "the a we our users need to when it is for with and this would help us every week"
).split()


def _prose(rng: random.Random, low: int, high: int) -> str:
    """Filler text of ``low``..``high`` characters: real issue bodies run to a kilobyte or two."""
    target = rng.randint(low, high)
    words: list[str] = []
    size = 0
    while size < target:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


ICP_YML = """\
profile:
  name: Benchmark ICP
  version: "bench"
  criteria:
    - {attribute: industry, in: [saas, fintech], weight: 3}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 2}
    - {attribute: arr, range: {min: 20000, max: 500000}, weight: 2}
    - {attribute: tech_stack, any_of: [aws, gcp, azure], weight: 1}
  anti:
    - {attribute: churn_risk, in: [high], penalty: 30}
    - {attribute: support_tickets_90d, range: {min: 50}, disqualify: true}
accounts: accounts.csv
ranking: {weight_by: arr}
"""


def make(folder: Path, *, requests: int, accounts: int, seed: int = 7) -> Path:
    """Write icp.yml, accounts.csv and requests.json into ``folder``; returns the config path."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "icp.yml").write_text(ICP_YML)
    with (folder / "accounts.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "id",
                "name",
                "domains",
                "github_logins",
                "arr",
                "industry",
                "employees",
                "tech_stack",
                "churn_risk",
                "support_tickets_90d",
            ]
        )
        for i in range(accounts):
            writer.writerow(
                [
                    f"acct{i}",
                    f"Company {i} Inc.",
                    f"company{i}.com",
                    f"user{i}a;user{i}b",
                    rng.choice(["", str(rng.randint(5_000, 2_000_000))]),
                    rng.choice([*INDUSTRIES, ""]),
                    rng.choice(["", str(rng.randint(5, 20_000))]),
                    ";".join(rng.sample(STACKS, rng.randint(0, 3))),
                    rng.choice(["low", "low", "medium", "high"]),
                    rng.randint(0, 60),
                ]
            )
    items = []
    for n in range(requests):

        def user() -> str:
            if rng.random() < 0.5:
                return f"user{rng.randrange(accounts)}{rng.choice('ab')}"
            return f"stranger{rng.randrange(100_000)}"

        body = (
            "### Problem\n\n"
            + _prose(rng, 200, 900)
            + "\n\n### Proposed solution\n\n"
            + _prose(rng, 150, 600)
            + "\n"
        )
        if rng.random() < 0.2:
            body += f"\n### Company\n\nCompany {rng.randrange(accounts)}, Inc.\n"
        if rng.random() < 0.2:
            body += f"\nRequested-by: company{rng.randrange(accounts)}.com\n"
        labels = ["feature-request"]
        if rng.random() < 0.1:
            labels.append(f"customer:acct{rng.randrange(accounts)}")
        if rng.random() < 0.3:
            labels.append(f"size:{rng.choice(['S', 'M', 'L'])}")
        items.append(
            {
                "key": f"bench/app#{n + 1}",
                "title": f"Feature request number {n + 1}",
                "url": f"https://github.com/bench/app/issues/{n + 1}",
                "state": "open",
                "created_at": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
                "author": user(),
                "labels": labels,
                "body": body,
                "reactions": [{"user": user(), "content": "+1"} for _ in range(rng.randint(0, 4))],
                "comments": [
                    {"author": user(), "body": _prose(rng, 60, 500)} for _ in range(rng.randint(0, 3))
                ],
            }
        )
    (folder / "requests.json").write_text(json.dumps({"requests": items}))
    return folder / "icp.yml"
