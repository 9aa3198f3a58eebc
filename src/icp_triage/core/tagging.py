"""What an issue should carry after triage, and the writes that get it there.

``desired_tags`` turns a ranked (or unattributed) request into labels and a comment body;
``plan_writes`` compares them with the issue's current labels and comments and lists only
the writes that change something, so a second run with nothing changed plans none.

Tagging owns only its own prefix (``icp:`` and ``icp-fit:`` by default, DESIGN.md "Outputs
and tags"): other labels are never touched. Under ``disclose: tier-only`` (the default)
nothing written names an account, gives its id or any revenue-derived figure, because
issues may be public; ``full`` adds account names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal, Protocol

from icp_triage.core.attribution import OWN_COMMENT_MARKER
from icp_triage.core.models import CommentLike, RequestLike
from icp_triage.core.ranking import RankedItem, UnattributedItem

CLASS_SUFFIX = {
    "icp-core": "core",
    "mixed": "mixed",
    "opportunistic": "opportunistic",
    "unattributed": "unattributed",
}
_CLASS_TITLE = {
    "icp-core": "ICP core",
    "mixed": "mixed",
    "opportunistic": "opportunistic",
    "unattributed": "unattributed",
}
TIER_ORDER = ("A", "B", "C", "D", "unknown", "anti")

# GitHub label colours are six hex digits without '#'; descriptions are at most 100 characters
# (https://docs.github.com/en/rest/issues/labels#create-a-label).
_CLASS_STYLE = {
    "core": ("1a7f37", "ICP triage: asked for mostly by ideal-customer accounts"),
    "mixed": ("d4a72c", "ICP triage: asked for by ideal-customer and other accounts"),
    "opportunistic": ("cf222e", "ICP triage: asked for mostly by accounts outside the ICP"),
    "unattributed": ("8c959f", "ICP triage: no requesting customer account recognised"),
}
_TIER_STYLE = {
    "A": ("1a7f37", "ICP triage: best requester fits the ICP in tier A"),
    "B": ("4ac26b", "ICP triage: best requester fits the ICP in tier B"),
    "C": ("d4a72c", "ICP triage: best requester fits the ICP in tier C"),
    "D": ("bc4c00", "ICP triage: best requester fits the ICP in tier D"),
    "unknown": ("8c959f", "ICP triage: not enough account data to judge the requester's fit"),
    "anti": ("cf222e", "ICP triage: best requester matches an anti-ICP signal"),
}

# GitHub refuses a longer comment body with 422 "body is too long (maximum is 65536
# characters)" (the REST API's validation error for POST/PATCH .../issues/comments; the limit
# is not on the docs page, the error states it). Under ``disclose: full`` the comment lists
# at most LISTED_ACCOUNTS accounts, each name cut to NAME_CHARS characters, so it stays far
# below the limit however many accounts asked: 50 lines of at most ~160 bytes is ~8 KB.
MAX_COMMENT_CHARS = 65_536
LISTED_ACCOUNTS = 50
NAME_CHARS = 100

WriteKind = Literal[
    "create_label", "add_labels", "remove_label", "create_comment", "edit_comment", "delete_comment"
]
_COMMENT_ID = re.compile(r"#issuecomment-(\d+)$")


class TagSettings(Protocol):
    """The part of ``tagging:`` in icp.yml this module reads (``TaggingSettings``)."""

    @property
    def labels(self) -> bool: ...
    @property
    def comment(self) -> bool: ...
    @property
    def disclose(self) -> str: ...
    @property
    def prefix(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Tags:
    """The labels and comment body one issue should carry."""

    labels: tuple[str, ...]
    comment: str


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


def class_label(klass: str, *, prefix: str) -> str:
    """``icp-core`` -> ``icp:core`` (with the configured prefix)."""
    return f"{prefix}:{CLASS_SUFFIX[klass]}"


def fit_label(tier: str, *, prefix: str) -> str:
    """Tier ``A`` -> ``icp-fit:A``."""
    return f"{prefix}-fit:{tier}"


def is_own_label(name: str, *, prefix: str) -> bool:
    """True for labels this tool manages (``icp:*`` and ``icp-fit:*``), case-insensitively."""
    folded = name.casefold()
    return folded.startswith(f"{prefix}:".casefold()) or folded.startswith(f"{prefix}-fit:".casefold())


def label_style(name: str, *, prefix: str) -> tuple[str, str]:
    """The colour and description to create one of our labels with."""
    if name.casefold().startswith(f"{prefix}-fit:".casefold()):
        return _TIER_STYLE.get(name.split(":", 1)[1], ("8c959f", "ICP triage: requester fit"))
    return _CLASS_STYLE.get(name.split(":", 1)[1], ("8c959f", "ICP triage"))


def comment_id_from_url(url: str | None) -> int | None:
    """The REST id of a comment from its html URL (``...#issuecomment-123``), else None."""
    match = _COMMENT_ID.search(url or "")
    return int(match.group(1)) if match else None


def _tier_counts(item: RankedItem) -> list[tuple[str, int]]:
    counts = Counter(c.tier for c in item.contributions)
    return [(tier, counts[tier]) for tier in TIER_ORDER if counts[tier]]


def _ranked_comment(item: RankedItem, *, disclose: str, icp_tiers: Collection[str]) -> list[str]:
    best = item.best_tier or "unknown"
    lines = [
        f"**Class:** {_CLASS_TITLE[item.klass]} · **Best requester fit:** tier {best}",
        "",
        "| Requester tier | Accounts |",
        "|---|---|",
    ]
    lines += [f"| {tier} | {count} |" for tier, count in _tier_counts(item)]
    accounts = len(item.contributions)
    icp = sum(1 for c in item.contributions if c.tier in icp_tiers)
    lines += [
        "",
        f"{accounts} requesting account{'s' if accounts != 1 else ''}, {icp} in the ICP tiers "
        f"({', '.join(icp_tiers)}).",
    ]
    if item.low_confidence:
        lines.append("Some requesters lack the data to judge their fit: treat this as low confidence.")
    if disclose == "full":
        lines += ["", "Requesting accounts:"]
        ordered = sorted(item.contributions, key=lambda c: (TIER_ORDER.index(c.tier), c.name.casefold()))
        for c in ordered[:LISTED_ACCOUNTS]:
            lines.append(f"- {_short(c.name)}: tier {c.tier}, via {c.signal.kind}")
        if len(ordered) > LISTED_ACCOUNTS:
            lines.append(f"- ... and {len(ordered) - LISTED_ACCOUNTS} more")
    return lines


def _short(name: str) -> str:
    """An account name as inert Markdown, as the Markdown report shows it: no ``@`` pings
    (``@everyone``), no ``-->``, comment marker, ``</sub>`` or pipes that break the comment."""
    from icp_triage.reports.markdown import md_text  # pure; the one escaping rule for Markdown

    return md_text(name, width=NAME_CHARS)


def desired_tags(
    item: RankedItem | UnattributedItem,
    settings: TagSettings,
    *,
    icp_tiers: Collection[str] = ("A", "B"),
    form_field: str = "Company",
    label_prefix: str = "customer:",
    trailer: str = "Requested-by",
) -> Tags:
    """The labels and comment one request should carry.

    Under ``disclose: tier-only`` the comment shows the class, tiers and counts only: no
    account name, id, ARR, demand or ICP value (both scale with revenue under
    ``weight_by: arr``). The text has no timestamps or ranks, so it only changes when this
    request's own evaluation does.
    """
    prefix = settings.prefix
    if isinstance(item, UnattributedItem):
        labels: tuple[str, ...] = (class_label("unattributed", prefix=prefix),)
        body = [
            "**Class:** unattributed: no requesting customer account was recognised.",
            "",
            f"To attribute it, fill in the issue form's **{form_field}** field, add a "
            f"`{label_prefix}<account>` label, or add a line `{trailer}: <company or domain>` "
            "to the description or a comment.",
        ]
    else:
        labels = (class_label(item.klass, prefix=prefix),)
        if item.best_tier is not None:
            labels += (fit_label(item.best_tier, prefix=prefix),)
        body = _ranked_comment(item, disclose=settings.disclose, icp_tiers=icp_tiers)
    footer = (
        "<sub>Written by icp-triage; edited in place when the evaluation changes."
        + (" Account names are not shown on issues." if settings.disclose != "full" else "")
        + "</sub>"
    )
    text = "\n".join([OWN_COMMENT_MARKER, "### ICP triage", "", *body, "", footer]) + "\n"
    return Tags(labels=labels, comment=text)


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
        ours = [c for c in request.comments if is_own_comment(c, own_login=own_login)]
        if not ours:
            writes.append(Write("create_comment", request.key, body=tags.comment))
        else:
            ids = [comment_id_from_url(c.url) for c in ours]
            if any(i is None for i in ids):
                raise ValueError(
                    f"{request.key}: the icp-triage comment has no id in its URL ({ours[0].url!r})"
                )
            if not _same_text(ours[0].body, tags.comment):
                writes.append(Write("edit_comment", request.key, body=tags.comment, comment_id=ids[0]))
            for extra in ids[1:]:
                writes.append(Write("delete_comment", request.key, comment_id=extra))
    return writes
