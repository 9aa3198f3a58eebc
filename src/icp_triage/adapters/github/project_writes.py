"""The writes that bring a GitHub Project's ICP fields to the core's ``Tags.fields``, and
the mutation documents that make them.

Only what differs is planned, so a second run writes nothing. Writes go in two phases,
because an item's id is known only once it is added: first the missing fields are created
and the issues not yet on the board are added (``addProjectV2ItemById``, idempotent), then
the changed values are set (``updateProjectV2ItemFieldValue``). Within a phase, the
mutations of up to ``ITEMS_PER_DOCUMENT`` issues go as aliases in one document: one request
of GitHub's secondary limits (5 points, one content-creating request), paced by the
client's write budget. 20 issues thus take 4 requests, fields created or not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from icp_triage.adapters.github.client import GithubClient, GraphqlResponse
from icp_triage.adapters.github.pacing import duration_text
from icp_triage.adapters.github.project_board import Board, BoardField, BoardItem
from icp_triage.adapters.github.reads import dig
from icp_triage.adapters.github.tagger import WriteBudgetSpent
from icp_triage.adapters.github.transport import redacted
from icp_triage.core.tiers import RequestClass
from icp_triage.errors import DataError, SourceError

ITEMS_PER_DOCUMENT = 10
CLASSES: tuple[str, ...] = tuple(c.value for c in RequestClass)
"""The class field's options, one per class, in the order the reports list them."""
_COLOURS = {
    RequestClass.ICP_CORE: "GREEN",
    RequestClass.MIXED: "YELLOW",
    RequestClass.OPPORTUNISTIC: "RED",
    RequestClass.UNKNOWN_FIT: "ORANGE",
    RequestClass.UNATTRIBUTED: "GRAY",
}
_OPTION_TEXT = {
    RequestClass.ICP_CORE: "Asked for mostly by ideal-customer accounts",
    RequestClass.MIXED: "Asked for by ideal-customer and other accounts",
    RequestClass.OPPORTUNISTIC: "Asked for mostly by accounts outside the ICP",
    RequestClass.UNKNOWN_FIT: "Asked for only by accounts whose fit is unknown",
    RequestClass.UNATTRIBUTED: "No requesting customer account recognised",
}
_CONFIGURATION = """projectV2Field {
      ... on ProjectV2Field { id name dataType }
      ... on ProjectV2SingleSelectField { id name dataType options { id name } }
    }"""

ProjectWriteKind = Literal["create_field", "add_item", "set_value"]


@dataclass(frozen=True, slots=True)
class ProjectWrite:
    """One planned change to the project: ``target`` is the issue key (the project's label
    for ``create_field``); ``field`` the field's name; ``value`` a number or an option name."""

    kind: ProjectWriteKind
    target: str
    field: str = ""
    value: float | str | None = None
    content_id: str = ""
    data_type: str = ""

    def describe(self) -> str:
        if self.kind == "create_field":
            return (
                f"{self.target}: create the {self.data_type.lower().replace('_', '-')} field {self.field!r}"
            )
        if self.kind == "add_item":
            return f"{self.target}: add to the project"
        shown = f"{self.value:g}" if isinstance(self.value, float) else self.value
        return f"{self.target}: set project field {self.field!r} to {shown}"


def _same(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _needs(board: Board, name: str, data_type: str, writes: list[ProjectWrite]) -> BoardField | None:
    """The field, or a planned ``create_field``; DataError when it cannot be used or made."""
    target = board.target
    found = board.fields.get(name)
    if found is not None:
        if found.data_type != data_type:
            raise DataError(
                f"{target.label}: field {name!r} is {found.data_type or 'of another type'}, not {data_type}: "
                "rename it or name another field in source.github.project"
            )
        missing = [c for c in CLASSES if c not in found.options] if data_type == "SINGLE_SELECT" else []
        if missing:
            raise DataError(
                f"{target.label}: field {name!r} has no option {', '.join(missing)}: add the option(s) "
                "in the project's settings (one per class)"
            )
        return found
    if not target.create_fields:
        raise DataError(
            f"{target.label}: there is no field {name!r}: create it ({data_type.lower()}) or set "
            "create_fields: true under source.github.project"
        )
    writes.append(ProjectWrite("create_field", target.label, field=name, data_type=data_type))
    return None


def plan_project(
    board: Board, items: Iterable[tuple[str, Mapping[str, float | str]]], *, node_ids: Mapping[str, str]
) -> list[ProjectWrite]:
    """The writes that bring each issue's item to its fields (``icp_value`` or ``icp_rank``
    for the number field, ``icp_class`` for the select); nothing for what already holds.
    ``node_ids`` are the GraphQL ids of the issues not on the board yet."""
    target = board.target
    writes: list[ProjectWrite] = []
    number = _needs(board, target.value_field, "NUMBER", writes)
    select = _needs(board, target.class_field, "SINGLE_SELECT", writes)
    for key, fields in items:
        item = board.items.get(key)
        if item is None:
            writes.append(ProjectWrite("add_item", key, content_id=node_ids[key]))
            item = BoardItem(id="")
        value = fields.get("icp_value", fields.get("icp_rank"))
        if isinstance(value, float) and not (number is not None and _same(item.value, round(value, 4))):
            writes.append(ProjectWrite("set_value", key, field=target.value_field, value=round(value, 4)))
        klass = fields.get("icp_class")
        if isinstance(klass, str) and not (
            select is not None and item.option_id == select.options.get(klass)
        ):
            writes.append(ProjectWrite("set_value", key, field=target.class_field, value=klass))
    return writes


def _chunks(keys: Sequence[str]) -> list[list[str]]:
    return [list(keys[i : i + ITEMS_PER_DOCUMENT]) for i in range(0, len(keys), ITEMS_PER_DOCUMENT)]


def _field_input(write: ProjectWrite, n: int, variables: dict[str, Any]) -> str:
    variables[f"n{n}"] = write.field
    if write.data_type == "SINGLE_SELECT":
        variables[f"o{n}"] = [
            {"name": c.value, "color": _COLOURS[c], "description": _OPTION_TEXT[c]} for c in RequestClass
        ]
        return f"f{n}: createProjectV2Field(input: {{projectId: $p, dataType: SINGLE_SELECT, name: $n{n}, singleSelectOptions: $o{n}}}) {{ {_CONFIGURATION} }}"
    return f"f{n}: createProjectV2Field(input: {{projectId: $p, dataType: NUMBER, name: $n{n}}}) {{ {_CONFIGURATION} }}"


def _send(
    client: GithubClient, parts: list[str], types: dict[str, str], variables: dict[str, Any], what: str
) -> dict[str, Any]:
    if not client.budget.fits(1, client.clock()):
        wait = client.budget.room_wait(1, client.clock())
        raise WriteBudgetSpent(
            f"stopped at GitHub's write budget ({client.budget.limits.per_hour} writes an hour) before "
            f"{what}. Run the same command again in {duration_text(wait)}: the project's writes are "
            "idempotent, so it continues where this run stopped",
            resume_at=client.clock() + wait,
            left=[],
        )
    declared = ", ".join(f"${name}: {kind}" for name, kind in {"p": "ID!", **types}.items())
    response: GraphqlResponse = client.mutate(
        f"mutation({declared}) {{ {' '.join(parts)} }}", variables, what=what
    )
    if response.errors:
        first = response.errors[0]
        raise SourceError(
            f"GitHub refused {what}: {first.get('message')} ({len(response.errors)} error(s)); "
            "run tag again: the project's writes are idempotent"
        )
    return response.data


@redacted
def apply_project(
    client: GithubClient,
    board: Board,
    writes: Sequence[ProjectWrite],
    *,
    echo: Callable[[str], None] | None = None,
) -> int:
    """Make the writes in as few mutation documents as the phases allow; returns how many
    writes were made. ``board`` is updated with what was created and added."""
    say = echo or (lambda _line: None)
    creates = [w for w in writes if w.kind == "create_field"]
    adds = {w.target: w for w in writes if w.kind == "add_item"}
    chunks = _chunks(list(adds)) or ([[]] if creates else [])
    for index, chunk in enumerate(chunks):
        parts: list[str] = []
        types: dict[str, str] = {}
        variables: dict[str, Any] = {"p": board.id}
        for n, write in enumerate(creates if index == 0 else []):
            types[f"n{n}"] = "String!"
            if write.data_type == "SINGLE_SELECT":
                types[f"o{n}"] = "[ProjectV2SingleSelectFieldOptionInput!]"
            parts.append(_field_input(write, n, variables))
        for n, key in enumerate(chunk):
            types[f"c{n}"], variables[f"c{n}"] = "ID!", adds[key].content_id
            parts.append(
                f"a{n}: addProjectV2ItemById(input: {{projectId: $p, contentId: $c{n}}}) {{ item {{ id }} }}"
            )
        data = _send(client, parts, types, variables, f"adding {len(chunk)} issue(s) to {board.target.label}")
        for n, write in enumerate(creates if index == 0 else []):
            made = dig(data, [f"f{n}", "projectV2Field"]) or {}
            options = {str(o["name"]): str(o["id"]) for o in made.get("options") or []}
            if not made.get("id") or (write.data_type == "SINGLE_SELECT" and set(options) != set(CLASSES)):
                raise SourceError(
                    f"GitHub created the field {write.field!r} in {board.target.label} but sent no id"
                )
            board.fields[write.field] = BoardField(str(made["id"]), write.data_type, options)
            say(write.describe())
        for n, key in enumerate(chunk):
            item_id = dig(data, [f"a{n}", "item", "id"])
            if not item_id:
                raise SourceError(f"GitHub added {key} to {board.target.label} but sent no item id")
            board.items[key] = BoardItem(id=str(item_id))
            say(adds[key].describe())
    sets: dict[str, list[ProjectWrite]] = {}
    for write in writes:
        if write.kind == "set_value":
            sets.setdefault(write.target, []).append(write)
    for chunk in _chunks(list(sets)):
        parts, types, variables = [], {}, {"p": board.id}
        for key in chunk:
            for write in sets[key]:
                n = len(parts)
                found = board.fields[write.field]
                value = (
                    {"singleSelectOptionId": found.options[write.value]}
                    if isinstance(write.value, str)
                    else {"number": write.value}
                )
                types[f"i{n}"], types[f"f{n}"], types[f"v{n}"] = "ID!", "ID!", "ProjectV2FieldValue!"
                variables.update({f"i{n}": board.items[key].id, f"f{n}": found.id, f"v{n}": value})
                parts.append(
                    f"u{n}: updateProjectV2ItemFieldValue(input: {{projectId: $p, itemId: $i{n}, fieldId: $f{n}, value: $v{n}}}) {{ projectV2Item {{ id }} }}"
                )
        _send(
            client,
            parts,
            types,
            variables,
            f"setting the ICP fields of {len(chunk)} issue(s) in {board.target.label}",
        )
        for key in chunk:
            for write in sets[key]:
                item = board.items[key]
                if isinstance(write.value, str):
                    item.option_id = board.fields[write.field].options[write.value]
                else:
                    item.value = write.value
                say(write.describe())
    return len(writes)
