"""How a tracker marks what is not customer demand, given to the core as data.

A bot's login and icp-triage's own comment are spelt differently by each tracker (GitHub:
a ``<slug>`` login with a bracketed suffix, a hidden HTML comment), so the core holds no
spelling: each adapter hands its ``TrackerConventions`` to ``rank`` through the workspace
(``adapters.base.conventions_for``). With none, nothing is skipped as a bot or as our own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def whole_key(key: str, beside: str) -> str:
    """A key as it is, wherever it is shown: a tracker with no short form of a reference."""
    return key


@dataclass(frozen=True, slots=True)
class TrackerConventions:
    """``bot_suffix``: a login (case-folded) that ends in it is a bot, never a customer.
    ``own_comment_marker``: a comment that holds it is icp-triage's own, never a signal.
    ``field_hint``: how a requester names their company in a field on this tracker, for the
    comment on an unattributed request (``{field}`` is the field's name).
    ``short_reference``: ``key`` as written beside ``beside`` (GitHub writes ``#212`` for an
    issue of the same repository), for sentences such as "a duplicate of #189"."""

    bot_suffix: str = ""
    own_comment_marker: str = ""
    field_hint: str = "fill in the issue form's {field} field"
    short_reference: Callable[[str, str], str] = whole_key


NO_CONVENTIONS = TrackerConventions()
