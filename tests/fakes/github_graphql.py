"""The fake's GraphQL endpoint: validate against GitHub's schema, enforce pagination
limits, then execute with graphql-core over the fake state.

Resolvers are plain dicts and callables (graphql-core's default resolver calls a callable
with ``info`` and the field's arguments), shaped like GitHub's objects. Errors look like
GitHub's: HTTP 200, ``errors`` beside ``data``, ``type: NOT_FOUND`` for a missing object.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from graphql import GraphQLError, execute, parse, validate

from fakes.github_projects import Forbidden, Missing, ProjectResolvers
from fakes.github_schema import check_limits, fake_schema
from fakes.github_state import (
    FakeCrossReference,
    FakeDuplicateEvent,
    FakeIssue,
    FakeRepo,
    FakeState,
    iso,
    node_id,
)


class NotFound(Exception):
    """Becomes a GitHub ``NOT_FOUND`` error."""


SEARCH_CAP = 1000  # https://docs.github.com/en/graphql/reference/queries#search
_EVENT_TYPES = ("MARKED_AS_DUPLICATE_EVENT", "UNMARKED_AS_DUPLICATE_EVENT", "CROSS_REFERENCED_EVENT")


def _event_type(event: FakeDuplicateEvent | FakeCrossReference) -> str:
    if isinstance(event, FakeCrossReference):
        return "CROSS_REFERENCED_EVENT"
    return "MARKED_AS_DUPLICATE_EVENT" if event.marked else "UNMARKED_AS_DUPLICATE_EVENT"


def _cursor(index: int) -> str:
    return base64.b64encode(f"cursor:v2:{index}".encode()).decode()


def _index(cursor: str | None) -> int:
    if not cursor:
        return -1
    return int(base64.b64decode(cursor).decode().rsplit(":", 1)[1])


def connection(
    items: Sequence[Any],
    first: int | None = None,
    after: str | None = None,
    *,
    render: Callable[[Any], Any] | None = None,
    **_: Any,
) -> dict[str, Any]:
    """A GitHub-style connection over ``items``; ``render`` builds only the page's nodes."""
    start = _index(after) + 1
    size = first if first is not None else 100
    page = list(items[start : start + size])
    if render is not None:
        page = [render(item) for item in page]
    end = start + len(page) - 1
    return {
        "totalCount": len(items),
        "issueCount": len(items),
        "nodes": page,
        "pageInfo": {
            "hasNextPage": start + len(page) < len(items),
            "hasPreviousPage": start > 0,
            "startCursor": _cursor(start) if page else None,
            "endCursor": _cursor(end) if page else None,
        },
    }


class GraphqlEndpoint:
    """Answers POST /graphql bodies for one FakeState."""

    def __init__(self, state: FakeState, html_url: str) -> None:
        self.state = state
        self.html_url = html_url
        self.schema = fake_schema()
        self.rejected: list[tuple[str, list[str]]] = []  # (query, problems) the fake refused
        self.break_nodes: dict[tuple[int, str], int] = {}  # (issue number, field) -> failures left
        # GitHub has been seen to answer ``node: null`` with no error for a deleted issue.
        self.silent_missing_nodes = False
        self.remaining = 5000
        self._documents: dict[str, Any] = {}
        self.projects = ProjectResolvers(
            lambda nid: next((i for i in state.issues_by_id.values() if i.node_id == nid), None),
            self._issue,
            connection,
        )

    # -- resolvers -------------------------------------------------------------------------

    def _actor(self, login: str | None) -> dict[str, Any] | None:
        if login is None:
            return None
        if login.endswith("[bot]"):
            return {"__typename": "Bot", "login": login.removesuffix("[bot]"), "id": node_id("Bot", 1)}
        return self._user(login)

    def _user(self, login: str) -> dict[str, Any]:
        orgs = [
            {"__typename": "Organization", "login": o, "id": node_id("Org", 1)}
            for o in self.state.orgs.get(login.casefold(), [])
        ]
        return {
            "__typename": "User",
            "id": node_id("User", 1),
            "login": login,
            "organizations": lambda _info, **args: connection(orgs, **args),
        }

    def _fail_once(self, issue: FakeIssue, field: str) -> None:
        left = self.break_nodes.get((issue.number, field), 0)
        if left:
            self.break_nodes[(issue.number, field)] = left - 1
            raise RuntimeError("Something went wrong while executing your query. Please try again.")

    def _issue(self, issue: FakeIssue) -> dict[str, Any]:
        repo = self.state.repo(issue.repo)
        assert repo is not None
        url = f"{self.html_url}/{issue.repo}/issues/{issue.number}"

        def comments(_info: Any, **args: Any) -> dict[str, Any]:
            self._fail_once(issue, "comments")
            nodes = [
                {
                    "__typename": "IssueComment",
                    "id": node_id("IssueComment", c.id),
                    "author": self._actor(c.author),
                    "body": c.body,
                    "url": f"{url}#issuecomment-{c.id}",
                    "createdAt": iso(c.created_at),
                    "viewerDidAuthor": (c.author or "").casefold() == self.state.viewer.casefold(),
                }
                for c in issue.comments
            ]
            return connection(nodes, **args)

        def reactions(_info: Any, content: str | None = None, **args: Any) -> dict[str, Any]:
            self._fail_once(issue, "reactions")
            nodes = [
                {
                    "__typename": "Reaction",
                    "id": node_id("Reaction", i),
                    "content": kind,
                    "user": self._user(user),
                    "createdAt": iso(issue.reacted_at[i] if i < len(issue.reacted_at) else issue.created_at),
                }
                for i, (user, kind) in enumerate(issue.reactions)
                if content is None or kind == content
            ]
            return connection(nodes, **args)

        def labels(_info: Any, **args: Any) -> dict[str, Any]:
            found = [repo.labels[name.casefold()] for name in issue.labels]
            nodes = [_label_node(x) for x in found]
            return connection(nodes, **args)

        def state_reason(_info: Any, enableDuplicate: bool = False) -> str | None:
            # Without the argument GitHub answers NOT_PLANNED for a duplicate (TRACKER-FACTS.md).
            if issue.state_reason == "DUPLICATE" and not enableDuplicate:
                return "NOT_PLANNED"
            return issue.state_reason

        def timeline(
            _info: Any, itemTypes: Any = None, since: Any = None, skip: Any = None, **args: Any
        ) -> Any:
            wanted = set(itemTypes or _EVENT_TYPES)
            events = [e for e in issue.timeline if _event_type(e) in wanted]
            return connection(events, render=lambda e: self._duplicate_event(issue, e), **args)

        return {
            "__typename": "Issue",
            "id": issue.node_id,
            "number": issue.number,
            "stateReason": state_reason,
            "timelineItems": timeline,
            "title": issue.title,
            "url": url,
            "state": issue.state,
            "createdAt": iso(issue.created_at),
            "updatedAt": iso(issue.updated_at),
            "closedAt": iso(issue.closed_at) if issue.closed_at else None,
            "body": issue.body,
            "author": self._actor(issue.author),
            "repository": lambda _info: self._repository(repo),
            "labels": labels,
            "reactions": reactions,
            "comments": comments,
        }

    def _find(self, repo_name: str, number: int) -> FakeIssue | None:
        repo = self.state.repo(repo_name, create=False)
        return repo.issues.get(number) if repo is not None else None

    def _duplicate_event(
        self, issue: FakeIssue, event: FakeDuplicateEvent | FakeCrossReference
    ) -> dict[str, Any]:
        """A timeline event whose ``canonical`` (``source``) resolves to the issue now (null once
        deleted); on the original's timeline, ``duplicate`` is the other issue."""
        if isinstance(event, FakeCrossReference):
            source = self._find(event.source_repo, event.source_number)
            return {
                "__typename": "CrossReferencedEvent",
                "id": node_id("CrossReferencedEvent", event.id),
                "createdAt": iso(event.at),
                "referencedAt": iso(event.at),
                "isCrossRepository": event.source_repo.casefold() != issue.repo.casefold(),
                "willCloseTarget": False,
                "source": (lambda _info: self._issue(source)) if source is not None else None,
                "target": lambda _info: self._issue(issue),
            }
        canonical = self._find(event.canonical_repo, event.canonical_number)
        duplicate = issue if event.duplicate is None else self._find(*event.duplicate)
        return {
            "__typename": "MarkedAsDuplicateEvent" if event.marked else "UnmarkedAsDuplicateEvent",
            "id": node_id("DuplicateEvent", event.id),
            "createdAt": iso(event.at),
            "isCrossRepository": event.canonical_repo.casefold() != issue.repo.casefold(),
            "actor": self._actor("maintainer"),
            "canonical": (lambda _info: self._issue(canonical)) if canonical is not None else None,
            "duplicate": (lambda _info: self._issue(duplicate)) if duplicate is not None else None,
        }

    def _issues(
        self,
        repo: FakeRepo,
        *,
        filter_by: dict[str, Any] | None,
        states: list[str] | None,
        labels: list[str] | None,
        order: dict[str, Any] | None,
    ) -> list[FakeIssue]:
        filter_by = filter_by or {}
        found = list(repo.issues.values())
        wanted_states = filter_by.get("states") or states
        if wanted_states:
            found = [i for i in found if i.state in wanted_states]
        wanted_labels = filter_by.get("labels") or labels
        if wanted_labels:  # any of them, as GitHub's GraphQL filter does
            folded = {x.casefold() for x in wanted_labels}
            found = [i for i in found if folded & {x.casefold() for x in i.labels}]
        if filter_by.get("since"):
            since = datetime.fromisoformat(str(filter_by["since"]).replace("Z", "+00:00"))
            found = [i for i in found if i.updated_at >= since]
        field = (order or {}).get("field", "CREATED_AT")
        key: Callable[[FakeIssue], Any] = {
            "CREATED_AT": lambda i: (i.created_at, i.number),
            "UPDATED_AT": lambda i: (i.updated_at, i.number),
            "COMMENTS": lambda i: (len(i.comments), i.number),
        }[field]
        found.sort(key=key, reverse=(order or {}).get("direction") == "DESC")
        return found

    def _repository(self, repo: FakeRepo) -> dict[str, Any]:
        def issues(
            _info: Any,
            filterBy: Any = None,
            states: Any = None,
            labels: Any = None,
            orderBy: Any = None,
            **args: Any,
        ) -> dict[str, Any]:
            found = self._issues(repo, filter_by=filterBy, states=states, labels=labels, order=orderBy)
            return connection(found, render=self._issue, **args)

        def issue(_info: Any, number: int) -> dict[str, Any]:
            if number not in repo.issues:
                raise NotFound(f"Could not resolve to an issue or pull request with the number of {number}.")
            return self._issue(repo.issues[number])

        def labels(_info: Any, query: str | None = None, **args: Any) -> dict[str, Any]:
            found = [
                x
                for x in repo.labels.values()
                if not query or query.casefold() in (x.name + " " + (x.description or "")).casefold()
            ]
            nodes = [_label_node(x) for x in found]
            return connection(nodes, **args)

        return {
            "__typename": "Repository",
            "id": node_id("Repository", 1),
            "nameWithOwner": repo.full_name,
            "issues": issues,
            "issue": issue,
            "labels": labels,
        }

    def _search(self, query: str) -> list[FakeIssue]:
        """The qualifiers the adapter sends: repo:, is:issue/open/closed, label:, updated:>=,
        created:>=, sort:."""
        words = query.split()
        repo = next((w.split(":", 1)[1] for w in words if w.startswith("repo:")), None)
        target = self.state.repo(repo, create=False) if repo else None
        if target is None:
            return []
        found = list(target.issues.values())
        for word in words:
            if word in ("is:open", "is:closed"):
                found = [i for i in found if i.state == word[3:].upper()]
            elif word.startswith("label:"):
                name = word[6:].strip('"').casefold()
                found = [i for i in found if name in {x.casefold() for x in i.labels}]
            elif word.startswith("updated:>="):
                since = datetime.fromisoformat(word[10:].replace("Z", "+00:00"))
                found = [i for i in found if i.updated_at >= since]
            elif word.startswith("created:>="):
                since = datetime.fromisoformat(word[10:].replace("Z", "+00:00"))
                found = [i for i in found if i.created_at >= since]
        field = "updated_at" if "sort:updated-asc" in words else "created_at"
        return sorted(found, key=lambda i: (getattr(i, field), i.number))

    def root(self) -> dict[str, Any]:
        def repository(
            _info: Any, owner: str, name: str, followRenames: bool | None = None
        ) -> dict[str, Any]:
            repo = self.state.repo(f"{owner}/{name}", create=False)
            if repo is None:
                raise NotFound(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
            return self._repository(repo)

        def search(_info: Any, query: str, type: str, **args: Any) -> dict[str, Any]:
            # Like GitHub: issueCount is every match, but only the first SEARCH_CAP can be read.
            found = self._search(query)
            result = connection(found[:SEARCH_CAP], render=self._issue, **args)
            result["issueCount"] = len(found)
            return result

        def user(_info: Any, login: str) -> dict[str, Any]:
            if login.casefold() not in self.state.orgs:
                raise NotFound(f"Could not resolve to a User with the login of '{login}'.")
            return self._user(login)

        def node(_info: Any, id: str) -> dict[str, Any] | None:
            for issue in self.state.issues_by_id.values():
                if issue.node_id == id:
                    return self._issue(issue)
            if self.silent_missing_nodes:
                return None
            raise NotFound(f"Could not resolve to a node with the global id of '{id}'")

        rate = {
            "cost": 1,
            "limit": 5000,
            "nodeCount": 0,
            "remaining": self.remaining,
            "resetAt": iso(self.state.now),
            "used": 5000 - self.remaining,
        }
        return {
            "repository": repository,
            "search": search,
            "user": user,
            "node": node,
            "viewer": lambda _info: {
                "__typename": "User",
                "id": node_id("User", 2),
                "login": self.state.viewer,
            },
            "rateLimit": lambda _info, dryRun=None: rate,
            **self.projects.roots(),
        }

    # -- the endpoint ----------------------------------------------------------------------

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        query = str(body.get("query") or "")
        variables = body.get("variables") or {}
        document = self._documents.get(query)
        if document is None:
            try:
                document = parse(query)
            except GraphQLError as exc:
                self.rejected.append((query, [exc.message]))
                return {"errors": [{"message": exc.message}]}
            problems = [e.message for e in validate(self.schema, document)]
            if problems:
                self.rejected.append((query, problems))
                return {
                    "errors": [{"message": m, "extensions": {"code": "undefinedField"}} for m in problems]
                }
            self._documents[query] = document
        limits = check_limits(self.schema, document, variables)
        if limits:
            self.rejected.append((query, limits))
            return {"errors": [{"message": m, "type": "EXCESSIVE_PAGINATION"} for m in limits]}
        result = execute(self.schema, document, root_value=self.root(), variable_values=variables)
        answer: dict[str, Any] = {"data": result.data}  # type: ignore[union-attr]
        if result.errors:  # type: ignore[union-attr]
            answer["errors"] = [self._error(e) for e in result.errors]  # type: ignore[union-attr]
        return answer

    @staticmethod
    def _error(error: GraphQLError) -> dict[str, Any]:
        shaped: dict[str, Any] = {"message": error.message, "path": list(error.path or [])}
        if error.locations:
            shaped["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
        if isinstance(error.original_error, (NotFound, Missing)):
            shaped["type"] = "NOT_FOUND"
        elif isinstance(error.original_error, Forbidden):
            shaped["type"] = "FORBIDDEN"
        return shaped


def _label_node(label: Any) -> dict[str, Any]:
    """A GraphQL ``Label`` node, as an issue's labels and a repository's label search return it."""
    return {
        "__typename": "Label",
        "id": node_id("Label", label.id),
        "name": label.name,
        "color": label.color,
        "description": label.description,
    }
