"""What a GitHub delivery says: the issue an ``issues`` or ``issue_comment`` event changed
(and the label, the comment, the App installation it came with), or the pull request a
``pull_request`` event names. The same payloads reach the Action (a workflow event, the
file at ``GITHUB_EVENT_PATH``) and the service (a webhook), which both ask through
``adapters.dialect``. Pure: it reads the payload only.
Payload shapes: https://docs.github.com/en/webhooks/webhook-events-and-payloads
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icp_triage.adapters.dialect import Change, Credentials, Ignored, Proposal
from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER
from icp_triage.adapters.github.names import issue_key, split_key
from icp_triage.core.models import RawRequest
from icp_triage.errors import DataError

ISSUE_ACTIONS: dict[str, tuple[str, ...]] = {
    "issues": ("opened", "edited", "reopened", "labeled", "unlabeled", "transferred"),
    "issue_comment": ("created", "edited"),
}
LEAVING_ACTIONS = ("closed", "deleted", "transferred")
"""Issue actions by which an issue leaves a backlog: read only when asked (``leaving``)."""
PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")
PULL_REQUEST_ACTIONS = ("opened", "synchronize", "reopened", "ready_for_review", "edited")


def events_text() -> str:
    """The issue events read, as a notice names them."""
    return "; ".join(f"{name} ({', '.join(actions)})" for name, actions in ISSUE_ACTIONS.items())


def trigger(event: str, payload: Mapping[str, Any]) -> str:
    """``issues.opened``; the event alone when its payload has no ``action`` (``schedule``)."""
    action = payload.get("action") if isinstance(payload.get("action"), str) else None
    return f"{event}.{action}" if action else event


def _repository(payload: Mapping[str, Any], fallback: str | None, *, what: str) -> str:
    repo = payload.get("repository")
    if isinstance(repo, Mapping) and isinstance(repo.get("full_name"), str):
        return str(repo["full_name"])
    if fallback is None:
        raise DataError(f"the {what} event payload names no repository and GITHUB_REPOSITORY is not set")
    return fallback


def _payload_request(key: str, issue: Mapping[str, Any]) -> RawRequest:
    """The payload's issue as a request, with what deciding backlog membership needs (key,
    state, labels, author), at no API cost."""
    labels = issue.get("labels") or []
    user = issue.get("user")
    return RawRequest(
        key=key,
        state=str(issue.get("state") or "open"),
        labels=[str(x.get("name", "")) for x in labels if isinstance(x, Mapping)],
        author=str(user.get("login") or "") if isinstance(user, Mapping) else None,
    )


def issue_change(
    event: str, payload: Mapping[str, Any], *, where: str | None = None, leaving: bool = False
) -> Change | Ignored:
    """The issue an issue event changed; ``where`` is the repository when the payload names
    none; ``leaving``: also closed, deleted and transferred issues, as a ``Change`` that
    ``leaves``. DataError when an issue event's payload has no issue number or repository."""
    action = payload.get("action") if isinstance(payload.get("action"), str) else None
    what = trigger(event, payload)
    if event not in ISSUE_ACTIONS:
        return Ignored(f"icp-triage does nothing on the '{event}' event. It acts on {events_text()}.")
    leaves = leaving and event == "issues" and action in (*LEAVING_ACTIONS, "unlabeled")
    if action not in ISSUE_ACTIONS[event] and not leaves:
        return Ignored(
            f"icp-triage does nothing on {what}: for {event} it acts on {', '.join(ISSUE_ACTIONS[event])}."
        )
    issue = payload.get("issue")
    if not isinstance(issue, Mapping) or not isinstance(issue.get("number"), int):
        raise DataError(f"the {what} event payload has no issue number")
    number = int(issue["number"])
    if issue.get("pull_request") is not None:
        return Ignored(
            f"#{number} is a pull request: icp-triage ranks and tags issues only, so this comment is ignored."
        )
    repo = _repository(payload, where, what=what)
    key = issue_key(repo, number)
    if action == "transferred" and not leaves:
        return _transferred(payload, key=key)
    comment = payload.get("comment")
    label = payload.get("label")
    name = label.get("name") if isinstance(label, Mapping) else None
    installation = payload.get("installation")
    installation_id = installation.get("id") if isinstance(installation, Mapping) else None
    return Change(
        key=key,
        trigger=what,
        where=repo,
        request=_payload_request(key, issue),
        label=name if isinstance(name, str) else None,
        own_comment=_own_comment(comment),
        installation=installation_id if isinstance(installation_id, int) else None,
        leaves=leaves,
    )


def _own_comment(comment: Any) -> bool:
    """Whether a delivery's comment is icp-triage's own: it holds the marker and a bot wrote it
    (icp-triage writes as an App or the Action's ``github-actions[bot]``). A person's comment
    is never ours, marker or not: anyone can type the marker, and a customer's comment that
    holds it is still demand, so the delivery is queued. (A personal token's own comments are
    queued too: their job finds nothing to change.)"""
    if not isinstance(comment, Mapping) or OWN_COMMENT_MARKER not in str(comment.get("body") or ""):
        return False
    user = comment.get("user")
    if not isinstance(user, Mapping):
        return False
    login = str(user.get("login") or "")
    return user.get("type") == "Bot" or login.endswith("[bot]")


def _transferred(payload: Mapping[str, Any], *, key: str) -> Ignored:
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
    return Ignored(
        f"{key} was transferred{where}: it is tagged there when that repository runs "
        "icp-triage on issues.opened, and it leaves this backlog at the next sync."
    )


def pull_request(event: str, payload: Mapping[str, Any], *, where: str | None = None) -> Proposal | Ignored:
    """The pull request a pull request event names, with its base and head commits."""
    action = payload.get("action") if isinstance(payload.get("action"), str) else None
    what = trigger(event, payload)
    if event not in PULL_REQUEST_EVENTS:
        return Ignored(
            f"mode: profile acts on pull_request events ({', '.join(PULL_REQUEST_ACTIONS)}), "
            f"not on '{event}': run it in a workflow `on: pull_request` with `paths: [.github/icp.yml]`."
        )
    if action not in PULL_REQUEST_ACTIONS:
        return Ignored(
            f"icp-triage does nothing on {what}: mode: profile acts on {', '.join(PULL_REQUEST_ACTIONS)}."
        )
    pull = payload.get("pull_request")
    base = pull.get("base") if isinstance(pull, Mapping) else None
    head = pull.get("head") if isinstance(pull, Mapping) else None
    number = pull.get("number") if isinstance(pull, Mapping) else None
    base_sha = base.get("sha") if isinstance(base, Mapping) else None
    head_sha = head.get("sha") if isinstance(head, Mapping) else None
    if not isinstance(number, int) or not isinstance(base_sha, str) or not isinstance(head_sha, str):
        raise DataError(f"the {what} event payload has no pull request number, base or head commit")
    repo = _repository(payload, where, what=what)
    return Proposal(
        key=issue_key(repo, number),
        repo=repo,
        number=number,
        base_sha=base_sha,
        head_sha=head_sha,
        trigger=what,
    )


class GithubDialect:
    """GitHub's deliveries and keys behind ``adapters.dialect.Dialect``."""

    kind = "github"
    place = "repository"
    ids_per_place = False
    events = ISSUE_ACTIONS

    def events_text(self) -> str:
        return events_text()

    def trigger(self, event: str, payload: Mapping[str, Any]) -> str:
        return trigger(event, payload)

    def change(
        self, event: str, payload: Mapping[str, Any], *, where: str | None = None, leaving: bool = False
    ) -> Change | Ignored:
        return issue_change(event, payload, where=where, leaving=leaving)

    def proposal(
        self, event: str, payload: Mapping[str, Any], *, where: str | None = None
    ) -> Proposal | Ignored:
        return pull_request(event, payload, where=where)

    def format_key(self, where: str, number: int) -> str:
        return issue_key(where, number)

    def parse_key(self, key: str) -> tuple[str, int]:
        return split_key(key)

    def credentials(self, env: Mapping[str, str]) -> Credentials:
        """A GitHub App's installation tokens when ``GITHUB_APP_ID`` is set, else the token."""
        from icp_triage.adapters.github.app_auth import AppCredentials

        return AppCredentials(env)

    def credential_problems(self, env: Mapping[str, str]) -> list[str]:
        from icp_triage.adapters.github.app_auth import credential_problems

        return credential_problems(env)


GITHUB = GithubDialect()
