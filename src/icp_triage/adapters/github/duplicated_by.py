"""The duplicates of one issue, read with it: ``tag --only``, the Action and the service rank
one issue alone, and its comment must count its duplicates as a whole backlog's tag does.

The issue's own read (``ONE_ISSUE``) brings what on its timeline points at duplicates
(``duplicates.pointing_here``: marks seen from its side, mentions by issues closed as
duplicates). When anything does, one more request reads those issues (``issues_query``, 25
a request), and one more for theirs (a chain), at most LEVELS deep and MAX_READ issues in
all. An issue read counts when its own mark leads here, directly or through another that
counts. So an issue nothing points at costs no request more, one with up to 25 candidates one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icp_triage.adapters.github.client import GithubClient
from icp_triage.adapters.github.duplicates import pointing_here
from icp_triage.adapters.github.names import split_key
from icp_triage.adapters.github.queries import DUPLICATE_BATCH, issues_query
from icp_triage.core.models import RawRequest
from icp_triage.errors import SourceError

LEVELS = 3  # a duplicate of a duplicate of a duplicate
MAX_READ = 100  # issues read as candidates for one issue; the backlog sync reads the rest


def read_duplicates(client: GithubClient, key: str, node: Mapping[str, Any]) -> tuple[RawRequest, ...]:
    """The issues whose duplicate marks lead to ``key`` (its read ``node``), as requests."""
    from icp_triage.adapters.github.reads import complete, to_request

    read: dict[str, RawRequest] = {}
    seen = {key.casefold()}
    wanted = pointing_here(node)
    for _ in range(LEVELS):
        wanted = [k for k in dict.fromkeys(wanted) if k.casefold() not in seen][: MAX_READ - len(read)]
        if not wanted:
            break
        seen.update(k.casefold() for k in wanted)
        found: list[str] = []
        for issue in _nodes(client, wanted, what=f"reading the duplicates of {key}"):
            request = to_request(complete(client, issue, what=key), what=f"reading the duplicates of {key}")
            read[request.key.casefold()] = request
            found.extend(pointing_here(issue))
        wanted = found
    members = {key.casefold()}
    grown = True
    while grown:  # at most len(read) rounds: each adds one at least
        grown = False
        for folded, request in read.items():
            mark = request.duplicate_of
            if folded not in members and mark is not None and mark.key and mark.key.casefold() in members:
                members.add(folded)
                grown = True
    return tuple(r for folded, r in read.items() if folded in members)


def _nodes(client: GithubClient, keys: Sequence[str], *, what: str) -> list[dict[str, Any]]:
    """The issue nodes of ``keys``, DUPLICATE_BATCH a request; one gone since is left out."""
    nodes: list[dict[str, Any]] = []
    for start in range(0, len(keys), DUPLICATE_BATCH):
        batch = keys[start : start + DUPLICATE_BATCH]
        variables: dict[str, Any] = {}
        for i, key in enumerate(batch):
            repo, number = split_key(key)
            owner, name = repo.split("/", 1)
            variables.update({f"o{i}": owner, f"n{i}": name, f"i{i}": number})
        response = client.graphql(issues_query(len(batch)), variables, what=what)
        other = [e for e in response.errors if e.get("type") != "NOT_FOUND"]
        if other:
            shown = "; ".join(str(e.get("message") or e) for e in other[:3])
            raise SourceError(f"GitHub answered {what} with errors: {shown}")
        data = response.data or {}
        for i in range(len(batch)):
            alias = data.get(f"d{i}")
            issue = alias.get("issue") if isinstance(alias, Mapping) else None
            if isinstance(issue, dict):
                nodes.append(issue)
    return nodes
