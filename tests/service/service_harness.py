"""The service test harness: a checkout with icp.yml, signed deliveries, an app on a database.

A module with its own name (not ``conftest``) so tests and subprocess helpers can import it.
"""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fakes.waiting import HANG_GUARD, wait_until
from icp_triage.service.signatures import sign

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "samples" / "action"
REPO = "Codertocat/Hello-World"
GITHUB_SECRET = "It's a Secret to Everybody"
JIRA_SECRET = "jira-webhook-secret-0123456789"
READ = "read-token-0123456789abcdef"
ADMIN = "admin-token-fedcba9876543210"

PROFILE = """\
profile:
  name: Test ICP
  version: "7"
  criteria:
    - {attribute: industry, in: [saas], weight: 2}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}
accounts: accounts.csv
ranking: {weight_by: arr}
"""
ACCOUNTS = """\
id,name,github_logins,domains,arr,industry,employees
acme,Acme Corp,Codertocat,acme.io,120000,saas,300
globex,Globex Industries,hubot,globex.com,9000000,mining,50000
"""
REQUESTS = {
    "requests": [
        {"key": f"{REPO}#1", "title": "SSO", "author": "Codertocat", "labels": ["feature-request"]},
        {"key": f"{REPO}#2", "title": "Bulk export", "author": "hubot"},
        {"key": f"{REPO}#3", "title": "Dark mode", "author": "nobody-known",
         "body": "Requested-by: Initech Holdings"},
    ]
}  # fmt: skip


GITHUB_AND_JIRA = (
    "service:\n  sources:\n"
    f"    - {{github: {{repo: {REPO}, refresh_days: 0}}}}\n"
    "    - {name: acme-jira, jira: {server: 'https://acme.atlassian.net', jql: 'project = ACME'}}\n"
)


def write_checkout(
    root: Path,
    *,
    source: str = f"source:\n  github: {{repo: {REPO}, refresh_days: 0}}\n",
    service: str = "",
    tagging: str = "",
    accounts: str = ACCOUNTS,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "accounts.csv").write_text(accounts, encoding="utf-8")
    (root / "requests.json").write_text(json.dumps(REQUESTS), encoding="utf-8")
    config = root / "icp.yml"
    config.write_text(PROFILE + source + tagging + service, encoding="utf-8")
    return config


def env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        "ICP_TRIAGE_DATABASE_URL": database_url,
        "ICP_TRIAGE_GITHUB_WEBHOOK_SECRET": GITHUB_SECRET,
        "ICP_TRIAGE_JIRA_WEBHOOK_SECRET": JIRA_SECRET,
        "ICP_TRIAGE_READ_TOKEN": READ,
        "ICP_TRIAGE_ADMIN_TOKEN": ADMIN,
        "GITHUB_TOKEN": "ghp_FAKEtoken0123456789abcdefABCDEF0123",
        **extra,
    }


@cache
def _sample(name: str) -> str:
    return (SAMPLES / f"{name}.json").read_text(encoding="utf-8")


def payload(name: str = "issues.opened", *, number: int = 1, labels: tuple[str, ...] = ()) -> dict[str, Any]:
    """GitHub's documented sample payload, for issue ``number`` of REPO."""
    data = copy.deepcopy(json.loads(_sample(name)))
    data["issue"]["number"] = number
    data["issue"]["labels"] = [{"name": x} for x in labels]
    data["installation"] = {"id": 4242, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg=="}
    return data


def github_request(
    body: bytes, *, event: str = "issues", delivery: str | None = None, secret: str = GITHUB_SECRET
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-Hub-Signature-256": sign(secret, body),
        "User-Agent": "GitHub-Hookshot/044aadd",
    }


def jira_payload(key: str = "ACME-12", event: str = "jira:issue_updated") -> dict[str, Any]:
    """A Jira Cloud admin webhook body (developer.atlassian.com, 'Webhooks': issue events)."""
    return {
        "timestamp": 1764750000000,
        "webhookEvent": event,
        "issue_event_type_name": "issue_updated",
        "user": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Mia Krystof"},
        "issue": {
            "id": "10012",
            "self": "https://acme.atlassian.net/rest/api/2/issue/10012",
            "key": key,
            "fields": {"summary": "SSO for the admin console", "project": {"key": key.split("-")[0]}},
        },
        "changelog": {
            "id": "10400",
            "items": [{"field": "labels", "fromString": "", "toString": "customer:acme"}],
        },
    }


def jira_request(body: bytes, *, delivery: str | None = None, secret: str = JIRA_SECRET) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Atlassian-Webhook-Identifier": delivery or str(uuid.uuid4().int)[:12],
        "X-Hub-Signature": sign(secret, body),
    }


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(cwd: Path, environ: dict[str, str], *args: str) -> Ran:
    """The command in-process (click's runner), as a user would run it in ``cwd``."""
    import os

    from typer.testing import CliRunner

    from icp_triage.cli import app

    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), env=environ, catch_exceptions=False)
    finally:
        os.chdir(before)
    return Ran(result.exit_code, result.stdout, result.stderr)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``icp-triage serve`` in a child process, its stderr in a file."""

    def __init__(
        self, cwd: Path, env: dict[str, str], *, workers: int = 2, log: Path, extra: tuple[str, ...] = ()
    ):
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        child = {**os.environ, **env, "XDG_CACHE_HOME": str(cwd / ".cache"), "PYTHONUNBUFFERED": "1"}
        child.pop("CI", None)
        command = [
            sys.executable,
            "-m",
            "icp_triage",
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            *extra,
        ]
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=child,
            stdout=subprocess.DEVNULL,
            stderr=log.open("ab"),
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        """Until ``/readyz`` answers 200, however long a loaded machine takes to start it."""
        import httpx

        def ready() -> bool:
            try:
                return httpx.get(f"{self.url}/readyz", timeout=HANG_GUARD).status_code == 200
            except httpx.HTTPError:  # not listening yet
                return False

        def running() -> bool:
            if self.process.poll() is None:
                return True
            raise AssertionError(f"the server exited with {self.process.returncode}:\n{self.log.read_text()}")

        wait_until(ready, "/readyz answering 200", alive=running, poll=0.1)

    def kill(self, sig: int) -> int:
        import os

        os.kill(self.process.pid, sig)
        return self.process.wait(timeout=HANG_GUARD)

    def stop(self) -> None:
        import signal

        if self.process.poll() is None:
            self.kill(signal.SIGTERM)


def processed_ids(*logs: Path) -> list[int]:
    """Every delivery id the servers' logs report as done (one line per job)."""
    import re

    found: list[int] = []
    for log in logs:
        for match in re.finditer(r" done \S+ \S+ deliveries=([\d,]+)", log.read_text()):
            found.extend(int(x) for x in match.group(1).split(","))
    return found


def drain(service, engine, *, workers: int = 1, until=None, clock=None):
    """Run ``workers`` until ``until(metrics)`` holds (by default: nothing queued or in flight),
    then stop them; their metrics. A wait for the event, however long a loaded machine takes
    to get there, that fails at once if a worker has died."""
    import time

    from fakes.waiting import HANG_GUARD, wait_until
    from icp_triage.service import queue
    from icp_triage.service.metrics import Metrics
    from icp_triage.service.processing import Processor
    from icp_triage.service.worker import WorkerPool

    def drained(_metrics: Metrics) -> bool:
        with engine.begin() as connection:
            counts = queue.counts(connection)
        return counts["queued"] == counts["processing"] == 0

    metrics = Metrics(engine, time.time)
    processor = Processor(service, metrics, engine=engine)  # the write budget shared in the database
    pool = WorkerPool(service, engine, processor, count=workers, clock=clock or time.time)
    pool.start()
    try:
        wait_until(
            lambda: (until or drained)(metrics),
            "the workers' end state",
            alive=lambda: all(w.is_alive() for w in pool.workers),
        )
    finally:
        pool.stop(HANG_GUARD)
    return metrics
