"""Which issue a GitHub issue duplicates, from what GitHub records of it: pure.

GitHub records a duplicate as a ``MarkedAsDuplicateEvent`` in the issue's timeline (by "Close
as duplicate", or a maintainer's "Duplicate of #N" comment), undone by a later
``UnmarkedAsDuplicateEvent`` for the same original; its ``canonical`` may sit in another
repository. An issue closed with ``stateReason: DUPLICATE`` and no standing mark names its
original the way GitHub documents, a "Duplicate of #N" comment
(https://docs.github.com/en/issues/tracking-your-work-with-issues/administering-issues/marking-issues-or-pull-requests-as-a-duplicate);
failing that, it is a duplicate of nothing named, and ``core.duplicates`` leaves its demand
on it with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from icp_triage.core.models import DuplicateOf

PHRASE = "duplicate of"
# One token after the phrase, matched whole: ``#12``, ``owner/repo#12`` or an issue's URL.
# Neither pattern has two unbounded runs over the same characters, and tokens are short
# (MAX_TOKEN), so matching is linear.
_REFERENCE = re.compile(r"(?:([A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}))?#([0-9]{1,10})")
_URL = re.compile(
    r"https?://[^/\s]{1,255}/([A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100})/(?:issues|pull)/([0-9]{1,10})"
)
MAX_TOKEN = 700


def canonical_key(node: Mapping[str, Any] | None) -> str | None:
    """``owner/repo#12`` for an ``IssueOrPullRequest`` node; None when GitHub shows none (the
    original was deleted, or the token cannot see it)."""
    if not node or not isinstance(node.get("repository"), Mapping) or node.get("number") is None:
        return None
    return f"{node['repository']['nameWithOwner']}#{node['number']}"


def standing_marks(events: Iterable[Mapping[str, Any]], own: str = "") -> tuple[list[str], set[str]]:
    """The originals of the marks no later unmark undid, oldest first, and every original
    that was unmarked (keys casefolded in the set). A mark whose original is ``own`` (the
    issue itself: the mark as its original's timeline may show it) is not this issue's."""
    last: dict[str, tuple[bool, str]] = {}  # casefolded original -> (marked?, key), latest event
    for event in events:
        kind = event.get("__typename")
        key = canonical_key(event.get("canonical"))
        if key is None or kind not in ("MarkedAsDuplicateEvent", "UnmarkedAsDuplicateEvent"):
            continue
        if key.casefold() == own.casefold():
            continue
        folded = key.casefold()
        last.pop(folded, None)  # re-inserted: the dict keeps the order of each original's last event
        last[folded] = (kind == "MarkedAsDuplicateEvent", key)
    standing = [key for marked, key in last.values() if marked]
    undone = {folded for folded, (marked, _) in last.items() if not marked}
    return standing, undone


def named_in(body: str, repo: str) -> str | None:
    """The original a "Duplicate of #N" line of ``body`` names (``#N``, ``owner/repo#N`` or an
    issue URL; ``#N`` is in ``repo``), else None. The first such line counts; each line is
    read once."""
    for line in body.splitlines():
        text = line.lstrip(" \t>*_")
        if text[: len(PHRASE)].casefold() != PHRASE:
            continue
        words = text[len(PHRASE) :].strip(" \t*_:").split(maxsplit=1)
        token = words[0].rstrip(".,;:)*_") if words else ""
        found = _reference(token, repo) if 0 < len(token) <= MAX_TOKEN else None
        if found:
            return found
    return None


def _reference(token: str, repo: str) -> str | None:
    match = _REFERENCE.fullmatch(token) or _URL.fullmatch(token)
    if match is None:
        return None
    return f"{match.group(1) or repo}#{int(match.group(2))}"


def duplicate_of(node: Mapping[str, Any], repo: str, comments: Sequence[str]) -> DuplicateOf | None:
    """The issue ``node`` duplicates: its newest standing mark; else, closed as a duplicate,
    the newest "Duplicate of" comment naming an original no unmark undid, else none named
    (``key`` None); else None: not a duplicate. ``comments`` are the bodies, oldest first."""
    events = [e for e in ((node.get("timelineItems") or {}).get("nodes") or []) if isinstance(e, Mapping)]
    standing, undone = standing_marks(events, own=canonical_key(node) or "")
    if standing:
        return DuplicateOf(key=standing[-1], by="github-mark")
    if node.get("stateReason") != "DUPLICATE":
        return None
    for body in reversed(comments):
        named = named_in(body, repo)
        if named and named.casefold() not in undone:
            return DuplicateOf(key=named, by="github-comment")
    return DuplicateOf(key=None, by="github-closed")


def pointing_here(node: Mapping[str, Any]) -> list[str]:
    """The issues the timeline of ``node`` (read with ``DuplicatedBy``) says may duplicate it:
    marks seen from its side, and mentions by issues closed as duplicates; in timeline order,
    each once. Only a read of each tells whether it still duplicates this issue."""
    own = (canonical_key(node) or "").casefold()
    found: dict[str, str] = {}
    for event in (node.get("duplicatedBy") or {}).get("nodes") or []:
        if not isinstance(event, Mapping):
            continue
        if event.get("__typename") == "MarkedAsDuplicateEvent":
            key = canonical_key(event.get("duplicate"))
        elif event.get("__typename") == "CrossReferencedEvent":
            source = event.get("source")
            closed = isinstance(source, Mapping) and source.get("stateReason") == "DUPLICATE"
            key = canonical_key(source) if closed else None
        else:
            key = None
        if key is not None and key.casefold() != own:
            found.setdefault(key.casefold(), key)
    return list(found.values())
