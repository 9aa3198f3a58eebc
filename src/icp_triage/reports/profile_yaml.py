"""A drafted profile as commented YAML: every criterion says why it is there.

The YAML is what ``profile suggest`` prints and what ``--output`` splices into a copy of
icp.yml, so it must load back as the same profile (a test checks it does).
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from icp_triage.core.settings import Profile
from icp_triage.core.suggest import Drafted, HeldOut, Suggestion, condition_dict


def _flow(item: dict[str, Any]) -> str:
    """One mapping in YAML flow style on one line: ``{attribute: industry, in: [saas], weight: 3}``."""
    plain = {k: _plain(v) for k, v in item.items()}
    return yaml.safe_dump(plain, default_flow_style=True, width=math.inf, sort_keys=False).strip()


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _scalar(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=math.inf).strip().removesuffix("...").strip()


def _why(drafted: Drafted, group: str) -> str:
    f = drafted.finding
    lift = "many times" if not math.isfinite(f.lift) else f"lift {f.lift:.1f}"
    return f"# {f.group_share:.0%} of the {group} customers against {f.rest_share:.0%} of the others ({lift})"


def lift_line(held: HeldOut | None) -> str:
    if held is None or held.comparison is None:
        return "n/a (no ICP account, or no other account, among the held-out customers)"
    c = held.comparison
    ci = c.lift_ci
    low = f"{ci.low:.2f}" if ci.low is not None else "?"
    high = f"{ci.high:.2f}" if ci.high is not None else "inf"
    lift = f"{c.lift:.2f}" if c.lift is not None else "inf"
    return f"{lift} [95% CI {low}, {high}]: {c.a:.0%} of its {held.icp} ICP accounts are best customers, {c.b:.0%} of the other {held.rest}"


def profile_yaml(suggestion: Suggestion, current: Profile) -> str:
    """The ``profile:`` section of icp.yml for the draft, with comments; "" when there is none."""
    draft = suggestion.profile
    if draft is None:
        return ""
    lines = [
        "profile:",
        f"  name: {_scalar(draft.name)}",
        f"  version: {_scalar(draft.version)}",
        "  criteria:",
    ]
    for drafted in suggestion.criteria:
        lines += [
            f"    {_why(drafted, 'best')}",
            f"    - {_flow({**condition_dict(drafted.finding), 'weight': drafted.points})}",
        ]
    if suggestion.anti:
        lines.append("  anti:")
        for drafted in suggestion.anti:
            lines += [
                f"    {_why(drafted, 'worst')}",
                f"    - {_flow({**condition_dict(drafted.finding), 'penalty': drafted.points})}",
            ]
    lines += [
        f"  tiers: {_flow(draft.tiers.model_dump())}",
        f"  min_coverage: {draft.min_coverage:g}",
        f"  icp_tiers: {_scalar(list(draft.icp_tiers))}",
    ]
    return "\n".join(lines) + "\n"


def header(suggestion: Suggestion, current: Profile, *, best_share: float, holdout: float) -> str:
    """The comment block above the draft: what it was drafted from and how it did held out."""
    used = ", ".join(suggestion.outcomes_used) or "none"
    if suggestion.profile is None:
        return (
            "\n".join(
                ["# icp-triage profile suggest: no profile drafted.", *(f"# {n}" for n in suggestion.notes)]
            )
            + "\n"
        )
    lines = [
        "# Drafted by `icp-triage profile suggest`; icp.yml is left as it is.",
        f"# From {suggestion.customers} accounts with outcomes ({used}): the best {best_share:.0%} by a",
        f"# composite of those outcomes against the rest, on a {1 - holdout:.0%} training split ({suggestion.trained_on}).",
        f"# Judged on the {suggestion.held_out} held-out accounts: how much more often an ICP account is among",
        "# the best customers than an account outside it (lift of the best-customer rate).",
        f"#   draft:   {lift_line(suggestion.draft_held_out)}",
        f"#   current: {lift_line(suggestion.current_held_out)} ('{current.name}' {current.version})",
    ]
    lines += [f"# Note: {note}" for note in suggestion.notes]
    return "\n".join(lines) + "\n"
