"""Is it up (``/healthz``: the process answers), is it ready (``/readyz``: the database answers
at the schema this version needs), and how is it doing (``/metrics``, Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from icp_triage.service import schema
from icp_triage.service.metrics import CONTENT_TYPE
from icp_triage.service.routes.state import State
from icp_triage.service.store import reading

router = APIRouter()


@router.get("/healthz")
async def healthz() -> Response:
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
async def readyz(state: State) -> Response:
    def probe() -> schema.SchemaState:
        with reading(state.engine) as connection:
            return schema.state(connection)

    try:
        found = await run_in_threadpool(probe)
    except Exception as exc:
        return JSONResponse({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
    if not found.is_current:
        return JSONResponse(
            {"status": "unavailable", "schema": found.current, "needs": found.head}, status_code=503
        )
    return JSONResponse({"status": "ok", "schema": found.current})


@router.get("/metrics")
async def prometheus(state: State) -> Response:
    return Response(await run_in_threadpool(state.metrics.render), media_type=CONTENT_TYPE)
