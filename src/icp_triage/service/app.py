"""The HTTP surface: the app, its lifespan, and the routers of ``service.routes`` (webhooks in,
the backlog out, sign-in, admin and health endpoints), which read what they share from
``AppState`` through ``Depends``."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from icp_triage.service.metrics import Metrics
from icp_triage.service.readside import ReadSide
from icp_triage.service.routes import admin, backlog, health, session, webhooks
from icp_triage.service.routes.state import AppState
from icp_triage.service.routes.tokens import SignInRequired
from icp_triage.service.settings import ServiceConfig


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
    app.state.icp = AppState(
        service=service,
        engine=engine,
        metrics=metrics or Metrics(engine, clock),
        readside=ReadSide(service, engine, clock),
        clock=clock,
    )
    app.add_exception_handler(SignInRequired, session.sign_in_page)
    for routes in (webhooks, backlog, session, admin, health):
        app.include_router(routes.router)
    return app
