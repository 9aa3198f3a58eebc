"""What a request should carry after triage, in no tracker's terms: labels, a comment as a
document, and fields to set.

``desired_tags`` turns a ranked (or unattributed) request into ``Tags``; each tracker's
adapter renders the document (GitHub Markdown, Jira ADF or wiki markup), adds its own
marker, colours and size limits, and plans the writes that bring an issue to it.

Tagging owns only its own prefix (``icp:`` and ``icp-fit:`` by default, DESIGN.md "Outputs
and tags"): other labels are never touched. Under ``disclose: tier-only`` (the default)
nothing written names an account, gives its id or any revenue-derived figure, because
issues may be public; ``full`` adds account names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from icp_triage.core.backlog import RankedItem, UnattributedItem
from icp_triage.core.tiers import DEFAULT_ICP_TIERS, RequestClass, Tier, tier_rank

# A label and the comment name the class, but for icp-core, which the prefix (``icp:``) and
# a heading already say is about the ICP.
CLASS_SUFFIX = {**{klass: klass.value for klass in RequestClass}, RequestClass.ICP_CORE: "core"}
_CLASS_TITLE = {**{klass: klass.value for klass in RequestClass}, RequestClass.ICP_CORE: "ICP core"}
# Under ``disclose: full`` the comment lists at most LISTED_ACCOUNTS accounts, each name cut
# to NAME_CHARS characters, so it stays short however many accounts asked (50 lines of at
# most ~160 bytes is ~8 KB, far below any tracker's comment limit).
LISTED_ACCOUNTS = 50
NAME_CHARS = 100


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text in one style; ``text`` ``"\\n"`` alone is a line break in a paragraph."""

    text: str
    bold: bool = False
    code: bool = False
    untrusted: bool = False
    """Text from outside (an account name from the CRM): each adapter makes it inert in its
    tracker's markup (no @-pings, no markup, no second comment marker)."""


LINE_BREAK = Run("\n")


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list; ``lead`` is the line that introduces it, kept with it (no blank line between)."""

    items: tuple[tuple[Run, ...], ...]
    lead: tuple[Run, ...] = ()


@dataclass(frozen=True, slots=True)
class SmallPrint:
    """A footnote in small type (what wrote the comment, what it does not show)."""

    text: str


Block = Heading | Paragraph | Table | BulletList | SmallPrint
CommentDoc = tuple[Block, ...]


class TagSettings(Protocol):
    """The part of ``tagging:`` in icp.yml tagging reads (``config.schema.TaggingSettings``)."""

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
    """The labels, comment document and fields one request should carry."""

    labels: tuple[str, ...]
    comment: CommentDoc
    fields: Mapping[str, float | str] = field(default_factory=dict)


def class_label(klass: RequestClass, *, prefix: str) -> str:
    """``icp-core`` -> ``icp:core`` (with the configured prefix)."""
    return f"{prefix}:{CLASS_SUFFIX[klass]}"


def fit_label(tier: str, *, prefix: str) -> str:
    """Tier ``A`` -> ``icp-fit:A``."""
    return f"{prefix}-fit:{tier}"


def is_own_label(name: str, *, prefix: str) -> bool:
    """True for labels this tool manages (``icp:*`` and ``icp-fit:*``), case-insensitively."""
    folded = name.casefold()
    return folded.startswith(f"{prefix}:".casefold()) or folded.startswith(f"{prefix}-fit:".casefold())


def _tier_counts(item: RankedItem) -> tuple[tuple[str, str], ...]:
    counts = Counter(c.tier for c in item.contributions)
    return tuple((tier.value, str(counts[tier])) for tier in Tier if counts[tier])


def _ranked_comment(item: RankedItem, *, disclose: str, icp_tiers: Collection[str]) -> list[Block]:
    best = item.best_tier or Tier.UNKNOWN
    blocks: list[Block] = [
        Paragraph(
            (
                Run("Class:", bold=True),
                Run(f" {_CLASS_TITLE[item.klass]} · "),
                Run("Best requester fit:", bold=True),
                Run(f" tier {best}"),
            )
        ),
        Table(("Requester tier", "Accounts"), _tier_counts(item)),
    ]
    accounts = len(item.contributions)
    icp = sum(1 for c in item.contributions if c.tier in icp_tiers)
    summary = [
        Run(
            f"{accounts} requesting account{'s' if accounts != 1 else ''}, {icp} in the ICP tiers "
            f"({', '.join(icp_tiers)})."
        )
    ]
    duplicates = len({via for via in item.attribution.vias if via})
    if duplicates:  # signals on issues marked as duplicates of this one count here (core.duplicates)
        through = sum(1 for c in item.contributions if c.signal.via)
        summary += [
            LINE_BREAK,
            Run(
                f"Counts the requesters of {duplicates} duplicate{'s' if duplicates != 1 else ''} of this "
                f"request: {through} of the accounts asked there."
            ),
        ]
    if item.klass == RequestClass.UNKNOWN_FIT:  # no share to take: say what would give one
        summary += [
            LINE_BREAK,
            Run("No requester's fit is known: their CRM records lack the data to judge it ("),
            Run("icp-triage accounts --enrich", code=True),
            Run(" lists what each lacks)."),
        ]
    elif item.low_confidence:
        summary += [
            LINE_BREAK,
            Run("Some requesters lack the data to judge their fit: treat this as low confidence."),
        ]
    blocks.append(Paragraph(tuple(summary)))
    blocks += _problems(item)
    if disclose == "full":
        ordered = sorted(item.contributions, key=lambda c: (tier_rank(c.tier), c.name.casefold()))
        items: list[tuple[Run, ...]] = [
            (Run(_short(c.name), untrusted=True), Run(f": tier {c.tier}, via {c.signal.kind}"))
            for c in ordered[:LISTED_ACCOUNTS]
        ]
        if len(ordered) > LISTED_ACCOUNTS:
            items.append((Run(f"... and {len(ordered) - LISTED_ACCOUNTS} more"),))
        blocks.append(BulletList(tuple(items), lead=(Run("Requesting accounts:"),)))
    return blocks


def _problems(item: RankedItem | UnattributedItem) -> list[Block]:
    """The ICP problems it addresses: names from icp.yml only, never the matched words or an
    account's trigger."""
    if not item.problems:
        return []
    names = ", ".join(p.name for p in item.problems)
    return [Paragraph((Run("ICP problems addressed:", bold=True), Run(f" {names}")))]


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def _field_runs(form_field: str | None, field_hint: str) -> tuple[Run, ...]:
    """The opening of the unattributed comment's advice: the field to fill in where the tracker
    has one (``field_hint`` is the tracker's wording), then the start of "add a ... label"."""
    if not form_field:
        return (Run("To attribute it, add a "),)
    before, _, after = field_hint.partition("{field}")
    return (Run(f"To attribute it, {before}"), Run(form_field, bold=True), Run(f"{after}, add a "))


def desired_tags(
    item: RankedItem | UnattributedItem,
    settings: TagSettings,
    *,
    icp_tiers: Collection[str] = DEFAULT_ICP_TIERS,
    form_field: str | None = "Company",
    field_hint: str = "fill in the issue form's {field} field",
    label_prefix: str = "customer:",
    trailer: str = "Requested-by",
    value_disclosed: bool = False,
    rank: int | None = None,
) -> Tags:
    """The labels, comment and fields one request should carry.

    Under ``disclose: tier-only`` the comment shows the class, tiers and counts only: no
    account name, id, ARR, demand or ICP value (both scale with revenue under
    ``weight_by: arr``). The document has no timestamps or ranks, so it only changes when
    this request's own evaluation does. ``fields`` holds ``icp_value`` (for a tracker's
    number field, Jira's ``icp_value_field``) only when ``value_disclosed``: the caller
    says so where it cannot reveal revenue (``weight_by: accounts``, or ``disclose: full``).
    ``icp_class`` is always there (a board's class field); ``icp_rank`` is ``rank``, the
    place in the whole backlog, when the value is not disclosed and the caller knows it.
    """
    prefix = settings.prefix
    body: list[Block]
    fields: dict[str, float | str] = {}
    if isinstance(item, UnattributedItem):
        labels: tuple[str, ...] = (class_label(item.klass, prefix=prefix),)
        body = [
            Paragraph(
                (
                    Run("Class:", bold=True),
                    Run(" unattributed: no requesting customer account was recognised."),
                )
            ),
            Paragraph(
                (
                    *_field_runs(form_field, field_hint),
                    Run(f"{label_prefix}<account>", code=True),
                    Run(" label, or add a line "),
                    Run(f"{trailer}: <company or domain>", code=True),
                    Run(" to the description or a comment."),
                )
            ),
            *_problems(item),
        ]
    else:
        labels = (class_label(item.klass, prefix=prefix),)
        if item.best_tier is not None:
            labels += (fit_label(item.best_tier, prefix=prefix),)
        body = _ranked_comment(item, disclose=settings.disclose, icp_tiers=icp_tiers)
        if value_disclosed:
            fields["icp_value"] = float(item.icp_value)
        elif rank is not None:
            fields["icp_rank"] = float(rank)
    fields["icp_class"] = item.klass.value
    footer = SmallPrint(
        "Written by icp-triage; edited in place when the evaluation changes."
        + (" Account names are not shown on issues." if settings.disclose != "full" else "")
    )
    return Tags(labels=labels, comment=(Heading("ICP triage"), *body, footer), fields=fields)
