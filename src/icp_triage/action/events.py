"""What a workflow event asks the Action to do: tag one issue, rank the backlog, review a
profile change, or nothing.

Pure: it takes the event name, the payload GitHub wrote to ``GITHUB_EVENT_PATH`` and the
settings, and returns a decision; reading files and calling GitHub happen in ``run``. The
payload is GitHub's to read (``adapters.dialect``: the issue an event changed, or the pull
request it names); this module adds the Action's own part, the modes and the events that
rank the whole backlog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from icp_triage.adapters.dialect import Change, Ignored, Proposal, dialect_for

Mode = Literal["auto", "tag", "rank", "profile"]
MODES: tuple[Mode, ...] = ("auto", "tag", "rank", "profile")
BACKLOG_EVENTS = ("schedule", "workflow_dispatch")


def supported_text() -> str:
    """The events the Action acts on, as a notice names them."""
    return f"{dialect_for('github').events_text()}; {' and '.join(BACKLOG_EVENTS)}"


@dataclass(frozen=True)
class TagIssue:
    """Evaluate and tag one issue: what the event says changed on it (its key, the label
    added or removed, the payload's copy of the issue)."""

    change: Change


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

    proposal: Proposal


Decision = TagIssue | RankBacklog | ReviewProfile | Skip


def decide(
    event_name: str, payload: Mapping[str, Any], *, repository: str | None, mode: Mode = "auto"
) -> Decision:
    """The decision for one event; raises DataError when an issue event's payload is unusable.

    ``repository`` is ``GITHUB_REPOSITORY``, used when the payload names none (``schedule``).
    ``mode`` ``rank`` ranks the backlog on every event and writes nothing to issues; ``tag``
    also tags the whole backlog on ``schedule`` and ``workflow_dispatch``.
    """
    github = dialect_for("github")
    if mode == "profile":
        proposal = github.proposal(event_name, payload, where=repository)
        return Skip(proposal.reason) if isinstance(proposal, Ignored) else ReviewProfile(proposal)
    if event_name in BACKLOG_EVENTS:
        return RankBacklog(trigger=github.trigger(event_name, payload), tag=mode == "tag")
    if event_name not in github.events:
        return Skip(f"icp-triage does nothing on the '{event_name}' event. It acts on {supported_text()}.")
    change = github.change(event_name, payload, where=repository)
    if isinstance(change, Ignored):
        return Skip(change.reason)
    if mode == "rank":
        return RankBacklog(trigger=change.trigger, tag=False)
    own = change.own_write()
    return Skip(own) if own else TagIssue(change)
