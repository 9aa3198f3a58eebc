"""Strangers cannot hold the intake, through real HTTP (uvicorn on 127.0.0.1): a body that
trickles is cut with 408 after ``limits.body_seconds``, and beyond ``limits.pending_bodies``
bodies being read a delivery gets 503 at once while a signed one still gets in afterwards."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from service_harness import env, free_port, github_request, payload, write_checkout

HANG_GUARD = 60.0  # seconds: only stops a broken server from hanging the suite


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, object]]:
    import uvicorn

    from icp_triage.service.app import create_app
    from icp_triage.service.schema import ensure_schema
    from icp_triage.service.settings import load_service
    from icp_triage.service.store import make_engine

    config = write_checkout(
        tmp_path / "checkout", service="service:\n  limits: {body_seconds: 1, pending_bodies: 2}\n"
    )
    service = load_service(config, env=env(f"sqlite:///{tmp_path / 'service.db'}"))
    engine = make_engine(service.database_url)
    ensure_schema(engine)
    app = create_app(service, engine)
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + HANG_GUARD
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield port, app
    running.should_exit = True
    thread.join(HANG_GUARD)
    engine.dispose()


def _trickle(port: int) -> socket.socket:
    """A connection that sends its headers and 10 of the 1,000 bytes it announces."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD)
    connection.sendall(
        b"POST /webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"X-GitHub-Event: issues\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: 1000\r\n\r\n"
        b'{"action":'
    )
    return connection


def _status(connection: socket.socket) -> int:
    answer = b""
    while b"\r\n" not in answer:
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    connection.close()
    return int(answer.split(b" ", 2)[1])


def _signed(port: int) -> int:
    import httpx

    body = json.dumps(payload()).encode()
    url = f"http://127.0.0.1:{port}/webhooks/github"
    return httpx.post(url, content=body, headers=github_request(body), timeout=HANG_GUARD).status_code


def test_a_trickling_body_is_cut_with_408_and_others_wait_at_most_for_a_free_slot(server) -> None:
    port, app = server
    held = [_trickle(port), _trickle(port)]
    deadline = time.monotonic() + HANG_GUARD
    while app.state.icp.bodies.pending < 2:  # both bodies are being read
        assert time.monotonic() < deadline, "the trickling bodies never reached the route"
        time.sleep(0.01)
    assert _signed(port) == 503  # every slot is held: refused at once, not queued behind them
    assert [_status(c) for c in held] == [408, 408]
    assert app.state.icp.bodies.pending == 0
    assert _signed(port) == 202  # the slots are free again
