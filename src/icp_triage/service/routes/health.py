"""Is it up (``/healthz``: the process answers), is it ready (``/readyz``: the database answers
within a second, at the schema this version needs, and some worker makes progress while work
is due), and how is it doing (``/metrics``, Prometheus)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from icp_triage.core.untrusted import one_line
from icp_triage.service import schema
from icp_triage.service.metrics import CONTENT_TYPE
from icp_triage.service.progress import stalled
from icp_triage.service.routes.state import State
from icp_triage.service.store import SQLITE_BUSY_MS, is_postgres, reading

router = APIRouter()
PROBE_SECONDS = 1.0


@router.get("/healthz")
async def healthz() -> Response:
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
async def readyz(state: State) -> Response:
    limits = state.service.settings.limits

    def probe() -> tuple[schema.SchemaState, str | None]:
        with reading(state.engine) as connection:
            if not is_postgres(state.engine):  # a locked file answers "busy" now, not in 30 s
                connection.exec_driver_sql(f"PRAGMA busy_timeout={int(PROBE_SECONDS * 500)}")
            try:
                found = schema.state(connection)
                stuck = (
                    stalled(connection, now=state.clock(), stall=limits.stall_seconds)
                    if found.is_current
                    else None
                )
            finally:
                if not is_postgres(state.engine):
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            return found, stuck

    try:
        found, stuck = await asyncio.wait_for(run_in_threadpool(probe), PROBE_SECONDS)
    except TimeoutError:
        return _unavailable({"database": f"no answer within {PROBE_SECONDS:g} s (locked or away)"})
    except Exception as exc:
        return _unavailable({"database": f"{type(exc).__name__}: {one_line(str(exc))[:200]}"})
    if not found.is_current:
        return _unavailable({"schema": found.current, "needs": found.head})
    if stuck is not None:
        return _unavailable({"workers": stuck})
    return JSONResponse({"status": "ok", "schema": found.current})


def _unavailable(cause: dict[str, str | None]) -> Response:
    return JSONResponse({"status": "unavailable", **cause}, status_code=503)


@router.get("/metrics")
async def prometheus(state: State) -> Response:
    return Response(await run_in_threadpool(state.metrics.render), media_type=CONTENT_TYPE)
