"""The read endpoints: who gets what (no token, a wrong one, read, admin, tier-only), and
that they show the backlog the workers and syncs stored."""

from __future__ import annotations

import time

import pytest
from service_harness import ADMIN, READ, REPO

from icp_triage.service import queue
from icp_triage.service.metrics import Metrics
from icp_triage.service.processing import Processor
from icp_triage.service.schema import head_revision
from icp_triage.service.worker import WorkerPool

FILE_SOURCE = "source:\n  file: requests.json\n"
NAMES = ("Acme Corp", "Globex", "acme", "globex", "Initech", "hubot", "120000", "9000000", "$")


def _synced(service, engine) -> None:
    pool = WorkerPool(service, engine, Processor(service, Metrics(engine, time.time)), count=0)
    assert pool.sync(service.sources[0])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def served(make_app):
    client, service, engine = make_app(source=FILE_SOURCE)
    _synced(service, engine)
    return client, service, engine


def test_every_read_endpoint_needs_the_read_token(served) -> None:
    client, _service, _engine = served
    paths = ["/backlog", f"/requests/{REPO}%231", "/plan?capacity=5"]
    for path in paths:
        nobody = client.get(path)
        wrong = client.get(path, headers=_bearer("guess"))
        assert nobody.status_code == 401 and nobody.headers["www-authenticate"] == "Bearer"
        assert wrong.status_code == 401 and wrong.json()["detail"] == "wrong token"
        for token in (READ, ADMIN):
            assert client.get(path, headers=_bearer(token)).status_code == 200, path
    page = client.get("/")
    assert page.status_code == 401 and "<form" in page.text and "Acme" not in page.text


def test_the_backlog_is_rank_json_with_accounts(served) -> None:
    client, _service, _engine = served
    data = client.get("/backlog", headers=_bearer(READ)).json()
    assert set(data) >= {"profile", "ranked", "opportunistic", "unattributed"}
    everything = data["ranked"] + data["opportunistic"]
    assert {i["key"] for i in everything} == {f"{REPO}#1", f"{REPO}#2"}
    acme = next(i for i in everything if i["key"] == f"{REPO}#1")
    assert acme["accounts"][0]["name"] == "Acme Corp" and acme["class"] == "icp-core"
    assert [u["key"] for u in data["unattributed"]] == [f"{REPO}#3"]
    explained = client.get(f"/requests/{REPO}%231", headers=_bearer(READ)).json()
    assert explained["key"] == f"{REPO}#1" and explained["accounts"][0]["id"] == "acme"
    assert client.get("/requests/nope%231", headers=_bearer(READ)).status_code == 404
    plan = client.get("/plan?capacity=5", headers=_bearer(READ)).json()
    assert plan["capacity"] == 5 and [e["key"] for e in plan["chosen"]] == [f"{REPO}#1"]
    assert client.get("/plan?capacity=-1", headers=_bearer(READ)).status_code == 400
    assert client.get("/backlog?source=nope", headers=_bearer(READ)).status_code == 404


def test_a_caller_without_a_token_learns_no_source_name(served) -> None:
    """The token is checked before the source: the 404 lists every served source."""
    client, _service, _engine = served
    for path in ("/backlog?source=nope", "/requests/x%231?source=nope", "/plan?capacity=abc&source=nope"):
        answer = client.get(path)
        assert answer.status_code == 401 and "file:requests" not in answer.text, path
    page = client.get("/?source=nope")
    assert page.status_code == 401 and "<form" in page.text and "file:requests" not in page.text
    known = client.get("/backlog?source=nope", headers=_bearer(READ))
    assert known.status_code == 404 and "file:requests" in known.json()["detail"]


def test_plan_says_what_capacity_to_give(served) -> None:
    client, _service, _engine = served
    for query, says in [
        ("", "give the sprint's capacity in story points, e.g. /plan?capacity=20"),
        ("?capacity=many", "give the sprint's capacity in story points, e.g. /plan?capacity=20"),
        ("?capacity=0", "must be a positive number of story points"),
        ("?capacity=nan", "must be a positive number of story points"),
        ("?capacity=inf", "must be a positive number of story points"),
    ]:
        answer = client.get(f"/plan{query}", headers=_bearer(READ))
        assert answer.status_code == 400 and answer.json() == {"detail": f"capacity: {says}"}, query
    plain = client.get("/plan?capacity=5", headers=_bearer(READ)).json()
    wider = client.get("/plan?capacity=5&include_opportunistic=true", headers=_bearer(READ)).json()
    assert (plain["include_opportunistic"], wider["include_opportunistic"]) == (False, True)


def test_the_html_report_is_live_and_a_login_cookie_opens_it(served) -> None:
    client, _service, _engine = served
    assert client.post("/login", data={"token": "guess"}).status_code == 401
    signed_in = client.post("/login", data={"token": READ}, follow_redirects=False)
    assert signed_in.status_code == 303 and READ not in signed_in.headers["set-cookie"]
    page = client.get("/")
    assert page.status_code == 200 and "Globex Industries" in page.text and "SSO" in page.text
    assert 'class="sources"' in page.text and "file:requests" in page.text


def test_admin_endpoints_need_the_admin_token(served) -> None:
    client, _service, _engine = served
    for path in ("/deliveries?status=failed",):
        assert client.get(path).status_code == 401
        assert client.get(path, headers=_bearer(READ)).status_code == 403
        assert client.get(path, headers=_bearer(ADMIN)).json() == {"deliveries": []}
    bad_status = client.get("/deliveries?status=lost", headers=_bearer(ADMIN))
    assert bad_status.status_code == 400 and "queued, processing, done, failed" in bad_status.json()["detail"]
    assert client.post("/deliveries/1/retry", headers=_bearer(READ)).status_code == 403
    assert client.post("/deliveries/99/retry", headers=_bearer(ADMIN)).status_code == 404


def test_a_failed_delivery_is_listed_and_retried_by_the_admin(served) -> None:
    client, _service, engine = served
    with engine.begin() as connection:
        queue.enqueue(
            connection, queue.Incoming("github", "d1", "issues.opened", "file:requests", f"{REPO}#1"), now=1.0
        )
    job = queue.claim(engine, "w", now=2.0, lease=60)
    assert job is not None
    queue.fail(engine, job, "GitHub returned 500", now=3.0, max_attempts=1, backoff=queue.Backoff())
    [row] = client.get("/deliveries?status=failed", headers=_bearer(ADMIN)).json()["deliveries"]
    assert row["last_error"] == "GitHub returned 500" and row["attempts"] == 1
    assert client.post(f"/deliveries/{row['id']}/retry", headers=_bearer(ADMIN)).status_code == 202
    assert client.post(f"/deliveries/{row['id']}/retry", headers=_bearer(ADMIN)).status_code == 409
    assert (
        client.get("/deliveries?status=queued", headers=_bearer(ADMIN)).json()["deliveries"][0]["id"]
        == row["id"]
    )


def test_tier_only_mode_shows_no_account_name_or_revenue_anywhere(make_app) -> None:
    client, service, engine = make_app(source=FILE_SOURCE, service="service:\n  public_read: tier-only\n")
    _synced(service, engine)
    answers = [
        client.get("/backlog"),
        client.get("/"),
        client.get(f"/requests/{REPO}%231"),
        client.get(f"/requests/{REPO}%233"),
        client.get("/plan?capacity=5"),
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        for name in NAMES:
            assert name not in answer.text, (answer.url, name)
    data = answers[0].json()
    assert {a["tier"] for i in data["ranked"] + data["opportunistic"] for a in i["accounts"]} == {"A", "D"}
    assert client.get("/backlog", headers=_bearer("guess")).status_code == 401  # a wrong token is still wrong
    full = client.get("/backlog", headers=_bearer(READ)).text
    assert "Acme Corp" in full


def test_health_readiness_and_metrics(served) -> None:
    client, _service, _engine = served
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "schema": head_revision()}
    text = client.get("/metrics").text
    for metric in (
        'icp_triage_deliveries{status="queued"}',
        "icp_triage_queue_depth",
        "icp_triage_processing_seconds",
    ):
        assert metric in text


def test_readyz_says_unavailable_while_the_schema_is_older(make_app) -> None:
    from sqlalchemy import text

    client, _service, engine = make_app(source=FILE_SOURCE)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json() == {
        "status": "unavailable",
        "schema": "0001",
        "needs": head_revision(),
    }
    assert client.get("/healthz").status_code == 200  # the process itself is up
