"""A live backlog that stays current (issue 13): a request that leaves the backlog (closed,
relabelled out of the selection, deleted, transferred away) leaves the stored backlog within
one job, and the read side says when the backlog was synced, or that it was not yet."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from service_harness import READ, REPO, drain, github_request, payload

from fakes.fake_github import FakeGitHub
from fakes.helpers import serve
from icp_triage.service import queue
from icp_triage.service.metrics import Metrics
from icp_triage.service.processing import Processor
from icp_triage.service.worker import WorkerPool

AS_READER = {"Authorization": f"Bearer {READ}"}
LABELLED = f"source:\n  github: {{repo: {REPO}, labels: [feature-request], refresh_days: 0}}\n"


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())


def _send(client, name: str, number: int = 1, labels: tuple[str, ...] = ()) -> None:
    body = json.dumps(payload(name, number=number, labels=labels)).encode()
    answer = client.post(
        "/webhooks/github", content=body, headers=github_request(body, event=name.split(".")[0])
    )
    assert answer.status_code == 202, answer.text


def _drain(service, engine, *, workers: int = 1) -> Metrics:
    return drain(service, engine, workers=workers)


def _keys(client) -> list[str]:
    data = client.get("/backlog", headers=AS_READER).json()
    return sorted(i["key"] for listed in ("ranked", "opportunistic", "unattributed") for i in data[listed])


def _stored(engine) -> list[str]:
    from sqlalchemy import select

    from icp_triage.service.store import stored_requests

    with engine.begin() as connection:
        return sorted(connection.execute(select(stored_requests.c.request_key)).scalars())


def test_a_closed_issue_leaves_the_live_backlog_at_its_next_delivery(make_app, fake) -> None:
    client, service, engine = make_app()
    issue = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    _send(client, "issues.opened")
    _drain(service, engine)
    assert _keys(client) == [f"{REPO}#1"]
    fake.state.close(issue)
    writes = len(fake.writes)
    _send(client, "issue_comment.created")  # sent as the issue was closed
    _drain(service, engine)
    assert _keys(client) == [] and _stored(engine) == []
    assert len(fake.writes) == writes  # nothing tagged on the way out


def test_an_issue_relabelled_out_of_the_selection_leaves_the_live_backlog(make_app, fake) -> None:
    client, service, engine = make_app(source=LABELLED)
    issue = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat", labels=["feature-request"])
    _send(client, "issues.labeled", labels=("feature-request",))
    _drain(service, engine)
    assert _keys(client) == [f"{REPO}#1"]
    fake.state.edit(issue, labels=[])
    _send(client, "issues.edited", labels=("feature-request",))  # the payload lags the issue
    _drain(service, engine)
    assert _stored(engine) == []


@pytest.mark.parametrize("how", ["deleted", "transferred"])
def test_a_deleted_or_transferred_issue_leaves_the_live_backlog(make_app, fake, how: str) -> None:
    client, service, engine = make_app()
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    fake.add_issue(REPO, number=2, title="Export", author="hubot")
    _send(client, "issues.opened", number=1)
    _send(client, "issues.opened", number=2)
    _drain(service, engine)
    assert _keys(client) == [f"{REPO}#1", f"{REPO}#2"]
    if how == "deleted":
        fake.state.delete_issue(REPO, 1)
    else:
        fake.state.repo("Codertocat/Elsewhere")
        fake.state.transfer_issue(REPO, 1, "Codertocat/Elsewhere")
    _send(client, "issues.edited", number=1)
    _drain(service, engine)
    assert _keys(client) == [f"{REPO}#2"]
    with engine.begin() as connection:
        [parked] = queue.listing(connection, status="failed")
    assert parked["last_error"].startswith("gone: ")


def test_before_the_first_sync_the_backlog_says_not_synced_yet(make_app, fake) -> None:
    """Issue 13: before the first sync ``GET /backlog`` answered ``{"ranked": []}`` and the page
    said no request could be attributed, so a PM concluded there was nothing to do."""
    client, service, engine = make_app(source=f"source:\n  github: {{repo: {REPO}, refresh_days: 7}}\n")
    answer = client.get("/backlog", headers=AS_READER)
    assert answer.status_code == 200 and answer.json()["synced_at"] is None
    page = client.get("/", headers=AS_READER).text
    assert "Not synced yet" in page
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    pool = WorkerPool(service, engine, Processor(service, Metrics(engine, time.time)), count=0)
    assert pool.sync(service.sources[0])
    data = client.get("/backlog", headers=AS_READER).json()
    assert data["synced_at"] is not None and data["sync_error"] is None
    assert [i["key"] for i in data["ranked"]] == [f"{REPO}#1"]
    assert "Not synced yet" not in client.get("/", headers=AS_READER).text


def test_a_failed_sync_is_shown_with_its_error(make_app, fake) -> None:
    client, service, engine = make_app(source=f"source:\n  github: {{repo: {REPO}, refresh_days: 7}}\n")
    fake.fail(500, times=1000)
    pool = WorkerPool(service, engine, Processor(service, Metrics(engine, time.time)), count=0)
    assert not pool.sync(service.sources[0])
    data = client.get("/backlog", headers=AS_READER).json()
    assert data["synced_at"] is None and data["sync_error"].startswith("server error: ")
    assert "The last sync failed" in client.get("/", headers=AS_READER).text


@pytest.mark.parametrize("action", ["closed", "unlabeled"])
def test_the_delivery_that_takes_an_issue_out_is_queued_and_drops_it(make_app, fake, action: str) -> None:
    """Issue 13: ``issues.closed`` was not handled and a delivery whose payload showed the issue
    out of the selection was dropped at intake, so the issue stayed ranked until a full sync."""
    client, service, engine = make_app(source=LABELLED)
    issue = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat", labels=["feature-request"])
    _send(client, "issues.labeled", labels=("feature-request",))
    _drain(service, engine)
    assert _stored(engine) == [f"{REPO}#1"]
    if action == "closed":
        fake.state.close(issue)
    else:
        fake.state.edit(issue, labels=[])
    body = payload("issues.labeled", labels=())
    body["action"] = action
    body["issue"]["state"] = "closed" if action == "closed" else "open"
    raw = json.dumps(body).encode()
    answer = client.post("/webhooks/github", content=raw, headers=github_request(raw, event="issues"))
    assert answer.status_code == 202, answer.text
    _drain(service, engine)
    assert _stored(engine) == [] and _keys(client) == []


def test_a_jira_issue_deleted_delivery_drops_the_issue(make_app) -> None:
    from service_harness import jira_payload, jira_request

    from fakes.fake_jira import env_for, serve_fake_jira

    with serve_fake_jira(deployment="cloud") as jira:
        jira.queries["project = ACME"] = lambda issue: issue.key.startswith("ACME-")
        made = jira.add_issue("ACME-12", "SSO for the admin console")
        client, service, engine = make_app(
            extra_env=env_for(jira),
            source=f"source:\n  jira: {{server: '{jira.base_url}', jql: 'project = ACME', refresh_days: 0}}\n",
        )

        def deliver(event: str) -> None:
            body = jira_payload("ACME-12", event)
            body["issue"].update(id=str(made.id), self=f"{jira.base_url}/rest/api/2/issue/{made.id}")
            raw = json.dumps(body).encode()
            assert client.post("/webhooks/jira", content=raw, headers=jira_request(raw)).status_code == 202

        deliver("jira:issue_created")
        _drain(service, engine)
        assert _stored(engine) == ["ACME-12"]
        del jira.issues["ACME-12"]
        deliver("jira:issue_deleted")
        _drain(service, engine)
    assert _stored(engine) == []
