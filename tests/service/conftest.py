"""Fixtures for the service: a fresh database per test on SQLite and on the real PostgreSQL.

PostgreSQL comes from ``ICP_TRIAGE_TEST_POSTGRES_URL`` (``.ci/run`` sets it). When it is unset
or unreachable the PostgreSQL half skips with the reason, except under ``CI=true`` or
``ICP_TRIAGE_REQUIRE_ALL=1``, where it fails: CI must never pass without the database.
Each PostgreSQL test gets its own schema (through ``search_path`` in the URL, so child
processes land in it too), dropped afterwards.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip(
    "sqlalchemy", reason="the service extra is not installed: uv pip install -e '.[dev,service]'"
)

POSTGRES_ENV = "ICP_TRIAGE_TEST_POSTGRES_URL"


def required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("ICP_TRIAGE_REQUIRE_ALL") == "1"


def _unavailable(reason: str) -> None:
    if required():
        pytest.fail(f"{reason} (CI=true or ICP_TRIAGE_REQUIRE_ALL=1: PostgreSQL tests must run)")
    pytest.skip(reason)


def postgres_base() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        _unavailable(f"{POSTGRES_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a schema of their own, dropped after the test."""
    from sqlalchemy import create_engine, text

    base = postgres_base()
    schema = f"icp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin.dispose()
        _unavailable(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {type(exc).__name__}: {exc}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={urllib.parse.quote(f'-csearch_path={schema}')}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(database_url: str) -> Iterator[object]:
    from icp_triage.service.schema import ensure_schema
    from icp_triage.service.store import make_engine

    made = make_engine(database_url)
    ensure_schema(made)
    yield made
    made.dispose()


@pytest.fixture
def make_app(tmp_path: Path, database_url: str):
    """``make_app(**checkout)`` -> (TestClient, ServiceConfig, engine) on this test's database."""
    from service_harness import env, write_checkout
    from starlette.testclient import TestClient

    from icp_triage.service.app import create_app
    from icp_triage.service.schema import ensure_schema
    from icp_triage.service.settings import load_service
    from icp_triage.service.store import make_engine

    made: list[object] = []

    def build(extra_env: dict[str, str] | None = None, **checkout: str):
        config = write_checkout(tmp_path / "checkout", **checkout)
        cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}  # the write ledger, per test
        service = load_service(config, env=env(database_url, **cache, **(extra_env or {})))
        engine = make_engine(service.database_url)
        ensure_schema(engine)
        made.append(engine)
        client = TestClient(create_app(service, engine))
        return client, service, engine

    yield build
    for engine in made:
        engine.dispose()  # type: ignore[attr-defined]
