"""Turn one Jira issue, as the search returns it, into the core's RawRequest: pure.

People are Jira identities (``author_kind: jira``): the accountId on Cloud, the username on
Data Center; attribution matches them against accounts' ``jira_users`` only, never as
GitHub logins, and falls back to the reporter's e-mail domain where Jira shows the e-mail
(Data Center; Cloud hides it by default). The customer field's value becomes text under
``attribution.form_field``, whatever its kind: select, multi-select, cascading select (the
child option, else the parent), text, user picker (the e-mail, else the display name) or
Jira Service Management's Organizations (the organisation names). An outward link of the
``Duplicate`` type ("duplicates", the name configurable) makes the issue a duplicate of the
linked one (``duplicate_of``): its demand counts there. A comment keeps its ``created`` time;
a vote has none in Jira (``/issue/{key}/votes`` lists voters only), so it is dated at the
issue's ``updated`` time with ``dated_by: issue-updated``, and ``trend`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from icp_triage.adapters.jira.conventions import OWN_COMMENT_MARKER
from icp_triage.adapters.jira.fields import FieldMap
from icp_triage.adapters.jira.text import adf_text, wiki_text
from icp_triage.core.models import COMPLETED, Comment, DuplicateOf, RawRequest, Reaction
from icp_triage.errors import SourceError

PROPERTY = "icp-triage"  # the issue entity property holding our comment's id and digest
BASE_FIELDS = (
    "summary",
    "status",
    "created",
    "updated",
    "reporter",
    "labels",
    "description",
    "comment",
    "votes",
    "issuelinks",
    "resolution",
    "resolutiondate",
)
# Resolutions that close an issue without doing it; any other (Done, Fixed, a team's own),
# or none, in the done status category is shipped (``core.shipped``).
NOT_DONE = frozenset({"won't do", "won't fix", "duplicate", "cannot reproduce", "incomplete", "declined"})
_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")


@dataclass(frozen=True, slots=True)
class JiraIssue:
    """A request and what tagging needs beyond it: the icp-triage issue property (our
    comment's id and the digest of what it says) and the icp value field's current value."""

    request: RawRequest
    prop: Mapping[str, Any] = field(default_factory=dict)
    icp_value: float | None = None
    votes: int = 0
    icp_class: str | None = None  # the class select field's current option

    def as_dict(self) -> dict[str, Any]:
        return {
            "request": self.request.model_dump(mode="json", exclude_defaults=True),
            "prop": dict(self.prop),
            "icp_value": self.icp_value,
            "votes": self.votes,
            "icp_class": self.icp_class,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JiraIssue:
        return cls(
            RawRequest.model_validate(data["request"]),
            dict(data.get("prop") or {}),
            data.get("icp_value"),
            int(data.get("votes") or 0),
            data.get("icp_class"),
        )


def parse_time(text: Any) -> datetime | None:
    """Jira's ``2026-06-28T12:23:22.000+0000`` (no colon in the offset) as an aware datetime."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(_OFFSET.sub(r"\1:\2", text.replace("Z", "+00:00")))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def person(user: Any) -> str | None:
    """A Jira user's identity: accountId (Cloud), else name (Data Center), else key."""
    if not isinstance(user, Mapping):
        return None
    for key in ("accountId", "name", "key"):
        if user.get(key):
            return str(user[key])
    return None


def display_name(user: Any) -> str | None:
    """What Jira shows for a user, beside the id ``person`` gives (None when it adds nothing)."""
    if not isinstance(user, Mapping):
        return None
    name = user.get("displayName")
    return str(name) if isinstance(name, str) and name.strip() and name != person(user) else None


def _email(user: Any) -> str | None:
    """The user's e-mail where Jira shows it (Data Center; Cloud only when the user allows)."""
    return (user.get("emailAddress") or None) if isinstance(user, Mapping) else None


def _option(value: Any) -> str:
    if isinstance(value, Mapping):
        child = value.get("child")
        if isinstance(child, Mapping) and child.get("value"):
            return str(child["value"])  # cascading select: the customer is the child option
        if value.get("emailAddress"):  # a user picker: the e-mail's domain names the company
            return str(value["emailAddress"])
        keys = ("displayName",) if "accountId" in value or "displayName" in value else ("value", "name")
        for key in keys:
            if value.get(key):
                return str(value[key])
        return ""
    return "" if value is None else str(value)


def field_text(value: Any) -> str | None:
    """A customer field's value as text, several values ``;``-separated; None when empty."""
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    texts = [t.strip() for t in (_option(v) for v in items) if t and t.strip()]
    return "; ".join(texts) or None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value >= 0 else None


def _state_reason(status: Mapping[str, Any], resolution: Any) -> str | None:
    """``completed`` for an issue in the done status category with a resolution that did it
    (or none set: many workflows leave it empty), ``not_planned`` for Won't Do and its kin."""
    if status.get("key") != "done":
        return None
    name = str(resolution.get("name") or "") if isinstance(resolution, Mapping) else ""
    return "not_planned" if name.casefold().replace("\u2019", "'") in NOT_DONE else COMPLETED


def duplicate_of(links: Any, link_type: str) -> DuplicateOf | None:
    """The issue this one duplicates: the first outward link of the type named ``link_type``
    (Jira's ``Duplicate``, outward "duplicates": this issue duplicates ``outwardIssue``)."""
    wanted = link_type.casefold()
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, Mapping) or not isinstance(link.get("type"), Mapping):
            continue
        target = link.get("outwardIssue")
        name = link["type"].get("name")
        if (
            isinstance(name, str)
            and name.casefold() == wanted
            and isinstance(target, Mapping)
            and target.get("key")
        ):
            return DuplicateOf(key=str(target["key"]), by="jira-link")
    return None


def own_comment_id(raw: Mapping[str, Any]) -> str:
    """The id of the comment the ``icp-triage`` issue property names ("" for none)."""
    props = raw.get("properties")
    prop = props.get(PROPERTY) if isinstance(props, Mapping) else None
    return str(prop.get("commentId") or "") if isinstance(prop, Mapping) else ""


def to_issue(
    raw: Mapping[str, Any],
    *,
    server: str,
    fields: FieldMap,
    form_field: str,
    cloud: bool,
    comments: Sequence[Mapping[str, Any]] | None = None,
    voters: Sequence[Mapping[str, Any]] = (),
    duplicate_link: str = "Duplicate",
    me: str | None = None,
) -> JiraIssue:
    """One issue of a search page; ``comments`` replaces the inline ones when the caller read
    them all (Cloud inlines at most 20), ``voters`` are read with ``jira_votes``;
    ``duplicate_link`` names the link type that marks a duplicate. The comment the issue
    property names is icp-triage's own only when ``me`` (the credential's user) wrote it:
    anyone who can edit an issue can point the property at a customer's comment."""
    try:
        key = str(raw["key"])
        values = raw.get("fields") or {}
    except (KeyError, TypeError) as exc:
        raise SourceError(f"Jira sent an issue without a key or fields: {exc}") from None
    text = adf_text if cloud else wiki_text
    props = raw.get("properties")
    prop = props.get(PROPERTY) if isinstance(props, Mapping) else None
    own = own_comment_id(raw)
    listed = comments if comments is not None else ((values.get("comment") or {}).get("comments") or [])
    made: list[Comment] = []
    for c in listed:
        body = text(c.get("body"))
        cid = str(c.get("id") or "")
        if own and cid == own and me is not None and person(c.get("author")) == me:
            body = f"{OWN_COMMENT_MARKER}\n{body}"  # ours: attribution skips it
        made.append(
            Comment(
                author=person(c.get("author")),
                author_kind="jira",
                author_name=display_name(c.get("author")),
                author_email=_email(c.get("author")),
                body=body,
                id=cid or None,
                url=f"{server}/browse/{key}?focusedCommentId={cid}" if cid else None,
                created_at=parse_time(c.get("created")),
            )
        )
    reporter = values.get("reporter") or {}
    status = (values.get("status") or {}).get("statusCategory") or {}
    extra: dict[str, Any] = {}
    if fields.customer is not None:
        found = field_text(values.get(fields.customer.id))
        if found:  # named as Jira names it, so explain says "field Organizations"
            extra[form_field] = {"value": found, "field": fields.customer.name}
    updated = parse_time(values.get("updated"))
    request = RawRequest(
        key=key,
        title=str(values.get("summary") or ""),
        url=f"{server}/browse/{key}",
        state="closed" if status.get("key") == "done" else "open",
        state_reason=_state_reason(status, values.get("resolution")),
        closed_at=parse_time(values.get("resolutiondate")) if status.get("key") == "done" else None,
        created_at=parse_time(values.get("created")),
        updated_at=updated,
        author=person(reporter),
        author_email=_email(reporter),
        author_kind="jira",
        author_name=display_name(reporter),
        labels=[str(x) for x in values.get("labels") or []],
        body=text(values.get("description")),
        fields=extra,
        estimate=_number(values.get(fields.story_points.id)) if fields.story_points else None,
        reactions=[  # Jira keeps no time for a vote: the issue's last update stands in, marked so
            Reaction(
                user=who,
                user_kind="jira",
                user_name=display_name(v),
                created_at=updated,
                dated_by="issue-updated",
            )
            for v in voters
            if (who := person(v))
        ],
        comments=made,
        duplicate_of=duplicate_of(values.get("issuelinks"), duplicate_link),
    )
    return JiraIssue(
        request=request,
        prop=dict(prop) if isinstance(prop, Mapping) else {},
        icp_value=_number(values.get(fields.icp_value.id)) if fields.icp_value else None,
        votes=int((values.get("votes") or {}).get("votes") or 0),
        icp_class=field_text(values.get(fields.icp_class.id)) if fields.icp_class else None,
    )
