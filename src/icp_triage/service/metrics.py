"""Prometheus metrics: the queue from the database (shared by every replica), and this
process's processing latency, tracker requests and rate-limit waits.

One registry per app, so several apps in one process (tests) never collide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from icp_triage.service import queue
from icp_triage.service.store import deliveries, reading

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _QueueCollector:
    """Read at scrape time: deliveries by status, and the queue's depth and oldest age."""

    def __init__(self, engine: Engine, clock: Any) -> None:
        self.engine = engine
        self.clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with reading(self.engine) as connection:
            counts = queue.counts(connection)
            oldest = connection.execute(
                select(func.min(deliveries.c.received_at)).where(
                    deliveries.c.status.in_(("queued", "processing"))
                )
            ).scalar()
        by_status = GaugeMetricFamily(
            "icp_triage_deliveries", "Webhook deliveries stored, by status.", labels=["status"]
        )
        for status, count in counts.items():
            by_status.add_metric([status], count)
        yield by_status
        yield GaugeMetricFamily(
            "icp_triage_queue_depth",
            "Deliveries waiting or being processed.",
            value=counts["queued"] + counts["processing"],
        )
        yield GaugeMetricFamily(
            "icp_triage_queue_oldest_seconds",
            "Age of the oldest delivery not yet done (waiting, deferred or being processed; "
            "0 when none): it grows while that delivery waits, whatever happens to it meanwhile.",
            value=max(0.0, self.clock() - oldest) if oldest is not None else 0.0,
        )


class Metrics:
    def __init__(self, engine: Engine, clock: Any) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_QueueCollector(engine, clock))
        self.processing = Histogram(
            "icp_triage_processing_seconds",
            "Time to evaluate and tag one request (one job), by tracker and outcome.",
            ["tracker", "outcome"],
            registry=self.registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
        )
        self.latency = Histogram(
            "icp_triage_delivery_latency_seconds",
            "Time from a delivery's receipt to its request being tagged.",
            ["tracker"],
            registry=self.registry,
            buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600),
        )
        self.tracker_requests = Counter(
            "icp_triage_tracker_requests",
            "Requests made to a tracker's API.",
            ["tracker"],
            registry=self.registry,
        )
        self.rate_limit_waits = Counter(
            "icp_triage_rate_limit_waits",
            "Waits for a tracker's rate limit.",
            ["tracker"],
            registry=self.registry,
        )
        self.rate_limit_seconds = Counter(
            "icp_triage_rate_limit_wait_seconds",
            "Seconds waited (inline or as a pause of every worker) for rate limits.",
            ["tracker"],
            registry=self.registry,
        )
        self.bookkeeping_errors = Counter(
            "icp_triage_bookkeeping_errors",
            "Failures to record a job's end in the database (each retried until it lands).",
            registry=self.registry,
        )
        self.webhooks = Counter(
            "icp_triage_webhooks",
            "Webhook requests answered, by tracker and status code.",
            ["tracker", "code"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
