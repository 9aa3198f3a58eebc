"""Turn GitHub's GraphQL issue nodes into the ``file`` source's ``RawRequest``: pure.

Tested on saved payloads (tests/samples/github/); everything after this point is the
core, which cannot tell a GitHub backlog from a JSON export.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER
from icp_triage.adapters.github.duplicates import duplicate_of
from icp_triage.adapters.github.names import issue_key
from icp_triage.core.models import Comment, RawRequest, Reaction

INNER = ("comments", "reactions", "labels", "timelineItems")


def login_of(actor: Mapping[str, Any] | None) -> str | None:
    """The login of an ``Actor``; GraphQL names a bot ``dependabot`` where REST (and the
    attribution's bot filter) says ``dependabot[bot]``, so the suffix is restored."""
    if not actor or not actor.get("login"):
        return None
    login = str(actor["login"])
    if actor.get("__typename") == "Bot" and not login.endswith("[bot]"):
        login += "[bot]"
    return login


def _nodes(connection: Mapping[str, Any] | None) -> list[Any]:
    return [n for n in (connection or {}).get("nodes") or [] if n is not None]


def node_key(node: Mapping[str, Any]) -> str:
    """``owner/repo#12``, with the repository's canonical spelling."""
    return issue_key(node["repository"]["nameWithOwner"], int(node["number"]))


def _comment_body(comment: Mapping[str, Any]) -> str:
    """A comment's text; icp-triage's marker dropped from a comment the token's user did not
    write (``viewerDidAuthor``): anyone can type the marker, and a customer's comment that
    holds it is still demand. A node without the field (an older cache) is taken as it is."""
    body = str(comment.get("body") or "")
    if OWN_COMMENT_MARKER in body and comment.get("viewerDidAuthor") is False:
        return body.replace(OWN_COMMENT_MARKER, "")
    return body


def request_from_issue(node: Mapping[str, Any]) -> RawRequest:
    """One ``IssueFields`` node (queries.ISSUE_FIELDS) as a RawRequest.

    Reactions are the THUMBS_UP ones only (the query filters them); comments and reactions
    keep their ``createdAt`` (None in a node saved before the query asked for it); a deleted user
    (``author: null``, GitHub's "ghost") leaves the author empty; ``duplicate_of`` is read
    from the duplicate marks (``adapters.github.duplicates``). Raises KeyError or pydantic's
    ValidationError when the node lacks the fields the query asks for.
    """
    comments = [
        Comment(
            author=login_of(c.get("author")),
            body=_comment_body(c),
            url=c.get("url"),
            created_at=c.get("createdAt"),
        )
        for c in _nodes(node.get("comments"))
    ]
    reactions = [
        Reaction(user=str(r["user"]["login"]), content="THUMBS_UP", created_at=r.get("createdAt"))
        for r in _nodes(node.get("reactions"))
        if r.get("user") and r["user"].get("login")
    ]
    key = node_key(node)
    return RawRequest(
        key=key,
        title=node.get("title") or "",
        url=node.get("url"),
        state=str(node.get("state") or "OPEN").lower(),
        state_reason=str(node["stateReason"]).lower() if node.get("stateReason") else None,
        closed_at=node.get("closedAt"),
        created_at=node.get("createdAt"),
        updated_at=node.get("updatedAt"),
        author=login_of(node.get("author")),
        labels=[str(label["name"]) for label in _nodes(node.get("labels"))],
        body=node.get("body") or "",
        reactions=reactions,
        comments=comments,
        duplicate_of=duplicate_of(node, key.rpartition("#")[0], [c.body for c in comments]),
    )


def overflow(node: Mapping[str, Any]) -> dict[str, str]:
    """The inner connections with another page, and the cursor to continue each from."""
    more = {}
    for name in INNER:
        info = (node.get(name) or {}).get("pageInfo") or {}
        if info.get("hasNextPage") and info.get("endCursor"):
            more[name] = str(info["endCursor"])
    return more


def merge_more(node: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Append the pages ``ISSUE_MORE`` returned to ``node`` (in place), pageInfo included."""
    for name in INNER:
        page = extra.get(name)
        if page is None:
            continue
        connection = node.setdefault(name, {"nodes": []})
        connection["nodes"] = list(connection.get("nodes") or []) + list(page.get("nodes") or [])
        connection["pageInfo"] = page.get("pageInfo") or {}
    return node
