"""The Action's two jobs: tag one issue, and rank the backlog into the job summary.

Both are the workspace's own operations (``Workspace.tag_issue``, ``tag_backlog``,
``requests`` and ``rank``, the same ones ``icp-triage tag`` and ``rank`` use); this module
decides which to call for an event, what to print, and what to output. Untrusted issue text
reaches stdout only inside ``Runner.verbatim`` blocks, and the job summary only through the
escaping Markdown renderer.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from icp_triage.action.commands import Runner
from icp_triage.action.events import RankBacklog, TagIssue
from icp_triage.action.settings import ActionSettings
from icp_triage.action.timing import Mark
from icp_triage.adapters.base import Clock, Sleep
from icp_triage.config.schema import GithubSource, Source
from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem
from icp_triage.errors import ConfigError, PermissionDenied, StoreError, TriageError
from icp_triage.workspace import Workspace, open_workspace

Values = dict[str, str]


def open_action_workspace(
    settings: ActionSettings,
    *,
    env: Mapping[str, str],
    cwd: Path,
    notice: Callable[[str], None] | None = None,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    mark: Mark | None = None,
) -> Workspace:
    """The config and accounts, with this repository as the backlog when icp.yml names no
    ``source:`` (the Action runs in the repository it ranks).

    The tracker is opened here (no request yet) so that rate-limit waits reach ``notice``;
    ``clock`` and ``sleep`` go to its client (tests record waits instead of sleeping).
    Raises ConfigError naming the ``config`` input when the file is
    missing, or when no token is set for a GitHub source.
    """
    if not settings.config.is_file():
        raise ConfigError(
            f"{_shown(settings.config, cwd)}: no such file. Commit your icp.yml there (`icp-triage init` "
            "writes a starter), or set the action's `config` input to its path",
        )
    workspace = open_workspace(settings.config, env=env, cwd=cwd)
    if mark:
        mark("icp.yml and the accounts")
    if workspace.config.source is None and settings.repository:
        config = workspace.config.model_copy(
            update={"source": Source(github=GithubSource(repo=settings.repository))}
        )
        workspace.loaded = dataclasses.replace(workspace.loaded, config=config)
    workspace.clock, workspace.sleep = clock, sleep
    if workspace.config.source is not None:
        workspace.open_tracker(env, progress=notice)
        if mark:
            mark("the GitHub client (PyGithub imported, no request yet)")
    return workspace


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(path)


def is_permission_error(exc: TriageError) -> bool:
    """True when the tracker refused for lack of permission (GitHub's 403 that is not a rate limit)."""
    return isinstance(exc, PermissionDenied)


def _outside_selection(
    workspace: Workspace, decision: TagIssue, key: str, env: Mapping[str, str]
) -> str | None:
    """The notice when the issue is not known to be in the configured backlog (another
    repository, a state, label or query filter it fails, or a query the payload cannot
    decide), else None.

    Read from the payload, so an issue that is not a feature request costs no API call.
    """
    request = decision.change.request
    if workspace.config.source is None or request is None:
        return None
    found = workspace.open_tracker(env).source.selects(request)
    if found.member is None:
        return (
            f"{key} may not be in the backlog icp.yml selects, so it is not tagged (a wrong public "
            f"label is worse than a missing one): {found.reason}. A scheduled run with mode: tag "
            "tags it if the search finds it."
        )
    return (
        None
        if found.member
        else f"{key} is not in the backlog icp.yml selects, so it is not tagged: {found.reason}."
    )


def warn_about_config(workspace: Workspace, backlog: Backlog, runner: Runner) -> None:
    """Warnings on the icp.yml lines of criteria that can never count: no account has the
    attribute (a misspelt column, usually), or no account meets it; of anti signals on an
    attribute no account has, which can never trigger; and the backlog's notes
    on how it was ranked (``weight_by: arr`` with no ARR at all)."""
    loaded = workspace.loaded
    check = workspace.check_profile(backlog.fits)
    missing = set(check.missing_attributes)
    for i, criterion in enumerate(workspace.config.profile.criteria):
        line = loaded.line_of("profile", "criteria", i)
        if criterion.attribute in missing:
            message = (
                f"profile.criteria[{i}]: no account has a value for '{criterion.attribute}', so this "
                "criterion never counts; check the accounts' column names"
            )
        elif any(label.startswith(f"criteria[{i}] ") for label in check.dead_criteria):
            message = f"profile.criteria[{i}]: no account meets this criterion on '{criterion.attribute}'"
        else:
            continue
        runner.warning(message, file=str(loaded.path), line=line)
    for i, signal in enumerate(workspace.config.profile.anti):
        if signal.attribute in missing:  # a misspelt column: the signal never disqualifies anyone
            message = (
                f"profile.anti[{i}]: no account has a value for '{signal.attribute}', so this anti "
                "signal never triggers; check the accounts' column names"
            )
            runner.warning(message, file=str(loaded.path), line=loaded.line_of("profile", "anti", i))
    for note in backlog.notes:
        runner.warning(note, file=str(loaded.path), line=loaded.line_of("ranking", "weight_by"))


@contextmanager
def _plain_lines(runner: Runner) -> Iterator[Callable[[str], None]]:
    """An ``echo`` whose lines are printed afterwards in one ``verbatim`` block, even when the
    work fails half-way; meanwhile annotations (a rate-limit wait) still reach the runner."""
    lines: list[str] = []
    try:
        yield lines.append
    finally:
        if lines:
            with runner.verbatim():
                for line in lines:
                    runner.echo(line)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def tag_issue(
    decision: TagIssue,
    workspace: Workspace,
    settings: ActionSettings,
    *,
    runner: Runner,
    mark: Mark | None = None,
) -> Values:
    """Evaluate one issue and bring its labels and comment up to date; the outputs.

    One GraphQL read (the issue, its comments, reactions and our labels in the repository),
    then only the writes that change something; never a backlog sync.
    """
    change = decision.change
    key = change.key
    source = workspace.config.source
    if source is not None and source.jira is not None:
        runner.notice(
            f"{key}: icp.yml reads feature requests from Jira (source: jira), so GitHub issues are not "
            "tagged; the schedule and workflow_dispatch events rank the Jira backlog."
        )
        return {}
    own = change.own_write(prefix=workspace.config.tagging.prefix)
    if own:
        runner.notice(own)
        return {}
    outside = _outside_selection(workspace, decision, key, runner.env)
    if outside:
        runner.notice(outside)
        return {}
    with _plain_lines(runner) as echo:
        run = workspace.tag_issue(key, env=runner.env, dry_run=settings.dry_run, echo=echo, mark=mark)
    item = run.backlog.item(run.issues[0])
    assert item is not None  # rank() files every request in one of its lists
    warn_about_config(workspace, run.backlog, runner)
    values = _item_values(item)
    requests = run.requests
    runner.log(
        f"{key} ({change.trigger}): class {values['class']}, best requester tier {values['tier'] or 'none'}; "
        f"{'would make' if run.dry_run else 'made'} {_plural(len(run.writes), 'write')}; "
        f"{_plural(requests, 'API request')} in all."
    )
    return values


def format_value(value: float) -> str:
    """A number for an output: plain decimals, at most two places, no exponent."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _item_values(item: RankedItem | UnattributedItem) -> Values:
    if isinstance(item, UnattributedItem):
        return {"class": item.klass, "tier": "", "icp-value": "0"}
    return {"class": item.klass, "tier": item.best_tier or "", "icp-value": format_value(item.icp_value)}


def rank_backlog(
    decision: RankBacklog, workspace: Workspace, settings: ActionSettings, *, runner: Runner
) -> Values:
    """Rank the whole backlog (the adapter's cached sync, or the configured request file),
    write the Markdown report to a file and the job summary; with ``decision.tag`` tag every
    issue in it on the way (``mode: tag``)."""
    env = runner.env
    if decision.tag:
        with _plain_lines(runner) as echo:
            run = workspace.tag_backlog(
                None, env=env, dry_run=settings.dry_run, echo=echo, progress=runner.log
            )
        backlog, count = run.backlog, len(run.issues)
        runner.log(
            f"Tagging {_plural(count, 'issue')}: {'would make' if run.dry_run else 'made'} "
            f"{_plural(len(run.writes), 'write')} on {_plural(run.touched, 'issue')}."
        )
    else:
        requests = workspace.requests(None, env=env)
        backlog, count = (
            workspace.rank(requests, orgs_by_login=workspace.github_orgs(requests, env=env)),
            len(requests),
        )
    warn_about_config(workspace, backlog, runner)
    from icp_triage.action.adherence import adherence_section

    shipped = adherence_section(workspace, run.read if decision.tag else requests, backlog)
    _write_report(settings.report, _report(backlog, workspace, whole=True) + shipped)
    in_summary = runner.append_summary(_report(backlog, workspace, whole=False) + shipped)
    runner.log(
        f"Ranked {_plural(count, 'request')} ({decision.trigger}): {len(backlog.ranked)} ranked, "
        f"{len(backlog.opportunistic)} opportunistic, {len(backlog.unknown_fit)} of unknown fit, "
        f"{len(backlog.unattributed)} unattributed. "
        f"Report: {settings.report}" + ("; also in the job summary." if in_summary else ".")
    )
    return {"report": str(settings.report)}


def _report(backlog: Backlog, workspace: Workspace, *, whole: bool) -> str:
    """The Markdown report: account names only with ``tagging.disclose: full``, since a public
    repository's run summaries are public like its issues.

    The job summary holds about 1 MB; the ``report`` file (an artifact, a wiki page) holds
    every ranked and opportunistic request, so the summary's note can send readers to it.
    """
    from icp_triage.reports import markdown
    from icp_triage.reports.story import headline

    names = workspace.config.tagging.disclose == "full"
    return markdown.backlog_markdown(
        backlog,
        names=names,
        headline=headline(backlog),
        max_bytes=sys.maxsize if whole else markdown.DEFAULT_MAX_BYTES,
        whole="the action's `report` file lists all",
    ) + _drift_section(backlog)


def _drift_section(backlog: Backlog) -> str:
    """The trend's verdict for the job summary: shares and periods only, never an account
    (the summary of a public repository is public); nothing when no request has a time."""
    from icp_triage.core.trend import trend
    from icp_triage.reports.trend_report import verdict_lines

    found = trend(backlog)
    if not found.periods:
        return ""
    lines = "\n".join(f"- {line}" for line in verdict_lines(found))
    return (
        f"\n### New demand over time (per {found.by})\n\n{lines}\n\n`icp-triage trend` shows each period.\n"
    )


def _write_report(path: Path, markdown: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the report ({exc.strerror})") from None
