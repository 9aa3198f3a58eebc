"""Schema versions: create a fresh database, upgrade an old one only when asked, refuse a newer one.

A server must never silently change a schema other replicas still run against, nor run
against one it does not understand, so: no tables yet -> create them at the current revision;
an older revision -> an error naming both revisions unless ``migrate`` (``serve --migrate``,
``icp-triage db upgrade``); a revision this version does not know -> an error naming both.
On PostgreSQL an advisory lock serialises replicas starting together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from icp_triage.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_ID = 0x1C9_7819  # any constant bigint, the same for every replica


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: no schema yet
    head: str  # the newest revision this version knows

    @property
    def is_current(self) -> bool:
        return self.current == self.head


def _alembic(connection: Connection | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_alembic())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def state(connection: Connection) -> SchemaState:
    return SchemaState(MigrationContext.configure(connection).get_current_revision(), head_revision())


def known(revision: str) -> bool:
    try:
        return _script().get_revision(revision) is not None
    except Exception:
        return False


def ensure_schema(engine: Engine, *, migrate: bool = False) -> SchemaState:
    """Bring the schema to the head where allowed (docstring of the module); StoreError otherwise."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        found = state(connection)
        if found.is_current:
            return found
        if found.current is not None and not known(found.current):
            raise StoreError(
                f"the database schema is at revision {found.current}, newer than this icp-triage knows "
                f"(its newest is {found.head}); upgrade icp-triage on this machine, or point "
                "ICP_TRIAGE_DATABASE_URL at another database"
            )
        if found.current is None and inspect(connection).has_table("deliveries"):
            raise StoreError(
                "the database has a deliveries table but no schema revision; it was not made by "
                "icp-triage serve: point ICP_TRIAGE_DATABASE_URL at an empty database"
            )
        if found.current is not None and not migrate:
            raise StoreError(
                f"the database schema is at revision {found.current}; this icp-triage needs {found.head}. "
                "Upgrade it with `icp-triage db upgrade` (or start with `icp-triage serve --migrate`) "
                "once every older replica is stopped"
            )
        command.upgrade(_alembic(connection), "head")
        return SchemaState(state(connection).current, found.head)


def upgrade_to(engine: Engine, revision: str) -> None:
    """Upgrade to ``revision`` exactly (tests build an old schema with it)."""
    with engine.begin() as connection:
        command.upgrade(_alembic(connection), revision)
