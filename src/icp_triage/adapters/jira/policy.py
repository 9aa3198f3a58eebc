"""When to retry a Jira request, how long to wait, and what to tell the user: a pure table.

Atlassian's rules (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/):

- 429 (and 503 when Jira sheds load) carry ``Retry-After`` in seconds: wait that long, with
  jitter so parallel clients do not return at the same instant, and back off exponentially
  when the header is missing. A wait over ``max_wait`` becomes an error saying when to retry.
- other 5xx and dropped connections: a few retries with exponential back-off.
- 400: the request is wrong (a JQL syntax error, above all): final, shown as Jira worded it.
- 401: the credential is missing, wrong or expired; 403: it lacks a project permission;
  404: the issue or endpoint does not exist for this credential. All final.

The decision depends on status, headers, attempt and a jitter value only, so it is tested
without HTTP; the client applies it.
"""

from __future__ import annotations

from collections.abc import Mapping

from icp_triage.adapters.retry_decision import Decision, header, retry_after

MAX_LIMIT_RETRIES = 4  # 429/503 with or without Retry-After
MAX_SERVER_RETRIES = 3  # other 5xx and connection errors
BACKOFF_CAP = 60.0
LIMIT_FLOOR = 5.0  # a 429 without Retry-After waits at least this long

# What each kind of work needs, in Jira's own permission names, for 403 messages.
PERMISSION = {
    "read": "Browse projects",
    "labels": "Edit issues",
    "field": "Edit issues",
    "property": "Edit issues",
    "comment": "Add comments",
    "edit_comment": "Edit own comments",
    "delete_comment": "Delete own comments",
    "votes": "View voters and watchers",
}


def decide(
    status: int | None,
    headers: Mapping[str, str],
    *,
    attempt: int,
    max_wait: float,
    jitter: float = 0.0,
    now: float = 0.0,
) -> Decision:
    """What to do after a failed attempt (``attempt`` counts from 0; ``status`` None means the
    connection failed). ``jitter`` in [0, 1) adds up to a quarter of the wait; ``now`` (epoch
    seconds) reads a ``Retry-After`` given as an HTTP-date."""
    if status in (429, 503):
        if attempt >= MAX_LIMIT_RETRIES:
            return Decision("fail", reason=f"Jira kept answering {status} after {attempt + 1} attempts")
        asked = retry_after(header(headers, "retry-after"), now=now)
        base = asked if asked is not None else max(LIMIT_FLOOR, 2.0**attempt)
        wait = base * (1.0 + 0.25 * jitter) * (2.0**attempt if asked is None else 1.0)
        kind = "rate limit" if status == 429 else "overloaded (503)"
        if wait > max_wait:
            return Decision(
                "fail",
                wait=wait,
                reason=(
                    f"Jira's {kind} needs a wait of {wait:.0f} s, longer than source.jira.max_wait "
                    f"({max_wait:g} s); retry later"
                ),
            )
        return Decision("retry", wait=wait, reason=kind)
    if status is None or status >= 500:
        if attempt >= MAX_SERVER_RETRIES:
            what = "could not be reached" if status is None else f"kept failing ({status})"
            return Decision("fail", reason=f"Jira {what} after {attempt + 1} attempts; retry later")
        return Decision("retry", wait=min(2.0**attempt * (1.0 + 0.25 * jitter), BACKOFF_CAP))
    return Decision("fail")


def failure_text(status: int | None, message: str, *, what: str, work: str, credential: str) -> str:
    """The one-paragraph error for a final failure. ``work`` keys PERMISSION; ``credential``
    names the environment variables in use (never their values)."""
    detail = f": {message}" if message else ""
    if status == 401:
        return (
            f"Jira rejected the credential (401{detail}) while {what}. Set {credential} to a valid, "
            "unexpired token for this server"
        )
    if status == 403:
        permission = PERMISSION.get(work, "Browse projects")
        return (
            f"Jira refused {what} (403{detail}). The user behind {credential} needs the "
            f"'{permission}' project permission (reading needs 'Browse projects'; tagging needs "
            "'Edit issues' and 'Add comments')"
        )
    if status == 404:
        return f"Jira found nothing while {what} (404{detail}): check the key and that the user can see it"
    if status == 400:
        return f"Jira refused {what} (400){detail}"
    return f"Jira returned {status}{detail} while {what}"
