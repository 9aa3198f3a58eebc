"""A drafted profile as commented YAML: every criterion says why it is there.

The YAML is what ``profile suggest`` prints and what ``--output`` splices into a copy of
icp.yml, so it must load back as the same profile (a test checks it does).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import yaml

from icp_triage.core.best_customers import BestRate
from icp_triage.core.cutoffs import Cutoff
from icp_triage.core.segments import condition_dict
from icp_triage.core.settings import Profile
from icp_triage.core.suggest import Drafted, Suggestion
from icp_triage.core.untrusted import one_line


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


def lift_line(held: BestRate | None) -> str:
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
    lines += [f"  {comment}" for comment in cutoff_comment(suggestion)]
    lines += [
        f"  tiers: {_flow(draft.tiers.model_dump())}",
        f"  min_coverage: {draft.min_coverage:g}",
        f"  icp_tiers: {_scalar(list(draft.icp_tiers))}",
    ]
    return "\n".join(lines) + "\n"


def _pct(rate: BestRate) -> str:
    return f"{rate.rate:.0%}"


def _admits(cutoff: Cutoff, names: list[str], weights: list[float]) -> str:
    """What an account must meet to reach ``cutoff``: ``industry and employees``, ``industry
    and 1 more point``, ``any 2 of the 5 points``."""
    total = sum(weights)
    needed = cutoff.level * total / 100 - sum(weights[i] for i in cutoff.required)
    more = f"{needed:.3g} more point{'s' if needed != 1 else ''}"
    if not cutoff.required:
        return f"any {needed:.3g} of the {total:g} points"
    required = " and ".join(names[i] for i in cutoff.required)
    return required if needed < 1e-9 else f"{required} and {more}"


def _held_out(rate: BestRate | None) -> str:
    if rate is None or rate.comparison is None:
        return "held out: n/a"
    c = rate.comparison
    low, high = c.lift_ci.low, c.lift_ci.high
    ci = f"[{low:.2f}, {high:.2f}]" if low is not None and high is not None else "[n/a]"
    lift = f"{c.lift:.2f} {ci}" if c.lift is not None else "n/a (no best customer outside)"
    return f"held out {_pct(rate)} of {rate.icp}, lift {lift}"


def cutoff_comment(suggestion: Suggestion) -> list[str]:
    """Why the draft's ICP line is where it is: what it requires, and every cut-off considered
    with its rate on the training split and its held-out lift."""
    line, draft = suggestion.line, suggestion.profile
    if line is None or line.cutoff is None or draft is None:
        return []
    names = [one_line(d.finding.attribute) for d in suggestion.criteria]  # a CSV header: untrusted
    weights = [c.weight for c in draft.criteria]
    chosen = line.cutoff
    others = len(line.required) < len(names)
    prose = [
        f"The ICP line: fit >= {chosen.threshold:g}, an account that meets {_admits(chosen, names, weights)}."
    ]
    for pair in line.interactions:
        first, second = names[pair.first], names[pair.second]
        prose.append(
            f"{first} and {second} are required together: {_pct(pair.first_alone)} of the accounts "
            f"with {first} alone and {_pct(pair.second_alone)} with {second} alone are among the best, "
            f"no more than with neither ({_pct(pair.neither)}); with both, {_pct(pair.both)}."
            + (" Each weighs more than the other criteria together." if others else "")
        )
    for narrowing in line.narrowings:
        prose.append(
            f"{names[narrowing.criterion]} is required too: it raises the ICP's share of best customers "
            f"from {_pct(narrowing.before)} to {_pct(narrowing.after)} on the training split."
        )
    top = max(line.cutoffs, key=lambda c: (c.train.rate, len(c.members)))
    why = "holds the best customers most often on the training split"
    if top.level != chosen.level:
        why = (
            f"is the broadest whose share of best customers lies within the 95% interval of the "
            f"highest (fit >= {top.threshold:g}, {_pct(top.train)}), whose edge may be chance"
        )
    prose.append(
        f"Of the cut-offs leaving at least {line.least} training accounts in the ICP and out "
        f"(validation.min_accounts), it {why}. Each, with its held-out share of best customers and "
        "lift against the rest (which also grows as the rest narrows to the worst accounts):"
    )
    out = [f"# {text}" for paragraph in prose for text in textwrap.wrap(paragraph, 96)]
    rules = [_admits(c, names, weights) for c in line.cutoffs]
    width = max(map(len, rules))
    for cutoff, rule in zip(line.cutoffs, rules, strict=True):
        mark = "->" if cutoff.level == chosen.level else "  "
        out.append(
            f"# {mark} fit >= {cutoff.threshold:<4g} {rule:<{width}}  training {_pct(cutoff.train)} best "
            f"of {cutoff.train.icp}; {_held_out(cutoff.test)}"
        )
    return out


def header(suggestion: Suggestion, current: Profile, *, best_share: float, holdout: float) -> str:
    """The comment block above the draft: what it was drafted from and how it did held out."""
    used = ", ".join(suggestion.outcomes_used) or "none"
    if suggestion.profile is None:
        return (
            "\n".join(["# icp-triage profile suggest: no profile drafted.", *_notes(suggestion.notes, "")])
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
    lines += _notes(suggestion.notes, "Note: ")
    return "\n".join(lines) + "\n"


COMMENT_WIDTH = 78
"""Columns a note of the draft takes at most: ``profile suggest`` prints it in a terminal,
where a note on one 170-character line broke mid-word at the 80-column edge."""


def _notes(notes: Sequence[str], label: str) -> list[str]:
    """Each note as YAML comment lines wrapped between words at ``COMMENT_WIDTH``, continued
    lines indented under the text."""
    return [
        line
        for note in notes
        for line in textwrap.wrap(
            f"{label}{note}",
            COMMENT_WIDTH,
            initial_indent="# ",
            subsequent_indent="#   ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    ]
