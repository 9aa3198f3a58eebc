"""When to retry a GitHub request, and how long to wait first: a pure decision table.

GitHub's rules (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
#handle-rate-limit-errors-appropriately and
https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):

- ``retry-after`` present: wait that many seconds (a secondary limit).
- ``x-ratelimit-remaining: 0``: the primary limit; wait until ``x-ratelimit-reset`` (epoch s).
- a 403/429 naming a secondary limit without ``retry-after``: wait at least a minute, then
  back off exponentially, and give up after a bound.
- 5xx and connection errors are worth a few retries with backoff; 502/504 mean the query
  ran too long (https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
  #timeouts), so the caller shrinks the page.
- any other 4xx is final: retrying a bad token or a missing repository only burns quota.

The decision depends on status, headers, message, attempt and the clock only, so it is
tested without HTTP; the client applies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone

from icp_triage.adapters.retry_decision import Decision, finite, header, retry_after

MAX_SERVER_RETRIES = 4
MAX_SECONDARY_RETRIES = 3
SECONDARY_FLOOR = 60.0


def clock_time(epoch: float) -> str:
    """``14:05 UTC`` for a reset time, to tell a user when to retry."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def is_rate_limited(status: int, headers: Mapping[str, str], message: str) -> bool:
    """403/429 because of a primary or secondary rate limit (not a permission problem)."""
    if status not in (403, 429):
        return False
    lowered = message.lower()
    return (
        header(headers, "retry-after") is not None
        or header(headers, "x-ratelimit-remaining") == "0"
        or "rate limit" in lowered
        or status == 429
    )


def decide(
    status: int | None,
    headers: Mapping[str, str],
    message: str,
    *,
    attempt: int,
    now: float,
    max_wait: float,
) -> Decision:
    """What to do after a failed attempt (``attempt`` counts from 0; ``status`` None means the
    connection failed).

    A wait longer than ``max_wait`` becomes a failure that says when to retry.
    """
    if status is None or status in (500, 503) or (status >= 500 and status not in (502, 504)):
        if attempt >= MAX_SERVER_RETRIES:
            what = "could not be reached" if status is None else f"kept failing ({status})"
            return Decision("fail", reason=f"GitHub {what} after {attempt + 1} attempts; retry later")
        return Decision("retry", wait=min(2.0**attempt, 30.0))
    if status in (502, 504):
        if attempt >= MAX_SERVER_RETRIES:
            return Decision("fail", reason=f"GitHub timed out ({status}) {attempt + 1} times; retry later")
        return Decision("too_long", wait=min(2.0**attempt, 30.0))
    if not is_rate_limited(status, headers, message):
        return Decision("fail")
    asked = retry_after(header(headers, "retry-after"), now=now)
    reset = finite(header(headers, "x-ratelimit-reset"))
    if asked is not None:
        wait, kind = asked, "secondary rate limit"
    elif header(headers, "x-ratelimit-remaining") == "0" and reset is not None:
        wait, kind = max(reset - now, 0.0) + 1.0, "primary rate limit"
    else:
        if attempt >= MAX_SECONDARY_RETRIES:
            return Decision(
                "fail", reason=f"GitHub's secondary rate limit persisted after {attempt + 1} waits"
            )
        wait, kind = SECONDARY_FLOOR * 2.0**attempt, "secondary rate limit"
    if wait > max_wait:
        return Decision(
            "fail",
            wait=wait,
            reason=(
                f"GitHub's {kind} for this token needs a wait of {wait:.0f} s, longer than "
                f"source.github.max_wait ({max_wait:g} s); retry after {clock_time(now + wait)}"
            ),
        )
    return Decision("retry", wait=wait, reason=kind)
