"""Workers that cannot stop silently, and failures named as what they are (issue 13).

Against the fake GitHub (the real PyGithub over ``responses``) on SQLite and PostgreSQL: a
``Retry-After`` of ``nan`` or ``1e10``, an unreachable tracker, a database error while a job's
end is recorded, a worker thread that exits, and ``/readyz`` when no worker makes progress.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator

import pytest
from service_harness import ADMIN, REPO, github_request, payload
from sqlalchemy.exc import OperationalError

from fakes.fake_github import FakeGitHub
from fakes.helpers import serve
from fakes.waiting import HANG_GUARD
from icp_triage.adapters.retry_decision import retry_after
from icp_triage.service import pauses, queue
from icp_triage.service.failures import clamp_pause
from icp_triage.service.metrics import Metrics
from icp_triage.service.processing import Processor
from icp_triage.service.queue import Incoming
from icp_triage.service.worker import WorkerPool

FAST = (
    "service:\n  limits: {max_attempts: 2, retry_base_seconds: 0.05, retry_max_seconds: 0.1, max_wait: 0.5}\n"
)
AS_ADMIN = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())


def _send(client, number: int = 1) -> None:
    body = json.dumps(payload("issues.opened", number=number)).encode()
    answer = client.post("/webhooks/github", content=body, headers=github_request(body, event="issues"))
    assert answer.status_code == 202, answer.text


def _run(service, engine, until, *, workers: int = 1, timeout: float = HANG_GUARD) -> WorkerPool:
    """Run a pool until ``until(counts)`` holds (or ``timeout``, a hang guard, not a bound on
    speed: a loaded machine took longer than the 5 s and 20 s these waits had); the pool, stopped."""
    pool = WorkerPool(service, engine, Processor(service, Metrics(engine, time.time)), count=workers)
    pool.start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.begin() as connection:
                if until(queue.counts(connection)):
                    break
            time.sleep(0.05)
    finally:
        pool.stop(5)
    return pool


def _settled(counts: dict[str, int]) -> bool:
    return counts["queued"] == counts["processing"] == 0


def test_a_retry_after_of_nan_pauses_a_minute_and_the_metrics_show_no_nan(make_app, fake) -> None:
    """Issue 13: a 429 with ``Retry-After: nan`` made the pause insert fail, killed the worker
    for good, and left ``rate_limit_wait_seconds_total NaN`` in /metrics."""
    client, service, engine = make_app()
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    fake.fail(429, headers={"Retry-After": "nan"}, body={"message": "slow down"}, times=1)
    _send(client)
    pool = _run(service, engine, lambda c: c["queued"] == 1 and c["processing"] == 0)
    assert all(w.is_alive() or pool.stopping.is_set() for w in pool.workers)
    text = pool.metrics.render().decode()
    assert "NaN" not in text and 'icp_triage_rate_limit_wait_seconds_total{tracker="github"} 60.0' in text
    paused = client.get("/admin/pauses", headers=AS_ADMIN).json()["pauses"]
    assert [p["tracker"] for p in paused] == ["github"] and "rate limited" in paused[0]["reason"]


def test_a_retry_after_of_1e10_pauses_at_most_max_pause_and_an_admin_can_clear_it(make_app) -> None:
    """Issue 13: Jira's ``Retry-After: 1e10`` paused the tracker until the year 2350, for every
    replica, with no way to clear it."""
    from service_harness import jira_payload, jira_request

    from fakes.fake_jira import env_for, serve_fake_jira

    with serve_fake_jira(deployment="cloud") as jira:
        jira.queries["project = ACME"] = lambda issue: issue.key.startswith("ACME-")
        jira.add_issue("ACME-12", "SSO for the admin console")
        client, service, engine = make_app(
            extra_env=env_for(jira),
            source=f"source:\n  jira: {{server: '{jira.base_url}', jql: 'project = ACME'}}\n",
            service="service:\n  limits: {max_pause: 600}\n",
        )
        jira.fail(429, headers={"Retry-After": "1e10"}, times=1)
        body = jira_payload()
        body["issue"]["self"] = f"{jira.base_url}/rest/api/2/issue/10012"
        raw = json.dumps(body).encode()
        assert client.post("/webhooks/jira", content=raw, headers=jira_request(raw)).status_code == 202
        before = time.time()
        _run(service, engine, lambda c: c["queued"] == 1 and c["processing"] == 0)
    with engine.begin() as connection:
        [pause] = pauses.pauses(connection, now=time.time())
    assert pause["tracker"] == "jira" and before + 590 <= pause["until"] <= time.time() + 600
    assert client.get("/admin/pauses").status_code == 401
    shown = client.get("/admin/pauses", headers=AS_ADMIN).json()["pauses"]
    assert [p["tracker"] for p in shown] == ["jira"] and shown[0]["until"].startswith("20")
    assert client.delete("/admin/pauses/jira", headers=AS_ADMIN).json() == {
        "tracker": "jira",
        "paused": False,
    }
    assert client.get("/admin/pauses", headers=AS_ADMIN).json() == {"pauses": []}
    assert client.delete("/admin/pauses/jira", headers=AS_ADMIN).status_code == 404


def test_an_unreachable_tracker_is_named_so_and_parked_after_max_attempts(make_app, fake) -> None:
    """Issue 13: a tracker that does not answer was logged as "asked to wait 8 s (an outage or
    a limit)", counted as a rate-limit wait, and requeued without counting a try: never parked."""
    client, service, engine = make_app(service=FAST)
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    fake.fail(None, times=1000)  # every request: a connection that fails
    _send(client)
    pool = _run(service, engine, _settled)
    with engine.begin() as connection:
        [row] = queue.listing(connection, status=None)
        assert pauses.pauses(connection, now=time.time()) == []
    assert row["status"] == "failed" and row["attempts"] == 2
    assert row["last_error"].startswith("unreachable: ") and "Connection reset" in row["last_error"]
    assert pool.metrics.rate_limit_waits.labels("github")._value.get() == 0


def test_a_rate_limit_past_max_wait_counts_a_try_and_parks_after_max_attempts(make_app, fake) -> None:
    client, service, engine = make_app(service=FAST)
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    fake.fail(429, headers={"Retry-After": "1"}, body={"message": "slow down"}, times=1000)
    _send(client)
    _run(service, engine, _settled)
    with engine.begin() as connection:
        [row] = queue.listing(connection, status=None)
    assert row["status"] == "failed" and row["attempts"] == 2
    assert row["last_error"].startswith("rate limited: ")


def test_a_refusal_is_named_refused(make_app, fake) -> None:
    client, service, engine = make_app(service=FAST)
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    fake.fail(403, body={"message": "Resource not accessible by integration"}, times=10, path="/labels")
    _send(client)
    _run(service, engine, _settled)
    with engine.begin() as connection:
        [row] = queue.listing(connection, status=None)
    assert row["status"] == "failed" and row["last_error"].startswith("refused: ")


def test_a_database_error_while_recording_the_end_is_retried_and_the_worker_goes_on(
    make_app, fake, mocker, caplog
) -> None:
    """Issue 13: one failed completion (a SQLite file locked by a backup) killed the worker
    thread for good, and every later delivery stayed queued."""
    client, service, engine = make_app()
    for number in (1, 2):
        fake.add_issue(REPO, number=number, title=f"Issue {number}", author="Codertocat")
    real = queue.complete
    locked = OperationalError("UPDATE deliveries", {}, Exception("database is locked"))
    failures = iter([locked, locked])

    def complete(*args, **kwargs):
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return real(*args, **kwargs)

    mocker.patch.object(queue, "complete", complete)
    _send(client, 1)
    _send(client, 2)
    _run(service, engine, _settled)
    with engine.begin() as connection:
        assert queue.counts(connection)["done"] == 2
    logged = [r.getMessage() for r in caplog.records if "could not record" in r.getMessage()]
    assert len(logged) == 1 and "deliveries=" in logged[0] and "database is locked" in logged[0]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_worker_thread_that_exits_is_started_again(make_app, fake, mocker) -> None:
    client, service, engine = make_app(service="service:\n  limits: {renew_seconds: 0.2}\n")
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    real = Processor.process
    calls = {"n": 0}

    def dies_once(self, job):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SystemExit("a thread that exits")
        return real(self, job)

    mocker.patch.object(Processor, "process", dies_once)
    _send(client)
    pool = _run(service, engine, lambda c: c["done"] == 1)
    assert pool.restarts == 1
    with engine.begin() as connection:
        assert queue.counts(connection)["done"] == 1


def test_readyz_names_the_cause_when_work_is_due_and_no_worker_progresses(make_app, fake) -> None:
    client, service, engine = make_app(service="service:\n  limits: {stall_seconds: 30}\n")
    assert client.get("/readyz").status_code == 200
    with engine.begin() as connection:
        incoming = Incoming("github", "d-1", "issues.opened", service.sources[0].name, f"{REPO}#1")
        queue.enqueue(connection, incoming, now=time.time() - 90)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert (
        "no worker has ever run" in answer.json()["workers"]
        and "1 deliveries are due" in answer.json()["workers"]
    )
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    _run(service, engine, _settled)
    assert client.get("/readyz").status_code == 200


def test_queue_oldest_seconds_keeps_growing_while_its_delivery_is_processed(make_app) -> None:
    """Issue 13: the age jumped between 57.7 and 0.0 for one stuck delivery."""
    client, service, engine = make_app()
    with engine.begin() as connection:
        incoming = Incoming("github", "d-1", "issues.opened", service.sources[0].name, f"{REPO}#1")
        queue.enqueue(connection, incoming, now=time.time() - 50)
    assert queue.claim(engine, "w", now=time.time(), lease=30) is not None
    text = client.get("/metrics").text
    [line] = [x for x in text.splitlines() if x.startswith("icp_triage_queue_oldest_seconds ")]
    assert float(line.split()[1]) >= 50


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("120", 120.0),
        ("1e10", 1e10),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("", None),
    ],
)
def test_retry_after_in_seconds_is_read_by_the_one_parser(raw: str, expected: float | None) -> None:
    """Issue 17, defect 3: the service and both CLI adapters read the header with one parser;
    anything but a sensible number of seconds or a date is no wait at all."""
    assert retry_after(raw, now=0.0) == expected


def test_retry_after_as_an_http_date_is_read() -> None:
    now = 1_764_750_000.0  # 2025-12-03T08:20:00Z
    assert retry_after("Wed, 03 Dec 2025 08:22:00 GMT", now=now) == 120.0
    assert retry_after("Wed, 03 Dec 2025 08:00:00 GMT", now=now) == 0.0  # already past
    assert retry_after("Fri, 01 Jan 2300 00:00:00 GMT", now=now) > 1e9  # the caller clamps it
    assert not math.isnan(clamp_pause(float("nan"), 10.0))
