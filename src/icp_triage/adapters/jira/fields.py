"""Resolve the configured field names (``customer_field``, ``story_points_field``,
``icp_value_field``, ``icp_class_field``) to Jira field ids, once per sync, from the field list.

People name fields as Jira shows them ("Customer", "Story point estimate"); the API wants
``customfield_10016``. ``GET /rest/api/{2,3}/field`` lists every field with ``id``, ``name``
and ``clauseNames`` (the JQL names, ``cf[10016]`` among them):
https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/#api-rest-api-3-field-get
A name matches a field's display name or one of its clause names, case-insensitively, or its
id. No match is a ConfigError listing the closest names; two fields with one name (Jira
allows it) is one too, listing their clause names so the config can pick one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from icp_triage.errors import ConfigError

ROLES = (
    ("customer_field", "customer"),
    ("story_points_field", "story_points"),
    ("icp_value_field", "icp_value"),
    ("icp_class_field", "icp_class"),
)
JSM_ORGANIZATIONS = "com.atlassian.servicedesk:sd-customer-organizations"


@dataclass(frozen=True, slots=True)
class JiraField:
    """One resolved field: its id, display name and schema (``type``, ``custom``, ``items``)."""

    id: str
    name: str
    schema: Mapping[str, Any]

    @property
    def kind(self) -> str:
        """``select``, ``multiselect``, ``cascadingselect``, ``textfield``, ``userpicker``,
        ``sd-customer-organizations``... (the part after the last ':' of schema.custom), or
        the schema type for a system field."""
        custom = str(self.schema.get("custom") or "")
        return custom.rsplit(":", 1)[-1] if custom else str(self.schema.get("type") or "")


@dataclass(frozen=True, slots=True)
class FieldMap:
    """The fields a sync reads and tagging writes; None where the config names none."""

    customer: JiraField | None = None
    story_points: JiraField | None = None
    icp_value: JiraField | None = None
    icp_class: JiraField | None = None

    def ids(self) -> list[str]:
        return [
            f.id for f in (self.customer, self.story_points, self.icp_value, self.icp_class) if f is not None
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            role: {"id": f.id, "name": f.name, "schema": dict(f.schema)}
            for role, f in (
                ("customer", self.customer),
                ("story_points", self.story_points),
                ("icp_value", self.icp_value),
                ("icp_class", self.icp_class),
            )
            if f is not None
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldMap:
        made = {
            role: JiraField(str(v["id"]), str(v["name"]), dict(v.get("schema") or {}))
            for role, v in data.items()
            if role in ("customer", "story_points", "icp_value", "icp_class") and isinstance(v, Mapping)
        }
        return cls(**made)


def _names(field: Mapping[str, Any]) -> list[str]:
    return [
        str(field.get("name") or ""),
        str(field.get("id") or ""),
        *(str(c) for c in field.get("clauseNames") or []),
    ]


def find_field(fields: Sequence[Mapping[str, Any]], wanted: str, *, option: str) -> JiraField:
    """The one field named ``wanted``; ConfigError naming ``source.jira.<option>`` otherwise."""
    folded = wanted.strip().casefold()
    found = [f for f in fields if folded in (n.casefold() for n in _names(f) if n)]
    if len({str(f.get("id")) for f in found}) > 1:
        clauses = ", ".join(
            f"{f.get('name')} ({next((c for c in f.get('clauseNames') or [] if str(c).startswith('cf[')), f.get('id'))})"
            for f in found
        )
        raise ConfigError(
            f"source.jira.{option}: {len(found)} Jira fields are named '{wanted}': {clauses}; "
            "name one by its clause name, e.g. cf[10010]"
        )
    if not found:
        names = sorted({str(f.get("name")) for f in fields if f.get("name")})
        close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.5) or difflib.get_close_matches(
            wanted.casefold(), [n.casefold() for n in names], n=5, cutoff=0.5
        )
        hint = f"closest: {', '.join(close)}" if close else "no field has a similar name"
        raise ConfigError(f"source.jira.{option}: no Jira field is named '{wanted}' ({hint})")
    field = found[0]
    return JiraField(str(field["id"]), str(field.get("name") or field["id"]), dict(field.get("schema") or {}))


def resolve(fields: Sequence[Mapping[str, Any]], names: Mapping[str, str | None]) -> FieldMap:
    """``names`` maps config options (``customer_field``...) to the names given, or None."""
    resolved: dict[str, JiraField] = {}
    for option, role in ROLES:
        wanted = names.get(option)
        if wanted:
            resolved[role] = find_field(fields, wanted, option=option)
    icp = resolved.get("icp_value")
    if icp is not None and icp.schema.get("type") not in (None, "number"):
        raise ConfigError(
            f"source.jira.icp_value_field: '{icp.name}' ({icp.id}) is a {icp.schema.get('type')} field; "
            "icp_value is written to a number field"
        )
    klass = resolved.get("icp_class")
    if klass is not None and klass.kind != "select":
        raise ConfigError(
            f"source.jira.icp_class_field: '{klass.name}' ({klass.id}) is a {klass.kind or 'system'} field; "
            "the class is written to a single-select field with one option per class"
        )
    return FieldMap(**resolved)


def wanted_names(options: Iterable[tuple[str, str | None]]) -> dict[str, str | None]:
    return dict(options)
