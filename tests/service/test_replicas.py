"""Two ``icp-triage serve`` processes on one PostgreSQL database share the queue: 1,000
deliveries, each processed exactly once, none lost, no issue tagged twice."""

from __future__ import annotations

import json
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from service_harness import REPO, Server, github_request, payload, processed_ids, write_checkout
from test_serve_process import _fake_env, _wait

from fakes.fake_github import FakeGitHub
from fakes.github_state import FakeLabel
from fakes.http_server import serve_fake_github
from fakes.waiting import HANG_GUARD
from icp_triage.service import queue
from icp_triage.service.store import make_engine

ISSUES, PER_ISSUE, UNTAGGED = 40, 25, 4


def _seed(fake: FakeGitHub) -> None:
    repo = fake.state.repo(REPO)
    assert repo is not None
    for name in ("icp:core", "icp-fit:A"):
        repo.labels[name.casefold()] = FakeLabel(name, id=len(repo.labels) + 1)
    for number in range(1, ISSUES + 1):
        labels = () if number <= UNTAGGED else ("icp:core", "icp-fit:A")
        fake.add_issue(REPO, number=number, title=f"Feature {number}", author="Codertocat", labels=labels)


@pytest.mark.slow
def test_two_servers_on_one_postgres_process_1000_deliveries_exactly_once(
    tmp_path: Path, postgres_url: str
) -> None:
    checkout = write_checkout(tmp_path, tagging="tagging: {comment: false}\n").parent
    with serve_fake_github() as fake:
        _seed(fake)
        environ = _fake_env(fake, postgres_url)
        servers = [Server(checkout, environ, workers=3, log=tmp_path / f"server{i}.log") for i in (1, 2)]
        engine = make_engine(postgres_url)
        try:
            for server in servers:
                server.wait_ready()

            def body_of(n: int) -> bytes:  # each edit's body is its own (the same body is a replay)
                data = payload("issues.edited", number=1 + n // PER_ISSUE)
                data["issue"]["updated_at"] = f"2026-12-07T00:00:00.{n:06d}Z"
                return json.dumps(data).encode()

            def send(n: int) -> int:  # an issue's deliveries come in a burst, as GitHub sends them
                body = body_of(n)
                server = servers[n % 2]
                headers = github_request(body, delivery=f"delivery-{n}")
                return httpx.post(
                    f"{server.url}/webhooks/github", content=body, headers=headers, timeout=HANG_GUARD
                ).status_code

            with ThreadPoolExecutor(8) as pool:
                codes = list(pool.map(send, range(ISSUES * PER_ISSUE)))
            assert codes == [202] * (ISSUES * PER_ISSUE)

            def drained() -> bool:
                with engine.begin() as connection:
                    return queue.counts(connection)["done"] == ISSUES * PER_ISSUE

            _wait(drained, "1,000 deliveries done", *servers)
        finally:
            for server in servers:
                if server.process.poll() is None:
                    assert server.kill(signal.SIGTERM) == 0
        with engine.begin() as connection:
            stored = {row["id"] for row in queue.listing(connection, status=None, limit=5000)}
            counts = queue.counts(connection)
        engine.dispose()
    assert counts == {"queued": 0, "processing": 0, "done": 1000, "failed": 0}
    done = processed_ids(*(s.log for s in servers))
    assert len(done) == len(set(done)) == 1000 and set(done) == stored  # none twice, none lost
    per_server = [len(processed_ids(s.log)) for s in servers]
    assert all(n > 0 for n in per_server), per_server  # both shared the work
    reads = [c for c in fake.calls if c.path.endswith("/graphql") and "OneIssue" in c.body["query"]]
    jobs = sum(text.count(" done github ") for text in (s.log.read_text() for s in servers))
    assert len(reads) == jobs  # every evaluation is one logged job: nothing ran unrecorded
    adds = [c.path for c in fake.writes if c.method == "POST" and c.path.endswith("/labels")]
    assert sorted(adds) == sorted(f"/repos/{REPO}/issues/{n}/labels" for n in range(1, UNTAGGED + 1))
