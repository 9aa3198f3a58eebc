"""Webhooks in: GitHub's and Jira's signed deliveries, answered fast.

The signature is checked on the raw body before anything is parsed, an oversized body is
refused before it is read whole, and the only work before the answer is one insert;
everything else happens in the workers. Every answer is counted by tracker and status.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from icp_triage.service import queue
from icp_triage.service.intake import github_delivery, jira_delivery
from icp_triage.service.queue import Incoming
from icp_triage.service.routes.body import bounded_body
from icp_triage.service.routes.state import AppState, State
from icp_triage.service.signatures import verify

router = APIRouter(prefix="/webhooks")
MAX_DELIVERY_ID = 200  # characters: the column's width

Decide = Callable[[str, Any], Incoming | str]  # (delivery id, payload) -> what to queue, or why not


@dataclass(frozen=True)
class Sender:
    """How one tracker signs its deliveries and names them."""

    tracker: str
    signature_header: str
    id_header: str


GITHUB = Sender("github", "x-hub-signature-256", "x-github-delivery")
JIRA = Sender("jira", "x-hub-signature", "x-atlassian-webhook-identifier")


@router.post("/github")
async def github_webhook(
    request: Request, state: State, x_github_event: Annotated[str | None, Header()] = None
) -> Response:
    event = x_github_event or ""
    return await _receive(
        GITHUB,
        state.service.secrets.github_webhook,
        request,
        state,
        lambda delivery, payload: github_delivery(state.service, event, delivery, payload),
    )


@router.post("/jira")
async def jira_webhook(request: Request, state: State) -> Response:
    return await _receive(
        JIRA,
        state.service.secrets.jira_webhook,
        request,
        state,
        lambda delivery, payload: jira_delivery(state.service, delivery, payload),
    )


async def _receive(
    sender: Sender, secret: str, request: Request, state: AppState, decide: Decide
) -> Response:
    counted = state.metrics.webhooks
    try:
        answer = await _answer(sender, secret, request, state, decide)
    except HTTPException as refused:
        counted.labels(sender.tracker, str(refused.status_code)).inc()
        raise
    counted.labels(sender.tracker, str(answer.status_code)).inc()
    return answer


async def _answer(sender: Sender, secret: str, request: Request, state: AppState, decide: Decide) -> Response:
    limit = state.service.settings.limits.max_body_bytes
    body = await bounded_body(request, limit)
    if body is None:
        raise HTTPException(
            413,
            f"the body is over {limit} bytes (service.limits.max_body_bytes)",
            headers={"Connection": "close"},
        )
    if not verify(secret, body, request.headers.get(sender.signature_header)):
        raise HTTPException(401, f"missing or wrong {sender.signature_header} signature")
    delivery = (request.headers.get(sender.id_header) or "").strip()
    if not delivery or len(delivery) > MAX_DELIVERY_ID:
        raise HTTPException(400, f"missing or overlong {sender.id_header} header")
    try:
        payload = json.loads(body)
    except ValueError:
        raise HTTPException(400, "the body is not JSON") from None
    decided = decide(delivery, payload)
    if isinstance(decided, str):
        return JSONResponse({"queued": False, "reason": decided}, status_code=202)

    def store() -> int | None:
        with state.engine.begin() as connection:
            return queue.enqueue(connection, decided, now=state.clock())

    stored = await run_in_threadpool(store)
    if stored is None:
        return JSONResponse({"queued": False, "duplicate": True, "delivery": delivery}, status_code=200)
    return JSONResponse({"queued": True, "key": decided.request_key, "id": stored}, status_code=202)
