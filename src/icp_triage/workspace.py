"""Wire config, accounts and requests together for the surfaces (CLI, Action, service).

Everything a command needs to call the core, loaded through the adapters with the
environment passed in, so surfaces stay thin and tests can hand in their own ``env``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.adapters.accounts import load_accounts
from icp_triage.adapters.base import (
    Clock,
    FileSelection,
    Progress,
    Selection,
    Sleep,
    Snapshot,
    Tagger,
    Tracker,
    UnavailableSelection,
    admitted,
    conventions_for,
    open_tracker,
    original_of,
)
from icp_triage.config.loader import LoadedConfig, load_config, run_date, today_from
from icp_triage.config.schema import Config, Source
from icp_triage.core.backlog import Backlog
from icp_triage.core.duplicates import with_duplicates
from icp_triage.core.models import Account, RequestLike
from icp_triage.core.ranking import rank
from icp_triage.errors import ConfigError, DataError
from icp_triage.tag_run import TagRun, offline, preview

if TYPE_CHECKING:
    from icp_triage.core.backlog import RankedItem, UnattributedItem
    from icp_triage.core.checks import ProfileCheck
    from icp_triage.core.fit import Fit
    from icp_triage.core.tags import Tags


@dataclass
class Workspace:
    """The loaded config and accounts, and the tracker ``source:`` names, opened on first use.

    ``clock`` and ``sleep`` reach the tracker's client (tests record rate-limit waits);
    ``tracker`` may be set beforehand (tests hand in ``tests/fakes/tracker.py``)."""

    loaded: LoadedConfig
    accounts: list[Account]
    tracker: Tracker | None = field(default=None, repr=False)
    clock: Clock | None = field(default=None, repr=False)
    sleep: Sleep | None = field(default=None, repr=False)
    sleep_on_limit: bool = field(default=True, repr=False)  # False: a rate limit raises RetryLater
    notice: Progress | None = field(default=None, repr=False)  # told of each wait, when no progress is
    today: date | None = None  # the date profile.triggers are judged on (None: the clock's, each time)
    _by_key: Tracker | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        return self.loaded.config

    def rank(
        self, requests: Sequence[RequestLike], *, orgs_by_login: Mapping[str, list[str]] | None = None
    ) -> Backlog:
        config = self.loaded.config
        return rank(
            requests,
            self.accounts,
            config.profile,
            attribution=config.attribution,
            ranking=config.ranking,
            planning=config.planning,
            orgs_by_login=orgs_by_login,
            conventions=conventions_for(self.selection()),
            today=self.today or run_date(),
        )

    def check_profile(self, fits: Mapping[str, Fit]) -> ProfileCheck:
        """``core.checks.check_profile`` of the accounts, with GitHub's login syntax for the
        accounts' ``github_logins`` and ``github_orgs`` (those name GitHub accounts whatever
        ``source:`` says)."""
        from icp_triage.adapters.github.names import is_login
        from icp_triage.core.checks import check_profile

        return check_profile(self.accounts, fits, self.config.profile, is_login=is_login)

    def file_requests(self, explicit: Path | None) -> Sequence[RequestLike]:
        """Requests from ``--input``, else from ``source: {file: ...}``; else a ConfigError."""
        # Imported here: its decoders serve request files, which the one-issue path never reads.
        from icp_triage.adapters.requests_file import FileSource

        if explicit is not None:
            return FileSource(explicit).backlog()
        source = self.loaded.config.source
        if source is not None and source.file is not None:
            path = self.loaded.resolve(source.file)
            if not path.exists():
                raise ConfigError(
                    f"{path}: file not found; {self.loaded.path} reads requests from it "
                    "(source: file). Export your requests there (docs/reference/files.md), set "
                    "source: github or jira, or pass --input FILE"
                )
            return FileSource(path).backlog()
        raise ConfigError(
            f"{self.loaded.path}: source: no request file to read; pass --input FILE "
            "or set source: {file: requests.json}"
        )

    def selection(self) -> Selection | None:
        """The configured ``source:`` as its adapter's own selection; None when there is none."""
        return self.selection_of(self.loaded.config.source)

    def selection_of(self, source: Source | None) -> Selection | None:
        """``source`` (the configured one, or one of ``service.sources``) as its adapter's own
        selection, with this config's paths and attribution settings; None for no source."""
        if source is None:
            return None
        if source.file is not None:
            return FileSelection(self.loaded.resolve(source.file))
        if source.github is not None:
            from icp_triage.adapters.github.selection import GithubSelection

            return GithubSelection.of(source.github)
        if source.jira is not None:
            from icp_triage.adapters.jira.sync import JiraSelection

            attribution = self.config.attribution
            return JiraSelection.of(
                source.jira, form_field=attribution.form_field, votes=attribution.jira_votes
            )
        return UnavailableSelection("unknown")

    def open_tracker(
        self,
        env: Mapping[str, str],
        *,
        cache: Path | None = None,
        progress: Progress | None = None,
        part: Selection | None = None,
    ) -> Tracker:
        """The configured tracker, or ``part`` of it (opened once, no request yet); ConfigError
        when no ``source:`` is configured or it cannot be opened (no token, say)."""
        if self.tracker is None:
            if (selection := part or self.selection()) is None:
                raise ConfigError(f"{self.loaded.path}: source: no tracker configured")
            self.tracker = self._open(selection, env, cache=cache, progress=progress)
        return self.tracker

    def _open(
        self, selection: Selection, env: Mapping[str, str], *, cache: Path | None, progress: Progress | None
    ) -> Tracker:
        return open_tracker(
            selection,
            env=env,
            cache_dir=cache,
            progress=progress or self.notice,
            tag_prefix=self.config.tagging.prefix,
            clock=self.clock,
            sleep=self.sleep,
            config_label=str(self.loaded.path),
            sleep_on_limit=self.sleep_on_limit,
        )

    def requests(
        self,
        explicit: Path | None,
        *,
        env: Mapping[str, str],
        cache: Path | None = None,
        refresh: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> Sequence[RequestLike]:
        """Requests from ``--input`` or the configured source (file, GitHub or Jira).

        Tracker reads go through the adapter's cache (``cache`` or the user cache dir);
        ``refresh`` ignores it.
        """
        source = self.loaded.config.source
        if explicit is not None or source is None or source.file is not None:
            return self.file_requests(explicit)
        tracker = self.open_tracker(env, cache=cache, progress=progress)
        return tracker.source.backlog(refresh=refresh, progress=progress)

    def _github_tracker(self, env: Mapping[str, str], *, cache: Path | None) -> Tracker:
        """The configured tracker when it is GitHub, else one reading GitHub by key only, which
        ``github_orgs`` and tagging a file's ``owner/repo#N`` keys need whatever ``source:`` says."""
        selection = self.selection()
        if selection is not None and selection.kind == "github":
            return self.open_tracker(env, cache=cache)
        if self._by_key is None:
            from icp_triage.adapters.github.selection import GithubSelection

            self._by_key = self._open(GithubSelection(repos=()), env, cache=cache, progress=None)
        return self._by_key

    def github_orgs(
        self, requests: Sequence[RequestLike], *, env: Mapping[str, str], cache: Path | None = None
    ) -> dict[str, list[str]] | None:
        """Public org memberships for ``attribution.github_orgs: true``, else None."""
        if not self.loaded.config.attribution.github_orgs:
            return None
        from icp_triage.adapters.github.tracker import GithubSource as GithubRequests

        source = self._github_tracker(env, cache=cache).source
        assert isinstance(source, GithubRequests)
        return source.orgs(requests, self.accounts)

    def desired_tags(
        self, backlog: Backlog, item: RankedItem | UnattributedItem, *, rank: int | None = None
    ) -> Tags:
        """The labels, comment and fields ``item`` of ``backlog`` (its ICP tiers) should carry
        under ``tagging``; ``rank`` is its place in the whole backlog, when ranked with it."""
        from icp_triage.core.tags import desired_tags

        config = self.config
        jira = config.source.jira if config.source is not None else None
        return desired_tags(
            item,
            config.tagging,
            icp_tiers=backlog.icp_tiers,
            # Jira holds the customer in the source's customer_field (none: no field to fill in)
            form_field=jira.customer_field if jira is not None else config.attribution.form_field,
            field_hint=conventions_for(self.selection()).field_hint,
            label_prefix=config.attribution.label_prefix,
            trailer=config.attribution.trailer,
            value_disclosed=self._value_disclosed(),
            rank=rank,
        )

    def _value_disclosed(self) -> bool:
        """ICP value scales with ARR under ``weight_by: arr``: a tracker gets it only under ``disclose: full``."""
        return self.config.tagging.disclose == "full" or self.config.ranking.weight_by == "accounts"

    def tracker_check(self, env: Mapping[str, str]) -> list[tuple[str, bool]]:
        """``check``'s lines on the tracker, (text, is a warning): Jira's field ids and JQL count."""
        if (selection := self.selection()) is None or selection.kind != "jira":
            return []
        from icp_triage.adapters.jira.tracker import JiraRequests

        source = self.open_tracker(env).source
        assert isinstance(source, JiraRequests)
        users = any(a.jira_users for a in self.accounts)
        return source.check(accounts_list_jira_users=users, value_written=self._value_disclosed())

    def _tagger(self, tracker: Tracker) -> Tagger:
        if tracker.tagger is None:
            raise ConfigError(f"{self.loaded.path}: source.{tracker.source.kind}: cannot be tagged")
        return tracker.tagger

    def only_check(self, key: str) -> Callable[[RequestLike], None] | None:
        """``tag --only``'s selection check (``adapters.github.selection.only_check``); None
        without a GitHub source, where tagging says itself what it needs."""
        selection = self.selection()
        if selection is None or selection.kind != "github":
            return None
        from icp_triage.adapters.github.selection import GithubSelection, only_check

        assert isinstance(selection, GithubSelection)
        return only_check(selection, key)

    def tag_issue(
        self,
        key: str,
        *,
        env: Mapping[str, str],
        dry_run: bool = False,
        echo: Callable[[str], None] | None = None,
        cache: Path | None = None,
        mark: Callable[[str], None] | None = None,
        admit: Callable[[RequestLike], None] | None = None,
    ) -> TagRun:
        """Read one issue with its duplicates (GitHub: 1 request, 2 with duplicates), rank them,
        write what changed; a duplicate's original is tagged instead (``original_of``). ``mark``
        is told as each stage ends; ``admit`` may stop it before any write (``admitted``)."""
        stage = mark or (lambda _stage: None)
        tracker = self._tagging_tracker(env, cache=cache, explicit=True)
        tagger = self._tagger(tracker)
        snapshot = original_of(tracker.source, tracker.source.read(key))
        stage("the issue read (the first request)")
        if admit is not None:
            admitted(snapshot, admit)
        current = [snapshot.request, *snapshot.duplicates]
        backlog = self.rank(current, orgs_by_login=self.github_orgs(current, env=env, cache=cache))
        item = backlog.item(snapshot.request.key)
        assert item is not None  # every ranked request lands in one of the lists
        writes = tagger.plan([(snapshot, self.desired_tags(backlog, item))], settings=self.config.tagging)
        stage("ranking it and planning the writes")
        dry_run = dry_run or self.config.tagging.dry_run
        tagger.apply(writes, dry_run=dry_run, echo=echo)
        stage(f"{len(writes)} write(s){' (dry run: none made)' if dry_run and writes else ''}")
        return TagRun(
            issues=[snapshot.request.key],
            writes=writes,
            backlog=backlog,
            dry_run=dry_run,
            requests=tagger.requests,
            read=tuple(current),
            tracker_name=tracker.source.name,
        )

    def _tagging_tracker(
        self, env: Mapping[str, str], *, cache: Path | None, explicit: bool, progress: Progress | None = None
    ) -> Tracker:
        """The tracker that tags: the configured one when it can be written to; for requests
        named outside it (``--input``, ``--only``), GitHub, where their keys point."""
        if self.tracker is not None and self.tracker.tagger is not None:
            return self.tracker
        selection = self.selection()
        if selection is not None and not isinstance(selection, FileSelection):
            return self.open_tracker(env, cache=cache, progress=progress)
        if not explicit:
            raise ConfigError(
                f"{self.loaded.path}: tag writes to GitHub issues: set source: {{github: {{repo: owner/name}}}} "
                "(or pass --input FILE with requests keyed owner/repo#N)"
            )
        return self._github_tracker(env, cache=cache)

    def tag_backlog(
        self,
        explicit: Path | None,
        *,
        env: Mapping[str, str],
        only: str | None = None,
        dry_run: bool = False,
        echo: Callable[[str], None] | None = None,
        cache: Path | None = None,
        refresh: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> TagRun:
        """Tag every issue of the configured backlog (synced through the cache), or of
        ``explicit``, a request export whose issues' current labels and comments are read
        fresh (1 request each). ConfigError when neither names issues a tracker can tag."""
        if explicit is not None and (dry_run or self.config.tagging.dry_run) and offline(self, env):
            return preview(self, explicit, env=env, only=only, echo=echo)  # no token: nothing read
        tracker = self._tagging_tracker(env, cache=cache, explicit=explicit is not None, progress=progress)
        tagger = self._tagger(tracker)
        if explicit is not None:
            ranked_from = self.requests(explicit, env=env)
            missing = f"{explicit}: no request with key {only}"
        else:
            ranked_from = tracker.source.backlog(refresh=refresh, progress=progress)
            missing = f"{only}: not in the configured {tracker.source.name} backlog"
        if only is not None:  # the one request, and the duplicates whose demand counts for it
            ranked_from = with_duplicates(ranked_from, only)
            if not ranked_from:
                raise DataError(missing)
        backlog = self.rank(ranked_from, orgs_by_login=self.github_orgs(ranked_from, env=env, cache=cache))
        chosen = [r for r in ranked_from if only in (None, r.key) and not backlog.duplicates.is_folded(r.key)]
        current: list[Snapshot]
        if explicit is not None:  # planned as a backlog (extras dropped): the same reads as for a synced one
            current = [Snapshot(tracker.source.read(r.key).request) for r in chosen]
        else:
            current = [Snapshot(r) for r in chosen]
        pairs = []
        # A board sorted by this number reads as the ranked report: ranked, opportunistic, unknown fit.
        # ``--only`` ranks one request alone, where every place would be 1: then none is given.
        github = self.config.source.github if self.config.source is not None else None
        boards = github is not None and github.project is not None and not self._value_disclosed()
        whole = backlog.scored() if boards and only is None else []
        places = {i.key: n for n, i in enumerate(whole, start=1)}
        for snapshot in current:
            item = backlog.item(snapshot.request.key)
            if item is None:
                raise DataError(f"{snapshot.request.key}: not in the ranked backlog")
            pairs.append((snapshot, self.desired_tags(backlog, item, rank=places.get(snapshot.request.key))))
        writes = tagger.plan(pairs, settings=self.config.tagging)
        dry_run = dry_run or self.config.tagging.dry_run
        tagger.apply(writes, dry_run=dry_run, echo=echo, progress=progress)
        return TagRun(
            issues=[s.request.key for s in current],
            writes=writes,
            backlog=backlog,
            dry_run=dry_run,
            requests=tagger.requests,
            read=tuple(ranked_from),
            tracker_name=tracker.source.name,
        )


def open_workspace(
    config_path: Path | None,
    *,
    env: Mapping[str, str],
    cwd: Path | None = None,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    tracker: Tracker | None = None,
) -> Workspace:
    """Load the config, its accounts and the day (``ICP_TRIAGE_TODAY``, else the clock's); raises
    ConfigError or DataError (exit 2). ``clock``, ``sleep`` and ``tracker``: as the Workspace's."""
    loaded = load_config(config_path, cwd=cwd)
    accounts_path = loaded.resolve(loaded.config.accounts) if loaded.config.accounts else None
    accounts = load_accounts(accounts_path, env=env, config_label=str(loaded.path))
    return Workspace(loaded, accounts, tracker=tracker, clock=clock, sleep=sleep, today=today_from(env))
