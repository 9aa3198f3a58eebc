"""Apply planned tag writes through PyGithub's REST objects, or print them (``--dry-run``).

The plan is ``writes.plan_writes``; this module only knows URLs and
PyGithub calls. Labels are added with POST and removed one by one with DELETE rather than
replaced with PUT: the request bodies then hold only our own labels (never a foreign
``customer:<account>`` label, so nothing that names an account is written), and a label
someone adds while we run is not lost. Writes are paced by the client's write budget
(``pacing``); an issue's writes start only when all of them fit in this hour's budget, so a
run that stops for the hourly limit leaves no issue half-tagged.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from icp_triage.adapters.github.client import GithubClient
from icp_triage.adapters.github.names import split_key
from icp_triage.adapters.github.pacing import duration_text, estimate
from icp_triage.adapters.github.reads import IssueSnapshot, repo_labels, viewer_login
from icp_triage.adapters.github.transport import redacted
from icp_triage.adapters.github.writes import Write, plan_writes
from icp_triage.adapters.write_run import WriteRun
from icp_triage.core.models import RequestLike
from icp_triage.core.tags import Tags, TagSettings, is_own_label
from icp_triage.errors import DataError, WritesPaused

Echo = Callable[[str], None]


class WriteBudgetSpent(WritesPaused):
    """GitHub's hourly write budget is spent: the run stopped before drawing a block.

    Exit 1 like any unfinished tracker work; ``resume_at`` (epoch seconds) is when a re-run
    can continue, ``left`` the issues (and repositories) still to write.
    """

    def __init__(self, message: str, *, resume_at: float | None, left: list[str]) -> None:
        super().__init__(message, resume_at=resume_at)
        self.left = left


def _plan(
    request: RequestLike, tags: Tags, *, settings: TagSettings, labels: set[str], repo: str, own_login: str
) -> list[Write]:
    try:
        writes = plan_writes(
            request, tags, settings=settings, existing_labels=labels, scope=repo, own_login=own_login
        )
    except ValueError as exc:
        raise DataError(str(exc)) from None
    labels.update(name for w in writes if w.kind == "create_label" for name in w.labels)
    return writes


@redacted
def plan_backlog(
    client: GithubClient, items: Iterable[tuple[RequestLike, Tags]], *, settings: TagSettings
) -> list[Write]:
    """The writes for many issues; each missing label is created once per repository.

    Labels already on some issue are known to exist; the repository's label list is read
    (one request) only when a label must be added that no issue carries yet. With comments
    on, one more request asks which login the token acts as: only that login's marked
    comments are ours to edit or delete.
    """
    pairs = list(items)
    known: dict[str, set[str]] = defaultdict(set)
    for request, _tags in pairs:
        repo, _ = split_key(request.key)
        known[repo].update(x for x in request.labels if is_own_label(x, prefix=settings.prefix))
    if settings.labels:
        needy = {
            split_key(r.key)[0]
            for r, tags in pairs
            if any(
                x.casefold() not in {k.casefold() for k in known[split_key(r.key)[0]]} for x in tags.labels
            )
        }
        for repo in sorted(needy):
            known[repo].update(repo_labels(client, repo, label_prefix=settings.prefix))
    own_login = viewer_login(client) if settings.comment and pairs else ""
    writes: list[Write] = []
    for request, tags in pairs:
        repo, _ = split_key(request.key)
        writes.extend(
            _plan(request, tags, settings=settings, labels=known[repo], repo=repo, own_login=own_login)
        )
    return writes


def preview_backlog(
    items: Iterable[tuple[RequestLike, Tags]], *, settings: TagSettings
) -> tuple[list[Write], list[str]]:
    """The writes for issues as a request file describes them, with nothing asked of GitHub,
    and the keys left out as no GitHub issue's (a file may mix in Jira's): ``tag --dry-run
    --input FILE`` without a token, a preview a PM can run offline. The file's labels stand
    in for each issue's current ones (a label no issue of the file carries is shown as
    created), and no comment is taken as ours (who is "us" needs the token), so each
    comment shows as it would be written."""
    known: dict[str, set[str]] = defaultdict(set)
    pairs: list[tuple[RequestLike, Tags, str]] = []
    elsewhere: list[str] = []
    for request, tags in items:
        try:
            repo, _ = split_key(request.key)
        except DataError:
            elsewhere.append(request.key)
            continue
        pairs.append((request, tags, repo))
        known[repo].update(x for x in request.labels if is_own_label(x, prefix=settings.prefix))
    writes: list[Write] = []
    for request, tags, repo in pairs:
        writes.extend(_plan(request, tags, settings=settings, labels=known[repo], repo=repo, own_login=""))
    return writes, elsewhere


def plan_issue(snapshot: IssueSnapshot, tags: Tags, *, settings: TagSettings) -> list[Write]:
    """The writes for one issue fetched with ``fetch_issue`` (no further read needed)."""
    repo, _ = split_key(snapshot.request.key)
    labels = set(snapshot.repo_labels) | set(snapshot.request.labels)
    return _plan(
        snapshot.request, tags, settings=settings, labels=labels, repo=repo, own_login=snapshot.viewer
    )


def show(write: Write) -> str:
    """The ``--dry-run`` text of a write: its line, and a comment's body indented under it."""
    line = write.describe()
    if write.body:
        line += "\n" + "\n".join(f"    {text}" for text in write.body.rstrip("\n").split("\n"))
    return line


def _apply(client: GithubClient, write: Write) -> None:
    if write.kind == "create_label":
        repository = client.repository(write.target)
        name = write.labels[0]
        client.write(
            lambda: repository.create_label(name, write.color, write.description),
            what=f"creating label {name} in {write.target}",
            done_if=lambda status, message: status == 422 and "already_exists" in message,
        )
        return
    repo, number = split_key(write.target)
    issue = client.repository(repo).get_issue(number)
    if write.kind == "add_labels":
        client.write(lambda: issue.add_to_labels(*write.labels), what=f"adding labels to {write.target}")
    elif write.kind == "remove_label":
        client.write(
            lambda: issue.remove_from_labels(write.labels[0]),
            what=f"removing label {write.labels[0]} from {write.target}",
            done_if=lambda status, _message: status == 404,  # already gone
        )
    elif write.kind == "create_comment":
        client.write(
            lambda: issue.create_comment(write.body), what=f"commenting on {write.target}", idempotent=False
        )
    elif write.kind == "edit_comment":
        assert write.comment_id is not None
        comment = issue.get_comment(write.comment_id)
        client.write(lambda: comment.edit(write.body), what=f"editing the comment on {write.target}")
    else:
        assert write.comment_id is not None
        comment = issue.get_comment(write.comment_id)
        client.write(
            comment.delete,
            what=f"deleting a duplicate comment on {write.target}",
            done_if=lambda status, _message: status == 404,
        )


def write_groups(writes: Sequence[Write]) -> list[list[Write]]:
    """Writes cut into the runs that belong together: one issue's writes, with the labels
    created for it (``create_label`` targets the repository) just before them."""
    groups: list[list[Write]] = []
    current: list[Write] = []
    for write in writes:
        issue = next((w.target for w in current if "#" in w.target), None)
        if issue is not None and write.target != issue:
            groups.append(current)
            current = []
        current.append(write)
    if current:
        groups.append(current)
    return groups


def _clock_text(epoch: float) -> str:
    return time.strftime("%H:%M UTC", time.gmtime(epoch))


def announce(client: GithubClient, writes: Sequence[Write]) -> str:
    """How long ``writes`` will take at the client's write budget, and what waits for a
    re-run when they do not fit in this hour's (the line ``tag`` prints first)."""
    groups = write_groups(writes)
    pace = estimate(client.budget, [len(g) for g in groups], now=client.clock())
    limits = client.budget.limits
    issues = len({w.target for w in writes if "#" in w.target})
    head = (
        f"Writing {pace.total_writes} change(s) to {issues} issue(s) at GitHub's write budget "
        f"({limits.per_minute} a minute, {limits.per_hour} an hour, {limits.spacing:g} s apart "
        f"after the first {limits.burst})"
    )
    if pace.complete:
        return f"{head}: about {duration_text(pace.seconds)}."
    when = f" after {_clock_text(pace.resume_at)}" if pace.resume_at is not None else ""
    return (
        f"{head}: {pace.writes} fit in this hour's budget (about {duration_text(pace.seconds)}); "
        f"the other {pace.total_groups - pace.groups} issue(s) wait for a re-run{when}."
    )


@redacted
def apply_writes(
    client: GithubClient,
    writes: Sequence[Write],
    *,
    dry_run: bool = False,
    echo: Echo | None = None,
    progress: Echo | None = None,
) -> int:
    """Make (or with ``dry_run`` only print) each write in order; returns how many.

    ``progress`` is told first how long the writes will take at the write budget (when they
    are more than one issue's). An issue's writes start only when the hourly budget has room
    for all of them; when it has none, WriteBudgetSpent (exit 1) names what is left and when
    a re-run can continue.

    A failed write does not hold up the other issues: that issue's remaining writes are
    skipped (its state is unknown until the next run reads it) and the others go on, so one
    issue that always fails (locked, too long a comment) cannot block the backlog. After
    the loop, a SourceError names every issue that failed, one line each; a re-run retries
    them. It stops at once on a failure every later request would repeat: a rejected token
    or a rate limit longer than ``max_wait`` (GithubUnavailable), or a refusal to write
    before any write landed (GithubPermissionError: the token lacks issues write).
    """
    if dry_run:
        if echo is not None:
            for write in writes:
                echo(show(write))
        return len(writes)
    groups = write_groups(writes)
    if progress is not None and len(groups) > 1:
        progress(announce(client, writes))
    run = WriteRun(
        writes,
        lambda write: _apply(client, write),
        echo=echo,
        is_issue=lambda target: "#" in target,
    )
    for index, group in enumerate(groups):
        if not client.budget.fits(len(group), client.clock()):
            raise _spent(client, groups[index:], writes, run)
        for write in group:
            run.make(write)
    return run.finish()


def _spent(
    client: GithubClient, left: list[list[Write]], writes: Sequence[Write], run: WriteRun[Write]
) -> WriteBudgetSpent:
    """The stop at the hourly write budget: what was done, what is left, when to re-run."""
    limits = client.budget.limits
    now = client.clock()
    wait = client.budget.room_wait(len(left[0]), now)
    resume_at = now + wait if wait != float("inf") else None
    targets = list(dict.fromkeys(w.target for group in left for w in group if "#" in w.target))
    issues = len({w.target for w in writes if "#" in w.target})
    when = f" after {_clock_text(resume_at)}" if resume_at is not None else " in an hour"
    message = (
        f"stopped at GitHub's write budget ({limits.per_hour} writes an hour) before a "
        f"secondary-limit block: {issues - len(targets)} of {issues} issue(s) that needed changes "
        f"are written, {len(targets)} left. Run the same command again{when}: tagging is "
        "idempotent, so it continues where this run stopped"
    )
    if run.failed:
        message += f"\n{run.failures()}"
    return WriteBudgetSpent(message, resume_at=resume_at, left=targets)
