"""Webhooks in: GitHub's and Jira's signed deliveries, answered fast.

The signature is computed on the raw body as it streams in and checked before anything is
parsed; an oversized body is refused before it is read whole, a body that trickles is cut
with 408 after ``limits.body_seconds``, and at most ``limits.pending_bodies`` bodies (not yet
authenticated) are read at once, the rest answered 503 at once. A signed payload that cannot
be stored as it is answers 4xx naming the problem. The only work before the answer is one
insert; everything else happens in the workers. Every answer is counted by tracker and status.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from icp_triage.adapters.dialect import dialect_for
from icp_triage.errors import StoreError
from icp_triage.service import queue
from icp_triage.service.intake import MAX_DELIVERY_ID, Unacceptable, github_delivery, jira_delivery
from icp_triage.service.queue import Incoming
from icp_triage.service.routes.body import Digests, TooLarge, TooSlow, streamed_body
from icp_triage.service.routes.state import AppState, State
from icp_triage.service.signatures import PREFIX, matches

router = APIRouter(prefix="/webhooks")
log = logging.getLogger("icp_triage.service")
CLOSE = {"Connection": "close"}

# (delivery id, payload, body SHA-256) -> what to queue, or why not
Decide = Callable[[str, Any, str], Incoming | str]


@dataclass(frozen=True)
class Sender:
    """How one tracker signs its deliveries and names them."""

    tracker: str
    signature_header: str
    id_header: str
    ping: tuple[str, str] | None = None  # (header, value) of the delivery a new webhook sends first


GITHUB = Sender("github", "x-hub-signature-256", "x-github-delivery", ping=("x-github-event", "ping"))
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
        lambda delivery, payload, sha: github_delivery(state.service, event, delivery, payload, sha),
    )


@router.post("/jira")
async def jira_webhook(request: Request, state: State) -> Response:
    return await _receive(
        JIRA,
        state.service.secrets.jira_webhook,
        request,
        state,
        lambda delivery, payload, sha: jira_delivery(state.service, delivery, payload, sha),
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


def _pong(sender: Sender) -> Response:
    """The answer to a new webhook's ping: the events this service acts on, as its tracker's
    dialect reads them, so whoever registers the webhook can pick exactly those."""
    dialect = dialect_for(sender.tracker)
    return JSONResponse(
        {
            "queued": False,
            "ping": True,
            "events": {name: list(actions) for name, actions in dialect.events.items()},
            "reason": f"ping received; icp-triage acts on {dialect.events_text()}",
        },
        status_code=200,
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parsed(body: bytes) -> Any:
    """Strict JSON: no NaN or Infinity, and nesting no deeper than the parser's recursion
    allows (a 400 naming it, not a 500)."""
    try:
        return json.loads(body, parse_constant=_no_constant)
    except RecursionError:
        raise HTTPException(400, "the body's JSON nests too deeply") from None
    except ValueError:
        raise HTTPException(400, "the body is not JSON") from None


async def _read(sender: Sender, secret: str, request: Request, state: AppState) -> tuple[bytes, Digests]:
    """The body, its HMAC and SHA-256 computed as it streamed in, within the limits of the
    module docstring."""
    limits = state.service.settings.limits
    if state.bodies.pending >= limits.pending_bodies:
        raise HTTPException(
            503,
            f"{limits.pending_bodies} webhook bodies are being read already "
            "(service.limits.pending_bodies); retry shortly",
            headers={**CLOSE, "Retry-After": "1"},
        )
    digests = Digests(secret.encode("utf-8"))
    state.bodies.pending += 1
    try:
        body = await streamed_body(
            request, limits.max_body_bytes, seconds=limits.body_seconds, digests=digests
        )
    except TooLarge:
        raise HTTPException(
            413,
            f"the body is over {limits.max_body_bytes} bytes (service.limits.max_body_bytes)",
            headers=CLOSE,
        ) from None
    except TooSlow:
        raise HTTPException(
            408,
            f"the body did not arrive within {limits.body_seconds:g} s (service.limits.body_seconds)",
            headers=CLOSE,
        ) from None
    finally:
        state.bodies.pending -= 1
    return body, digests


async def _answer(sender: Sender, secret: str, request: Request, state: AppState, decide: Decide) -> Response:
    body, digests = await _read(sender, secret, request, state)
    expected = PREFIX + digests.mac.hexdigest() if secret and digests.mac is not None else ""
    if not matches(expected, request.headers.get(sender.signature_header)):
        raise HTTPException(401, f"missing or wrong {sender.signature_header} signature")
    delivery = (request.headers.get(sender.id_header) or "").strip()
    if not delivery or len(delivery) > MAX_DELIVERY_ID:
        raise HTTPException(400, f"missing or overlong {sender.id_header} header")
    payload = _parsed(body)
    if sender.ping is not None and request.headers.get(sender.ping[0]) == sender.ping[1]:
        return _pong(sender)
    try:
        decided = decide(delivery, payload, digests.sha256.hexdigest())
    except Unacceptable as exc:
        raise HTTPException(422, str(exc)) from None
    if isinstance(decided, str):
        return JSONResponse({"queued": False, "reason": decided}, status_code=202)

    def store() -> int | None:
        with state.engine.begin() as connection:
            return queue.enqueue(connection, decided, now=state.clock())

    try:
        stored = await run_in_threadpool(store)
    except StoreError as exc:  # the database is gone or replaced: say so rather than lose it
        log.error("webhook %s %s not stored: %s", sender.tracker, delivery, exc)
        raise HTTPException(
            503, f"the delivery could not be stored: {exc}", headers={"Retry-After": "5"}
        ) from None
    if stored is None:
        return JSONResponse({"queued": False, "duplicate": True, "delivery": delivery}, status_code=200)
    return JSONResponse({"queued": True, "key": decided.request_key, "id": stored}, status_code=202)
