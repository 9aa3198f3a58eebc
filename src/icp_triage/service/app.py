"""The HTTP surface: webhooks in, the backlog out, admin and health endpoints.

Webhooks answer fast: the signature is checked on the raw body before anything is parsed,
an oversized body is refused before it is read whole, and the only work before the answer
is one insert. Everything else happens in the workers.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from icp_triage.errors import ConfigError
from icp_triage.service import queue, schema
from icp_triage.service.access import COOKIE, Access, access, login
from icp_triage.service.intake import github_delivery, jira_delivery
from icp_triage.service.metrics import CONTENT_TYPE, Metrics
from icp_triage.service.queue import Incoming
from icp_triage.service.readside import ReadSide
from icp_triage.service.settings import ServiceConfig
from icp_triage.service.signatures import verify


def _problem(status: int, detail: str, **headers: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers or None)


async def _body(request: Request, limit: int) -> bytes | None:
    """The raw body, or None once it is known to exceed ``limit`` (unread beyond that)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _iso(value: float | None) -> str | None:
    return None if value is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(value))


def create_app(
    service: ServiceConfig,
    engine: Any,
    *,
    clock: Callable[[], float] = time.time,
    on_start: Callable[[], None] | None = None,
    on_stop: Callable[[], None] | None = None,
    metrics: Metrics | None = None,
) -> FastAPI:
    """The app; ``on_start``/``on_stop`` run the workers with the server's lifespan."""
    metrics = metrics or Metrics(engine, clock)
    readside = ReadSide(service, engine)
    secrets = service.secrets
    limit = service.settings.limits.max_body_bytes

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if on_start is not None:
            on_start()
        try:
            yield
        finally:
            if on_stop is not None:
                await run_in_threadpool(on_stop)

    app = FastAPI(title="icp-triage", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.service, app.state.engine, app.state.metrics = service, engine, metrics

    def store(incoming: Incoming) -> int | None:
        with engine.begin() as connection:
            return queue.enqueue(connection, incoming, now=clock())

    async def intake(
        tracker: str, request: Request, secret: str, header: str, id_header: str, decide: Any
    ) -> Response:
        body = await _body(request, limit)
        if body is None:
            metrics.webhooks.labels(tracker, "413").inc()
            return _problem(
                413, f"the body is over {limit} bytes (service.limits.max_body_bytes)", Connection="close"
            )
        if not verify(secret, body, request.headers.get(header)):
            metrics.webhooks.labels(tracker, "401").inc()
            return _problem(401, f"missing or wrong {header} signature")
        delivery = (request.headers.get(id_header) or "").strip()
        if not delivery or len(delivery) > 200:
            metrics.webhooks.labels(tracker, "400").inc()
            return _problem(400, f"missing or overlong {id_header} header")
        try:
            payload = json.loads(body)
        except ValueError:
            metrics.webhooks.labels(tracker, "400").inc()
            return _problem(400, "the body is not JSON")
        decided = decide(delivery, payload)
        if isinstance(decided, str):
            metrics.webhooks.labels(tracker, "202").inc()
            return JSONResponse({"queued": False, "reason": decided}, status_code=202)
        stored = await run_in_threadpool(store, decided)
        if stored is None:
            metrics.webhooks.labels(tracker, "200").inc()
            return JSONResponse({"queued": False, "duplicate": True, "delivery": delivery}, status_code=200)
        metrics.webhooks.labels(tracker, "202").inc()
        return JSONResponse({"queued": True, "key": decided.request_key, "id": stored}, status_code=202)

    @app.post("/webhooks/github")
    async def github_webhook(request: Request) -> Response:
        event = request.headers.get("x-github-event") or ""
        return await intake(
            "github",
            request,
            secrets.github_webhook,
            "x-hub-signature-256",
            "x-github-delivery",
            lambda delivery, payload: github_delivery(service, event, delivery, payload),
        )

    @app.post("/webhooks/jira")
    async def jira_webhook(request: Request) -> Response:
        return await intake(
            "jira",
            request,
            secrets.jira_webhook,
            "x-hub-signature",
            "x-atlassian-webhook-identifier",
            lambda delivery, payload: jira_delivery(service, delivery, payload),
        )

    def reader(request: Request) -> Access | Response:
        who = access(request.headers, request.cookies, secrets)
        if who.full or (who is Access.anonymous and service.settings.public_read == "tier-only"):
            return who
        detail = (
            "wrong token" if who is Access.wrong else "a read token is needed (Authorization: Bearer ...)"
        )
        return _problem(401, detail, **{"WWW-Authenticate": "Bearer"})

    def source_name(request: Request) -> str | Response:
        try:
            return service.source(request.query_params.get("source")).name
        except ConfigError as exc:
            return _problem(404, str(exc))

    def guarded(request: Request) -> tuple[Access, str] | Response:
        who = reader(request)
        if isinstance(who, Response):
            return who
        name = source_name(request)
        return name if isinstance(name, Response) else (who, name)

    @app.get("/backlog")
    async def backlog(request: Request) -> Response:
        got = guarded(request)
        if isinstance(got, Response):
            return got
        who, name = got
        data = await run_in_threadpool(readside.backlog_dict, name, full=who.full)
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    @app.get("/requests/{key:path}")
    async def explain(request: Request, key: str) -> Response:
        got = guarded(request)
        if isinstance(got, Response):
            return got
        who, name = got
        data = await run_in_threadpool(readside.explain, name, key, full=who.full)
        if data is None:
            return _problem(404, f"{key}: no such request in {name}")
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    @app.get("/plan")
    async def plan(request: Request) -> Response:
        got = guarded(request)
        if isinstance(got, Response):
            return got
        who, name = got
        try:
            capacity = float(request.query_params.get("capacity", ""))
        except ValueError:
            return _problem(
                400, "capacity: give the sprint's capacity in story points, e.g. /plan?capacity=20"
            )
        if not capacity > 0 or capacity == float("inf"):
            return _problem(400, "capacity: must be a positive number of story points")
        extra = request.query_params.get("include_opportunistic") in ("1", "true", "yes")
        data = await run_in_threadpool(
            readside.plan, name, capacity, full=who.full, include_opportunistic=extra
        )
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    @app.get("/")
    async def report(request: Request) -> Response:
        who = reader(request)
        if isinstance(who, Response):
            return HTMLResponse(
                _login_page(wrong=access(request.headers, request.cookies, secrets) is Access.wrong), 401
            )
        name = source_name(request)
        if isinstance(name, Response):
            return name
        page = await run_in_threadpool(readside.html, name, full=who.full)
        links = " · ".join(
            f"<b>{html.escape(s.name)}</b>"
            if s.name == name
            else f'<a href="/?source={html.escape(s.name)}">{html.escape(s.name)}</a>'
            for s in service.sources
        )
        view = "" if who.full else " · tier-only view"
        nav = f'<nav class="sources">Source: {links}{view}</nav>'
        return HTMLResponse(
            page.replace("<body>", f"<body>\n{nav}", 1), headers={"Cache-Control": "no-store"}
        )

    @app.post("/login")
    async def do_login(request: Request) -> Response:
        from urllib.parse import parse_qs

        body = await _body(request, 4096) or b""
        token = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0]
        cookie = login(token, secrets)
        if cookie is None:
            return HTMLResponse(_login_page(wrong=True), 401)
        answer = RedirectResponse("/", status_code=303)
        answer.set_cookie(
            COOKIE, cookie, httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
        return answer

    @app.post("/logout")
    async def do_logout() -> Response:
        answer = RedirectResponse("/", status_code=303)
        answer.delete_cookie(COOKIE)
        return answer

    def admin(request: Request) -> Response | None:
        who = access(request.headers, request.cookies, secrets)
        if who is Access.admin:
            return None
        if who is Access.read:
            return _problem(403, "the admin token is needed (ICP_TRIAGE_ADMIN_TOKEN)")
        return _problem(
            401, "the admin token is needed (Authorization: Bearer ...)", **{"WWW-Authenticate": "Bearer"}
        )

    @app.get("/deliveries")
    async def deliveries(request: Request) -> Response:
        refused = admin(request)
        if refused is not None:
            return refused
        status = request.query_params.get("status")
        if status is not None and status not in queue.STATUSES:
            return _problem(400, f"status: one of {', '.join(queue.STATUSES)}")

        def rows() -> list[dict[str, Any]]:
            with engine.begin() as connection:
                found = queue.listing(connection, status=status)
            for row in found:
                for name in ("available_at", "lease_until", "received_at", "finished_at"):
                    row[name] = _iso(row[name])
            return found

        return JSONResponse({"deliveries": await run_in_threadpool(rows)})

    @app.post("/deliveries/{delivery}/retry")
    async def retry(request: Request, delivery: int) -> Response:
        refused = admin(request)
        if refused is not None:
            return refused

        def again() -> str | None:
            with engine.begin() as connection:
                return queue.retry(connection, delivery, now=clock())

        was = await run_in_threadpool(again)
        if was is None:
            return _problem(404, f"no delivery {delivery}")
        if was != "failed":
            return _problem(409, f"delivery {delivery} is {was}, not failed: nothing to retry")
        return JSONResponse({"id": delivery, "status": "queued"}, status_code=202)

    @app.get("/healthz")
    async def healthz() -> Response:
        return JSONResponse({"status": "ok"})

    @app.get("/readyz")
    async def readyz() -> Response:
        def probe() -> schema.SchemaState:
            with engine.begin() as connection:
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

    @app.get("/metrics")
    async def prometheus() -> Response:
        return Response(await run_in_threadpool(metrics.render), media_type=CONTENT_TYPE)

    return app


def _login_page(*, wrong: bool) -> str:
    note = "<p><b>That token is not valid.</b></p>" if wrong else ""
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>icp-triage: sign in</title></head>"
        "<body><h1>icp-triage</h1><p>The backlog names customer accounts: sign in with the read token "
        f"(ICP_TRIAGE_READ_TOKEN).</p>{note}<form method=post action=/login>"
        "<input type=password name=token autocomplete=off aria-label=token> <button>Sign in</button></form></body></html>"
    )
