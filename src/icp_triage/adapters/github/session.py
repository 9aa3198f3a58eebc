"""A client and its cache together, as the surfaces (CLI, Action) use them."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from icp_triage.adapters.github.backlog import fetch_backlog
from icp_triage.adapters.github.cache import CacheStore, default_cache_dir
from icp_triage.adapters.github.client import GithubClient, connect
from icp_triage.adapters.github.orgs import fetch_orgs, logins_to_look_up
from icp_triage.adapters.github.pacing import WriteBudget
from icp_triage.adapters.github.project_board import Board
from icp_triage.adapters.github.project_writes import ProjectWrite, apply_project
from icp_triage.adapters.github.reads import IssueSnapshot, Progress, fetch_issue
from icp_triage.adapters.github.selection import GithubSelection
from icp_triage.adapters.github.tagger import Echo, apply_writes
from icp_triage.adapters.github.writes import Write
from icp_triage.core.models import Account, RawRequest, RequestLike
from icp_triage.errors import StoreError

# The times of this host's recent writes, so that a re-run within the hour keeps to the
# hourly write budget the previous run used (secondary limits count per user, not per run).
WRITES_FILE = "writes.json"


@dataclass
class GithubSession:
    """One client (token, API bases, retry policy) and the cache for its host."""

    client: GithubClient
    store: CacheStore
    _ledger_read: bool = field(default=False, repr=False)

    @classmethod
    def open(
        cls,
        env: Mapping[str, str],
        *,
        max_wait: float = 900.0,
        cache_dir: Path | None = None,
        notice: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        sleep_on_limit: bool = True,
    ) -> GithubSession:
        """Connect (no request yet); ConfigError when no token is set."""
        client = connect(
            env, max_wait=max_wait, notice=notice, sleep=sleep, clock=clock, sleep_on_limit=sleep_on_limit
        )
        root = cache_dir if cache_dir is not None else default_cache_dir(env)
        return cls(client=client, store=CacheStore(root, host=client.host))

    def apply(
        self,
        writes: Sequence[Write],
        *,
        dry_run: bool = False,
        echo: Echo | None = None,
        progress: Echo | None = None,
    ) -> int:
        """``apply_writes`` within the write budget of this host's recent writes, kept in the
        cache; raises WriteBudgetSpent when the hourly budget runs out."""
        if dry_run or not writes:
            return apply_writes(self.client, writes, dry_run=dry_run, echo=echo)
        with self._ledger():
            return apply_writes(self.client, writes, echo=echo, progress=progress)

    def apply_project(self, board: Board, writes: Sequence[ProjectWrite], *, echo: Echo | None = None) -> int:
        """``project_writes.apply_project`` within the same write budget and ledger."""
        if not writes:
            return 0
        with self._ledger():
            return apply_project(self.client, board, writes, echo=echo)

    @contextlib.contextmanager
    def _ledger(self) -> Iterator[None]:
        """The client's write budget with this host's recent writes from the cache, saved back after."""
        if not self._ledger_read:  # once: later calls' writes are in the budget already
            recorded = self.store.load_json(WRITES_FILE).get("times")
            earlier = [t for t in recorded or [] if isinstance(t, (int, float))]
            budget = self.client.budget
            self.client.budget = WriteBudget(budget.limits, history=[*earlier, *budget.history])
            self._ledger_read = True
        try:
            yield
        finally:
            with contextlib.suppress(StoreError):  # a cache is never worth failing a run for
                self.store.save_json(WRITES_FILE, {"times": self.client.budget.history})

    def backlog(
        self, source: GithubSelection, *, refresh: bool = False, progress: Progress | None = None
    ) -> list[RawRequest]:
        """Every configured repository's requests, synced through the cache."""
        return fetch_backlog(self.client, source, store=self.store, refresh=refresh, progress=progress)

    def issue(self, repo: str, number: int, *, label_prefix: str = "icp") -> IssueSnapshot:
        """One issue, fresh, in one request (the Action's read)."""
        return fetch_issue(self.client, repo, number, label_prefix=label_prefix)

    def orgs(self, requests: Iterable[RequestLike], accounts: Sequence[Account]) -> dict[str, list[str]]:
        """Public org memberships of the authors no account lists by login (cached)."""
        return fetch_orgs(self.client, logins_to_look_up(requests, accounts), store=self.store)
