"""Chaos on PostgreSQL (issue 13, acceptance point 2): two ``serve`` replicas and one
``icp-triage worker`` on one database take 2,000 deliveries over 100 issues from a client
sending at a fixed rate; one replica is SIGKILLed mid-burst and started again, and every
connection the processes hold to the database is dropped once mid-burst (as a restarted
PostgreSQL or a failed-over pooler drops them). Afterwards every accepted delivery is done,
exactly once, and none is lost: counted in the database, in the processes' logs, and at the
fake GitHub, where each new issue got one label set and the tagged ones none.

The client acts as a load balancer does: a delivery that meets a dead replica, a refused
connection or a 5xx goes to the other replica (GitHub's redelivery would do the same later).
Comments are off and 40 of the 100 issues are already tagged, so the 60 label sets fit in
GitHub's write budget of 80 a minute, which every process shares through the database: with
more, the test would wait out the budget, not the chaos.
"""

from __future__ import annotations

import json
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from service_harness import REPO, Server, github_request, payload, processed_ids, write_checkout
from test_serve_process import _fake_env
from test_shutdown import Worker

from fakes.github_state import FakeLabel
from fakes.http_server import serve_fake_github
from fakes.waiting import wait_until
from icp_triage.service import queue
from icp_triage.service.store import make_engine

ISSUES, DELIVERIES, RATE, NEW = 100, 2000, 50.0, 60  # issues 1..NEW are untagged
KILL_AT, DROP_AT = 600, 1200  # the deliveries at which the replica dies and the connections drop
SERVICE = "service:\n  limits: {lease_seconds: 4, renew_seconds: 1, poll_seconds: 0.2}\n"


def _seed(fake) -> None:
    repo = fake.state.repo(REPO)
    for name in ("icp:core", "icp-fit:A"):
        repo.labels[name.casefold()] = FakeLabel(name, id=len(repo.labels) + 1)
    for number in range(1, ISSUES + 1):
        labels = () if number <= NEW else ("icp:core", "icp-fit:A")
        fake.add_issue(REPO, number=number, title=f"Feature {number}", author="Codertocat", labels=labels)


def _body(n: int) -> bytes:
    data = payload("issues.edited", number=1 + n % ISSUES)
    data["issue"]["updated_at"] = f"2026-12-07T00:00:00.{n:06d}Z"  # each body its own
    return json.dumps(data).encode()


def _drop_connections(admin_url: str, application: str) -> int:
    """Terminate every backend the service's processes hold (by their application name)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": application},
                ).all()
            )
    finally:
        admin.dispose()


@pytest.mark.slow
def test_replicas_survive_a_sigkill_and_dropped_connections_losing_nothing(
    tmp_path: Path, postgres_url: str
) -> None:
    application = f"icp_chaos_{uuid.uuid4().hex[:8]}"
    url = f"{postgres_url}&application_name={application}"
    checkouts = [
        write_checkout(tmp_path / name, tagging="tagging: {comment: false}\n", service=SERVICE).parent
        for name in ("a", "b", "w")  # a cache (and write ledger) each, as on three machines
    ]
    logs = [tmp_path / "a1.log", tmp_path / "b.log", tmp_path / "w.log", tmp_path / "a2.log"]
    started = time.monotonic()
    with serve_fake_github() as fake:
        _seed(fake)
        environ = _fake_env(fake, url)
        replicas = [
            Server(checkouts[0], environ, workers=2, log=logs[0]),
            Server(checkouts[1], environ, workers=2, log=logs[1]),
        ]
        worker = Worker(checkouts[2], environ, log=logs[2])
        engine = make_engine(postgres_url)
        codes: dict[int, int] = {}
        dropped: list[int] = []
        lock = threading.Lock()
        try:
            for replica in replicas:
                replica.wait_ready()
            worker.wait_ready()

            def chaos(n: int) -> None:
                if n == KILL_AT:
                    replicas[0].kill(signal.SIGKILL)
                    restarted = Server(checkouts[0], environ, workers=2, log=logs[3])
                    threading.Thread(
                        target=lambda: (restarted.wait_ready(), replicas.__setitem__(0, restarted))
                    ).start()
                if n == DROP_AT:
                    dropped.append(_drop_connections(postgres_url, application))

            def send(n: int) -> None:
                body, headers = _body(n), github_request(_body(n), delivery=f"chaos-{n}")
                for attempt in range(400):  # a load balancer's retry on the next replica
                    target = replicas[(n + attempt) % 2]
                    try:
                        code = client.post(
                            f"{target.url}/webhooks/github", content=body, headers=headers
                        ).status_code
                    except httpx.HTTPError:
                        code = 0
                    if code in (200, 202):
                        with lock:
                            codes[n] = code
                        return
                    time.sleep(0.05)

            t0 = time.monotonic()
            with httpx.Client(timeout=10) as client, ThreadPoolExecutor(16) as pool:
                for n in range(DELIVERIES):
                    delay = t0 + n / RATE - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    chaos(n)
                    pool.submit(send, n)
                offered_for = time.monotonic() - t0
            sent_for = time.monotonic() - t0  # the last one answered

            def drained() -> bool:
                with engine.begin() as connection:
                    counts = queue.counts(connection)
                return counts["queued"] == counts["processing"] == 0

            wait_until(drained, "every delivery done", alive=lambda: worker.process.poll() is None, poll=0.2)
            drained_for = time.monotonic() - t0 - sent_for
        finally:
            for process in (*replicas, worker):
                if process.process.poll() is None:
                    process.process.send_signal(signal.SIGTERM)
            for process in (*replicas, worker):
                process.process.wait(timeout=60)
        with engine.begin() as connection:
            counts = queue.counts(connection)
            stored = {row["delivery_id"] for row in queue.listing(connection, status=None, limit=10_000)}
        engine.dispose()
        labels_set = [
            c.path
            for c in fake.writes
            if c.method == "POST" and c.path.endswith("/labels") and "/issues/" in c.path
        ]
        tagged = {
            number: sorted(fake.state.repo(REPO).issues[number].labels) for number in range(1, ISSUES + 1)
        }
    took = time.monotonic() - started
    assert len(codes) == DELIVERIES  # every delivery was accepted somewhere (202, or 200: seen)
    assert stored == {f"chaos-{n}" for n in range(DELIVERIES)}  # none accepted was lost
    assert counts == {"queued": 0, "processing": 0, "done": DELIVERIES, "failed": 0}
    done = processed_ids(*[log for log in logs if log.exists()])
    assert len(done) == len(set(done))  # no delivery done twice
    assert sorted(labels_set) == sorted(f"/repos/{REPO}/issues/{n}/labels" for n in range(1, NEW + 1))
    assert all(labels == ["icp-fit:A", "icp:core"] for labels in tagged.values())
    assert dropped and dropped[0] > 0  # the connections were there to drop
    killed_log = logs[3].read_text()
    assert "listening on" in killed_log  # the killed replica came back
    print(
        f"chaos: {DELIVERIES} deliveries offered at {RATE:g}/s over {offered_for:.1f} s, all answered "
        f"after {sent_for:.1f} s, drained {drained_for:.1f} s "
        f"later; {dropped[0]} connections dropped; {len(set(done))} logged done; whole test {took:.1f} s"
    )
