"""What a job does: re-evaluate and tag one request, or sync a whole source.

Whatever the tracker, a job runs the Action's per-issue flow (``Workspace.tag_issue``: one
read, only the writes that change something) under the credentials the tracker gives
(``adapters.dialect.credentials_for``: a token or a GitHub App installation token, the
JIRA_* variables), and a sync reads the backlog as the source's selection says
(``Selection.resync``).
A tracker's rate limit is never slept in a worker: the client raises ``RetryLater``
(``sleep_on_limit=False``) and the worker pauses that tracker for every worker and requeues
the job; any other wait longer than ``limits.max_wait`` ends the try as what the client
said it waited for (``Waits``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from icp_triage.adapters.dialect import DELIVERING, Credentials, credentials_for
from icp_triage.core.models import RawRequest, RequestLike
from icp_triage.errors import ConfigError, OutsideSelection, RequestGone, RetryLater, WritesPaused
from icp_triage.service import write_budget
from icp_triage.service.failures import Permanent, TrackerTrouble, kind_of_notice
from icp_triage.service.metrics import Metrics
from icp_triage.service.queue import Job
from icp_triage.service.settings import ServedSource, ServiceConfig
from icp_triage.workspace import Workspace

__all__ = ["JobCounts", "LeftBacklog", "Permanent", "Processor", "Waits"]
LONG_INLINE_WAIT = 1.5  # seconds: shorter waits are write spacing, not rate limits


class LeftBacklog(Exception):
    """The request, read fresh, is no longer in its source's backlog (closed, relabelled):
    nothing to tag, and the live backlog forgets it (``key``: as read, where the delivery
    named it otherwise, by an id)."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class Waits:
    """One job's waits: short ones slept inline, a longer one ends the try.

    A client says why before it sleeps (its notice: "no answer (ConnectionError ...)",
    "status 502"); a retry that would wait longer than ``max_wait`` raises ``TrackerTrouble``
    named after that (``unreachable``, ``server error``), a try that failed. A long wait with
    no notice is the write budget's spacing: ``RetryLater``, a pause.
    """

    def __init__(self, tracker: str, max_wait: float, metrics: Metrics) -> None:
        self.tracker = tracker
        self.max_wait = max_wait
        self.metrics = metrics
        self.last: str | None = None

    def notice(self, text: str) -> None:
        self.last = text

    def sleep(self, seconds: float) -> None:
        said, self.last = self.last, None
        if not seconds <= self.max_wait:  # nan too
            if said is not None:
                raise TrackerTrouble(kind_of_notice(said), said)
            raise RetryLater(f"the {self.tracker} write budget asks to wait {seconds:.0f} s", seconds=seconds)
        if seconds > LONG_INLINE_WAIT and said is not None and kind_of_notice(said) == "rate limited":
            self.metrics.rate_limit_waits.labels(self.tracker).inc()
            self.metrics.rate_limit_seconds.labels(self.tracker).inc(seconds)
        time.sleep(seconds)


@dataclass(frozen=True)
class JobCounts:
    """What one job did: the writes it made, and the tracker requests they took."""

    writes: int
    tracker_requests: int


def _admit(served: ServedSource) -> Callable[[RequestLike], None]:
    """Stop a job before any write when the request, as read, has left the backlog."""

    def admit(request: RequestLike) -> None:
        membership = served.selection.selects(request)
        if membership.member is False:  # None: only the tracker can tell (Jira's JQL)
            raise LeftBacklog(
                f"{request.key} left the backlog of {served.name}: {membership.reason}", key=request.key
            )

    return admit


class Processor:
    """Runs jobs and syncs for the workers; one per process, shared by its worker threads."""

    def __init__(
        self,
        service: ServiceConfig,
        metrics: Metrics,
        *,
        cache_dir: Path | None = None,
        engine: Engine | None = None,
    ) -> None:
        self.service = service
        self.metrics = metrics
        self.cache_dir = cache_dir
        self.engine = engine  # where the write budget every replica shares is kept (None: not shared)
        # one per tracker kind, made here: a GitHub App's installation tokens are cached in it
        self.credentials: dict[str, Credentials] = {
            kind: credentials_for(kind, service.env)
            for kind in {*DELIVERING, *(s.kind for s in service.sources)}
        }

    def process(self, job: Job) -> tuple[JobCounts, Sequence[RequestLike]]:
        """Evaluate and tag the job's request; the requests read, for the live backlog."""
        if job.tracker not in DELIVERING:
            raise Permanent(f"no handler for {job.tracker} deliveries")
        try:
            served = self.service.source(job.source)
        except ConfigError:
            raise Permanent(f"the source {job.source} is no longer configured") from None
        env = self.credentials[job.tracker].for_request(job.request_key, job.installation_id)
        reservation = self._reserve(job)
        written: int | None = None
        try:
            counts, read = self._tag(job, served, env)
            written = counts.writes
            return counts, read
        except LeftBacklog:  # stopped before any write
            written = 0
            raise
        finally:  # after a failure the reservation stands: some of its writes may have gone
            if reservation is not None and written is not None and self.engine is not None:
                with contextlib.suppress(Exception):  # a reservation left as it is only errs safe
                    write_budget.settle(self.engine, reservation, written)

    def _reserve(self, job: Job) -> write_budget.Reservation | None:
        """Reserve the job's writes in the write budget every replica shares (the tracker's
        ``write_quota``); a short wait for room is slept, a longer one hands the job back."""
        quota = self.credentials[job.tracker].write_quota(job.request_key, job.installation_id)
        if quota is None or self.engine is None:
            return None
        max_wait = self.service.settings.limits.max_wait
        wait = 0.0
        for _ in range(3):
            got = write_budget.reserve(self.engine, quota)
            if isinstance(got, write_budget.Reservation):
                return got
            wait = got
            if wait > max_wait:
                break
            time.sleep(wait + 0.05)
        raise RetryLater(
            f"the {job.tracker} write budget of {quota.name}, shared by every replica "
            f"({quota.per_minute} a minute, {quota.per_hour} an hour), is spent; writes resume in {wait:.0f} s",
            seconds=max(1.0, wait),
        )

    def workspace(self, served: ServedSource) -> Workspace:
        """A fresh workspace for one job on ``served``: its own tracker (a token per GitHub App
        installation), rate limits raised as RetryLater, waits through a ``Waits`` of its own."""
        waits = Waits(served.kind, self.service.settings.limits.max_wait, self.metrics)
        return dataclasses.replace(
            self.service.workspace_for(served), sleep=waits.sleep, notice=waits.notice, sleep_on_limit=False
        )

    def _tag(
        self, job: Job, served: ServedSource, env: Mapping[str, str]
    ) -> tuple[JobCounts, Sequence[RequestLike]]:
        """The Action's per-issue flow through the tracker seam, whatever the tracker: what
        no retry can mend parks the delivery at once, a spent write budget requeues it."""
        workspace = self.workspace(served)
        try:
            run = workspace.tag_issue(job.request_key, env=env, cache=self.cache_dir, admit=_admit(served))
        except RequestGone:
            raise  # named "gone" and parked at once (``failures.name``)
        except OutsideSelection as exc:  # the tracker read it outside the selection (Jira: the JQL)
            raise LeftBacklog(str(exc), key=exc.key) from None
        except ConfigError as exc:  # settings or credentials: parked until someone mends them
            raise Permanent(f"{exc}; once that is fixed, retry it (POST /deliveries/{{id}}/retry)") from None
        except WritesPaused as exc:  # the write budget of this machine's ledger
            wait = max(1.0, (exc.resume_at or time.time() + 60) - time.time())
            raise RetryLater(
                f"the {served.kind} write budget of this machine is spent; writes resume in {wait:.0f} s",
                seconds=wait,
            ) from None
        self.metrics.tracker_requests.labels(served.kind).inc(run.requests)
        return JobCounts(len(run.writes), run.requests), run.read

    def sync(self, served: ServedSource) -> list[RawRequest] | None:
        """Every request of the source, read as its selection says (afresh, or through the
        adapter's incremental sync); None when this source is never synced."""
        resync = served.selection.resync
        if resync is None:
            return None
        read: list[RawRequest] = []
        for part, env in self.credentials[served.kind].for_backlog(served.selection):
            workspace = self.workspace(served)
            tracker = workspace.open_tracker(env, cache=self.cache_dir, part=part)
            read.extend(RawRequest.from_request(r) for r in tracker.source.backlog(refresh=resync.refresh))
        return read

    @staticmethod
    def sync_every(served: ServedSource) -> float | None:
        """Seconds between full syncs of the source (the first runs at once); None: never
        (``refresh_days: 0``: the backlog holds what webhooks brought)."""
        resync = served.selection.resync
        return resync.every if resync is not None else None
