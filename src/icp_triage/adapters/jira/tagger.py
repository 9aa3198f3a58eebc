"""Plan and make the tag writes on Jira issues: labels, the icp value field, one comment.

- Labels: the core's names (``icp:core``, ``icp-fit:A``; Jira labels hold no spaces), added
  and removed through one ``update`` of the issue, which never sends the other labels:
  the body holds only our own (never a ``customer:<account>`` label), and a label someone
  adds while we run is kept. The optional number field goes in the same request.
- The comment: ADF on Cloud, wiki markup on Data Center. It is found again by the issue's
  ``icp-triage`` entity property (its comment id, returned with every search) AND by its
  author being the user the credential acts as, never by its text; it is edited in place
  only when its text differs. Nobody else's comment is ever edited or deleted.
- Only writes that change something: a second run plans none.

Under ``disclose: tier-only`` nothing written names an account or a revenue figure; the
icp value is written to the field only where it cannot carry revenue (``weight_by:
accounts``) or disclosure is ``full``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from icp_triage.adapters.jira.client import JiraClient
from icp_triage.adapters.jira.conventions import OWN_COMMENT_MARKER
from icp_triage.adapters.jira.document import to_adf, to_wiki
from icp_triage.adapters.jira.fields import FieldMap
from icp_triage.adapters.jira.text import adf_text, wiki_text
from icp_triage.adapters.jira.translate import PROPERTY, JiraIssue, person
from icp_triage.adapters.write_run import WriteRun
from icp_triage.core.tags import Tags, TagSettings, is_own_label
from icp_triage.errors import SourceError

Echo = Callable[[str], None]
JiraWriteKind = Literal["update_issue", "create_comment", "edit_comment", "link_comment"]


@dataclass(frozen=True, slots=True)
class JiraWrite:
    """One planned write on issue ``target``."""

    kind: JiraWriteKind
    target: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    field_id: str | None = None
    value: float | None = None
    body: Any = None  # an ADF document or wiki text
    comment_id: str | None = None
    class_field_id: str | None = None  # the class select field, when its option changes
    class_value: str | None = None

    def describe(self) -> str:
        """One line for ``--dry-run`` and progress output."""
        if self.kind == "update_issue":
            parts = []
            if self.add:
                parts.append(f"add label{'s' if len(self.add) > 1 else ''} {', '.join(self.add)}")
            if self.remove:
                parts.append(f"remove label{'s' if len(self.remove) > 1 else ''} {', '.join(self.remove)}")
            if self.field_id is not None:
                parts.append(
                    f"set {self.field_id} to {self.value:g}"
                    if self.value is not None
                    else f"clear {self.field_id}"
                )
            if self.class_field_id is not None:
                parts.append(f"set {self.class_field_id} to {self.class_value}")
            return f"{self.target}: {'; '.join(parts)}"
        if self.kind == "create_comment":
            return f"{self.target}: create the icp-triage comment"
        if self.kind == "link_comment":
            return (
                f"{self.target}: record comment {self.comment_id} as the icp-triage comment (issue property)"
            )
        return f"{self.target}: edit the icp-triage comment {self.comment_id}"

    @property
    def text(self) -> str:
        """The comment as a reader sees it (for --dry-run)."""
        if self.body is None:
            return ""
        return shown_text(self.body) if isinstance(self.body, dict) else str(self.body)


def shown_text(document: dict[str, Any]) -> str:
    """An ADF comment as Jira shows it, in text: ``adf_text`` (which reads requests, and
    takes one cell a line) for every block but a table, whose rows stay rows
    (``| B | 1 |``); the dry run promised the comment "as Jira shows it" and printed its
    table flattened to one cell per line."""
    out: list[str] = []
    for block in document.get("content") or []:
        if isinstance(block, dict) and block.get("type") == "table":
            out.append("\n".join(_row(r) for r in block.get("content") or [] if isinstance(r, dict)))
        else:
            out.append(adf_text({"type": "doc", "content": [block]}))
    return "\n\n".join(out)


def _row(row: dict[str, Any]) -> str:
    cells = [c for c in row.get("content") or [] if isinstance(c, dict)]
    return (
        "| " + " | ".join(" ".join(adf_text({"type": "doc", "content": [c]}).split()) for c in cells) + " |"
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def own_identity(client: JiraClient) -> str:
    """The accountId (Cloud) or username (Data Center) the credential acts as: 1 request."""
    me = client.get("myself", what="asking which user the credential acts as")
    found = person(me)
    if not found:
        raise SourceError("Jira's /myself named no user; cannot tell which comments are icp-triage's own")
    return found


def plan_issue(
    issue: JiraIssue,
    tags: Tags,
    *,
    settings: TagSettings,
    cloud: bool,
    own: str,
    fields: FieldMap,
    icp_value: float | None = None,
    recovered: str | None = None,
) -> list[JiraWrite]:
    """The writes that bring ``issue`` to ``tags``; ``icp_value`` (already cleared for
    disclosure by the caller) goes into ``fields.icp_value`` when both are set.
    ``recovered`` is the id of our comment found by its own comment property when the
    issue property lost track of it (a run stopped between the two writes)."""
    request = issue.request
    writes: list[JiraWrite] = []
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    if settings.labels:
        current = {x.casefold() for x in request.labels}
        wanted = {x.casefold() for x in tags.labels}
        add = tuple(x.replace(" ", "-") for x in tags.labels if x.casefold() not in current)
        remove = tuple(
            x
            for x in request.labels
            if is_own_label(x, prefix=settings.prefix) and x.casefold() not in wanted
        )
    field_id: str | None = None
    if fields.icp_value is not None and icp_value is not None:
        rounded = round(icp_value, 2)
        if issue.icp_value is None or round(issue.icp_value, 2) != rounded:
            field_id = fields.icp_value.id
            icp_value = rounded
    klass = tags.fields.get("icp_class")
    class_id = None
    if fields.icp_class is not None and isinstance(klass, str) and issue.icp_class != klass:
        class_id = fields.icp_class.id  # the select's option, written only when it changed
    if add or remove or field_id or class_id:
        writes.append(
            JiraWrite(
                "update_issue",
                request.key,
                add,
                remove,
                field_id,
                icp_value if field_id else None,
                class_field_id=class_id,
                class_value=klass if class_id and isinstance(klass, str) else None,
            )
        )
    if settings.comment:
        blocks = tags.comment  # the core's CommentDoc
        body: Any = to_adf(blocks) if cloud else to_wiki(blocks)
        wanted_text = adf_text(body) if cloud else wiki_text(body)
        known = str(issue.prop.get("commentId") or "")
        ours = next((c for c in request.comments if known and c.id == known and c.author == own), None)
        if ours is None and recovered:
            known = recovered
            ours = next((c for c in request.comments if c.id == known and c.author == own), None)
            if ours is not None:
                writes.append(JiraWrite("link_comment", request.key, comment_id=known))
        if ours is None:
            writes.append(JiraWrite("create_comment", request.key, body=body))
        elif not _same(ours.body.replace(OWN_COMMENT_MARKER, "", 1), wanted_text):
            writes.append(JiraWrite("edit_comment", request.key, body=body, comment_id=known))
    return writes


def _apply(client: JiraClient, write: JiraWrite) -> None:
    key = write.target
    if write.kind == "update_issue":
        payload: dict[str, Any] = {}
        labels = [{"add": x} for x in write.add] + [{"remove": x} for x in write.remove]
        if labels:
            payload["update"] = {"labels": labels}
        if write.field_id is not None:
            payload["fields"] = {write.field_id: write.value}
        if write.class_field_id is not None:  # a single select is set by its option's value
            payload.setdefault("fields", {})[write.class_field_id] = {"value": write.class_value}
        client.send("PUT", f"issue/{key}", body=payload, what=f"updating the labels of {key}", work="labels")
    elif write.kind == "create_comment":
        made = client.send(
            "POST",
            f"issue/{key}/comment",
            # the comment's own property marks it ours even if the issue property below fails
            body={"body": write.body, "properties": [{"key": PROPERTY, "value": {"issue": key}}]},
            what=f"commenting on {key}",
            work="comment",
            idempotent=False,
        )
        comment_id = str((made or {}).get("id") or "")
        if not comment_id:
            raise SourceError(f"Jira created the comment on {key} but returned no id")
        _remember(client, key, comment_id)
    elif write.kind == "link_comment":
        assert write.comment_id is not None
        _remember(client, key, write.comment_id)
    else:
        client.send(
            "PUT",
            f"issue/{key}/comment/{write.comment_id}",
            body={"body": write.body},
            what=f"editing the icp-triage comment on {key}",
            work="edit_comment",
        )


def _remember(client: JiraClient, key: str, comment_id: str) -> None:
    client.send(
        "PUT",
        f"issue/{key}/properties/{PROPERTY}",
        body={"commentId": comment_id},
        what=f"recording the icp-triage comment of {key}",
        work="property",
    )


def apply_writes(
    client: JiraClient, writes: Sequence[JiraWrite], *, dry_run: bool = False, echo: Echo | None = None
) -> int:
    """Make (or with ``dry_run`` only print) each write in order; returns how many.

    As on GitHub: a failed issue's remaining writes are skipped and the others go on, then
    a SourceError names every issue that failed; a rejected credential, a rate limit over
    ``max_wait``, or a 403 before any write landed stops at once.
    """
    if dry_run:
        if echo is not None:
            for write in writes:
                text = write.text
                echo(
                    write.describe()
                    + ("\n" + "\n".join(f"    {t}" for t in text.split("\n")) if text else "")
                )
        return len(writes)
    run = WriteRun(
        writes,
        lambda write: _apply(client, write),
        echo=echo,
    )
    for write in writes:
        run.make(write)
    return run.finish()


def plan_backlog(
    client: JiraClient,
    items: Iterable[tuple[JiraIssue, Tags, float | None]],
    *,
    settings: TagSettings,
    fields: FieldMap,
) -> list[JiraWrite]:
    """The writes for many issues; one request asks who the credential is when comments are on."""
    pairs = list(items)
    own = own_identity(client) if settings.comment and pairs else ""
    writes: list[JiraWrite] = []
    for issue, tags, value in pairs:
        recovered = _recover(client, issue, own) if settings.comment else None
        writes.extend(
            plan_issue(
                issue,
                tags,
                settings=settings,
                cloud=client.cloud,
                own=own,
                fields=fields,
                icp_value=value,
                recovered=recovered,
            )
        )
    return writes


def _recover(client: JiraClient, issue: JiraIssue, own: str) -> str | None:
    """Our comment's id from its comment property, read (1 request) only when the issue
    property names no comment of ours but the credential's user has commented: the rare
    case of a run stopped between creating the comment and recording it."""
    known = str(issue.prop.get("commentId") or "")
    comments = issue.request.comments
    if any(c.id == known and c.author == own for c in comments) or not any(c.author == own for c in comments):
        return None
    data = client.get(
        f"issue/{issue.request.key}/comment",
        {"expand": "properties", "maxResults": 1000},
        what=f"looking for the icp-triage comment of {issue.request.key}",
    )
    for comment in (data or {}).get("comments") or []:
        keys = {p.get("key") for p in comment.get("properties") or [] if isinstance(p, dict)}
        if PROPERTY in keys and person(comment.get("author")) == own:
            return str(comment.get("id"))
    return None


def body_text(write: JiraWrite) -> str:
    """Everything a write sends, as text: what privacy tests scan."""
    return json.dumps({"add": write.add, "remove": write.remove, "value": write.value, "body": write.body})
