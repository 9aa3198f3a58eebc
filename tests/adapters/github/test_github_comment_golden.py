"""The GitHub comment rendered from the core's tracker-neutral document is byte-identical to
the Markdown the core wrote itself before the seam (kept in tests/samples/github/comments/,
written by commit daf6a7f): tier-only and full, ranked, low-confidence and unattributed. Since
issue 16 (defect 8) account names are escaped as the Markdown report escapes them, so the
name with asterisks shows them (\\*Heavy\\*) instead of turning them into emphasis. Since
issue 12 (unknown fit apart) ``o/r#1`` is icp-core, not opportunistic: its ICP share is taken
over the accounts of known fit, acme (A) against globex (D) and churny (anti), 1 / 1.6 = 62.5%
>= 60%, where vague's unknown +1 used to count as off-profile (1 / 1.9 = 53%, under 60% with an
anti account among the top three); its labels and the comment's class line say so, nothing
else moved."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_triage.adapters.github.writes import comment_markdown
from icp_triage.config.schema import TaggingSettings
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile
from icp_triage.core.tags import desired_tags

KEPT = Path(__file__).resolve().parents[2] / "samples" / "github" / "comments"
PROFILE = Profile.model_validate(
    {
        "criteria": [
            {"attribute": "industry", "in": ["saas"], "weight": 3},
            {"attribute": "employees", "range": {"min": 100, "max": 1000}, "weight": 2},
        ],
        "anti": [{"attribute": "churn", "in": ["high"], "disqualify": True}],
    }
)
ACCOUNTS = [
    Account(
        id="acme",
        name="Acme Rockets",
        github_logins=("alice",),
        arr=4e6,
        attributes={"industry": "saas", "employees": 300},
    ),
    Account(
        id="globex",
        name="Globex *Heavy*",
        github_logins=("bob",),
        arr=9e7,
        attributes={"industry": "mining", "employees": 50000},
    ),
    Account(id="vague", name="Vague Co", github_logins=("carol",)),
    Account(
        id="churny",
        name="Churny",
        github_logins=("dan",),
        attributes={"industry": "saas", "employees": 300, "churn": "high"},
    ),
]
REQUESTS = [
    RawRequest(key="o/r#1", author="alice", reactions=[{"user": "bob"}, {"user": "carol"}, {"user": "dan"}]),
    RawRequest(key="o/r#2", author="bob"),
    RawRequest(key="o/r#3", author="nobody"),
]


@pytest.mark.parametrize("disclose", ["tier-only", "full"])
@pytest.mark.parametrize("key", [r.key for r in REQUESTS])
def test_comment_and_labels_match_the_kept_copy(key: str, disclose: str) -> None:
    item = rank(REQUESTS, ACCOUNTS, PROFILE).item(key)
    assert item is not None
    tags = desired_tags(
        item,
        TaggingSettings(disclose=disclose),
        form_field="Customer",
        label_prefix="cust:",
        trailer="Asked-by",
    )
    name = f"{key.replace('/', '_').replace('#', '-')}.{disclose}"
    assert comment_markdown(tags.comment) == (KEPT / f"{name}.md").read_text()
    assert "\n".join(tags.labels) + "\n" == (KEPT / f"{name}.labels").read_text()
