"""A stateful fake Jira (Cloud or Data Center) served over real HTTP to the real ``jira`` client.

Payload shapes follow Atlassian's REST docs:
- Cloud v3: ``GET /rest/api/3/search/jql`` pages by ``nextPageToken`` (no ``total``, ``isLast``
  on the last page, at most 100 issues a page here), the old ``/search`` answers 410, bodies
  are ADF, users are ``accountId`` without ``emailAddress``, at most 20 comments inline,
  ``POST /search/approximate-count``.
- Data Center v2: ``GET /rest/api/2/search`` pages by ``startAt`` with ``total``, granting at
  most ``dc_page`` results whatever is asked; bodies are wiki markup; users have ``name``,
  ``key`` and ``emailAddress``.
Both: ``/field``, ``/serverInfo``, ``/myself``, ``/issue/{key}`` (GET, PUT with ``update.labels``
and ``fields``), comments (list, create, edit), ``/votes``, issue properties. Errors carry
``errorMessages`` and ``errors`` as Jira's do. It checks the credential, records every call
and its body, and injects faults (a status with headers) for the next matching requests.

JQL: the fake cannot parse JQL; ``queries`` maps each base JQL the test configures to a
predicate over issues. It understands the adapter's own additions: ``(BASE) AND updated >=
-Nm`` and ``ORDER BY ...``; any other text is a 400 worded as Jira words a syntax error.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import requests

from fakes.jira_rest import ME, JiraRest, iso

EMAIL = "triage-bot@example.com"
API_TOKEN = "ATATT3xFfGF0FAKEtoken0123456789"
PAT = "NjE2NzFAKEpat0123456789abcdef"
JQL = "project = FR"


def adf(text: str) -> dict[str, Any]:
    """A plain text as an ADF doc, one paragraph per line."""
    return {
        "type": "doc",
        "version": 1,
        "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []}
            for line in text.split("\n")
        ],
    }


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int = 0

    @property
    def is_write(self) -> bool:
        return self.method in ("PUT", "DELETE") or (
            self.method == "POST" and "approximate-count" not in self.path
        )


@dataclass
class Fault:
    status: int
    headers: dict[str, str]
    body: dict[str, Any]
    times: int
    method: str | None
    path: str | None


@dataclass
class FakeIssue:
    id: int
    key: str
    fields: dict[str, Any]
    created: datetime
    updated: datetime
    comments: list[dict[str, Any]] = field(default_factory=list)
    voters: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)


class FakeJira(JiraRest):
    def __init__(self, *, deployment: str = "cloud", dc_page: int = 50) -> None:
        self.deployment = deployment
        self.dc_page = dc_page
        self.base_url = "http://127.0.0.1"
        self.now = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
        self.issues: dict[str, FakeIssue] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.fields: list[dict[str, Any]] = [
            {"id": f, "key": f, "name": n, "custom": False, "clauseNames": [f], "schema": {"type": t}}
            for f, n, t in (
                ("summary", "Summary", "string"),
                ("labels", "Labels", "array"),
                ("description", "Description", "string"),
                ("reporter", "Reporter", "user"),
                ("votes", "Votes", "votes"),
            )
        ]
        self.queries: dict[str, Callable[[FakeIssue], bool]] = {JQL: lambda i: i.key.startswith("FR-")}
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.denied: set[str] = set()  # "edit", "comment": answer 403 to those writes
        self.page_tokens: list[str] = []
        self.latency = 0.0  # seconds each answer waits, outside the lock (a real Jira is not instant)
        self.comment_properties: dict[str, list[dict[str, Any]]] = {}
        self._comment_id = 10000
        self.add_user(ME, "icp-triage bot", email=EMAIL)

    # -- set-up --------------------------------------------------------------------------

    @property
    def cloud(self) -> bool:
        return self.deployment == "cloud"

    def user(self, uid: str) -> dict[str, Any]:
        return self.users[uid]

    def add_user(self, uid: str, name: str, *, email: str | None = None) -> None:
        if self.cloud:  # Cloud hides e-mails by default
            self.users[uid] = {
                "accountId": uid,
                "displayName": name,
                "active": True,
                "accountType": "atlassian",
            }
        else:
            self.users[uid] = {
                "name": uid,
                "key": uid,
                "displayName": name,
                "active": True,
                "emailAddress": email,
            }

    def add_field(
        self, fid: str, name: str, custom: str, type_: str = "string", items: str | None = None
    ) -> str:
        number = fid.rsplit("_", 1)[-1]
        schema: dict[str, Any] = {"type": type_, "custom": custom, "customId": int(number)}
        if items:
            schema["items"] = items
        self.fields.append(
            {
                "id": fid,
                "key": fid,
                "name": name,
                "custom": True,
                "clauseNames": [f"cf[{number}]", name],
                "schema": schema,
            }
        )
        return fid

    def body(self, text: str) -> Any:
        return adf(text) if self.cloud else text

    def add_issue(
        self,
        key: str,
        summary: str,
        *,
        reporter: str | None = None,
        description: str = "",
        labels: list[str] | None = None,
        done: bool = False,
        created: datetime | None = None,
        **custom: Any,
    ) -> FakeIssue:
        moment = created or self.now
        if reporter and reporter not in self.users:
            self.add_user(reporter, reporter)
        fields = {
            "summary": summary,
            "status": {
                "name": "Done" if done else "Open",
                "statusCategory": {"key": "done" if done else "new"},
            },
            "created": iso(moment),
            "labels": list(labels or []),
            "description": self.body(description) if description else None,
            "reporter": self.user(reporter) if reporter else None,
            "issuelinks": [],
            **custom,
        }
        issue = FakeIssue(10000 + len(self.issues) + 1, key, fields, moment, moment)
        self.issues[key] = issue
        return issue

    def link(
        self, outward: FakeIssue, inward: FakeIssue, name: str = "Duplicate", *, touch: bool = True
    ) -> None:
        """Link two issues as Jira shows it on both (``issuelinks``): ``outward`` duplicates
        ``inward``, which is duplicated by it (for the ``Duplicate`` type)."""
        words = {"Duplicate": ("duplicates", "is duplicated by"), "Relates": ("relates to", "relates to")}
        out_word, in_word = words.get(name, (name.lower(), f"is {name.lower()} by"))
        kind = {"id": str(10000 + len(name)), "name": name, "inward": in_word, "outward": out_word}

        def brief(issue: FakeIssue) -> dict[str, Any]:
            return {
                "id": str(issue.id),
                "key": issue.key,
                "self": f"{self.base_url}/rest/api/{self._v}/issue/{issue.id}",
                "fields": {"summary": issue.fields["summary"], "status": issue.fields["status"]},
            }

        link_id = str(20000 + sum(len(i.fields.get("issuelinks") or []) for i in self.issues.values()))
        outward.fields.setdefault("issuelinks", []).append(
            {"id": link_id, "type": kind, "outwardIssue": brief(inward)}
        )
        inward.fields.setdefault("issuelinks", []).append(
            {"id": link_id, "type": kind, "inwardIssue": brief(outward)}
        )
        if touch:
            outward.updated = inward.updated = self.now

    def add_comment(self, issue: FakeIssue, author: str, text: str, *, touch: bool = False) -> dict[str, Any]:
        self._comment_id += 1
        if author not in self.users:
            self.add_user(author, author)
        comment = {
            "id": str(self._comment_id),
            "self": f"{self.base_url}/rest/api/{self._v}/issue/{issue.id}/comment/{self._comment_id}",
            "author": self.user(author),
            "body": self.body(text) if isinstance(text, str) else text,
            "created": iso(self.now),
            "updated": iso(self.now),
        }
        issue.comments.append(comment)
        if touch:
            issue.updated = self.now
        return comment

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def fail(
        self,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.faults.append(
            Fault(
                status,
                headers or {},
                body or {"errorMessages": ["injected"], "errors": {}},
                times,
                method,
                path,
            )
        )

    @property
    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.is_write]

    @property
    def _v(self) -> str:
        return "3" if self.cloud else "2"

    # -- HTTP ----------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        # The Date header is the fake's clock, written by the HTTP server (_DatedHandler).
        return {"Content-Type": "application/json;charset=UTF-8"}

    def _authorised(self, header: str) -> bool:
        if self.cloud:
            expected = base64.b64encode(f"{EMAIL}:{API_TOKEN}".encode()).decode()
            return header == f"Basic {expected}"
        return header == f"Bearer {PAT}"

    def _handle(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        url = urllib.parse.urlparse(request.url or "")
        path = urllib.parse.unquote(url.path)
        body: Any = None
        if request.body:
            raw = request.body.decode() if isinstance(request.body, bytes) else request.body
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
        call = Call(request.method or "GET", path, urllib.parse.parse_qs(url.query), body)
        self.calls.append(call)
        for fault in self.faults:
            if (
                fault.times
                and fault.method in (None, call.method)
                and (fault.path is None or fault.path in path)
            ):
                fault.times -= 1
                call.status = fault.status
                return fault.status, {**self._headers(), **fault.headers}, json.dumps(fault.body)
        if not self._authorised(request.headers.get("Authorization", "")):
            call.status = 401
            return (
                401,
                self._headers(),
                json.dumps(
                    {
                        "errorMessages": [
                            "You are not authenticated. Authentication required to perform this operation."
                        ],
                        "errors": {},
                    }
                ),
            )
        m = re.fullmatch(r"/rest/api/(2|3)/(.*)", path)
        if m is None:
            status, payload = 404, {"errorMessages": ["Not found"], "errors": {}}
        else:
            status, payload = self._rest(call, m.group(1), m.group(2))
        call.status = status
        return status, self._headers(), json.dumps(payload) if payload is not None else ""


@contextmanager
def serve_fake_jira(**kwargs: Any) -> Iterator[FakeJira]:
    """A FakeJira listening on a free local port; ``fake.base_url`` is its server URL."""
    fake = FakeJira(**kwargs)
    from fakes.http_server import _Handler, _Server

    class _DatedHandler(_Handler):
        def date_time_string(self, timestamp: float | None = None) -> str:
            return format_datetime(fake.now, usegmt=True)

    server = _Server(("127.0.0.1", 0), _DatedHandler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    fake.base_url = base_url
    server.fake = fake  # type: ignore[assignment]  # the handler calls fake._handle only
    server.base_url = base_url
    server.lock = threading.Lock()
    thread = threading.Thread(target=server.serve_forever, name="fake-jira", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def env_for(fake: FakeJira) -> dict[str, str]:
    """The credential variables the fake accepts."""
    if fake.cloud:
        return {"JIRA_EMAIL": EMAIL, "JIRA_API_TOKEN": API_TOKEN}
    return {"JIRA_TOKEN": PAT}
