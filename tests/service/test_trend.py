"""``GET /trend`` and the report page's table: one snapshot per source and UTC day, taken
when the backlog is first ranked that day, kept as it was; tier-only without a token."""

from __future__ import annotations

import json
import time

import pytest
from service_harness import READ, REPO

from icp_triage.core.tiers import RequestClass
from icp_triage.service import snapshots
from icp_triage.service.metrics import Metrics
from icp_triage.service.processing import Processor
from icp_triage.service.store import backlog_snapshots
from icp_triage.service.worker import WorkerPool

FILE_SOURCE = "source:\n  file: requests.json\n"
NAMES = ("Acme Corp", "Globex", "acme", "globex", "Initech", "hubot", "120000", "9000000", "$")
READER = {"Authorization": f"Bearer {READ}"}


def _synced(service, engine) -> None:
    pool = WorkerPool(service, engine, Processor(service, Metrics(engine, time.time)), count=0)
    assert pool.sync(service.sources[0])


@pytest.fixture
def served(make_app):
    client, service, engine = make_app(source=FILE_SOURCE)
    _synced(service, engine)
    return client, service, engine


def test_one_snapshot_a_day_with_the_backlogs_classes(served) -> None:
    client, _service, engine = served
    with engine.connect() as connection:  # the worker's sync took it: nobody has read yet
        assert len(connection.execute(backlog_snapshots.select()).all()) == 1
    backlog = client.get("/backlog", headers=READER).json()
    first = client.get("/trend", headers=READER).json()
    again = client.get("/trend", headers=READER).json()
    assert first == again and first["source"] == "file:requests"
    (today,) = first["snapshots"]
    assert today["day"] == time.strftime("%Y-%m-%d", time.gmtime())
    assert list(today["classes"]) == [str(k) for k in RequestClass]
    listed = backlog["ranked"] + backlog["opportunistic"] + backlog["unattributed"]
    for klass in RequestClass:
        assert today["classes"][klass]["requests"] == sum(
            i.get("class", "unattributed") == klass for i in listed
        )
    demand = {i["key"]: i["demand"] for i in backlog["ranked"] + backlog["opportunistic"]}
    assert sum(c["demand"] for c in today["classes"].values()) == pytest.approx(sum(demand.values()))
    assert today["requests"] == len(listed)
    with engine.connect() as connection:
        assert len(connection.execute(backlog_snapshots.select()).all()) == 1


def test_a_days_snapshot_is_kept_as_it_was_and_listed_oldest_first(served) -> None:
    client, service, engine = served
    backlog = service.workspace.rank([])  # yesterday, nothing was asked for
    snapshots.take(engine, "file:requests", backlog, now=time.time() - 86_400)
    snapshots.take(engine, "file:requests", backlog, now=time.time() - 86_400 + 1)  # once a day
    days = client.get("/trend", headers=READER).json()["snapshots"]
    assert [d["requests"] for d in days] == [0, 3]
    assert days[0]["day"] < days[1]["day"]


def test_the_public_read_shows_no_account_or_revenue(make_app) -> None:
    client, service, engine = make_app(source=FILE_SOURCE, service="service:\n  public_read: tier-only\n")
    _synced(service, engine)
    public = client.get("/trend")
    assert public.status_code == 200
    for name in NAMES:
        assert name not in public.text, name
    (today,) = public.json()["snapshots"]
    full = client.get("/trend", headers=READER).json()["snapshots"][0]
    assert today["weight_by"] == "arr, in median accounts (no revenue shown)"
    assert "unit" not in today
    for klass, part in full["classes"].items():
        assert today["classes"][klass]["share"] == part["share"]
        assert today["classes"][klass]["demand"] == pytest.approx(part["demand"] / full["unit"], abs=1e-4)
    page = client.get("/")
    assert "Demand over time" in page.text and not [n for n in NAMES if n in page.text]


def test_trend_needs_the_read_token_without_public_read(served) -> None:
    client, _service, _engine = served
    assert client.get("/trend").status_code == 401
    assert client.get("/trend?source=nope", headers=READER).status_code == 404


def test_the_report_page_holds_the_snapshots_table(served) -> None:
    client, _service, _engine = served
    assert client.post("/login", data={"token": READ}, follow_redirects=False).status_code == 303
    page = client.get("/").text
    table = page[page.index('<section class="trend">') :]
    assert "<th>day</th><th>requests</th>" in table and time.strftime("%Y-%m-%d", time.gmtime()) in table
    assert json.dumps(REPO) not in table
