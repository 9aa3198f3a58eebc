"""``explain KEY`` in every format: JSON, terminal table, CSV and Markdown (HTML is in html.py).

All of them show the same ``arithmetic``: each formula written out with the numbers that
went in, so a reader can check ``icp_value`` with a calculator.
"""

from __future__ import annotations

from typing import Any

from icp_triage.core.attribution import Signal
from icp_triage.core.explain import AccountPart, Explanation, share_text
from icp_triage.core.tiers import RequestClass, Tier
from icp_triage.core.untrusted import md_text
from icp_triage.reports.csv_report import write_rows
from icp_triage.reports.json_report import dumps, fit_dict
from icp_triage.reports.markdown import md_link, table
from icp_triage.reports.numbers import ANTI_RESULT, amount, anti_points, attribute_text, fit_text

TIMES = "\u00d7"  # the multiplication sign the arithmetic is written with


ACCOUNT_COLUMNS = (
    "account",
    "tier",
    "fit",
    "signal",
    "strength",
    "from",
    "worth",
    "demand",
    TIMES + " fit",
    "value",
)
"""The accounts table of explain, the same in the terminal and in Markdown."""


def _num(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def figure(value: float) -> str:
    return f"{value:.4g}"


def _worth(part: AccountPart, weight_by: str) -> str:
    text = amount(part.worth, weight_by)
    return text + " (median ARR: ARR unknown)" if part.worth_source == "median-arr" else text


def _factor(part: AccountPart) -> str:
    return f"{figure(part.factor)} (fit unknown)" if part.fit is None else figure(part.factor)


def arithmetic(e: Explanation) -> dict[str, str]:
    """Each score as ``formula = terms = result``, in the report's units."""
    w = e.weight_by
    if not e.parts:
        return {"class": e.class_reason}
    worth = "1 per account" if w != "arr" else "ARR"
    demand_terms = " + ".join(
        f"{figure(p.signal.strength)} {TIMES} {amount(p.worth, w)} ({p.account_id})" for p in e.parts
    )
    icp_parts = [p for p in e.parts if p.icp]
    icp_terms = " + ".join(f"{amount(p.demand, w)} ({p.account_id})" for p in icp_parts) or "0"
    value_terms = " + ".join(f"{amount(p.demand, w)} {TIMES} {_factor(p)} ({p.account_id})" for p in e.parts)
    out = {
        "demand": f"Σ strength {TIMES} worth [{worth}] = {demand_terms} = {amount(e.demand, w)}",
        "icp_demand": (
            f"Σ demand of ICP-tier ({'/'.join(e.icp_tiers)}) accounts = {icp_terms} = {amount(e.icp_demand, w)}"
        ),
        "off_icp_demand": (
            f"Σ demand of known non-ICP accounts = {_terms([p for p in e.parts if _off(p)], w)} = "
            f"{amount(e.off_icp_demand, w)}"
        ),
        "unknown_demand": (
            f"Σ demand of unknown-fit accounts = {_terms([p for p in e.parts if p.tier == Tier.UNKNOWN], w)} = "
            f"{amount(e.unknown_demand, w)}"
        ),
        "icp_value": (
            f"Σ demand {TIMES} fit/100 (unknown fit counts {figure(e.unknown_fit)}) = {value_terms} = {amount(e.icp_value, w)}"
            if e.value_factor == 1
            else f"Σ demand {TIMES} fit/100 (unknown fit counts {figure(e.unknown_fit)}) {TIMES} value_factor = "
            f"({value_terms}) {TIMES} {figure(e.value_factor)} = {amount(e.icp_value, w)}"
        ),
        "icp_share": _share_line(e),
        "class": e.class_reason,
    }
    if e.focus:
        out.update(focus_arithmetic(e))
    if e.unknown_accounts:
        out["unknown_fit"] = "; ".join(f"{account} lacks {what}" for account, what in e.unknown_accounts)
    if e.effort:
        assumed = " (assumed: the median effort)" if e.effort_assumed else ""
        out["value_per_effort"] = (
            f"icp_value / effort = {amount(e.icp_value, w)} / {figure(e.effort)}{assumed} = "
            f"{amount(e.icp_value / e.effort, w)} per point"
        )
    return out


def focus_arithmetic(e: Explanation) -> dict[str, str]:
    """What the request addresses, how urgent it is, and the factor its ICP value took."""
    problems = "; ".join(f"{p.name} ({', '.join(p.matched)})" for p in e.problems)
    triggers = "; ".join(f"{p.account_id}: {t.describe()}" for p in e.parts for t in p.triggers)
    out = {
        "problems": problems or f"none of the ICP's {e.declared_problems} problems",
        "urgent": e.urgent or "no",
        "triggers": triggers or "no account asking has an active trigger",
    }
    terms = []
    if e.problems and e.weights[0]:
        terms.append(f"(1 + problem_weight {figure(e.weights[0])}: addresses an ICP problem)")
    if (e.urgent is not None or e.triggered) and e.weights[1]:
        why = "urgent" if e.urgent is not None else "an account asking has a trigger"
        terms.append(f"(1 + urgency_weight {figure(e.weights[1])}: {why})")
    if terms:
        out["value_factor"] = f"{f' {TIMES} '.join(terms)} = {figure(e.value_factor)}"
    elif any(e.weights):
        out["value_factor"] = (
            "1: it addresses no ICP problem, is not urgent and no account asking has a trigger"
        )
    else:
        out["value_factor"] = "1 (ranking.problem_weight and urgency_weight are 0: shown, not scored)"
    return out


def _share_line(e: Explanation) -> str:
    """How the ICP share was taken: by demand, or by count when no requester adds demand.

    With every requester at ARR 0 the share is the ICP-tier accounts' share by count
    (``ranking.icp_share``); "$0 / $0 = 100%" would state a division that has no answer.
    """
    if e.icp_share is None:
        return "no requester's fit is known: no share to take (it is not guessed)"
    share = share_text(e.icp_share, e.class_shares)
    w = e.weight_by
    known = e.icp_demand + e.off_icp_demand
    if known > 0:
        return (
            f"icp_demand / (icp_demand + off_icp_demand) = {amount(e.icp_demand, w)} / "
            f"({amount(e.icp_demand, w)} + {amount(e.off_icp_demand, w)}) = {share}"
        )
    icp = sum(1 for p in e.parts if p.icp)
    counted = sum(1 for p in e.parts if p.icp or _off(p))
    return (
        f"no requester adds demand (each weighs 0), so by count: ICP-tier accounts / accounts = "
        f"{icp} / {counted} = {share}"
    )


def _off(part: AccountPart) -> bool:
    """Whether ``part`` counts in the off-ICP demand: a known tier outside the ICP tiers."""
    return not part.icp and part.tier != Tier.UNKNOWN


def _terms(parts: list[AccountPart], weight_by: str) -> str:
    return " + ".join(f"{amount(p.demand, weight_by)} ({p.account_id})" for p in parts) or "0"


def explain_dict(e: Explanation, *, accounts: Any) -> dict[str, Any]:
    """The JSON shape of ``explain --format json``; ``accounts`` maps ids to Account."""
    return {
        "key": e.key,
        "title": e.title,
        "url": e.url,
        "list": e.listed,
        "rank": e.rank,
        "demand_rank": e.demand_rank,
        "class": e.klass,
        "class_reason": e.class_reason,
        "weight_by": e.weight_by,
        "icp_value": _num(e.icp_value),
        "demand": _num(e.demand),
        "icp_demand": _num(e.icp_demand),
        "off_icp_demand": _num(e.off_icp_demand),
        "unknown_demand": _num(e.unknown_demand),
        "icp_share": _num(e.icp_share),
        "effort": e.effort,
        "effort_assumed": e.effort_assumed,
        "value_per_effort": _num(e.value_per_effort),
        "low_confidence": e.low_confidence,
        "problems": [{"name": p.name, "matched": list(p.matched)} for p in e.problems],
        "urgent": e.urgent,
        "value_factor": _num(e.value_factor),
        "arithmetic": arithmetic(e),
        "accounts": [
            {
                "id": p.account_id,
                "name": p.name,
                "tier": p.tier,
                "fit": _num(p.fit, 2),
                "icp": p.icp,
                "signal": p.signal.kind,
                "strength": p.signal.strength,
                "source": p.signal.source,
                "worth": _num(p.worth),
                "worth_source": p.worth_source,
                "demand": _num(p.demand),
                "factor": _num(p.factor),
                "value": _num(p.value),
                "triggers": [
                    {"attribute": t.attribute, "date": t.on.isoformat(), "within_days": t.within_days}
                    for t in p.triggers
                ],
                "signals": [
                    {"kind": s.kind, "strength": s.strength, "source": s.source, "counted": i == p.counted}
                    for i, s in enumerate(p.signals)
                ],
                "fit_explanation": fit_dict(accounts[p.account_id], p.explanation)
                if p.account_id in accounts
                else None,
            }
            for p in e.parts
        ],
        "unattributed_signals": [
            {"kind": u.kind, "value": u.value, "source": u.source, "reason": u.reason} for u in e.unmatched
        ],
        "reasons": list(e.reasons),
    }


def explain_json(e: Explanation, *, accounts: Any) -> str:
    return dumps(explain_dict(e, accounts=accounts))


CSV_HEADER = [
    "key",
    "account_id",
    "account_name",
    "tier",
    "fit",
    "icp",
    "signal",
    "strength",
    "counted",
    "source",
    "worth",
    "demand",
    "factor",
    "value",
    "reason",
]


def explain_csv(e: Explanation) -> str:
    """One row per signal on the request: counted, not counted (a weaker duplicate), unmatched."""
    rows: list[list[Any]] = []
    for p in e.parts:
        signals, counted_at = (p.signals, p.counted) if p.counted >= 0 else ((p.signal, *p.signals), 0)
        for i, s in enumerate(signals):
            counted = i == counted_at
            rows.append(
                [
                    e.key,
                    p.account_id,
                    p.name,
                    p.tier,
                    _num(p.fit, 2),
                    p.icp,
                    s.kind,
                    s.strength,
                    counted,
                    s.source,
                    _num(p.worth),
                    _num(p.demand) if counted else 0,
                    _num(p.factor),
                    _num(p.value) if counted else 0,
                    "" if counted else _not_counted(s, p),
                ]
            )
    for u in e.unmatched:
        rows.append([e.key, "", "", "", None, False, u.kind, 0, False, u.source, 0, 0, 0, 0, u.reason])
    return write_rows(CSV_HEADER, rows)


def _not_counted(s: Signal, p: AccountPart) -> str:
    if s.strength < p.signal.strength:
        return "a stronger signal from the same account counts"
    return "an account counts once: another signal from it, as strong, counts"


def explain_headline(e: Explanation) -> str:
    if e.klass == RequestClass.UNATTRIBUTED:
        return f"{e.key}: {e.klass} (no known account)"
    where = {
        RequestClass.OPPORTUNISTIC: "opportunistic list",
        RequestClass.UNKNOWN_FIT: "unknown-fit list",
    }.get(e.klass, "ranked backlog")
    return f"{e.key}: #{e.rank} in the {where}, #{e.demand_rank} by raw demand; class {e.klass}"


def cell_value(value: object) -> str:
    return attribute_text(value)


def explain_markdown(e: Explanation) -> str:
    """GitHub-flavoured Markdown of the explanation; every untrusted string escaped."""
    w = e.weight_by
    lines = [
        f"## Why {md_link(e.key, e.url)} ranks where it does",
        "",
        f"**{md_text(e.title, width=200)}**",
        "",
        md_text(explain_headline(e)),
        "",
    ]
    if e.parts:
        rows = [
            [
                f"{md_text(p.name, width=40)} ({md_text(p.account_id)})",
                p.tier + (" (ICP)" if p.icp else ""),
                fit_text(p.fit),
                p.signal.kind,
                figure(p.signal.strength),
                md_text(p.signal.source, width=60),
                md_text(_worth(p, w)),
                amount(p.demand, w),
                md_text(_factor(p)),
                amount(p.value, w),
            ]
            for p in e.parts
        ]
        lines += ["### Accounts behind it", ""]
        lines += table(
            list(ACCOUNT_COLUMNS),
            "llrlrllrlr",
            rows,
        )
        lines.append("")
    lines += ["### The arithmetic", ""]
    lines += [f"- **{name}**: {md_text(formula)}" for name, formula in arithmetic(e).items()]
    lines.append("")
    for p in e.parts:
        lines += [
            f"<details><summary>Fit of {md_text(p.account_id)}: {md_text(p.explanation.summary)}</summary>",
            "",
        ]
        rows = [
            [
                md_text(c.attribute),
                md_text(c.rule),
                md_text(cell_value(c.value), width=60),
                c.status,
                f"{c.points:g}/{c.weight:g}",
            ]
            for c in p.explanation.criteria
        ]
        rows += [
            [
                f"anti: {md_text(a.attribute)}",
                md_text(a.rule),
                md_text(cell_value(a.value), width=60),
                ANTI_RESULT[a.status],
                anti_points(a.status, a.penalty, a.disqualify),
            ]
            for a in p.explanation.anti
        ]
        lines += table(["criterion", "rule", "value", "result", "points"], "llllr", rows)
        lines += ["", "</details>", ""]
    if e.unmatched or e.reasons:
        lines += ["### Signals that named no known account", ""]
        lines += [
            f"- {u.kind} “{md_text(u.value, width=60)}” from {md_text(u.source)}: {md_text(u.reason)}"
            for u in e.unmatched
        ]
        if not e.unmatched:
            lines += [f"- {md_text(r)}" for r in e.reasons]
        lines.append("")
    return "\n".join(lines)
