"""Shipped issues on GitHub: an issue closed as completed is kept by the sync (no extra
request) with its state reason and closing time, leaves the ranking, and counts in `shipped`;
one closed as not planned leaves the cache as before."""

from __future__ import annotations

from datetime import date

from icp_triage.adapters.github import Selection, sync_repository
from icp_triage.core.models import Account
from icp_triage.core.ranking import rank
from icp_triage.core.settings import PlanningSettings, Profile
from icp_triage.core.shipped import adherence, shipped_part
from icp_triage.core.tiers import RequestClass

APP = "acme/app"
PROFILE = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]})
ACCOUNTS = [
    Account(id="fit", github_logins=("alice",), attributes={"industry": "saas"}),
    Account(id="off", github_logins=("bob",), attributes={"industry": "mining"}),
]


def test_an_issue_closed_as_completed_is_kept_as_shipped_at_no_extra_request(fake, client, store):
    fake.add_issue(APP, author="alice", labels=["size:3"])
    shipped_fit = fake.add_issue(APP, author="alice", labels=["points:3"])
    shipped_off = fake.add_issue(APP, author="bob", labels=["points:1"])
    refused = fake.add_issue(APP, author="bob")
    sync_repository(client, Selection(APP), store=store)
    fake.state.tick(600)
    fake.state.close(shipped_fit, "COMPLETED")
    fake.state.close(shipped_off, "COMPLETED")
    fake.state.close(refused, "NOT_PLANNED")
    fake.reset()
    requests = sync_repository(client, Selection(APP), store=store)
    assert fake.requests == 1  # the incremental sync that sees the closings, as before
    found = {r.key: (r.state, r.state_reason) for r in requests}
    assert found == {
        "acme/app#1": ("open", None),
        "acme/app#2": ("closed", "completed"),
        "acme/app#3": ("closed", "completed"),
    }  # the issue closed as not planned left the cache
    closed_on = next(r for r in requests if r.key == "acme/app#2").closed_at
    assert closed_on is not None and closed_on.date() == fake.state.now.date()

    backlog = rank(requests, ACCOUNTS, PROFILE)
    assert [i.key for i in backlog.ranked + backlog.opportunistic + backlog.unattributed] == ["acme/app#1"]
    shipped = rank(shipped_part(requests), ACCOUNTS, PROFILE, include_shipped=True)
    report = adherence(shipped, backlog, PlanningSettings())
    (period,) = report.periods
    assert period.adherence.of(RequestClass.ICP_CORE).share == 0.75
    assert period.adherence.of(RequestClass.OPPORTUNISTIC).share == 0.25
    assert period.start <= date.today()
    fake.reset()
    assert len(sync_repository(client, Selection(APP), store=store)) == 3 and fake.requests == 1
