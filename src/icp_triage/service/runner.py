"""Start and stop the service: check, migrate, serve with in-process workers, or work alone.

SIGTERM (a container stopping, systemd, ``kill``) is a graceful stop: uvicorn stops
accepting and finishes the requests it has, then the workers finish or release their jobs,
and the process exits 0. A second SIGINT forces the exit.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from icp_triage.core.untrusted import one_line
from icp_triage.errors import StoreError
from icp_triage.service import queue, schema
from icp_triage.service.metrics import Metrics
from icp_triage.service.processing import Processor
from icp_triage.service.progress import dead_here
from icp_triage.service.retention import Retention
from icp_triage.service.settings import ServiceConfig, check, load_service
from icp_triage.service.store import failure, is_postgres, make_engine, shown
from icp_triage.service.worker import WorkerPool

log = logging.getLogger("icp_triage.service")
GRACE_SECONDS = 10.0  # the workers' share of a stop: with the HTTP server's and retention's, under 20 s
RETENTION_GRACE_SECONDS = 2.0  # a retention batch takes milliseconds
HTTP_GRACE_SECONDS = 5  # the open requests' share (a webhook answers in milliseconds)


class OneLineFormatter(logging.Formatter):
    """Each record's message on one line with no control character: messages quote tracker
    errors and request keys, and a line break in one would forge a log line of its own (an
    escape sequence would reach whoever tails the log). Tracebacks stay as they are."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = one_line(record.message)
        return super().formatMessage(record)


def _logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    logging.getLogger("alembic").setLevel(logging.WARNING)


@dataclass
class ServiceParts:
    """What ``serve`` and ``worker`` share once the config is loaded and the database is
    ready: the app and the worker pool are built from the same parts."""

    service: ServiceConfig
    engine: Engine
    metrics: Metrics
    processor: Processor


def prepare(config: Path | None, env: Mapping[str, str], *, migrate: bool) -> ServiceParts:
    """Load and check the config, connect, and bring the schema to the current revision."""
    service = load_service(config, env=env)
    for warning in check(service):
        log.warning("%s", warning)
    engine = make_engine(service.database_url)
    try:
        found = schema.ensure_schema(engine, migrate=migrate)
    except Exception as exc:
        raise failure(service.database_url, exc, "bringing the schema up to date") from None
    log.info("database %s at schema %s", shown(service.database_url), found.current)
    if not is_postgres(engine):
        freed = queue.release_dead(engine, dead_here, now=time.time())
        if freed:
            log.warning("released %d deliveries held by a process that is gone", freed)
    metrics = Metrics(engine, time.time)
    return ServiceParts(service, engine, metrics, Processor(service, metrics, engine=engine))


def check_only(config: Path | None, env: Mapping[str, str]) -> list[str]:
    """``serve --check``: the config, the secrets and the database; changes nothing."""
    service = load_service(config, env=env)
    warnings = check(service)
    engine = make_engine(service.database_url)
    try:
        with engine.begin() as connection:
            found = schema.state(connection)
    except Exception as exc:
        raise failure(service.database_url, exc, "reading the schema revision") from None
    finally:
        engine.dispose()
    if found.current is not None and not schema.known(found.current):
        raise StoreError(
            f"the database schema {found.current} is newer than this icp-triage knows ({found.head})"
        )
    if found.current is None:
        warnings.append(f"the database is empty: serve creates the schema ({found.head}) on start")
    elif not found.is_current:
        warnings.append(
            f"the database schema is {found.current}; run `icp-triage db upgrade` to reach {found.head}"
        )
    names = ", ".join(f"{s.name} ({s.kind})" for s in service.sources)
    return [
        *warnings,
        f"ok: {len(service.sources)} source(s): {names}; database {shown(service.database_url)}",
    ]


def serve(
    config: Path | None, env: Mapping[str, str], *, host: str, port: int, workers: int | None, migrate: bool
) -> None:
    import uvicorn

    from icp_triage.service.app import create_app

    _logging()
    # Workers share the interpreter with the event loop: a 1 ms switch interval (5 ms by
    # default) keeps a worker's CPU-bound stretch from holding an acknowledgement back.
    sys.setswitchinterval(0.001)
    parts = prepare(config, env, migrate=migrate)
    count = parts.service.settings.workers if workers is None else workers
    pool = WorkerPool(parts.service, parts.engine, parts.processor, count=count)
    retention = Retention(parts.engine, days=parts.service.settings.retention_days)

    def start() -> None:
        pool.start()
        retention.start()

    def stop() -> None:
        retention.stop(RETENTION_GRACE_SECONDS)
        pool.stop(GRACE_SECONDS)

    app = create_app(parts.service, parts.engine, metrics=parts.metrics, on_start=start, on_stop=stop)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=host,
            port=port,
            access_log=False,
            log_level="info",
            timeout_graceful_shutdown=HTTP_GRACE_SECONDS,
            lifespan="on",
        )
    )
    # uvicorn re-raises the signal it stopped on once it has shut down; the CLI's SIGTERM
    # handler would turn that into an interruption (exit 130): a requested stop is exit 0.
    signal.signal(signal.SIGTERM, lambda *_: None)
    log.info("listening on http://%s:%d with %d worker(s)", host, port, count)
    server.run()
    parts.engine.dispose()
    log.info("stopped")


def work(config: Path | None, env: Mapping[str, str], *, workers: int | None, migrate: bool) -> None:
    """``icp-triage worker``: workers only, no HTTP, until SIGTERM or Ctrl-C."""
    _logging()
    parts = prepare(config, env, migrate=migrate)
    count = max(1, parts.service.settings.workers if workers is None else workers)
    pool = WorkerPool(parts.service, parts.engine, parts.processor, count=count)
    stop = threading.Event()

    def request_stop(*_: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    pool.start()
    log.info("working with %d worker(s)", count)
    try:
        while not stop.wait(1.0):
            pass
    finally:
        pool.stop(GRACE_SECONDS)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        parts.engine.dispose()
    log.info("stopped")


def upgrade(config: Path | None, env: Mapping[str, str]) -> str:
    """``icp-triage db upgrade``: the schema to the current revision; a line saying what happened."""
    service = load_service(config, env=env)
    engine = make_engine(service.database_url)
    try:
        with engine.begin() as connection:
            before = schema.state(connection).current
        after = schema.ensure_schema(engine, migrate=True)
    except Exception as exc:
        raise failure(service.database_url, exc, "upgrading the schema") from None
    finally:
        engine.dispose()
    where = shown(service.database_url)
    if before == after.current:
        return f"{where}: already at schema {after.current}"
    return f"{where}: schema {before or '(empty)'} -> {after.current}"
