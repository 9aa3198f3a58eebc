"""The service's database: tables, engine set-up, and the URL rules.

SQLAlchemy Core tables, used by the queue and the read side; Alembic revisions in
``migrations/versions`` create the same tables (they are the history, these the present).
Times are epoch seconds (float) so SQLite and PostgreSQL compare them alike.

SQLite is the one-machine default. A transaction from ``engine.begin()`` may write: it takes
this process's writer lock and starts with ``BEGIN IMMEDIATE``, so it holds SQLite's single
write lock from its first statement (a claim cannot interleave with another), and
``busy_timeout`` queues writers of other processes instead of failing them. A transaction
from ``reading(engine)`` only reads: it takes neither lock and, in WAL mode, reads the last
commit beside the writer, so a backlog, a metrics scrape or a health probe never waits for a
worker's write and a webhook's insert never waits for a backlog being read. PostgreSQL serves
several replicas; the queue claims there with ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import os
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Connection, Engine, make_url

from icp_triage.core.untrusted import one_line
from icp_triage.errors import ConfigError, StoreError

DEFAULT_DATABASE = "icp-triage.db"
SQLITE_BUSY_MS = 30_000
_READ_ONLY = "icp_read_only"  # an execution option: this connection's transaction only reads

metadata = MetaData()

_Id = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER keys only
_Time = Float(precision=53)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("tracker", String(16), nullable=False),  # "github" | "jira"
    Column("delivery_id", String(200), nullable=False),  # X-GitHub-Delivery, X-Atlassian-Webhook-Identifier
    Column("event", String(100), nullable=False),
    Column("source", String(120), nullable=False),
    Column("request_key", String(300), nullable=False),
    Column("installation_id", BigInteger, nullable=True),
    Column("status", String(16), nullable=False),  # queued | processing | done | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("available_at", _Time, nullable=False),
    Column("lease_until", _Time, nullable=True),
    Column("claimed_by", String(100), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("received_at", _Time, nullable=False),
    Column("finished_at", _Time, nullable=True),
    Column("body_sha256", String(64), nullable=True),  # hex; NULL for rows from before 0004
    UniqueConstraint("tracker", "delivery_id", name="uq_deliveries_tracker_delivery"),
    Index("ix_deliveries_status_available", "status", "available_at"),
    Index("ix_deliveries_key", "tracker", "request_key"),
    Index("uq_deliveries_tracker_body", "tracker", "body_sha256", unique=True),
    Index("ix_deliveries_status_finished", "status", "finished_at"),  # what retention deletes
)

tracker_pauses = Table(
    "tracker_pauses",
    metadata,
    Column("tracker", String(16), primary_key=True),
    Column("until", _Time, nullable=False),
    Column("reason", Text, nullable=True),
)

stored_requests = Table(
    "requests",
    metadata,
    Column("source", String(120), primary_key=True),
    Column("request_key", String(300), primary_key=True),
    Column("data", Text, nullable=False),  # the RawRequest as JSON (the file source's shape)
    Column("stored_at", _Time, nullable=False),
)

backlog_snapshots = Table(
    "backlog_snapshots",
    metadata,
    Column("source", String(120), primary_key=True),
    Column("day", String(10), primary_key=True),  # YYYY-MM-DD, UTC: one snapshot a day
    Column("taken_at", _Time, nullable=False),
    Column("data", Text, nullable=False),  # core.snapshots.snapshot_of as JSON
)

source_syncs = Table(
    "source_syncs",
    metadata,
    Column("source", String(120), primary_key=True),
    Column("synced_at", _Time, nullable=False),
    Column("running_until", _Time, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("claimed_by", String(100), nullable=True),
)

workers = Table(
    "workers",
    metadata,
    Column("id", String(100), primary_key=True),  # host:pid:index
    Column("beat_at", _Time, nullable=False),  # its last claim or empty poll
    Column("started_at", _Time, nullable=False),
)

write_budget = Table(
    "write_budget",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("budget", String(100), nullable=False),  # "installation:ID" or "token:HASH", never a token
    Column("at", _Time, nullable=False),  # when the writes were reserved (the database's clock)
    Column("writes", Integer, nullable=False),  # how many: reserved, then what the job made
    Index("ix_write_budget_budget_at", "budget", "at"),
)


def database_url(configured: str | None, env: Any, *, cwd: Path | None = None) -> str:
    """``ICP_TRIAGE_DATABASE_URL``, else ``service.database_url``, else a SQLite file in the
    working directory. ``postgresql://`` and ``postgres://`` mean psycopg 3 (the one driver
    the extra installs)."""
    raw = (env.get("ICP_TRIAGE_DATABASE_URL") or configured or "").strip()
    if not raw:
        return f"sqlite:///{(cwd or Path.cwd()) / DEFAULT_DATABASE}"
    for plain in ("postgresql://", "postgres://"):
        if raw.startswith(plain):
            raw = "postgresql+psycopg://" + raw[len(plain) :]
    try:
        url = make_url(raw)
    except Exception:
        raise ConfigError(
            "ICP_TRIAGE_DATABASE_URL / service.database_url: not a database URL; expected "
            "sqlite:///path/to/file.db or postgresql://user:password@host:5432/dbname"
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"database URL: {url.get_backend_name()} is not supported; use sqlite:///FILE or postgresql://..."
        )
    if url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or "memory" in str(url.query.get("mode", ""))
    ):
        raise ConfigError(
            f"database URL {shown(raw)}: an in-memory SQLite database is private to one connection "
            "and lost on exit, so the server's threads would not share the queue; use sqlite:///FILE"
        )
    return raw


def _secrets(url: str) -> list[str]:
    """The parts of ``url`` nobody may read: its password and any password-like parameter."""
    try:
        parsed = make_url(url)
    except Exception:
        return []
    found = [str(parsed.password)] if parsed.password else []
    for name, value in parsed.query.items():
        if "password" in name.lower() or name.lower() in ("passfile", "sslkey"):
            found += [value] if isinstance(value, str) else list(value)
    return [s for s in found if s]


def shown(url: str) -> str:
    """The URL with its password and password-like parameters masked, for messages and logs."""
    return redacted(url, url)


def redacted(text: str, url: str) -> str:
    """``text`` (a URL, a driver's error) with every secret of ``url`` masked."""
    for secret in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(secret, "***")
        quoted = urllib.parse.quote(secret, safe="")
        if quoted != secret:
            text = text.replace(quoted, "***")
    return text


def failure(url: str, exc: BaseException, doing: str = "") -> StoreError:
    """A database failure in words, on one line: the URL (secrets masked), what was being
    done, and the driver's own message rather than SQLAlchemy's wrapping of it."""
    if isinstance(exc, StoreError):
        return exc
    cause = getattr(exc, "orig", None) or exc
    message = redacted(one_line(str(cause)) or type(cause).__name__, url)
    what = f" ({doing})" if doing else ""
    return StoreError(f"database {shown(url)}{what}: {type(cause).__name__}: {message}")


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


class FileGuard:
    """The SQLite file an engine opened, by identity: a file deleted or replaced under a
    running server (a cleanup job, a restore) would otherwise take every write into an
    unlinked inode or a stranger's file while the server answers 202; each transaction
    checks it first and fails in words instead (webhooks answer 503, /readyz says so)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.identity: tuple[int, int] | None = None

    def _stat(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (found.st_dev, found.st_ino)

    def opened(self) -> None:
        if self.identity is None:
            self.identity = self._stat()

    def check(self) -> None:
        if self.identity is None:
            return
        now = self._stat()
        if now != self.identity:
            change = "deleted" if now is None else "replaced by another file"
            raise StoreError(
                f"the SQLite database {self.path} was {change} while the service ran; nothing more "
                "is stored: restore the file, or restart the service to start from the one there now"
            )


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine with the per-dialect rules of the module docstring."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000}
        )
        guard = FileGuard(str(make_url(url).database))

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy's begin event opens transactions
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            cursor.close()
            guard.opened()

        # One writer at a time inside this process: threads queue on a lock (FIFO-ish, no
        # sleeping) instead of in SQLite's busy handler, whose back-off sleeps up to 100 ms
        # and would show in webhook acknowledgement times. Other processes still meet the
        # busy handler: on SQLite run the workers inside `serve` (the default).
        writer = threading.Lock()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            guard.check()
            if connection.get_execution_options().get(_READ_ONLY):
                connection.exec_driver_sql("BEGIN")  # deferred: a read snapshot, no write lock
                return
            writer.acquire()
            connection.info["icp_writer"] = True
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                _on_end(connection)
                raise

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _on_end(connection: Any) -> None:
            if connection.info.pop("icp_writer", False):
                writer.release()

        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A transaction that only reads (module docstring): on SQLite it runs beside the writer.
    Nothing in it may write: SQLite would have to take the write lock mid-transaction, outside
    the writer lock, and could refuse with ``database is locked``."""
    with engine.connect() as connection:
        connection.execution_options(**{_READ_ONLY: True})
        with connection.begin():
            yield connection
