"""``profile diff`` as a terminal table, JSON or Markdown (a pull request comment).

With ``names=False`` (the Markdown of ``tagging.disclose: tier-only``) tier changes are
counted, never listed by account; request keys and titles appear, as in the backlog report
(they are the repository's own issues), escaped as untrusted text.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from icp_triage.core.profile_diff import LiftChange, ProfileDiff
from icp_triage.core.untrusted import clip, md_text, one_line
from icp_triage.reports.json_report import dumps
from icp_triage.reports.layout import Fitted
from icp_triage.reports.markdown import md_link, table
from icp_triage.reports.numbers import counted
from icp_triage.reports.profile_report import figure, lift_text


def _lift_dict(change: LiftChange) -> dict[str, Any]:
    def side(check: Any) -> dict[str, Any] | None:
        if check is None:
            return None
        return {
            "lift": figure(check.lift),
            "ci": [figure(check.ci.low), figure(check.ci.high)],
            "verdict": check.verdict,
        }

    return {
        "name": change.name,
        "old": side(change.old),
        "new": side(change.new),
        "change": figure(change.change),
    }


def diff_dict(diff: ProfileDiff, *, names: bool = True) -> dict[str, Any]:
    """The diff as data; without ``names`` the accounts that change tier are only counted."""
    changes = [{"id": c.account_id, "name": c.name, "old": c.old, "new": c.new} for c in diff.tier_changes]
    return {
        "old": {
            "name": diff.old.name,
            "version": diff.old.version,
            "icp_accounts": diff.old_validation.icp_accounts,
        },
        "new": {
            "name": diff.new.name,
            "version": diff.new.version,
            "icp_accounts": diff.new_validation.icp_accounts,
        },
        "accounts": diff.new_validation.accounts,
        "tier_changes": changes if names else [],
        "tier_moves": [{"old": old, "new": new, "accounts": count} for old, new, count in diff.tier_moves()],
        "threshold": diff.threshold,
        "requests": diff.requests,
        "moved": [
            {
                "key": m.key,
                "title": m.title,
                "old_rank": m.old_rank,
                "new_rank": m.new_rank,
                "places": m.places,
            }
            for m in diff.moved
        ],
        "switched": [{"key": s.key, "title": s.title, "old": s.old, "new": s.new} for s in diff.switched],
        "outcomes": [_lift_dict(c) for c in diff.lifts],
        "warnings": {
            "old": [{"kind": w.kind, "message": w.message} for w in diff.old_validation.warnings],
            "new": [{"kind": w.kind, "message": w.message} for w in diff.new_validation.warnings],
        },
    }


def diff_json(diff: ProfileDiff, *, names: bool = True) -> str:
    return dumps(diff_dict(diff, names=names))


def _side(change: LiftChange, new: bool) -> str:
    check = change.new if new else change.old
    return lift_text(check.lift, check.ci) if check is not None else "-"


def _change(change: LiftChange) -> str:
    return f"{change.change:+.2f}" if change.change is not None else "-"


def _title(diff: ProfileDiff) -> str:
    return (
        f"Profile '{one_line(diff.old.name)}' {one_line(diff.old.version)} → "
        f"'{one_line(diff.new.name)}' {one_line(diff.new.version)}: ICP accounts "
        f"{diff.old_validation.icp_accounts} → {diff.new_validation.icp_accounts} of {diff.new_validation.accounts}; "
        f"{counted(len(diff.tier_changes), 'account changes', 'accounts change')} tier."
    )


def _requests_line(diff: ProfileDiff) -> str:
    if diff.requests is None:
        return "No request source (pass --input FILE or set source:), so the backlog was not compared."
    return (
        f"Of {counted(diff.requests, 'request')}, {len(diff.moved)} move more than {diff.threshold} places "
        f"and {len(diff.switched)} switch class."
    )


def diff_tables(diff: ProfileDiff, *, names: bool = True) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(_title(diff))]
    if diff.tier_changes and not names:
        counted = Table(box=box.SIMPLE_HEAD, title="Tier changes")
        for name in ("old", "new", "accounts"):
            counted.add_column(name, justify="right" if name == "accounts" else "left")
        for old, new, count in diff.tier_moves():
            counted.add_row(old, new, str(count))
        parts.append(counted)
    elif diff.tier_changes:
        tiers = Table(box=box.SIMPLE_HEAD, title="Tier changes")
        for name in ("account", "old", "new"):
            tiers.add_column(name)
        for c in diff.tier_changes:
            tiers.add_row(clip(c.name, 40), c.old, c.new)
        parts.append(tiers)
    parts.append(Text(_requests_line(diff)))
    if diff.moved:
        moves = Table(box=box.SIMPLE_HEAD, title="Requests that move")
        for name, justify in (
            ("request", "left"),
            ("title", "left"),
            ("old rank", "right"),
            ("new rank", "right"),
        ):
            moves.add_column(name, justify=justify)  # type: ignore[arg-type]
        for m in diff.moved:
            moves.add_row(clip(m.key, 30), clip(m.title, 60), str(m.old_rank), str(m.new_rank))
        parts.append(Fitted(moves, shrink={"title": 16}))  # one line per request at any width
    if diff.switched:
        switches = Table(box=box.SIMPLE_HEAD, title="Requests that switch class")
        for name in ("request", "title", "old class", "new class"):
            switches.add_column(name)
        for s in diff.switched:
            switches.add_row(clip(s.key, 30), clip(s.title, 60), s.old, s.new)
        parts.append(Fitted(switches, shrink={"title": 16}))
    if diff.lifts:
        lifts = Table(box=box.SIMPLE_HEAD, title="Outcome lift, ICP against the rest [95% CI]")
        for name, justify in (("outcome", "left"), ("old", "right"), ("new", "right"), ("change", "right")):
            lifts.add_column(name, justify=justify)  # type: ignore[arg-type]
        for change in diff.lifts:
            lifts.add_row(change.name, _side(change, False), _side(change, True), _change(change))
        parts.append(lifts)
    return parts


def _more(total: int, limit: int | None) -> list[str]:
    return [f"... and {total - limit} more.", ""] if limit is not None and total > limit else []


def diff_markdown(diff: ProfileDiff, *, names: bool, heading: str = "##", limit: int | None = None) -> str:
    """The diff as GitHub Markdown; ``limit`` caps each list (a comment holds 65,536 characters)."""
    lines = [f"{heading} Profile diff", "", md_text(_title(diff)), ""]
    if diff.tier_changes:
        if names:
            rows = [[md_text(c.name), c.old, c.new] for c in diff.tier_changes[:limit]]
            lines += [*table(["Account", "Old tier", "New tier"], "lll", rows), ""]
            lines += _more(len(diff.tier_changes), limit)
        else:
            rows = [[old, new, str(count)] for old, new, count in diff.tier_moves()]
            lines += [*table(["Old tier", "New tier", "Accounts"], "llr", rows), ""]
    lines += [md_text(_requests_line(diff)), ""]
    if diff.moved:
        rows = [
            [md_link(m.key, m.url), md_text(m.title, width=80), str(m.old_rank), str(m.new_rank)]
            for m in diff.moved[:limit]
        ]
        lines += [
            *table(["Request", "Title", "Old rank", "New rank"], "llrr", rows),
            "",
            *_more(len(diff.moved), limit),
        ]
    if diff.switched:
        rows = [
            [md_link(s.key, s.url), md_text(s.title, width=80), s.old, s.new] for s in diff.switched[:limit]
        ]
        lines += [
            *table(["Request", "Title", "Old class", "New class"], "llll", rows),
            "",
            *_more(len(diff.switched), limit),
        ]
    if diff.lifts:
        rows = [[md_text(c.name), _side(c, False), _side(c, True), _change(c)] for c in diff.lifts]
        lines += [*table(["Outcome", "Old lift [95% CI]", "New lift [95% CI]", "Change"], "lrrr", rows), ""]
    return "\n".join(lines)
