"""Running the service: an in-memory SQLite URL refused before it can lose anything, database
passwords never printed, database failures in words (never "This is a bug"), a SQLite file
deleted or replaced under the server answered 503, and a ping answered with what it acts on."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from service_harness import cli, env, free_port, github_request, payload, write_checkout

from icp_triage.adapters.dialect import dialect_for

PASSWORD = "s3cr3t-Pw0rd"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"])
def test_an_in_memory_sqlite_database_is_refused_by_check_serve_and_db(tmp_path: Path, url: str) -> None:
    checkout = write_checkout(tmp_path).parent
    for args in (("serve", "--check"), ("serve", "--port", str(free_port())), ("db", "upgrade")):
        ran = cli(checkout, env(url), *args)
        assert ran.returncode == 2, (args, ran.stdout, ran.stderr)
        assert "in-memory SQLite" in ran.stderr and "sqlite:///FILE" in ran.stderr


def test_an_unreachable_postgresql_is_said_in_words_without_its_password(tmp_path: Path) -> None:
    checkout = write_checkout(tmp_path).parent
    port = free_port()  # nothing listens there
    for url in (
        f"postgresql://icp:{PASSWORD}@127.0.0.1:{port}/triage",
        f"postgresql://icp@127.0.0.1:{port}/triage?password={PASSWORD}",
    ):
        for args in (("serve", "--check"), ("db", "upgrade"), ("serve", "--port", str(free_port()))):
            ran = cli(checkout, env(url), *args)
            assert ran.returncode == 1, (args, ran.stderr)
            assert "This is a bug" not in ran.stderr, ran.stderr
            assert "connection" in ran.stderr.lower() and f"127.0.0.1:{port}" in ran.stderr, ran.stderr
            assert PASSWORD not in ran.stderr + ran.stdout, ran.stderr


def test_a_password_in_a_working_url_is_masked_in_check_and_the_logs(
    tmp_path: Path, postgres_url: str, caplog
) -> None:
    from icp_triage.service.runner import prepare

    url = postgres_url.replace("postgres@", f"postgres:{PASSWORD}@", 1)
    assert PASSWORD in url  # trust authentication ignores it, so the database still answers
    checkout = write_checkout(tmp_path).parent
    ok = cli(checkout, env(url), "serve", "--check")
    assert ok.returncode == 0, ok.stderr
    assert "postgres:***@" in ok.stdout and PASSWORD not in ok.stdout + ok.stderr
    with caplog.at_level(logging.INFO, logger="icp_triage"):
        parts = prepare(checkout / "icp.yml", env(url), migrate=False)
    parts.engine.dispose()
    assert "postgres:***@" in caplog.text and PASSWORD not in caplog.text


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_sqlite_file_deleted_or_replaced_while_serving_answers_503(
    make_app, database_url, how, caplog
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("a file of its own is SQLite's")
    client, _service, _engine = make_app()
    body = json.dumps(payload()).encode()
    assert client.post("/webhooks/github", content=body, headers=github_request(body)).status_code == 202
    path = Path(database_url.removeprefix("sqlite:///"))
    for extra in ("", "-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    if how == "replaced":
        sqlite3.connect(path).close()
    other = json.dumps(payload(number=2)).encode()
    with caplog.at_level(logging.ERROR, logger="icp_triage"):
        answer = client.post("/webhooks/github", content=other, headers=github_request(other))
    assert answer.status_code == 503, answer.text
    assert how in answer.json()["detail"] and str(path) in answer.json()["detail"]
    assert how in caplog.text
    assert client.get("/readyz").status_code == 503


def test_a_ping_is_answered_with_the_events_the_service_acts_on(make_app) -> None:
    client, _service, _engine = make_app()
    ping = json.dumps({"zen": "Keep it logically awesome.", "hook_id": 1}).encode()
    answer = client.post("/webhooks/github", content=ping, headers=github_request(ping, event="ping"))
    assert answer.status_code == 200 and answer.json()["queued"] is False
    events = answer.json()["events"]
    assert events == {name: list(actions) for name, actions in dialect_for("github").events.items()}
    assert "issues" in events and "schedule" not in events and "workflow_dispatch" not in events
    forged = client.post(
        "/webhooks/github", content=ping, headers=github_request(ping, event="ping", secret="x")
    )
    assert forged.status_code == 401  # a ping is signed like any delivery
