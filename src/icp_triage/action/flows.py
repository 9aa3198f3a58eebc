"""The Action's two jobs: tag one issue, and rank the backlog into the job summary.

Both go through the GitHub adapter (``adapters.github``) and the pure tagging core
(``core.tagging``) exactly as ``icp-triage tag`` and ``rank`` do; this module only decides
what to read, what to print and what to output. Untrusted issue text reaches stdout only
inside ``Runner.verbatim`` blocks, and the job summary only through the escaping Markdown
renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.action.commands import Runner
from icp_triage.action.events import RankBacklog, TagIssue
from icp_triage.action.settings import ActionSettings
from icp_triage.config.schema import GithubSource
from icp_triage.core.models import RawRequest
from icp_triage.core.ranking import Backlog, RankedItem, UnattributedItem
from icp_triage.errors import ConfigError, StoreError, TriageError
from icp_triage.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from icp_triage.adapters.github import GithubSession
    from icp_triage.core.tagging import Tags

OpenSession = Callable[..., "GithubSession"]

Values = dict[str, str]


def open_action_workspace(settings: ActionSettings, *, env: Mapping[str, str], cwd: Path) -> Workspace:
    """The config and accounts; a missing config says how to add one, on the Action's terms."""
    if not settings.config.is_file():
        raise ConfigError(
            f"{_shown(settings.config, cwd)}: no such file. Commit your icp.yml there (`icp-triage init` "
            "writes a starter), or set the action's `config` input to its path",
        )
    return open_workspace(settings.config, env=env, cwd=cwd)


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(path)


def is_permission_error(exc: TriageError) -> bool:
    """True when GitHub refused with 403 for lack of permission (not a rate limit)."""
    from icp_triage.adapters.github import GithubPermissionError

    return isinstance(exc, GithubPermissionError)


def _session(env: Mapping[str, str], workspace: Workspace, open_session: OpenSession | None) -> GithubSession:
    """The adapter's session (client and sync cache); no request yet."""
    from icp_triage.adapters.github import GithubSession

    source = workspace.config.source
    max_wait = source.github.max_wait if source is not None and source.github is not None else 900.0
    return (open_session or GithubSession.open)(env, max_wait=max_wait)


def _backlog_source(workspace: Workspace, repository: str | None) -> GithubSource | None:
    """The configured GitHub source; without a ``source:`` in icp.yml, this repository's open
    issues; None when the config names a file (ranked from the file instead)."""
    source = workspace.config.source
    if source is not None and source.github is not None:
        return source.github
    if source is not None:
        return None
    if repository is None:
        raise ConfigError("GITHUB_REPOSITORY is not set and icp.yml has no source: to rank")
    return GithubSource(repo=repository)


def _outside_selection(workspace: Workspace, decision: TagIssue) -> str | None:
    """Why the issue is outside the configured backlog (a label or state filter), else None.

    Read from the payload, so an issue that is not a feature request costs no API call.
    """
    source = workspace.config.source
    github = source.github if source is not None else None
    if github is None:
        return None
    state = str(decision.issue.get("state") or "open").lower()
    if github.state != "all" and state != github.state:
        return f"it is {state} and the backlog holds {github.state} issues (source.github.state)"
    if github.labels:
        names = {
            str(x.get("name", "")).casefold()
            for x in decision.issue.get("labels") or []
            if isinstance(x, dict)
        }
        if not names & {x.casefold() for x in github.labels}:
            return f"it has none of the labels {', '.join(github.labels)} (source.github.labels)"
    return None


def _orgs(
    session: GithubSession, workspace: Workspace, requests: Sequence[RawRequest]
) -> dict[str, list[str]] | None:
    """Public org memberships for ``attribution.github_orgs: true`` (cached), else None."""
    if not workspace.config.attribution.github_orgs:
        return None
    return session.orgs(requests, workspace.accounts)


def _tags(item: RankedItem | UnattributedItem, workspace: Workspace) -> Tags:
    from icp_triage.core.tagging import desired_tags

    config = workspace.config
    return desired_tags(
        item,
        config.tagging,
        icp_tiers=config.profile.icp_tiers,
        form_field=config.attribution.form_field,
        label_prefix=config.attribution.label_prefix,
        trailer=config.attribution.trailer,
    )


def tag_issue(
    decision: TagIssue,
    workspace: Workspace,
    settings: ActionSettings,
    *,
    runner: Runner,
    env: Mapping[str, str],
    open_session: OpenSession | None = None,
) -> Values:
    """Evaluate one issue and bring its labels and comment up to date; the outputs.

    One GraphQL read (the issue, its comments, reactions and our labels in the repository),
    then only the writes that change something.
    """
    from icp_triage.adapters.github import apply_writes, plan_issue

    key = f"{decision.repo}#{decision.number}"
    outside = _outside_selection(workspace, decision)
    if outside:
        runner.notice(f"{key} is not in the backlog icp.yml selects, so it is not tagged: {outside}.")
        return {}
    tagging = workspace.config.tagging
    session = _session(env, workspace, open_session)
    snapshot = session.issue(decision.repo, decision.number, label_prefix=tagging.prefix)
    request = snapshot.request
    backlog = workspace.rank([request], orgs_by_login=_orgs(session, workspace, [request]))
    item = backlog.item(request.key)
    assert item is not None  # rank() files every request in one of its lists
    writes = plan_issue(snapshot, _tags(item, workspace), settings=tagging)
    dry_run = settings.dry_run or tagging.dry_run
    with runner.verbatim():
        apply_writes(session.client, writes, dry_run=dry_run, echo=runner.echo)
    values = _item_values(item)
    verb = "would make" if dry_run else "made"
    runner.log(
        f"{key} ({decision.trigger}): class {values['class']}, best requester tier {values['tier'] or 'none'}; "
        f"{verb} {len(writes)} write{'s' if len(writes) != 1 else ''}; {session.client.requests} API request"
        f"{'s' if session.client.requests != 1 else ''} in all."
    )
    return values


def _item_values(item: RankedItem | UnattributedItem) -> Values:
    from icp_triage.action.run import format_value

    if isinstance(item, UnattributedItem):
        return {"class": "unattributed", "tier": "", "icp-value": "0"}
    return {"class": item.klass, "tier": item.best_tier or "", "icp-value": format_value(item.icp_value)}


def rank_backlog(
    decision: RankBacklog,
    workspace: Workspace,
    settings: ActionSettings,
    *,
    runner: Runner,
    env: Mapping[str, str],
    open_session: OpenSession | None = None,
) -> Values:
    """Rank the whole backlog (the adapter's cached sync), write the Markdown report to a file
    and the job summary; with ``decision.tag`` also tag every issue in it."""
    source = _backlog_source(workspace, settings.repository)
    session = None
    if source is None:
        requests = workspace.requests(None, env=env)
        backlog = workspace.rank(requests)
    else:
        session = _session(env, workspace, open_session)
        requests = session.backlog(source)
        backlog = workspace.rank(requests, orgs_by_login=_orgs(session, workspace, requests))
    markdown = _report(backlog, workspace)
    _write_report(settings.report, markdown)
    in_summary = runner.append_summary(markdown)
    runner.log(
        f"Ranked {len(requests)} requests ({decision.trigger}): {len(backlog.ranked)} ranked, "
        f"{len(backlog.opportunistic)} opportunistic, {len(backlog.unattributed)} unattributed. "
        f"Report: {settings.report}" + ("; also in the job summary." if in_summary else ".")
    )
    if decision.tag:
        if session is None:
            raise ConfigError("mode tag: tagging the backlog needs source: github in icp.yml (or no source)")
        _tag_backlog(session, backlog, requests, workspace, settings, runner=runner)
    return {"report": str(settings.report)}


def _report(backlog: Backlog, workspace: Workspace) -> str:
    """The job summary: account names only with ``tagging.disclose: full``, since a public
    repository's run summaries are public like its issues."""
    from icp_triage.reports.markdown import backlog_markdown
    from icp_triage.reports.story import headline

    names = workspace.config.tagging.disclose == "full"
    return backlog_markdown(backlog, names=names, headline=headline(backlog))


def _write_report(path: Path, markdown: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the report ({exc.strerror})") from None


def _tag_backlog(
    session: GithubSession,
    backlog: Backlog,
    requests: Sequence[RawRequest],
    workspace: Workspace,
    settings: ActionSettings,
    *,
    runner: Runner,
) -> None:
    from icp_triage.adapters.github import apply_writes, plan_backlog

    tagging = workspace.config.tagging
    items: dict[str, RankedItem | UnattributedItem] = {
        i.key: i for i in backlog.ranked + backlog.opportunistic
    }
    items.update((i.key, i) for i in backlog.unattributed)
    pairs = [(r, _tags(items[r.key], workspace)) for r in requests if r.key in items]
    writes = plan_backlog(session.client, pairs, settings=tagging)
    dry_run = settings.dry_run or tagging.dry_run
    with runner.verbatim():
        apply_writes(session.client, writes, dry_run=dry_run, echo=runner.echo)
    runner.log(f"Tagging the backlog: {'would make' if dry_run else 'made'} {len(writes)} writes.")
