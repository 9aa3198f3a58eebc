"""What a workflow event asks the Action to do: tag one issue, rank the backlog, or nothing.

Pure: it takes the event name, the payload GitHub wrote to ``GITHUB_EVENT_PATH`` and the
settings, and returns a decision; reading files and calling GitHub happen in ``run``.
Payload shapes: https://docs.github.com/en/webhooks/webhook-events-and-payloads
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER
from icp_triage.core.models import RawRequest
from icp_triage.errors import DataError

Mode = Literal["auto", "tag", "rank", "profile"]
MODES: tuple[Mode, ...] = ("auto", "tag", "rank", "profile")
PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")
PULL_REQUEST_ACTIONS = ("opened", "synchronize", "reopened", "ready_for_review", "edited")

ISSUE_ACTIONS: dict[str, tuple[str, ...]] = {
    "issues": ("opened", "edited", "reopened", "labeled", "unlabeled", "transferred"),
    "issue_comment": ("created", "edited"),
}
BACKLOG_EVENTS = ("schedule", "workflow_dispatch")


def supported_text() -> str:
    """The events the Action acts on, as a notice names them."""
    issue = "; ".join(f"{name} ({', '.join(actions)})" for name, actions in ISSUE_ACTIONS.items())
    return f"{issue}; {' and '.join(BACKLOG_EVENTS)}"


@dataclass(frozen=True)
class TagIssue:
    """Evaluate and tag one issue: ``repo`` and ``number`` name it, ``issue`` is the payload's copy."""

    repo: str
    number: int
    issue: Mapping[str, Any]
    trigger: str  # "issues.opened", for the log
    label: str | None = None  # the label added or removed, on issues.labeled and .unlabeled


@dataclass(frozen=True)
class RankBacklog:
    """Rank the whole backlog into the job summary; with ``tag`` also tag every issue in it."""

    trigger: str
    tag: bool


@dataclass(frozen=True)
class Skip:
    """Nothing to do; ``message`` says why, as a notice on the run page."""

    message: str


@dataclass(frozen=True)
class ReviewProfile:
    """Post the profile's diff against the base branch and its validation on a pull request."""

    repo: str
    number: int
    base_sha: str
    head_sha: str
    trigger: str


Decision = TagIssue | RankBacklog | ReviewProfile | Skip


def payload_request(decision: TagIssue) -> RawRequest:
    """The event's issue as a request, with what deciding backlog membership needs (key,
    state, labels, author), read from the payload at no API cost."""
    issue = decision.issue
    labels = issue.get("labels") or []
    user = issue.get("user")
    return RawRequest(
        key=f"{decision.repo}#{decision.number}",
        state=str(issue.get("state") or "open"),
        labels=[str(x.get("name", "")) for x in labels if isinstance(x, Mapping)],
        author=str(user.get("login") or "") if isinstance(user, Mapping) else None,
    )


def _repository(payload: Mapping[str, Any], fallback: str | None) -> str | None:
    repo = payload.get("repository")
    if isinstance(repo, Mapping) and isinstance(repo.get("full_name"), str):
        return str(repo["full_name"])
    return fallback


def decide(
    event_name: str, payload: Mapping[str, Any], *, repository: str | None, mode: Mode = "auto"
) -> Decision:
    """The decision for one event; raises DataError when an issue event's payload is unusable.

    ``repository`` is ``GITHUB_REPOSITORY``, used when the payload names none (``schedule``).
    ``mode`` ``rank`` ranks the backlog on every event and writes nothing to issues; ``tag``
    also tags the whole backlog on ``schedule`` and ``workflow_dispatch``.
    """
    action = payload.get("action") if isinstance(payload.get("action"), str) else None
    trigger = f"{event_name}.{action}" if action else event_name
    if mode == "profile":
        return _review(event_name, action, trigger, payload, repository=repository)
    if event_name in BACKLOG_EVENTS:
        return RankBacklog(trigger=trigger, tag=mode == "tag")
    if event_name not in ISSUE_ACTIONS:
        return Skip(f"icp-triage does nothing on the '{event_name}' event. It acts on {supported_text()}.")
    if action not in ISSUE_ACTIONS[event_name]:
        return Skip(
            f"icp-triage does nothing on {trigger}: for {event_name} it acts on "
            f"{', '.join(ISSUE_ACTIONS[event_name])}."
        )
    issue = payload.get("issue")
    if not isinstance(issue, Mapping) or not isinstance(issue.get("number"), int):
        raise DataError(f"the {trigger} event payload has no issue number")
    if issue.get("pull_request") is not None:
        return Skip(
            f"#{issue['number']} is a pull request: icp-triage ranks and tags issues only, "
            "so this comment is ignored."
        )
    repo = _repository(payload, repository)
    if repo is None:
        raise DataError(f"the {trigger} event payload names no repository and GITHUB_REPOSITORY is not set")
    if action == "transferred":
        return _transferred(payload, repo=repo, number=int(issue["number"]))
    if mode == "rank":
        return RankBacklog(trigger=trigger, tag=False)
    comment = payload.get("comment")
    if isinstance(comment, Mapping) and OWN_COMMENT_MARKER in str(comment.get("body") or ""):
        # icp-triage's own comment: under a token whose writes start workflows (a PAT, an
        # App), re-evaluating the issue for it would only cost a run and find nothing to do
        return Skip(f"{repo}#{issue['number']}: the comment is icp-triage's own; nothing to re-evaluate.")
    label = payload.get("label")
    name = label.get("name") if isinstance(label, Mapping) else None
    return TagIssue(
        repo=repo,
        number=int(issue["number"]),
        issue=issue,
        trigger=trigger,
        label=name if isinstance(name, str) else None,
    )


def _review(
    event_name: str, action: str | None, trigger: str, payload: Mapping[str, Any], *, repository: str | None
) -> ReviewProfile | Skip:
    """``mode: profile``: a pull request event names the pull request and its base commit."""
    if event_name not in PULL_REQUEST_EVENTS:
        return Skip(
            f"mode: profile acts on pull_request events ({', '.join(PULL_REQUEST_ACTIONS)}), "
            f"not on '{event_name}': run it in a workflow `on: pull_request` with `paths: [.github/icp.yml]`."
        )
    if action not in PULL_REQUEST_ACTIONS:
        return Skip(
            f"icp-triage does nothing on {trigger}: mode: profile acts on {', '.join(PULL_REQUEST_ACTIONS)}."
        )
    pull = payload.get("pull_request")
    base = pull.get("base") if isinstance(pull, Mapping) else None
    head = pull.get("head") if isinstance(pull, Mapping) else None
    number = pull.get("number") if isinstance(pull, Mapping) else None
    base_sha = base.get("sha") if isinstance(base, Mapping) else None
    head_sha = head.get("sha") if isinstance(head, Mapping) else None
    if not isinstance(number, int) or not isinstance(base_sha, str) or not isinstance(head_sha, str):
        raise DataError(f"the {trigger} event payload has no pull request number, base or head commit")
    repo = _repository(payload, repository)
    if repo is None:
        raise DataError(f"the {trigger} event payload names no repository and GITHUB_REPOSITORY is not set")
    return ReviewProfile(repo=repo, number=number, base_sha=base_sha, head_sha=head_sha, trigger=trigger)


def _transferred(payload: Mapping[str, Any], *, repo: str, number: int) -> Skip:
    """A transfer: the issue left this repository, so there is nothing left here to tag.

    GitHub sends ``issues.opened`` (with ``changes.old_issue``) to the destination repository,
    where a workflow running icp-triage tags it; this repository's token cannot write there.
    The next backlog sync here drops the issue.
    """
    changes = payload.get("changes")
    new_issue = changes.get("new_issue") if isinstance(changes, Mapping) else None
    new_repo = changes.get("new_repository") if isinstance(changes, Mapping) else None
    where = ""
    if isinstance(new_issue, Mapping) and isinstance(new_repo, Mapping):
        where = f" to {new_repo.get('full_name')}#{new_issue.get('number')}"
    return Skip(
        f"{repo}#{number} was transferred{where}: it is tagged there when that repository runs "
        "icp-triage on issues.opened, and it leaves this backlog at the next sync."
    )
