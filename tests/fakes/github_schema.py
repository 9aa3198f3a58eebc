"""GitHub's GraphQL schema for the fake: the published one when installed, else the subset.

``.ci/setup-graphql-schema`` installs ``@octokit/graphql-schema`` under the user cache
(PUBLISHED_DIRS below); ``ICP_TRIAGE_GRAPHQL_SCHEMA`` may point at its ``schema.json``
instead. It is loaded with ``build_client_schema`` (graphql-core refuses the duplicate
fields of the package's ``schema.graphql``), with what ``schema.json`` lacks and
``schema.graphql`` has (``_DUPLICATE_REASON``). ``check_limits`` applies GitHub's pagination
rules, which no schema expresses: every connection bounded by ``first`` or ``last`` in
1..100, at most 500,000 possible nodes per query
(https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    build_client_schema,
    build_schema,
    get_named_type,
    value_from_ast_untyped,
)

SCHEMA_ENV = "ICP_TRIAGE_GRAPHQL_SCHEMA"
PACKAGE_FILE = Path("node_modules/@octokit/graphql-schema/schema.json")
MAX_NODES = 500_000
MAX_PAGE = 100
SUBSET = Path(__file__).with_name("github_subset.graphql")


def published_dirs() -> list[Path]:
    """Where ``.ci/setup-graphql-schema`` installs the package (and a repo-local fallback)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    root = Path(__file__).resolve().parents[2]
    return [cache / "icp-triage-ci" / "graphql-schema", root / ".ci-cache" / "graphql-schema"]


def published_schema_path() -> Path | None:
    explicit = os.environ.get(SCHEMA_ENV)
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    for base in published_dirs():
        if (base / PACKAGE_FILE).is_file():
            return base / PACKAGE_FILE
    return None


# The package's introspection (schema.json) lacks Issue.stateReason's ``enableDuplicate``
# argument and IssueStateReason's DUPLICATE, which its SDL (schema.graphql) and GitHub's live
# API have (docs.github.com/en/graphql/reference/enums#issuestatereason): without the argument
# GitHub answers NOT_PLANNED for an issue closed as a duplicate. Both are added to the
# introspection when the SDL beside it declares them, and only then.
_DUPLICATE_REASON = "enableDuplicate: Boolean = false"


def _with_duplicate_reason(data: dict[str, Any], sdl: str) -> dict[str, Any]:
    if _DUPLICATE_REASON not in sdl:
        return data
    for kind in data["__schema"]["types"]:
        if kind["name"] == "Issue":
            for found in kind["fields"]:
                if found["name"] == "stateReason" and not found["args"]:
                    found["args"] = [
                        {
                            "name": "enableDuplicate",
                            "description": "Whether or not to return state reason for duplicates",
                            "type": {"kind": "SCALAR", "name": "Boolean", "ofType": None},
                            "defaultValue": "false",
                        }
                    ]
        if kind["name"] == "IssueStateReason" and "DUPLICATE" not in {v["name"] for v in kind["enumValues"]}:
            kind["enumValues"].append(
                {"name": "DUPLICATE", "description": None, "isDeprecated": False, "deprecationReason": None}
            )
    return data


@functools.cache
def published_schema() -> GraphQLSchema | None:
    path = published_schema_path()
    if path is None:
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    sdl = path.with_name("schema.graphql")
    text = sdl.read_text(encoding="utf-8") if sdl.is_file() else ""
    return build_client_schema(_with_duplicate_reason(data.get("data", data), text))


@functools.cache
def subset_schema() -> GraphQLSchema:
    return build_schema(SUBSET.read_text(encoding="utf-8"))


def fake_schema() -> GraphQLSchema:
    """The schema the fake validates and executes against."""
    return published_schema() or subset_schema()


def require_published() -> GraphQLSchema:
    """The published schema, or skip the test with the reason (fail when
    ICP_TRIAGE_REQUIRE_ALL=1, as CI sets it, so CI can never skip it silently)."""
    import pytest

    schema = published_schema()
    if schema is not None:
        return schema
    reason = (
        "GitHub's published GraphQL schema is not installed: run .ci/setup-graphql-schema "
        f"(npm) or set {SCHEMA_ENV} to @octokit/graphql-schema's schema.json"
    )
    if os.environ.get("ICP_TRIAGE_REQUIRE_ALL") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def check_limits(schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]) -> list[str]:
    """GitHub's pagination rules for one document, as GitHub words its refusals."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    problems: list[str] = []
    total = 0

    def walk(selection_set: SelectionSetNode, parent: Any, multiplier: int) -> None:
        nonlocal total
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments[selection.name.value]
                walk(fragment.selection_set, schema.get_type(fragment.type_condition.name.value), multiplier)
            elif isinstance(selection, InlineFragmentNode):
                target = (
                    schema.get_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                walk(selection.selection_set, target, multiplier)
            elif isinstance(selection, FieldNode):
                fields = getattr(parent, "fields", {})
                definition = fields.get(selection.name.value)
                if definition is None:
                    continue
                named = get_named_type(definition.type)
                scale = multiplier
                if named.name.endswith("Connection") and (
                    "first" in definition.args or "last" in definition.args
                ):
                    args = {
                        a.name.value: value_from_ast_untyped(a.value, variables) for a in selection.arguments
                    }
                    args = {k: (None if v is Undefined else v) for k, v in args.items()}
                    size = args.get("first") if args.get("first") is not None else args.get("last")
                    name = selection.name.value
                    if size is None:
                        problems.append(
                            f"You must provide a `first` or `last` value to properly paginate the `{name}` connection."
                        )
                        size = MAX_PAGE
                    elif not 1 <= int(size) <= MAX_PAGE:
                        problems.append(
                            f"Requesting {size} records on the `{name}` connection exceeds the `first` limit "
                            f"of {MAX_PAGE} records."
                        )
                    scale = multiplier * int(size)
                    total += scale
                if selection.selection_set is not None:
                    walk(selection.selection_set, named, scale)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            walk(definition.selection_set, schema.query_type, 1)
    if total > MAX_NODES:
        problems.append(
            f"This query requests up to {total:,} possible nodes which exceeds the maximum limit of {MAX_NODES:,}."
        )
    return problems
