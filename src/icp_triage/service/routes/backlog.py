"""The live backlog, read: as ``rank --format json``, one request explained, a sprint plan,
and the HTML report. A token sees everything; without one, only where ``public_read:
tier-only`` allows it, and then the redacted view (``service.readside``).

Each route asks for the reader first and the source second, so a caller without a token
learns nothing, not even which sources exist; parameters are checked after both.
"""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from icp_triage.errors import ConfigError
from icp_triage.service.routes.state import State
from icp_triage.service.routes.tokens import PageReader, Reader

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store"}
YES = ("1", "true", "yes")


async def source_name(state: State, source: Annotated[str | None, Query()] = None) -> str:
    """The served source ``?source=`` names (the first when absent); 404 for one not served."""
    try:
        return state.service.source(source).name
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from None


async def sprint_capacity(capacity: Annotated[str, Query()] = "") -> float:
    """``?capacity=``, in story points: a positive finite number, or 400 saying what to give."""
    try:
        points = float(capacity)
    except ValueError:
        raise HTTPException(
            400, "capacity: give the sprint's capacity in story points, e.g. /plan?capacity=20"
        ) from None
    if not points > 0 or points == float("inf"):
        raise HTTPException(400, "capacity: must be a positive number of story points")
    return points


SourceName = Annotated[str, Depends(source_name)]
Capacity = Annotated[float, Depends(sprint_capacity)]


@router.get("/backlog")
async def backlog(who: Reader, name: SourceName, state: State) -> Response:
    data = await run_in_threadpool(state.readside.backlog_dict, name, full=who.full)
    return JSONResponse(data, headers=NO_STORE)


@router.get("/requests/{key:path}")
async def explain(key: str, who: Reader, name: SourceName, state: State) -> Response:
    data = await run_in_threadpool(state.readside.explain, name, key, full=who.full)
    if data is None:
        raise HTTPException(404, f"{key}: no such request in {name}")
    return JSONResponse(data, headers=NO_STORE)


@router.get("/plan")
async def plan(
    who: Reader,
    name: SourceName,
    capacity: Capacity,
    state: State,
    include_opportunistic: Annotated[str | None, Query()] = None,
) -> Response:
    data = await run_in_threadpool(
        state.readside.plan, name, capacity, full=who.full, include_opportunistic=include_opportunistic in YES
    )
    return JSONResponse(data, headers=NO_STORE)


@router.get("/trend")
async def trend(who: Reader, name: SourceName, state: State) -> Response:
    """The source's daily snapshots: class counts, demand and shares (tier-only without a token)."""
    snapshots = await run_in_threadpool(state.readside.trend, name, full=who.full)
    return JSONResponse({"source": name, "snapshots": snapshots}, headers=NO_STORE)


@router.get("/")
async def report(who: PageReader, name: SourceName, state: State) -> Response:
    """The HTML report with a bar to switch sources; a browser without a token gets the form."""
    page = await run_in_threadpool(state.readside.html, name, full=who.full)
    links = " · ".join(
        f"<b>{html.escape(s.name)}</b>"
        if s.name == name
        else f'<a href="/?source={html.escape(s.name)}">{html.escape(s.name)}</a>'
        for s in state.service.sources
    )
    view = "" if who.full else " · tier-only view"
    nav = f'<nav class="sources">Source: {links}{view}</nav>'
    return HTMLResponse(page.replace("<body>", f"<body>\n{nav}", 1), headers=NO_STORE)
