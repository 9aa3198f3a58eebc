"""What every route reads: the service's config, the database, the metrics, the read side and
the clock, set once by ``create_app`` and handed to routes through ``Depends``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from icp_triage.service.metrics import Metrics
from icp_triage.service.readside import ReadSide
from icp_triage.service.settings import ServiceConfig


@dataclass
class Bodies:
    """Webhook bodies being read now (one event loop counts them, so no lock)."""

    pending: int = 0


@dataclass(frozen=True)
class AppState:
    service: ServiceConfig
    engine: Engine
    metrics: Metrics
    readside: ReadSide
    clock: Callable[[], float]
    bodies: Bodies = field(default_factory=Bodies)


async def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.icp
    return state


State = Annotated[AppState, Depends(app_state)]
