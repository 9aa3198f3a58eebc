"""What every route reads: the service's config, the database, the metrics, the read side and
the clock, set once by ``create_app`` and handed to routes through ``Depends``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from icp_triage.service.metrics import Metrics
from icp_triage.service.readside import ReadSide
from icp_triage.service.settings import ServiceConfig


@dataclass(frozen=True)
class AppState:
    service: ServiceConfig
    engine: Engine
    metrics: Metrics
    readside: ReadSide
    clock: Callable[[], float]


async def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.icp
    return state


State = Annotated[AppState, Depends(app_state)]
