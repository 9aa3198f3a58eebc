"""Pull-request reads and the one review comment of ``mode: profile``, through PyGithub's REST.

A file at the pull request's base commit comes from the contents API (no git history is
needed in the runner's shallow checkout); the comment is found again by its hidden marker,
among the comments of the token's own login only, and edited in place.
https://docs.github.com/en/rest/repos/contents#get-repository-content
https://docs.github.com/en/rest/issues/comments
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from icp_triage.adapters.github.client import GithubClient
from icp_triage.adapters.github.names import issue_key
from icp_triage.adapters.github.reads import viewer_login
from icp_triage.adapters.github.transport import GithubNotFound, redacted
from icp_triage.adapters.github.writes import same_login
from icp_triage.errors import DataError

PROFILE_MARKER = "<!-- icp-triage:profile -->"


@redacted
def file_at(client: GithubClient, repo: str, path: str, ref: str) -> str | None:
    """The text of ``path`` at commit ``ref``; None when the file does not exist there."""
    repository = client.repository(repo)
    try:
        content: Any = client.read(
            lambda: repository.get_contents(path, ref=ref), what=f"reading {path} at {ref[:12]} in {repo}"
        )
    except GithubNotFound:
        return None
    if isinstance(content, list):
        raise DataError(f"{path} is a folder at {ref[:12]} in {repo}, expected icp.yml")
    try:
        return bytes(content.decoded_content).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path} at {ref[:12]} in {repo}: not UTF-8 text") from None


@redacted
def upsert_comment(
    client: GithubClient,
    repo: str,
    number: int,
    body: str,
    *,
    marker: str = PROFILE_MARKER,
    dry_run: bool = False,
    echo: Callable[[str], None] | None = None,
) -> str:
    """Create the marked comment on ``repo#number``, or edit ours if it says something else.

    Returns ``created``, ``edited`` or ``unchanged`` (with ``dry_run``: what it would do).
    Only comments of the token's own login count as ours: anyone can paste the marker.
    """
    if marker not in body:
        body = f"{marker}\n{body}"
    own = viewer_login(client)
    issue = client.repository(repo).get_issue(number)
    where = issue_key(repo, number)
    comments = client.read(lambda: list(issue.get_comments()), what=f"reading the comments of {where}")
    ours = [
        c for c in comments if marker in (c.body or "") and same_login(c.user.login if c.user else None, own)
    ]
    if ours and ours[0].body == body:
        return "unchanged"
    action = "edited" if ours else "created"
    if dry_run:
        if echo is not None:
            echo(f"would have {action} the profile comment on {where}:")
            echo(body)
        return action
    if ours:
        comment = ours[0]
        client.write(lambda: comment.edit(body), what=f"editing the profile comment on {where}")
    else:
        client.write(lambda: issue.create_comment(body), what=f"commenting on {where}", idempotent=False)
    return action
