"""What a job does, by tracker: re-evaluate and tag one request, or sync a whole source.

A dispatch keyed by tracker kind. GitHub runs the Action's per-issue flow
(``Workspace.tag_issue``: one read, only the writes that change something) under a token
or a GitHub App installation token; Jira the same way under the JIRA_* credentials.
A tracker's rate limit is never slept in a worker: the client raises ``RetryLater``
(``sleep_on_limit=False``), as does any other wait longer than ``limits.max_wait``, and the
worker pauses that tracker for every worker and requeues the job.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from icp_triage.adapters.github.app_auth import AppCredentials
from icp_triage.core.models import RawRequest, RequestLike
from icp_triage.errors import ConfigError, RequestGone, RetryLater, WritesPaused
from icp_triage.service.metrics import Metrics
from icp_triage.service.queue import Job
from icp_triage.service.settings import ServedSource, ServiceConfig
from icp_triage.workspace import Workspace

LONG_INLINE_WAIT = 1.5  # seconds: shorter waits are write spacing, not rate limits


class Permanent(Exception):
    """Retrying cannot help (no handler for the tracker, the request is gone): park at once."""


@dataclass(frozen=True)
class Outcome:
    writes: int
    tracker_requests: int


Handler = Callable[[Job, ServedSource], tuple[Outcome, Sequence[RequestLike]]]


class Processor:
    """Runs jobs and syncs for the workers; one per process, shared by its worker threads."""

    def __init__(self, service: ServiceConfig, metrics: Metrics, *, cache_dir: Path | None = None) -> None:
        self.service = service
        self.metrics = metrics
        self.cache_dir = cache_dir
        self.github = AppCredentials(service.env)
        self.handlers: dict[str, Handler] = {"github": self._github_job, "jira": self._jira_job}

    def sleeper(self, tracker: str) -> Callable[[float], None]:
        max_wait = self.service.settings.limits.max_wait

        def sleep(seconds: float) -> None:
            if seconds > max_wait:  # counted where it is handled (the worker pauses the tracker)
                raise RetryLater(
                    f"{tracker} asked to wait {seconds:.0f} s (an outage or a limit)", seconds=seconds
                )
            if seconds > LONG_INLINE_WAIT:
                self.metrics.rate_limit_waits.labels(tracker).inc()
                self.metrics.rate_limit_seconds.labels(tracker).inc(seconds)
            time.sleep(seconds)

        return sleep

    def process(self, job: Job) -> tuple[Outcome, Sequence[RequestLike]]:
        """Evaluate and tag the job's request; the requests read, for the live backlog."""
        handler = self.handlers.get(job.tracker)
        if handler is None:
            raise Permanent(f"no handler for {job.tracker} deliveries")
        try:
            served = self.service.source(job.source)
        except ConfigError:
            raise Permanent(f"the source {job.source} is no longer configured") from None
        return handler(job, served)

    def workspace(self, served: ServedSource) -> Workspace:
        """A fresh workspace for one job on ``served``: its own tracker (a token per GitHub App
        installation), rate limits raised as RetryLater, waits through ``sleeper``."""
        return dataclasses.replace(
            self.service.workspace_for(served), sleep=self.sleeper(served.kind), sleep_on_limit=False
        )

    def _github_job(self, job: Job, served: ServedSource) -> tuple[Outcome, Sequence[RequestLike]]:
        """Under the token, or the installation token of the App installation the delivery
        came from."""
        repo = job.request_key.rpartition("#")[0]
        return self._tag(job, served, self.github.env_for(job.installation_id, repo))

    def _jira_job(self, job: Job, served: ServedSource) -> tuple[Outcome, Sequence[RequestLike]]:
        """Under the Jira credentials of the service's environment."""
        return self._tag(job, served, self.service.env)

    def _tag(
        self, job: Job, served: ServedSource, env: Mapping[str, str]
    ) -> tuple[Outcome, Sequence[RequestLike]]:
        """The Action's per-issue flow through the tracker seam, whatever the tracker: what
        no retry can mend parks the delivery at once, a spent write budget requeues it."""
        workspace = self.workspace(served)
        try:
            run = workspace.tag_issue(job.request_key, env=env, cache=self.cache_dir)
        except RequestGone as exc:
            raise Permanent(str(exc)) from None
        except ConfigError as exc:  # settings or credentials: parked until someone mends them
            raise Permanent(f"{exc}; once that is fixed, retry it (POST /deliveries/{{id}}/retry)") from None
        except WritesPaused as exc:  # the write budget of this machine's ledger
            wait = max(1.0, (exc.resume_at or time.time() + 60) - time.time())
            raise RetryLater(
                f"the {served.kind} write budget of this machine is spent; writes resume in {wait:.0f} s",
                seconds=wait,
            ) from None
        self.metrics.tracker_requests.labels(served.kind).inc(run.requests)
        return Outcome(len(run.writes), run.requests), run.read

    def sync(self, served: ServedSource) -> list[RawRequest] | None:
        """Every request of the source, read afresh; None when this source cannot be synced."""
        source = served.source
        if source.file is not None:
            loaded = self.service.workspace.loaded
            return [
                RawRequest.from_request(r)
                for r in self.service.workspace.file_requests(loaded.resolve(source.file))
            ]
        if source.github is not None:
            env = self.github.env_for(None, source.github.all_repos[0])
            tracker = self.workspace(served).open_tracker(env, cache=self.cache_dir)
            return [RawRequest.from_request(r) for r in tracker.source.backlog(refresh=True)]
        if source.jira is not None:
            tracker = self.workspace(served).open_tracker(self.service.env, cache=self.cache_dir)
            return [RawRequest.from_request(r) for r in tracker.source.backlog()]  # incremental: Jira's cache
        return None

    @staticmethod
    def sync_every(served: ServedSource) -> float | None:
        """Seconds between full syncs of the source (the first runs at once); None: never
        (``refresh_days: 0``: the backlog holds what webhooks brought)."""
        if served.source.github is not None:
            days = served.source.github.refresh_days
            return days * 86400 if days > 0 else None
        if served.source.jira is not None:
            days = served.source.jira.refresh_days
            return days * 86400 if days > 0 else None
        if served.source.file is not None:
            return 60.0
        return None
