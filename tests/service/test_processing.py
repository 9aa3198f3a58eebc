"""Workers against the fake GitHub (the real PyGithub over ``responses``): the Action's
per-issue flow, coalescing, retries that park, and rate limits that pause every worker."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from service_harness import REPO, drain, github_request, payload

from fakes.fake_github import FakeGitHub
from fakes.helpers import serve
from fakes.waiting import HANG_GUARD, wait_until
from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER
from icp_triage.service import queue
from icp_triage.service.metrics import Metrics
from icp_triage.service.processing import Processor
from icp_triage.service.worker import WorkerPool


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())


def _send(client, name: str = "issues.opened", number: int = 1) -> None:
    body = json.dumps(payload(name, number=number)).encode()
    answer = client.post(
        "/webhooks/github", content=body, headers=github_request(body, event=name.split(".")[0])
    )
    assert answer.status_code == 202, answer.text


def _reads(fake: FakeGitHub) -> list[object]:
    """The one-issue reads (GraphQL ``OneIssue``) the workers made."""
    return [c for c in fake.calls if c.path.endswith("/graphql") and "query OneIssue" in c.body["query"]]


def _drain(service, engine, *, workers: int = 1, until=None, clock=time.time) -> Metrics:
    return drain(service, engine, workers=workers, until=until, clock=clock)


class CountingClock:
    """``time.time`` that counts its calls: a worker reads it a few times every round, so
    the count tells how many rounds of claims went by, however long they took."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> float:
        self.calls += 1
        return time.time()


def test_a_delivery_tags_its_issue_as_the_action_does(make_app, fake) -> None:
    client, service, engine = make_app()
    issue = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    _send(client)
    metrics = _drain(service, engine)
    assert sorted(issue.labels) == ["icp-fit:A", "icp:core"]
    assert [c for c in issue.comments if OWN_COMMENT_MARKER in c.body]
    with engine.begin() as connection:
        assert queue.counts(connection)["done"] == 1
    data = client.get("/backlog", headers={"Authorization": "Bearer read-token-0123456789abcdef"}).json()
    assert [i["key"] for i in data["ranked"]] == [f"{REPO}#1"]  # the live backlog has it
    text = metrics.render().decode()
    assert 'icp_triage_processing_seconds_count{outcome="done",tracker="github"} 1.0' in text
    assert 'icp_triage_tracker_requests_total{tracker="github"}' in text
    assert 'icp_triage_deliveries{status="done"} 1.0' in text


def test_several_deliveries_for_one_issue_cost_one_evaluation(make_app, fake) -> None:
    client, service, engine = make_app()
    issue = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    for name in ("issues.opened", "issues.edited", "issue_comment.created", "issues.reopened"):
        _send(client, name)
    _drain(service, engine)
    assert len(_reads(fake)) == 1
    writes = [(c.method, c.path.rsplit("/", 2)[-2:]) for c in fake.writes]
    assert writes.count(("POST", ["1", "labels"])) == 1 and writes.count(("POST", ["1", "comments"])) == 1
    assert len([c for c in issue.comments if OWN_COMMENT_MARKER in c.body]) == 1
    with engine.begin() as connection:
        assert queue.counts(connection)["done"] == 4


def test_a_failing_write_is_retried_with_back_off_then_parked_with_its_error(make_app, fake) -> None:
    client, service, engine = make_app(
        service="service:\n  limits: {max_attempts: 2, retry_base_seconds: 0.05, retry_max_seconds: 0.1}\n"
    )
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    fake.fail(403, body={"message": "Resource not accessible by integration"}, times=10, path="/labels")
    _send(client)
    _drain(service, engine)
    with engine.begin() as connection:
        [row] = queue.listing(connection, status="failed")
    assert row["attempts"] == 2 and "403" in row["last_error"] and "issues write" in row["last_error"]
    assert "ghp_" not in row["last_error"]


def test_a_rate_limit_pauses_every_worker_and_requeues_counting_a_try(make_app, fake) -> None:
    """A rate limit longer than ``max_wait`` counts a try (issue 13: each deferral reset the
    attempts, so ``max_attempts`` never applied); the other delivery waits untried."""
    client, service, engine = make_app()
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    fake.add_issue(REPO, number=2, title="Export", author="hubot")
    reset = int(time.time()) + 600
    fake.fail(
        403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
        body={"message": "API rate limit exceeded"},
        times=10,
    )
    _send(client, number=1)
    _send(client, number=2)
    clock = CountingClock()
    paused_at: list[int] = []

    def paused_for_a_while(metrics: Metrics) -> bool:  # the pause, then rounds of claims finding nothing
        if not paused_at and metrics.rate_limit_waits.labels("github")._value.get() == 1:
            paused_at.append(clock.calls)
        return bool(paused_at) and clock.calls - paused_at[0] >= 24

    metrics = _drain(service, engine, workers=1, until=paused_for_a_while, clock=clock)
    with engine.begin() as connection:
        rows = queue.listing(connection, status="queued")
        counts = queue.counts(connection)
    assert counts["done"] == 0 and len(rows) == 2  # the other waits too: the pause holds every claim
    assert sorted(r["attempts"] for r in rows) == [0, 1]
    assert any(r["available_at"] >= reset for r in rows)
    assert len(_reads(fake)) == 1  # no one kept asking
    assert metrics.rate_limit_waits.labels("github")._value.get() == 1


def test_a_jira_delivery_tags_the_issue_through_the_jira_adapter(make_app) -> None:
    from service_harness import jira_payload, jira_request

    from fakes.fake_jira import ME, env_for, serve_fake_jira

    with serve_fake_jira(deployment="cloud") as jira:
        jira.queries["project = ACME"] = lambda issue: issue.key.startswith("ACME-")
        jira.add_issue("ACME-12", "SSO for the admin console", description="Requested-by: nobody.example")
        client, service, engine = make_app(
            extra_env=env_for(jira),
            source=f"source:\n  jira: {{server: '{jira.base_url}', jql: 'project = ACME'}}\n",
        )
        payload = jira_payload()
        payload["issue"]["self"] = f"{jira.base_url}/rest/api/2/issue/10012"
        body = json.dumps(payload).encode()
        assert client.post("/webhooks/jira", content=body, headers=jira_request(body)).status_code == 202
        _drain(service, engine)
        with engine.begin() as connection:
            [row] = queue.listing(connection, status=None)
        issue = jira.issues["ACME-12"]
    assert row["status"] == "done", row
    assert issue.fields["labels"] == ["icp:unattributed"]
    assert [c["author"] for c in issue.comments] == [jira.user(ME)]


def test_the_live_backlog_keeps_jira_people_apart_from_github_logins(make_app) -> None:
    """The backlog the service stores from a Jira read must keep who is a Jira user: stored
    as a GitHub login, a reporter listed in ``jira_users`` lost their account, and a Jira user
    whose name is some account's GitHub login was counted as that account."""
    from service_harness import jira_payload, jira_request

    from fakes.fake_jira import env_for, serve_fake_jira

    accounts = (
        "id,name,github_logins,jira_users,domains,arr,industry,employees\n"
        "acme,Acme Corp,Codertocat,5b10ac8d82e05b22cc7d4ef5,acme.io,120000,saas,300\n"
        "globex,Globex Industries,hubot,,globex.com,9000000,mining,50000\n"
    )
    with serve_fake_jira(deployment="cloud") as jira:
        jira.queries["project = ACME"] = lambda issue: issue.key.startswith("ACME-")
        made = [
            jira.add_issue("ACME-12", "SSO", reporter="5b10ac8d82e05b22cc7d4ef5"),
            jira.add_issue("ACME-13", "Export", reporter="hubot"),  # a Jira user, not GitHub's hubot
        ]
        client, service, engine = make_app(
            extra_env=env_for(jira),
            source=f"source:\n  jira: {{server: '{jira.base_url}', jql: 'project = ACME', refresh_days: 0}}\n",
            accounts=accounts,
        )
        for issue in made:
            body = jira_payload(issue.key)
            body["issue"].update(id=str(issue.id), self=f"{jira.base_url}/rest/api/2/issue/{issue.id}")
            raw = json.dumps(body).encode()
            assert client.post("/webhooks/jira", content=raw, headers=jira_request(raw)).status_code == 202
        _drain(service, engine)
        data = client.get("/backlog", headers={"Authorization": "Bearer read-token-0123456789abcdef"}).json()
    assert [(i["key"], [a["id"] for a in i["accounts"]]) for i in data["ranked"]] == [("ACME-12", ["acme"])]
    assert data["opportunistic"] == []
    assert [u["key"] for u in data["unattributed"]] == ["ACME-13"]


@pytest.mark.parametrize("tracker", ["github", "jira"])
def test_a_request_the_tracker_no_longer_has_is_parked_at_once(make_app, request, tracker: str) -> None:
    """A deleted (or hidden) issue answers 404 however often it is asked: the delivery is
    parked on its first try with the tracker's reason, not retried until its attempts run out."""
    from service_harness import jira_payload, jira_request

    from fakes.fake_jira import env_for, serve_fake_jira

    limits = "service:\n  limits: {max_attempts: 3, retry_base_seconds: 0.05, retry_max_seconds: 0.1}\n"
    with serve_fake_jira(deployment="cloud") as jira:
        if tracker == "github":
            fake = request.getfixturevalue("fake")  # routes every requests call to the fake GitHub
            client, service, engine = make_app(service=limits)
            fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
            _send(client, number=7)  # the repository has no issue 7
        else:
            jira.queries["project = ACME"] = lambda issue: issue.key.startswith("ACME-")
            client, service, engine = make_app(
                extra_env=env_for(jira),
                source=f"source:\n  jira: {{server: '{jira.base_url}', jql: 'project = ACME'}}\n",
                service=limits,
            )
            payload = jira_payload("ACME-99")  # never created in the fake Jira
            payload["issue"]["self"] = f"{jira.base_url}/rest/api/2/issue/10099"
            body = json.dumps(payload).encode()
            assert client.post("/webhooks/jira", content=body, headers=jira_request(body)).status_code == 202
        _drain(service, engine)
    with engine.begin() as connection:
        [row] = queue.listing(connection, status="failed")
    assert row["attempts"] == 1, row
    assert ("404" in row["last_error"] or "cannot find" in row["last_error"]) and "#7" not in row[
        "last_error"
    ][:0]


def _synced(engine) -> bool:
    """Whether a scheduled sync of the source has finished."""
    from sqlalchemy import select

    from icp_triage.service.store import source_syncs

    with engine.begin() as connection:
        return bool(
            connection.execute(select(source_syncs.c.synced_at).where(source_syncs.c.synced_at > 0)).first()
        )


def test_the_first_worker_syncs_the_whole_backlog_once(make_app, fake) -> None:
    client, service, engine = make_app(source=f"source:\n  github: {{repo: {REPO}, refresh_days: 7}}\n")
    for number, (title, author) in enumerate([("SSO", "Codertocat"), ("Export", "hubot"), ("Dark", "x")], 1):
        fake.add_issue(REPO, number=number, title=title, author=author)
    _drain(service, engine, workers=2, until=lambda _metrics: _synced(engine))
    data = client.get("/backlog", headers={"Authorization": "Bearer read-token-0123456789abcdef"}).json()
    keys = {i["key"] for i in data["ranked"] + data["opportunistic"] + data["unattributed"]}
    assert keys == {f"{REPO}#1", f"{REPO}#2", f"{REPO}#3"}
    pages = [c for c in fake.calls if c.path.endswith("/graphql") and "query IssuesPage" in c.body["query"]]
    assert len(pages) == 1  # two workers, one sync
    assert fake.writes == []  # a sync reads; only deliveries tag


def test_a_github_app_tags_with_the_installation_token_of_the_delivery(make_app, fake) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    fake.app_id = 123456
    fake.app_public_key = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    app_env = {"GITHUB_TOKEN": "", "GITHUB_APP_ID": "123456", "GITHUB_APP_PRIVATE_KEY": private}
    client, service, engine = make_app(extra_env=app_env)
    first = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    second = fake.add_issue(REPO, number=2, title="Export", author="hubot")
    _send(client, number=1)
    _send(client, number=2)
    _drain(service, engine)
    assert sorted(first.labels) == ["icp-fit:A", "icp:core"] and second.labels
    assert fake.installation_tokens == [4242]  # the delivery's installation, asked once, cached


def test_stopping_releases_a_job_still_running_after_the_grace_period(make_app) -> None:
    import threading

    import responses

    gate = threading.Event()
    fake = FakeGitHub()
    answer = fake._handle

    def held(request):  # GitHub answers only when the test lets it
        gate.wait(HANG_GUARD)
        return answer(request)

    fake._handle = held  # type: ignore[method-assign]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.install(rsps)
        client, service, engine = make_app()
        fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
        _send(client)
        pool = WorkerPool(service, engine, Processor(service, Metrics(engine, time.time)), count=1)
        pool.start()
        wait_until(lambda: pool.workers[0].current is not None, "the worker taking the job", poll=0.02)
        pool.stop(grace=0.3)  # SIGTERM's path: the job is still waiting on GitHub
        with engine.begin() as connection:
            [row] = queue.listing(connection, status=None)
        assert (row["status"], row["attempts"], row["claimed_by"]) == ("queued", 0, None)
        gate.set()
        pool.workers[0].join(HANG_GUARD)


def test_a_stored_request_keeps_who_is_a_jira_user() -> None:
    """``RawRequest.from_request`` turns a tracker's read into the stored backlog row; a Jira commenter must not
    come back as a GitHub login (before, every kind was dropped and defaulted to GitHub)."""
    from types import SimpleNamespace as Read

    from icp_triage.core.attribution import Attributor
    from icp_triage.core.models import Account, RawRequest
    from icp_triage.core.settings import AttributionSettings

    jira_user = "5b10ac8d82e05b22cc7d4ef5"
    read = Read(
        key="FR-1", title="SSO", url=None, state="open", created_at=None, updated_at=None,
        author=jira_user, author_email=None, author_kind="jira", author_name="Jane Smith", labels=(),
        body="", fields={},
        estimate=None,
        reactions=(Read(user=jira_user, content="+1", user_kind="jira", user_name="Jane Smith"),),
        comments=(Read(author=jira_user, body="we need this", url=None, id="10001",
                       author_email=None, author_kind="jira", author_name="Jane Smith"),),
        duplicate_of=Read(key="FR-0", by="jira-link"),
    )  # fmt: skip
    stored = RawRequest.from_request(read)
    assert stored.comments[0].id == "10001"
    assert stored.duplicate_of is not None  # its demand goes on counting for FR-0
    assert (stored.duplicate_of.key, stored.duplicate_of.by) == ("FR-0", "jira-link")
    assert (
        stored.author_name == stored.comments[0].author_name == stored.reactions[0].user_name == "Jane Smith"
    )
    # an account whose GitHub login happens to be that accountId is not the requester
    by_login = Attributor([Account(id="globex", github_logins=(jira_user,))], AttributionSettings())
    assert by_login.attribute(stored).best == ()
    by_jira_user = Attributor([Account(id="acme", jira_users=(jira_user,))], AttributionSettings())
    assert {(s.account_id, s.kind) for s in by_jira_user.attribute(stored).best} == {("acme", "author")}
