"""Public organisation memberships, for ``attribution.github_orgs: true``.

Only people no account lists by login are looked up (issue and comment authors; a
reaction alone is too weak a signal to pay a look-up for), 50 per GraphQL request through
aliased ``user(login:)`` fields, and the answers are cached for ORG_TTL so each person costs
one look-up a month. ``User.organizations`` shows another user's public memberships only
(https://docs.github.com/en/graphql/reference/objects#user).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from icp_triage.adapters.github.cache import CacheStore
from icp_triage.adapters.github.client import GithubClient
from icp_triage.adapters.github.queries import ORG_BATCH, user_orgs_query
from icp_triage.adapters.github.reads import dig
from icp_triage.adapters.github.transport import redacted
from icp_triage.core.models import Account, RequestLike
from icp_triage.core.names import normalize_login
from icp_triage.errors import SourceError

ORG_TTL = 30 * 24 * 3600.0
_FILE = "orgs.json"


def logins_to_look_up(requests: Iterable[RequestLike], accounts: Sequence[Account]) -> list[str]:
    """Authors of issues and comments that no account lists by login, bots excluded."""
    known = {normalize_login(login) for a in accounts for login in a.github_logins}
    found: dict[str, str] = {}
    for request in requests:
        for login in [request.author, *(c.author for c in request.comments)]:
            if not login or login.endswith("[bot]"):
                continue
            norm = normalize_login(login)
            if norm not in known:
                found.setdefault(norm, login)
    return [found[k] for k in sorted(found)]


@redacted
def fetch_orgs(
    client: GithubClient, logins: Iterable[str], *, store: CacheStore | None
) -> dict[str, list[str]]:
    """``{login: [org, ...]}`` for every login, from the cache when fresh, else from GitHub.

    A login GitHub does not know (deleted or renamed user) maps to no orgs.
    """
    wanted = list(dict.fromkeys(logins))
    cached = store.load_json(_FILE).get("users", {}) if store is not None else {}
    now = client.clock()
    result: dict[str, list[str]] = {}
    missing: list[str] = []
    for login in wanted:
        entry = cached.get(normalize_login(login))
        if isinstance(entry, dict) and now - float(entry.get("at", 0)) < ORG_TTL:
            result[login] = [str(o) for o in entry.get("orgs") or []]
        else:
            missing.append(login)
    for start in range(0, len(missing), ORG_BATCH):
        batch = missing[start : start + ORG_BATCH]
        response = client.graphql(
            user_orgs_query(len(batch)),
            {f"l{i}": login for i, login in enumerate(batch)},
            what=f"reading the public organisations of {len(batch)} users",
        )
        failed = [e for e in response.errors if e.get("type") != "NOT_FOUND" or len(e.get("path") or []) != 1]
        if failed:
            raise SourceError(f"GitHub could not list organisations: {failed[0].get('message')}")
        for i, login in enumerate(batch):
            orgs = [
                str(n["login"]) for n in dig(response.data, [f"u{i}", "organizations", "nodes"]) or [] if n
            ]
            result[login] = orgs
            cached[normalize_login(login)] = {"orgs": orgs, "at": now}
    if missing and store is not None:
        store.save_json(_FILE, {"format": 1, "users": cached})
    return result
