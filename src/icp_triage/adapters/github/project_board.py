"""A GitHub Project (v2) as ``tag`` needs it: its id, whether the token may write it, the
ids of its fields and options, and the ICP values its issue items hold now.

One query reads the fields with the first page of items (GitHub returns at most 50 fields
per project, so ``fields(first: 50)`` is the whole list); further item pages repeat it with
a cursor. The token's right to write is read here too (``viewerCanUpdate``), so a token
that cannot write the project stops the run with one error before anything is written.
The Actions ``GITHUB_TOKEN`` is scoped to its repository and cannot reach Projects at all
(docs.github.com "Using the API to manage Projects").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from icp_triage.adapters.github.client import GithubClient, GraphqlResponse
from icp_triage.adapters.github.names import issue_key, split_key
from icp_triage.adapters.github.reads import dig
from icp_triage.adapters.github.selection import ProjectTarget
from icp_triage.adapters.github.transport import GithubNotFound, GithubPermissionError, redacted
from icp_triage.adapters.page_guard import PageGuard
from icp_triage.errors import SourceError

BOARD = """
query Board($owner: String!, $number: Int!, $after: String, $valueField: String!, $classField: String!) {
  repositoryOwner(login: $owner) {
    ... on ProjectV2Owner {
      projectV2(number: $number) {
        id
        viewerCanUpdate
        fields(first: 50) {
          nodes {
            ... on ProjectV2Field { id name dataType }
            ... on ProjectV2SingleSelectField { id name dataType options { id name } }
            ... on ProjectV2IterationField { id name dataType }
          }
        }
        items(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id
            content { ... on Issue { id number repository { nameWithOwner } } }
            value: fieldValueByName(name: $valueField) { ... on ProjectV2ItemFieldNumberValue { number } }
            klass: fieldValueByName(name: $classField) {
              ... on ProjectV2ItemFieldSingleSelectValue { optionId }
            }
          }
        }
      }
    }
  }
}
"""

GRANT = (
    "A token that writes ICP fields to a GitHub Project needs access to Projects: the Actions "
    "GITHUB_TOKEN has none (pass a GitHub App installation token or a personal token from a "
    "secret instead); a classic personal token needs the `project` scope; a fine-grained token "
    "needs the owner's Projects read and write permission; a GitHub App needs the organisation "
    'permission "Projects: read and write". Nothing was written.'
)


class ProjectPermissionError(GithubPermissionError):
    """The token cannot write the configured project: exit 1, naming what to grant."""


@dataclass(slots=True)
class BoardField:
    id: str
    data_type: str
    options: dict[str, str] = field(default_factory=dict)  # option name -> id


@dataclass(slots=True)
class BoardItem:
    id: str
    value: float | None = None
    option_id: str | None = None


@dataclass(slots=True)
class Board:
    """The project as read at the start of a run; ``apply`` keeps it current as it writes."""

    target: ProjectTarget
    id: str
    fields: dict[str, BoardField]  # by name, as GitHub shows it
    items: dict[str, BoardItem]  # by issue key (owner/repo#N), issues only


def _refusal(target: ProjectTarget, errors: list[dict[str, Any]]) -> SourceError | None:
    kinds = {str(e.get("type") or "") for e in errors}
    text = "; ".join(str(e.get("message") or "") for e in errors)[:300]
    if kinds & {"FORBIDDEN", "INSUFFICIENT_SCOPES"} or "not accessible by integration" in text:
        return ProjectPermissionError(f"{target.label}: GitHub refused to show it ({text}). {GRANT}")
    if "NOT_FOUND" in kinds:
        return GithubNotFound(
            f"{target.label}: GitHub cannot find it (misspelt owner or number, or not visible to "
            f"this token). {GRANT}"
        )
    return None


def _check(target: ProjectTarget, response: GraphqlResponse) -> dict[str, Any]:
    project = dig(response.data, ["repositoryOwner", "projectV2"])
    if response.errors or not isinstance(project, dict):
        refusal = _refusal(target, response.errors) if response.errors else None
        if refusal is not None:
            raise refusal
        if not response.errors:
            raise GithubNotFound(f"{target.label}: GitHub has no such project for this token. {GRANT}")
        raise SourceError(
            f"GitHub answered reading {target.label} with errors: {response.errors[0].get('message')}"
        )
    if project.get("viewerCanUpdate") is not True:
        raise ProjectPermissionError(
            f"{target.label}: GitHub says this token may read but not update it. {GRANT}"
        )
    return project


def _fields(project: dict[str, Any]) -> dict[str, BoardField]:
    found: dict[str, BoardField] = {}
    for node in dig(project, ["fields", "nodes"]) or []:
        if isinstance(node, dict) and node.get("id") and node.get("name"):
            options = {str(o["name"]): str(o["id"]) for o in node.get("options") or [] if isinstance(o, dict)}
            found[str(node["name"])] = BoardField(str(node["id"]), str(node.get("dataType") or ""), options)
    return found


def _item(node: dict[str, Any]) -> tuple[str, BoardItem] | None:
    content = node.get("content") or {}
    repo = dig(content, ["repository", "nameWithOwner"])
    if not repo or not isinstance(content.get("number"), int):
        return None  # a draft issue or a pull request: not ours
    value = dig(node, ["value", "number"])
    return issue_key(str(repo), content["number"]), BoardItem(
        id=str(node["id"]),
        value=float(value) if isinstance(value, (int, float)) else None,
        option_id=dig(node, ["klass", "optionId"]),
    )


@redacted
def read_board(client: GithubClient, target: ProjectTarget) -> Board:
    """The project's fields and issue items (1 request per 100 items); ProjectPermissionError
    (exit 1) when the token cannot write it, before any write of the run."""
    what = f"reading {target.label}"
    variables: dict[str, Any] = {
        "owner": target.owner,
        "number": target.number,
        "after": None,
        "valueField": target.value_field,
        "classField": target.class_field,
    }
    guard = PageGuard(what)
    board: Board | None = None
    while True:
        project = _check(target, client.graphql(BOARD, variables, what=what))
        if board is None:
            board = Board(target, str(project["id"]), _fields(project), {})
        nodes = [n for n in dig(project, ["items", "nodes"]) or [] if isinstance(n, dict)]
        for node in nodes:
            found = _item(node)
            if found is not None:
                board.items[found[0]] = found[1]
        info = dig(project, ["items", "pageInfo"]) or {}
        more = bool(info.get("hasNextPage"))
        guard.advance(info.get("endCursor"), items=len(nodes), more=more)
        if not more:
            return board
        variables["after"] = info.get("endCursor")


ISSUES_PER_QUERY = 50


@redacted
def issue_node_ids(client: GithubClient, keys: list[str]) -> dict[str, str]:
    """The GraphQL ids of issues (to add them to a project): one query per 50 of a repository."""
    by_repo: dict[str, list[int]] = {}
    for key in keys:
        repo, number = split_key(key)
        by_repo.setdefault(repo, []).append(number)
    found: dict[str, str] = {}
    for repo, numbers in by_repo.items():
        owner, name = repo.split("/", 1)
        for start in range(0, len(numbers), ISSUES_PER_QUERY):
            chunk = numbers[start : start + ISSUES_PER_QUERY]
            aliases = " ".join(f"i{n}: issue(number: {n}) {{ id }}" for n in chunk)  # ints only
            query = f"query($owner: String!, $name: String!) {{ repository(owner: $owner, name: $name) {{ {aliases} }} }}"
            what = f"reading the ids of {len(chunk)} issue(s) of {repo}"
            response = client.graphql(query, {"owner": owner, "name": name}, what=what)
            for number in chunk:
                node_id = dig(response.data, ["repository", f"i{number}", "id"])
                if not node_id:
                    raise GithubNotFound(f"GitHub cannot find issue {repo}#{number} to add it to a project")
                found[issue_key(repo, number)] = str(node_id)
    return found
