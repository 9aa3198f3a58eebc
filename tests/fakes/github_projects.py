"""GitHub Projects (v2) in the fake: projects with fields and items, read through
``repositoryOwner { ... on ProjectV2Owner { projectV2 } }`` and changed by the three
mutations the adapter sends (validated against the published schema like every query).

``access`` says what the token may do with a project: ``write``; ``read`` (GitHub answers
``viewerCanUpdate: false``); ``none``, the Actions ``GITHUB_TOKEN``, which GitHub answers
with ``projectV2: null`` and a FORBIDDEN "Resource not accessible by integration" error.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from fakes.github_state import FakeIssue, node_id

_ids = itertools.count(1)


class Forbidden(Exception):
    """Becomes a GitHub ``FORBIDDEN`` error."""


class Missing(Exception):
    """Becomes a GitHub ``NOT_FOUND`` error."""


@dataclass
class FakeField:
    name: str
    data_type: str  # NUMBER, TEXT, SINGLE_SELECT, ...
    options: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    id: str = field(default_factory=lambda: node_id("PVTF", next(_ids)))


@dataclass
class FakeItem:
    issue: FakeIssue
    values: dict[str, Any] = field(default_factory=dict)  # field id -> number or option id
    id: str = field(default_factory=lambda: node_id("PVTI", next(_ids)))


@dataclass
class FakeProject:
    owner: str
    number: int
    fields: list[FakeField] = field(
        default_factory=lambda: [
            FakeField("Title", "TITLE"),
            FakeField("Status", "SINGLE_SELECT", [("s1", "Todo")]),
        ]
    )
    items: list[FakeItem] = field(default_factory=list)
    access: Literal["write", "read", "none"] = "write"
    id: str = field(default_factory=lambda: node_id("PVT", next(_ids)))

    def field(self, name: str) -> FakeField | None:
        return next((f for f in self.fields if f.name == name), None)

    def value(self, issue: FakeIssue, name: str) -> Any:
        """What the board shows for ``issue`` in field ``name``: a number or an option's name."""
        item = next((i for i in self.items if i.issue is issue), None)
        found = self.field(name)
        if item is None or found is None or found.id not in item.values:
            return None
        raw = item.values[found.id]
        return dict(found.options).get(raw, raw) if found.data_type == "SINGLE_SELECT" else raw


class ProjectResolvers:
    """The resolvers for one fake's projects; ``issue_node`` renders an issue as the endpoint does."""

    def __init__(
        self,
        issues_by_node: Callable[[str], FakeIssue | None],
        issue_node: Callable[[FakeIssue], dict[str, Any]],
        connection: Callable[..., dict[str, Any]],
    ) -> None:
        self.projects: dict[tuple[str, int], FakeProject] = {}
        self._issue_by_node = issues_by_node
        self._issue_node = issue_node
        self._connection = connection

    def add(self, owner: str, number: int, **kwargs: Any) -> FakeProject:
        project = FakeProject(owner, number, **kwargs)
        self.projects[(owner.casefold(), number)] = project
        return project

    def _by_id(self, project_id: str) -> FakeProject:
        for project in self.projects.values():
            if project.id == project_id:
                if project.access != "write":
                    raise Forbidden("Resource not accessible by integration")
                return project
        raise Missing(f"Could not resolve to a node with the global id of '{project_id}'")

    @staticmethod
    def _field(found: FakeField) -> dict[str, Any]:
        kind = {"SINGLE_SELECT": "ProjectV2SingleSelectField", "ITERATION": "ProjectV2IterationField"}.get(
            found.data_type, "ProjectV2Field"
        )
        return {
            "__typename": kind,
            "id": found.id,
            "name": found.name,
            "dataType": found.data_type,
            "options": lambda _info, **_args: [{"id": i, "name": n} for i, n in found.options],
        }

    def _item(self, project: FakeProject, item: FakeItem) -> dict[str, Any]:
        def by_name(_info: Any, name: str) -> dict[str, Any] | None:
            found = project.field(name)
            if found is None or found.id not in item.values:
                return None
            if found.data_type == "SINGLE_SELECT":
                option = item.values[found.id]
                return {
                    "__typename": "ProjectV2ItemFieldSingleSelectValue",
                    "optionId": option,
                    "name": dict(found.options)[option],
                }
            return {"__typename": "ProjectV2ItemFieldNumberValue", "number": item.values[found.id]}

        return {
            "__typename": "ProjectV2Item",
            "id": item.id,
            "content": lambda _info: self._issue_node(item.issue),
            "fieldValueByName": by_name,
        }

    def _project(self, project: FakeProject) -> dict[str, Any]:
        if project.access == "none":
            raise Forbidden("Resource not accessible by integration")
        return {
            "__typename": "ProjectV2",
            "id": project.id,
            "viewerCanUpdate": project.access == "write",
            "fields": lambda _info, **args: self._connection(
                [self._field(f) for f in project.fields], **args
            ),
            "items": lambda _info, **args: self._connection(
                project.items, render=lambda i: self._item(project, i), **args
            ),
        }

    def owner(self, login: str) -> dict[str, Any]:
        def project_v2(_info: Any, number: int) -> dict[str, Any]:
            found = self.projects.get((login.casefold(), number))
            if found is None:
                raise Missing(f"Could not resolve to a ProjectV2 with the number {number}.")
            return self._project(found)

        return {
            "__typename": "Organization",
            "id": node_id("Org", 9),
            "login": login,
            "projectV2": project_v2,
        }

    # -- mutations -------------------------------------------------------------------------

    def create_field(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        project = self._by_id(input["projectId"])
        if project.field(input["name"]) is not None:
            raise ValueError(f"Name has already been taken: {input['name']}")
        if len(project.fields) >= 50:
            raise ValueError("Projects can have at most 50 fields")
        options = [(node_id("PVTSSO", next(_ids)), o["name"]) for o in input.get("singleSelectOptions") or []]
        made = FakeField(input["name"], input["dataType"], options)
        project.fields.append(made)
        return {"projectV2Field": self._field(made)}

    def add_item(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        project = self._by_id(input["projectId"])
        issue = self._issue_by_node(input["contentId"])
        if issue is None:
            raise Missing(f"Could not resolve to a node with the global id of '{input['contentId']}'")
        item = next((i for i in project.items if i.issue is issue), None)
        if item is None:  # GitHub returns the existing item when the issue is already there
            item = FakeItem(issue)
            project.items.append(item)
        return {"item": self._item(project, item)}

    def update_value(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:
        project = self._by_id(input["projectId"])
        item = next((i for i in project.items if i.id == input["itemId"]), None)
        found = next((f for f in project.fields if f.id == input["fieldId"]), None)
        if item is None or found is None:
            raise Missing("Could not resolve to a node with the global id given")
        value = input["value"]
        if found.data_type == "SINGLE_SELECT":
            option = value.get("singleSelectOptionId")
            if option not in dict(found.options):
                raise ValueError("The single select option Id does not belong to the field")
            item.values[found.id] = option
        elif found.data_type == "NUMBER":
            if value.get("number") is None:
                raise ValueError("A number value is required for a number field")
            item.values[found.id] = float(value["number"])
        else:
            raise ValueError(f"The fake does not set {found.data_type} fields")
        return {"projectV2Item": self._item(project, item)}

    def roots(self) -> dict[str, Any]:
        return {
            "repositoryOwner": lambda _info, login: self.owner(login),
            "createProjectV2Field": self.create_field,
            "addProjectV2ItemById": self.add_item,
            "updateProjectV2ItemFieldValue": self.update_value,
        }
