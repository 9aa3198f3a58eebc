"""GitHub's write budget shared by every replica through the database (issue 13, item 7):
two processes each keeping to 80 writes a minute made 160 under one token before."""

from __future__ import annotations

import json

import pytest
from service_harness import ADMIN, REPO, drain, github_request, payload

from fakes.fake_github import FakeGitHub
from fakes.helpers import serve
from icp_triage.adapters.dialect import WriteQuota, credentials_for
from icp_triage.service import queue, write_budget
from icp_triage.service.store import make_engine
from icp_triage.service.write_budget import Reservation

QUOTA = WriteQuota("github:installation:7", per_minute=80, per_hour=500)


@pytest.fixture
def replicas(database_url: str):
    """Two engines on one database: what two replicas hold."""
    from icp_triage.service.schema import ensure_schema

    engines = [make_engine(database_url), make_engine(database_url)]
    ensure_schema(engines[0])
    yield engines
    for engine in engines:
        engine.dispose()


def test_two_replicas_keep_to_one_minute_budget_together(replicas) -> None:
    for n in range(80):  # forty each, alternating: the sum is what GitHub counts
        assert isinstance(write_budget.reserve(replicas[n % 2], QUOTA, 1, now=1000 + n * 0.1), Reservation)
    wait = write_budget.reserve(replicas[0], QUOTA, 1, now=1010)
    assert wait == pytest.approx(50.0)  # until the first write leaves the minute (at 1060)
    other = WriteQuota("github:installation:8", 80, 500)  # another installation: a budget of its own
    assert isinstance(write_budget.reserve(replicas[1], other, 3, now=1010), Reservation)
    assert isinstance(write_budget.reserve(replicas[1], QUOTA, 1, now=1060.05), Reservation)
    assert write_budget.spent(replicas[0], QUOTA.name, now=1060.1) == (80, 81)


def test_the_hourly_budget_and_a_settled_reservation(replicas) -> None:
    made = [write_budget.reserve(replicas[n % 2], QUOTA, 80, now=61.0 * n) for n in range(6)]  # 480
    assert all(isinstance(m, Reservation) for m in made)
    wait = write_budget.reserve(replicas[0], QUOTA, 30, now=400)
    assert wait == pytest.approx(3600 - 400)  # the first 80 leave the hour at 3600
    first = made[0]
    assert isinstance(first, Reservation)
    write_budget.settle(replicas[1], first, 2)  # the job wrote 2 of the 80 it reserved
    assert isinstance(write_budget.reserve(replicas[0], QUOTA, 18, now=400), Reservation)
    assert write_budget.spent(replicas[0], QUOTA.name, now=400) == (18, 2 + 4 * 80 + 80 + 18)


@pytest.fixture
def fake():
    yield from serve(FakeGitHub())


def test_a_job_whose_shared_budget_is_spent_writes_nothing_and_waits(make_app, fake) -> None:
    """Other replicas spent this token's minute: the job makes no write, is handed back with
    the reason, and the tracker is paused for every worker until the budget has room."""
    client, service, engine = make_app()
    issue = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    quota = credentials_for("github", service.env).write_quota(f"{REPO}#1", None)
    assert quota is not None and quota.name.startswith("github:token:")
    assert service.env["GITHUB_TOKEN"] not in quota.name  # a hash, never the token
    assert isinstance(write_budget.reserve(engine, quota, 80), Reservation)
    body = json.dumps(payload("issues.opened", number=1)).encode()
    assert client.post("/webhooks/github", content=body, headers=github_request(body)).status_code == 202

    def handed_back(_metrics) -> bool:
        with engine.begin() as connection:
            rows = queue.listing(connection, status="queued")
        return bool(rows and rows[0]["last_error"])

    drain(service, engine, until=handed_back)
    assert issue.labels == [] and fake.writes == []
    with engine.begin() as connection:
        [row] = queue.listing(connection, status="queued")
    assert "shared by every replica (80 a minute, 500 an hour), is spent" in row["last_error"]
    paused = client.get("/admin/pauses", headers={"Authorization": f"Bearer {ADMIN}"})
    assert [p["tracker"] for p in paused.json()["pauses"]] == ["github"], paused.text


def test_a_job_counts_the_writes_it_made_in_the_shared_budget(make_app, fake) -> None:
    client, service, engine = make_app()
    issue = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    body = json.dumps(payload("issues.opened", number=1)).encode()
    assert client.post("/webhooks/github", content=body, headers=github_request(body)).status_code == 202
    drain(service, engine)
    assert sorted(issue.labels) == ["icp-fit:A", "icp:core"]
    quota = credentials_for("github", service.env).write_quota(f"{REPO}#1", None)
    assert quota is not None
    minute, hour = write_budget.spent(engine, quota.name)
    assert minute == hour == len(fake.writes) > 0  # the reservation became what was written
