"""Webhook load: signed deliveries at a fixed rate against ``icp-triage serve`` on 127.0.0.1.

For each database (SQLite file, PostgreSQL) it starts ``icp-triage serve`` in a child process
(workers against the fake GitHub of ``tests/fakes`` over HTTP), sends ``--rate`` signed
``issues.edited`` deliveries per second for ``--seconds`` (open loop: each delivery leaves at
its scheduled time whatever the previous answers did), and prints what a webhook sender sees:
deliveries accepted per second, acknowledgement latency p50/p99/max, any lost (acknowledged
but not stored), and the time the queue takes to drain after the last one.

Issues are pre-tagged, so processing is one read each: the drain time measures the queue and
the workers, not GitHub's write budget (80 writes a minute), which bounds tagging new issues.
Each delivery's body is its own (as GitHub's are: a body seen before is a replay).
Targets on 2 cores: p99 < 100 ms at 200 deliveries/s on both databases, nothing lost.

Then the same load against a floor: a minimal Starlette app under the same uvicorn, in its own
process, that checks the HMAC and inserts one row into the same database, and nothing else.
Serve's CPU per delivery is printed against the floor's (target <= 1.5x, meaningful where the
workers run in another process: the PostgreSQL layout).

    python benchmarks/webhook_load.py [--rate 200] [--seconds 10] [--issues 200] [--workers 2]
        [--layout auto] [--replicas 2] [--databases sqlite,postgresql] [--postgres-url postgresql+psycopg://...]
        [--find-max]

``--find-max`` searches the highest rate this machine sustains with p99 < 100 ms and nothing
lost (doubling from ``--rate``, then bisecting), and prints it per database and layout.

``--layout auto`` runs each database as it is meant to be deployed: on SQLite the workers run
inside ``serve`` (one process, one writer lock, the default); on PostgreSQL in an
``icp-triage worker`` process beside ``serve --workers 0``, so the workers' CPU never delays
an acknowledgement. ``in-process`` and ``worker-process`` force one layout for both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.fake_github import TOKEN  # noqa: E402
from fakes.github_state import FakeLabel  # noqa: E402
from fakes.http_server import serve_fake_github  # noqa: E402

SECRET = "benchmark-webhook-secret"
REPO = "acme/app"
CONFIG = """\
profile:
  name: Bench
  version: "1"
  criteria:
    - {attribute: industry, in: [saas], weight: 1}
accounts: accounts.csv
source:
  github: {repo: acme/app, refresh_days: 0}
tagging: {comment: false}
"""
ACCOUNTS = "id,name,github_logins,industry\nacme,Acme,octocat,saas\n"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _payload(number: int, nonce: int = 0) -> bytes:
    return json.dumps(
        {
            "action": "edited",
            "issue": {
                "number": number,
                "updated_at": f"2026-12-07T00:00:00.{nonce:06d}Z",
                "title": f"Feature {number}",
                "state": "open",
                "labels": [{"name": "icp:core"}, {"name": "icp-fit:A"}],
                "user": {"login": "octocat"},
                "body": "x" * 2000,  # a typical issue body: signature and parsing cost scale with it
            },
            "changes": {"title": {"from": "Old"}},
            "repository": {"full_name": REPO, "private": False},
            "sender": {"login": "octocat"},
            "installation": {"id": 1},
        }
    ).encode()


class _Connections:
    """Keep-alive HTTP/1.1 connections on asyncio streams: a load generator light enough that
    the figures are the server's, not an HTTP client library's."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        """One request; a kept-alive connection the server closed meanwhile (its keep-alive
        timeout) is replaced once, as HTTP clients do, before any byte of an answer."""
        reused = bool(self.idle)
        try:
            return await self._post(path, body, headers)
        except (ConnectionError, _Stale):
            if not reused:
                raise
            return await self._post(path, body, headers, fresh=True)

    async def _post(self, path: str, body: bytes, headers: dict[str, str], *, fresh: bool = False) -> int:
        if self.idle and not fresh:
            reader, writer = self.idle.pop()
        else:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode()
            + body
        )
        status_line = await reader.readline()
        if not status_line:
            writer.close()
            raise _Stale()
        length, keep = 0, True
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                keep = False
        if length:
            await reader.readexactly(length)
        if keep:
            self.idle.append((reader, writer))
        else:
            writer.close()
        return int(status_line.split()[1])


class _Stale(Exception):
    """The server closed a kept-alive connection before answering on it."""


async def _load(
    ports: list[int], *, rate: float, seconds: float, issues: int
) -> tuple[list[float], list[int], float]:
    """Deliveries spread round-robin over ``ports`` (replicas behind a load balancer)."""
    from icp_triage.service.signatures import sign

    latencies: list[float] = []
    codes: list[int] = []
    total = int(rate * seconds)
    pools = [_Connections(port) for port in ports]

    async def one(i: int) -> None:
        body = _payload(1 + i % issues, i)
        headers = {
            "Content-Type": "application/json",
            "X-GitHub-Event": "issues",
            "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-Hub-Signature-256": sign(SECRET, body),
        }
        started = time.perf_counter()
        try:
            codes.append(await pools[i % len(pools)].post("/webhooks/github", body, headers))
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            codes.append(0)
        latencies.append(time.perf_counter() - started)

    tasks = []
    t0 = time.perf_counter()
    for i in range(total):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    return latencies, codes, time.perf_counter() - t0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def floor_app(url: str) -> Any:
    """The floor: what any webhook receiver must do (HTTP, the HMAC, one durable insert)."""
    from sqlalchemy import Column, Float, Integer, MetaData, String, Table, insert
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from icp_triage.service.signatures import verify
    from icp_triage.service.store import make_engine

    engine = make_engine(url)
    table = Table(
        "bench_floor",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("delivery_id", String(200), nullable=False, unique=True),
        Column("received_at", Float, nullable=False),
    )
    table.metadata.drop_all(engine)
    table.metadata.create_all(engine)

    async def hook(request: Request) -> JSONResponse:
        body = await request.body()
        if not verify(SECRET, body, request.headers.get("x-hub-signature-256")):
            return JSONResponse({"detail": "signature"}, status_code=401)
        delivery = request.headers.get("x-github-delivery", "")

        def store() -> None:
            with engine.begin() as connection:
                connection.execute(insert(table).values(delivery_id=delivery, received_at=time.time()))

        await run_in_threadpool(store)
        return JSONResponse({"queued": True}, status_code=202)

    async def ready(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/webhooks/github", hook, methods=["POST"]), Route("/readyz", ready)])


def _serve_floor(port: int, url: str) -> None:
    import uvicorn

    uvicorn.run(floor_app(url), host="127.0.0.1", port=port, access_log=False, log_level="warning")


def _ready(port: int, child: subprocess.Popen[bytes], timeout: float = 30.0) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


def floor_cpu(url: str, args: argparse.Namespace, env: dict[str, str], log: Any) -> float | None:
    """The floor's CPU per delivery (seconds) under the same load, or None if it did not start."""
    port = _port()
    child = subprocess.Popen(
        [sys.executable, __file__, "--floor", str(port), "--floor-url", url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        if not _ready(port, child):
            return None
        before = _cpu_seconds(child.pid)
        _latencies, codes, _sent_for = asyncio.run(
            _load([port], rate=args.rate, seconds=args.seconds, issues=args.issues)
        )
        return (_cpu_seconds(child.pid) - before) / max(1, sum(1 for c in codes if c == 202))
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=60)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run(database: str, url: str, args: argparse.Namespace) -> bool:
    """One run at ``args.rate``, printed; whether p99 < 100 ms held with nothing lost."""
    from sqlalchemy import text

    from icp_triage.service import queue
    from icp_triage.service.schema import ensure_schema
    from icp_triage.service.store import make_engine, metadata

    with tempfile.TemporaryDirectory(prefix="icp-webhook-load-") as tmp, serve_fake_github() as fake:
        work = Path(tmp)
        (work / "icp.yml").write_text(CONFIG)
        (work / "accounts.csv").write_text(ACCOUNTS)
        repo = fake.state.repo(REPO)
        assert repo is not None
        for name in ("icp:core", "icp-fit:A"):
            repo.labels[name.casefold()] = FakeLabel(name, id=len(repo.labels) + 1)
        for n in range(1, args.issues + 1):
            fake.add_issue(
                REPO, number=n, title=f"Feature {n}", author="octocat", labels=("icp:core", "icp-fit:A")
            )
        if database == "sqlite":
            url = f"sqlite:///{work / 'icp-triage.db'}"
        engine = make_engine(url)
        if database == "postgresql":  # a fresh schema: drop what an earlier run left
            with engine.begin() as connection:
                for table in (*metadata.tables, "alembic_version", "bench_floor"):
                    connection.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
        ensure_schema(engine)
        replicas = args.replicas if database == "postgresql" else 1  # SQLite: one machine, one serve
        ports = [_port() for _ in range(replicas)]
        env = {
            **os.environ,
            "ICP_TRIAGE_DATABASE_URL": url,
            "ICP_TRIAGE_GITHUB_WEBHOOK_SECRET": SECRET,
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": fake.api_url,
            "GITHUB_GRAPHQL_URL": f"{fake.api_url}/graphql",
            "XDG_CACHE_HOME": str(work / "cache"),
        }
        log = (work / "serve.log").open("wb")
        together = args.layout == "in-process" or (args.layout == "auto" and database == "sqlite")
        in_process = args.workers if together else 0
        command = [sys.executable, "-m", "icp_triage"]
        children = [
            subprocess.Popen(
                [*command, "serve", "--port", str(port), "--workers", str(in_process)],
                cwd=work,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            for port in ports
        ]
        if not together:  # the deployment for load: HTTP and workers in separate processes
            children.append(
                subprocess.Popen(
                    [*command, "worker", "--workers", str(args.workers)],
                    cwd=work,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            )
        servers = children[:replicas]
        try:
            if not all(
                _ready(port, server, args.start_timeout) for port, server in zip(ports, servers, strict=True)
            ):
                print(f"{database}: the server did not start:\n{(work / 'serve.log').read_text()}")
                return False
            load_before = os.getloadavg()[0]
            cpu_before = sum(_cpu_seconds(server.pid) for server in servers)
            latencies, codes, sent_for = asyncio.run(
                _load(ports, rate=args.rate, seconds=args.seconds, issues=args.issues)
            )
            ended = time.perf_counter()
            serve_cpu = sum(_cpu_seconds(server.pid) for server in servers) - cpu_before
            load_after = os.getloadavg()[0]
            accepted = sum(1 for c in codes if c == 202)
            drain = None
            while time.perf_counter() - ended < args.drain_timeout:
                with engine.begin() as connection:
                    counts = queue.counts(connection)
                if counts["queued"] == counts["processing"] == 0:
                    drain = time.perf_counter() - ended
                    break
                time.sleep(0.05)
            with engine.begin() as connection:
                counts = queue.counts(connection)
            stored = sum(counts.values())
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            for child in children:
                child.wait(timeout=60)
            engine.dispose()
        floor = floor_cpu(url, args, env, log) if args.floor_check else None
        p50, p99 = _pct(latencies, 0.50), _pct(latencies, 0.99)
        lost = accepted - stored
        holds = p99 < 100 and lost == 0 and accepted == len(codes)
        print(f"{database}:")
        where = "in the server process" if together else "in one `icp-triage worker` process"
        if replicas > 1:
            where += f", {replicas} `serve --workers 0` replicas (round-robin)"
        print(
            f"  sent {len(codes)} deliveries at {args.rate:g}/s over {sent_for:.2f} s; {args.workers} worker(s) {where}"
        )
        counted = Counter(c for c in codes if c != 202)
        others = ", ".join(f"{n} x {code or 'no answer'}" for code, n in sorted(counted.items())) or "none"
        print(f"  accepted (202): {accepted}  = {accepted / sent_for:.1f}/s; other answers: {others}")
        print(f"  ack latency: p50 {p50:.1f} ms  p99 {p99:.1f} ms  max {max(latencies) * 1000:.1f} ms")
        print(f"  lost (acknowledged, not stored): {lost}; done {counts['done']}, failed {counts['failed']}")
        print(
            f"  queue drained {drain:.2f} s after the last delivery"
            if drain is not None
            else "  queue NOT drained"
        )
        print(f"  target p99 < 100 ms at 200/s, nothing lost: {'holds' if holds else 'DOES NOT HOLD'}")
        print(
            f"  serve's CPU while sending: {serve_cpu * 1000 / max(1, len(codes)):.2f} ms per delivery "
            f"(HTTP, signature, parse, insert{', and the workers' if together else ''}); "
            f"load average {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores"
        )
        if floor:
            per = serve_cpu / max(1, len(codes))
            print(
                f"  floor (Starlette: HMAC + one insert): {floor * 1000:.2f} ms CPU per delivery; "
                f"serve / floor = {per / floor:.2f}x (target <= 1.5x"
                f"{'' if not together else ', here serve also runs the workers'})"
            )
        return holds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--layout",
        choices=("auto", "in-process", "worker-process"),
        default="auto",
        help="where the workers run; auto: inside serve on SQLite, an `icp-triage worker` on PostgreSQL",
    )
    parser.add_argument("--drain-timeout", type=float, default=120.0)
    parser.add_argument("--start-timeout", type=float, default=30.0, help="seconds to wait for /readyz")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "ICP_TRIAGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--replicas", type=int, default=1, choices=(1, 2, 3, 4), help="serve processes on PostgreSQL"
    )
    parser.add_argument(
        "--find-max",
        action="store_true",
        help="search the highest rate with p99 < 100 ms (doubling from --rate, then bisecting)",
    )
    parser.add_argument("--no-floor", dest="floor_check", action="store_false", help="skip the floor run")
    parser.add_argument("--floor", type=int, help=argparse.SUPPRESS)  # the floor's own process
    parser.add_argument("--floor-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor is not None:
        _serve_floor(args.floor, args.floor_url)
        return
    if args.rate * args.seconds > 20_000:
        parser.error("at most 20,000 deliveries per run (a bounded load)")
    for database in args.databases.split(","):
        if args.find_max:
            find_max(database.strip(), args)
            sys.stdout.flush()
        else:
            run(database.strip(), args.postgres_url, args)


def find_max(database: str, args: argparse.Namespace) -> float | None:
    """The highest rate whose acknowledgements keep p99 < 100 ms with nothing lost or refused:
    double from ``--rate`` until a run fails (or halve until one holds, down to 10/s), then
    halve the gap three times. Each step is a full run (fresh servers and database), printed
    as it ends; the floor is skipped."""
    steps = argparse.Namespace(**{**vars(args), "floor_check": False})
    good: float | None = None
    bad: float | None = None
    rate = args.rate
    while bad is None and rate * args.seconds <= 20_000:
        steps.rate = rate
        if run(database, args.postgres_url, steps):
            good, rate = rate, rate * 2
        else:
            bad = rate
    while good is None and bad is not None and bad / 2 >= 10:
        steps.rate = bad / 2
        if run(database, args.postgres_url, steps):
            good = steps.rate
        else:
            bad = steps.rate
    for _ in range(3 if good is not None and bad is not None else 0):
        assert good is not None and bad is not None
        steps.rate = round((good + bad) / 2)
        if run(database, args.postgres_url, steps):
            good = steps.rate
        else:
            bad = steps.rate
    layout = f"{args.replicas} replica(s)" if database == "postgresql" else "one process"
    if good is None:
        print(f"{database} ({layout}): p99 < 100 ms NOT held at any rate tried (down to {bad:g}/s)")
    else:
        above = f", not at {bad:g}/s" if bad is not None else " (the highest tried)"
        print(f"{database} ({layout}): highest rate with p99 < 100 ms and nothing lost: {good:g}/s{above}")
    return good


if __name__ == "__main__":
    main()
