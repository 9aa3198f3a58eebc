"""GitHub's side of tagging: the comment as GitHub Markdown behind a hidden marker, label
colours, comment ids, bot logins, and the writes that bring an issue to the core's ``Tags``.

``plan_writes`` compares the tags with the issue's current labels and comments and lists
only the writes that change something, so a second run with nothing changed plans none.
Tagging owns only its own prefix (``core.tags.is_own_label``): other labels are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER
from icp_triage.core.models import CommentLike, RequestLike
from icp_triage.core.tags import (
    CLASS_SUFFIX,
    BulletList,
    CommentDoc,
    Heading,
    Paragraph,
    Run,
    SmallPrint,
    Table,
    Tags,
    TagSettings,
    is_own_label,
)
from icp_triage.core.tiers import RequestClass, Tier
from icp_triage.core.untrusted import md_text

# GitHub label colours are six hex digits without '#'; descriptions are at most 100 characters
# (https://docs.github.com/en/rest/issues/labels#create-a-label).
_CLASS_STYLE = {
    RequestClass.ICP_CORE: ("1a7f37", "ICP triage: asked for mostly by ideal-customer accounts"),
    RequestClass.MIXED: ("d4a72c", "ICP triage: asked for by ideal-customer and other accounts"),
    RequestClass.OPPORTUNISTIC: ("cf222e", "ICP triage: asked for mostly by accounts outside the ICP"),
    RequestClass.UNKNOWN_FIT: ("fb8f44", "ICP triage: asked for only by accounts whose fit is unknown"),
    RequestClass.UNATTRIBUTED: ("8c959f", "ICP triage: no requesting customer account recognised"),
}
_TIER_STYLE: dict[str, tuple[str, str]] = {
    Tier.A: ("1a7f37", "ICP triage: best requester fits the ICP in tier A"),
    Tier.B: ("4ac26b", "ICP triage: best requester fits the ICP in tier B"),
    Tier.C: ("d4a72c", "ICP triage: best requester fits the ICP in tier C"),
    Tier.D: ("bc4c00", "ICP triage: best requester fits the ICP in tier D"),
    Tier.UNKNOWN: ("8c959f", "ICP triage: not enough account data to judge the requester's fit"),
    Tier.ANTI: ("cf222e", "ICP triage: best requester matches an anti-ICP signal"),
}
_CLASS_OF_SUFFIX = {suffix: klass for klass, suffix in CLASS_SUFFIX.items()}  # "core" -> icp-core

# GitHub refuses a longer comment body with 422 "body is too long (maximum is 65536
# characters)" (the REST API's validation error for POST/PATCH .../issues/comments; the limit
# is not on the docs page, the error states it). The core's document lists at most
# ``core.tags.LISTED_ACCOUNTS`` accounts with names cut short, so it stays far below it.
MAX_COMMENT_CHARS = 65_536

WriteKind = Literal[
    "create_label", "add_labels", "remove_label", "create_comment", "edit_comment", "delete_comment"
]
_COMMENT_ID = re.compile(r"#issuecomment-(\d+)$")


@dataclass(frozen=True, slots=True)
class Write:
    """One planned write; ``target`` is the issue key, or the repository for ``create_label``."""

    kind: WriteKind
    target: str
    labels: tuple[str, ...] = ()
    body: str = ""
    comment_id: int | None = None
    color: str = ""
    description: str = ""

    def describe(self) -> str:
        """One line for ``--dry-run`` and progress output."""
        names = ", ".join(self.labels)
        if self.kind == "create_label":
            return f"{self.target}: create label {names} (#{self.color}, {self.description!r})"
        if self.kind == "add_labels":
            return f"{self.target}: add label{'s' if len(self.labels) > 1 else ''} {names}"
        if self.kind == "remove_label":
            return f"{self.target}: remove label {names}"
        if self.kind == "create_comment":
            return f"{self.target}: create the icp-triage comment"
        if self.kind == "edit_comment":
            return f"{self.target}: edit the icp-triage comment {self.comment_id}"
        return f"{self.target}: delete duplicate icp-triage comment {self.comment_id}"


def label_style(name: str, *, prefix: str) -> tuple[str, str]:
    """The colour and description to create one of our labels with."""
    if name.casefold().startswith(f"{prefix}-fit:".casefold()):
        return _TIER_STYLE.get(name.split(":", 1)[1], ("8c959f", "ICP triage: requester fit"))
    klass = _CLASS_OF_SUFFIX.get(name.split(":", 1)[1])
    return _CLASS_STYLE[klass] if klass is not None else ("8c959f", "ICP triage")


def comment_id_from_url(url: str | None) -> int | None:
    """The REST id of a comment from its html URL (``...#issuecomment-123``), else None."""
    match = _COMMENT_ID.search(url or "")
    return int(match.group(1)) if match else None


def _runs(runs: tuple[Run, ...]) -> str:
    parts = []
    for run in runs:
        # An account name may hold @everyone, -->, the marker, pipes or </sub>: escaped as the
        # Markdown report escapes untrusted text.
        text = md_text(run.text) if run.untrusted else run.text
        if run.code:
            text = f"`{text}`"
        if run.bold:
            text = f"**{text}**"
        parts.append(text)
    return "".join(parts)


def _block(block: object) -> str:
    if isinstance(block, Heading):
        return f"### {block.text}"
    if isinstance(block, Paragraph):
        return _runs(block.runs)
    if isinstance(block, Table):
        lines = ["| " + " | ".join(block.header) + " |", "|" + "---|" * len(block.header)]
        lines += ["| " + " | ".join(row) + " |" for row in block.rows]
        return "\n".join(lines)
    if isinstance(block, BulletList):
        lines = [_runs(block.lead)] if block.lead else []
        lines += [f"- {_runs(item)}" for item in block.items]
        return "\n".join(lines)
    assert isinstance(block, SmallPrint)
    return f"<sub>{block.text}</sub>"


def comment_markdown(doc: CommentDoc) -> str:
    """The comment as GitHub Markdown, behind the hidden marker that finds it again.

    Text is written as the core gives it, except runs the core marks untrusted (account
    names under ``disclose: full``), which are escaped as the Markdown report escapes them.
    """
    text = OWN_COMMENT_MARKER + "\n" + "\n\n".join(_block(b) for b in doc) + "\n"
    if len(text) > MAX_COMMENT_CHARS:  # unreachable with the core's caps; never a 422
        text = text[: MAX_COMMENT_CHARS - 2] + "…\n"
    return text


def _same_text(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def same_login(a: str | None, b: str | None) -> bool:
    """Whether two GitHub logins name the same account, case-insensitively.

    A bot may be spelt ``name[bot]`` (REST, GraphQL's ``viewer``) or ``name`` (GraphQL's
    ``Bot.login``), so the suffix is ignored. That cannot merge two owners: GitHub refuses
    an App name equal to another account's name ("cannot be the same as the name of an
    existing GitHub account, unless it is your own user or organization name",
    https://docs.github.com/en/apps/creating-github-apps/registering-a-github-app/registering-a-github-app).
    """
    if not a or not b:
        return False
    return a.casefold().removesuffix("[bot]") == b.casefold().removesuffix("[bot]")


def is_own_comment(comment: CommentLike, *, own_login: str) -> bool:
    """True for a comment this tool wrote: it carries the marker AND ``own_login`` wrote it.

    The marker alone proves nothing: anyone can type it, and a comment we took for ours
    would be overwritten or deleted. Only the identity the writes are made as is trusted.
    """
    return OWN_COMMENT_MARKER in comment.body and same_login(comment.author, own_login)


def plan_writes(
    request: RequestLike,
    tags: Tags,
    *,
    settings: TagSettings,
    existing_labels: Collection[str],
    scope: str,
    own_login: str,
) -> list[Write]:
    """The writes that bring ``request`` (its current labels and comments) to ``tags``.

    ``existing_labels`` are the label names the repository already has (``scope`` names
    it): a missing one is created first, with a colour and description. Labels are
    compared case-insensitively, as GitHub does. ``own_login`` is the account the writes
    are made as: only its marked comments are edited or deleted, never anyone else's.
    Raises ValueError when our comment's id cannot be read from its URL.
    """
    writes: list[Write] = []
    if settings.labels:
        current = {name.casefold() for name in request.labels}
        wanted = {name.casefold() for name in tags.labels}
        repo = {name.casefold() for name in existing_labels}
        missing = tuple(name for name in tags.labels if name.casefold() not in current)
        for name in missing:
            if name.casefold() not in repo:
                color, description = label_style(name, prefix=settings.prefix)
                writes.append(Write("create_label", scope, (name,), color=color, description=description))
        if missing:
            writes.append(Write("add_labels", request.key, missing))
        for name in request.labels:
            if is_own_label(name, prefix=settings.prefix) and name.casefold() not in wanted:
                writes.append(Write("remove_label", request.key, (name,)))
    if settings.comment:
        body = comment_markdown(tags.comment)
        ours = [c for c in request.comments if is_own_comment(c, own_login=own_login)]
        if not ours:
            writes.append(Write("create_comment", request.key, body=body))
        else:
            ids = [comment_id_from_url(c.url) for c in ours]
            if any(i is None for i in ids):
                raise ValueError(
                    f"{request.key}: the icp-triage comment has no id in its URL ({ours[0].url!r})"
                )
            if not _same_text(ours[0].body, body):
                writes.append(Write("edit_comment", request.key, body=body, comment_id=ids[0]))
            for extra in ids[1:]:
                writes.append(Write("delete_comment", request.key, comment_id=extra))
    return writes
