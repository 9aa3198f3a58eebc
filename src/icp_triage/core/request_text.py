"""Reading a request's text for who asked: issue-form sections and custom fields."""

from __future__ import annotations

import re

from icp_triage.core.models import RequestLike

_NO_RESPONSE = frozenset({"", "_no response_", "no response", "n/a", "none", "-"})
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def section_pattern(heading: str) -> re.Pattern[str]:
    """The ``### <heading>`` line of an issue-form section; its text runs to the next heading."""
    return re.compile(r"^###\s*" + re.escape(heading) + r"\s*$\n", re.MULTILINE | re.IGNORECASE)


_NEXT_HEADING = re.compile(r"^###\s", re.MULTILINE)


def _section(body: str, pattern: re.Pattern[str]) -> str | None:
    """The text under a ``### <heading>`` issue-form section, or None."""
    # Try the pattern only where a line starts with ``###``: a regex search would test every
    # character of a kilobyte body, and case-insensitive patterns have no fast literal scan.
    at = body.find("###")
    while at >= 0:
        match = pattern.match(body, at) if at == 0 or body[at - 1] == "\n" else None
        if match:
            break
        at = body.find("###", at + 3)
    else:
        return None
    # Two searches, the heading then the next one: one regex with a lazy ``(.*?)`` up to a
    # look-ahead tests the look-ahead at every character of the section.
    start = match.end()
    following = _NEXT_HEADING.search(body, start)
    text = body[start : following.start() if following else len(body)]
    # The answer is the section's first paragraph: text a user adds below it (a
    # Requested-by line, a note) is not part of the answer. One company per line is a list.
    paragraph = _BLANK_LINE.split(text.strip(), 1)[0]
    value = "; ".join(line.strip() for line in paragraph.splitlines() if line.strip())
    return None if value.casefold() in _NO_RESPONSE else value


def _option_text(value: object) -> str:
    """A field's value as text: a Jira option or user is an object with a value or name."""
    if isinstance(value, dict):
        return str(value.get("value") or value.get("name") or value.get("displayName") or "")
    return str(value)


def field_value(
    request: RequestLike, name: str, section: re.Pattern[str], lowered_body: str
) -> tuple[str | None, str]:
    wanted = name.casefold()
    for key, value in request.fields.items():
        if key.casefold() == wanted and value is not None:
            # a tracker's field under its own name ({"value": ..., "field": "Organizations"},
            # Jira's field read as the Company one): the source names the field the user sees
            label = value.get("field") if isinstance(value, dict) else None
            if isinstance(value, (list, tuple)):  # a multi-select: Jira gives [{"value": ...}]
                value = "; ".join(_option_text(v) for v in value)
            else:
                value = _option_text(value)
            text = str(value).strip()
            if text.casefold() not in _NO_RESPONSE:
                return text, f"field {label or key}"
    body = request.body
    # A case-insensitive substring test first: the multi-line regex costs ten times more, and
    # most bodies with headings (issue forms) have no such section.
    found = _section(body, section) if name.casefold() in lowered_body else None
    if found is not None:
        return found, f"issue form section '{name}'"
    return None, ""
