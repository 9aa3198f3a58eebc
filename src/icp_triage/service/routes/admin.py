"""The admin's view of the delivery queue: what is waiting, done or parked, and a retry for a
parked delivery once its cause is mended, and the trackers paused by a rate limit, with a way
to end a pause. Every route needs the admin token."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from icp_triage.service import pauses, queue
from icp_triage.service.routes.state import State
from icp_triage.service.routes.tokens import Admin, AdminDelivery
from icp_triage.service.store import reading

router = APIRouter()
TIMES = ("available_at", "lease_until", "received_at", "finished_at")


def _iso(value: float | None) -> str | None:
    return None if value is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(value))


async def delivery_status(status: Annotated[str | None, Query()] = None) -> str | None:
    """``?status=``: one of the queue's statuses, or absent for all."""
    if status is not None and status not in queue.STATUSES:
        raise HTTPException(400, f"status: one of {', '.join(queue.STATUSES)}")
    return status


@router.get("/deliveries")
async def deliveries(
    _admin: Admin, status: Annotated[str | None, Depends(delivery_status)], state: State
) -> Response:
    def rows() -> list[dict[str, Any]]:
        with reading(state.engine) as connection:
            found = queue.listing(connection, status=status)
        for row in found:
            for name in TIMES:
                row[name] = _iso(row[name])
        return found

    return JSONResponse({"deliveries": await run_in_threadpool(rows)})


@router.post("/deliveries/{delivery}/retry")
async def retry(delivery: AdminDelivery, state: State) -> Response:
    def again() -> str | None:
        with state.engine.begin() as connection:
            return queue.retry(connection, delivery, now=state.clock())

    was = await run_in_threadpool(again)
    if was is None:
        raise HTTPException(404, f"no delivery {delivery}")
    if was != "failed":
        raise HTTPException(409, f"delivery {delivery} is {was}, not failed: nothing to retry")
    return JSONResponse({"id": delivery, "status": "queued"}, status_code=202)


@router.get("/admin/pauses")
async def paused(_admin: Admin, state: State) -> Response:
    """The trackers every worker leaves alone for now (a rate limit), until when and why."""

    def rows() -> list[dict[str, Any]]:
        with reading(state.engine) as connection:
            found = pauses.pauses(connection, now=state.clock())
        return [{**row, "until": _iso(row["until"])} for row in found]

    return JSONResponse({"pauses": await run_in_threadpool(rows)})


@router.delete("/admin/pauses/{tracker}")
async def end_pause(tracker: str, _admin: Admin, state: State) -> Response:
    """End a tracker's pause now (a limit lifted early, or a pause an operator knows is wrong)."""

    def clear() -> bool:
        with state.engine.begin() as connection:
            return pauses.unpause(connection, tracker[:16])

    if not await run_in_threadpool(clear):
        raise HTTPException(404, f"{tracker[:16]!r} is not paused")
    return JSONResponse({"tracker": tracker[:16], "paused": False})
