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

EMAIL = "triage-bot@example.com"
API_TOKEN = "ATATT3xFfGF0FAKEtoken0123456789"
PAT = "NjE2NzFAKEpat0123456789abcdef"
ME = "712020:bot-0000-icp-triage"
JQL = "project = FR"


def iso(moment: datetime) -> str:
    """Jira's time format: ``2026-06-28T12:23:22.000+0000``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


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


class FakeJira:
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
            **custom,
        }
        issue = FakeIssue(10000 + len(self.issues) + 1, key, fields, moment, moment)
        self.issues[key] = issue
        return issue

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

    def _error(self, status: int, message: str) -> tuple[int, Any]:
        return status, {"errorMessages": [message], "errors": {}}

    def _rest(self, call: Call, version: str, rest: str) -> tuple[int, Any]:
        q = {k: v[-1] for k, v in call.query.items()}
        method = call.method
        if rest == "serverInfo":
            return 200, {
                "baseUrl": self.base_url,
                "version": "1001.0.0-SNAPSHOT" if self.cloud else "9.12.2",
                "versionNumbers": [1001, 0, 0] if self.cloud else [9, 12, 2],
                "deploymentType": "Cloud" if self.cloud else "Server",
                "serverTitle": "Jira",
            }
        if rest == "field":
            return 200, self.fields
        if rest == "myself":
            return 200, self.user(ME)
        if rest == "search":
            if self.cloud:
                return self._error(
                    410,
                    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.",
                )
            return self._search_dc(q)
        if rest == "search/jql" and self.cloud and version == "3":
            return self._search_cloud(q)
        if rest == "search/approximate-count" and self.cloud and method == "POST":
            found = self._select((call.body or {}).get("jql", ""))
            return (200, {"count": len(found)}) if isinstance(found, list) else found
        m = re.fullmatch(r"issue/([A-Z]+-\d+)(/.*)?", rest)
        if m is None or m.group(1) not in self.issues:
            return self._error(404, "Issue does not exist or you do not have permission to see it.")
        return self._issue(call, self.issues[m.group(1)], m.group(2) or "", q)

    def _select(self, jql: str) -> list[FakeIssue] | tuple[int, Any]:
        base = re.sub(r"\s+ORDER BY .*$", "", jql.strip(), flags=re.IGNORECASE)
        since: datetime | None = None
        m = re.fullmatch(r"\((.*)\) AND updated >= -(\d+)m", base)
        if m:
            base, since = m.group(1), self.now - timedelta(minutes=int(m.group(2)))
        if base not in self.queries:
            return self._error(
                400,
                f"Error in the JQL Query: The character '%' is a reserved JQL character. You must enclose it in a "
                f"string or use the escape '\\u0025' instead. (line 1, character {max(1, base.find('%') + 1)})"
                if "%" in base
                else f"Error in the JQL Query: Expecting operator but got '{base.split()[-1] if base.split() else ''}'. (line 1, character 1)",
            )
        chosen = [
            i for i in self.issues.values() if self.queries[base](i) and (since is None or i.updated >= since)
        ]
        return sorted(chosen, key=lambda i: (i.created, i.id))

    def _render(self, issue: FakeIssue, wanted: str, properties: str) -> dict[str, Any]:
        names = [n for n in wanted.split(",") if n] or ["*all"]
        values = {**issue.fields, "updated": iso(issue.updated)}
        values["comment"] = {
            "comments": issue.comments[:20] if self.cloud else issue.comments,
            "maxResults": 20 if self.cloud else len(issue.comments),
            "total": len(issue.comments),
            "startAt": 0,
        }
        values["votes"] = {"self": "", "votes": len(issue.voters), "hasVoted": False}
        out: dict[str, Any] = {
            "expand": "renderedFields,names,schema",
            "id": str(issue.id),
            "self": f"{self.base_url}/rest/api/{self._v}/issue/{issue.id}",
            "key": issue.key,
            "fields": {k: v for k, v in values.items() if "*all" in names or k in names},
        }
        if names == ["key"] or names == ["id"]:
            out["fields"] = {}
        if properties:
            out["properties"] = {
                p: issue.properties[p] for p in properties.split(",") if p in issue.properties
            }
        return out

    def _search_cloud(self, q: dict[str, str]) -> tuple[int, Any]:
        found = self._select(q.get("jql", ""))
        if not isinstance(found, list):
            return found
        size = min(int(q.get("maxResults", 50)), 5000 if q.get("fields") in ("key", "id") else 100)
        token = q.get("nextPageToken")
        start = int(base64.b64decode(token).decode().split(":")[1]) if token else 0
        page = found[start : start + size]
        out: dict[str, Any] = {
            "issues": [self._render(i, q.get("fields", ""), q.get("properties", "")) for i in page]
        }
        if start + size < len(found):
            out["nextPageToken"] = base64.b64encode(f"offset:{start + size}".encode()).decode()
            self.page_tokens.append(out["nextPageToken"])
            out["isLast"] = False
        else:
            out["isLast"] = True
        return 200, out

    def _search_dc(self, q: dict[str, str]) -> tuple[int, Any]:
        found = self._select(q.get("jql", ""))
        if not isinstance(found, list):
            return found
        start, size = int(q.get("startAt", 0)), min(int(q.get("maxResults", 50)), self.dc_page)
        page = found[start : start + size]
        return 200, {
            "expand": "schema,names",
            "startAt": start,
            "maxResults": size,
            "total": len(found),
            "issues": [self._render(i, q.get("fields", ""), q.get("properties", "")) for i in page],
        }

    def _issue(self, call: Call, issue: FakeIssue, rest: str, q: dict[str, str]) -> tuple[int, Any]:
        method, body = call.method, call.body or {}
        if rest == "" and method == "GET":
            return 200, self._render(issue, q.get("fields", ""), q.get("properties", ""))
        if rest == "" and method == "PUT":
            if "edit" in self.denied:
                return self._error(403, "You do not have permission to edit issues in this project.")
            for op in (body.get("update") or {}).get("labels") or []:
                if "add" in op and op["add"] not in issue.fields["labels"]:
                    if " " in op["add"]:
                        return 400, {
                            "errorMessages": [],
                            "errors": {"labels": "The label 'x y' contains spaces which is invalid."},
                        }
                    issue.fields["labels"].append(op["add"])
                if "remove" in op and op["remove"] in issue.fields["labels"]:
                    issue.fields["labels"].remove(op["remove"])
            issue.fields.update(body.get("fields") or {})
            issue.updated = self.now
            return 204, None
        if rest == "/comment" and method == "GET":
            start, size = int(q.get("startAt", 0)), min(int(q.get("maxResults", 5000)), 100)
            return 200, {
                "startAt": start,
                "maxResults": size,
                "total": len(issue.comments),
                "comments": issue.comments[start : start + size],
            }
        if rest == "/comment" and method == "POST":
            if "comment" in self.denied:
                return self._error(403, "You do not have the permission to comment on this issue.")
            if self.cloud != isinstance(body.get("body"), dict):
                return 400, {"errorMessages": [], "errors": {"comment": "Comment body is not valid!"}}
            return 201, self.add_comment(issue, ME, body["body"], touch=True)
        m = re.fullmatch(r"/comment/(\d+)", rest)
        if m and method == "PUT":
            comment = next((c for c in issue.comments if c["id"] == m.group(1)), None)
            if comment is None:
                return self._error(404, "Can not find a comment for the id.")
            if comment["author"] != self.user(ME):
                return self._error(403, "You do not have the permission to edit this comment.")
            comment["body"], comment["updated"] = body["body"], iso(self.now)
            issue.updated = self.now
            return 200, comment
        if rest == "/votes":
            return 200, {
                "self": "",
                "votes": len(issue.voters),
                "hasVoted": False,
                "voters": [self.user(v) for v in issue.voters],
            }
        m = re.fullmatch(r"/properties/([\w.-]+)", rest)
        if m and method == "PUT":
            if "edit" in self.denied:
                return self._error(403, "You do not have permission to edit issues in this project.")
            created = m.group(1) not in issue.properties
            issue.properties[m.group(1)] = body
            return (201 if created else 200), None
        return self._error(405, f"{method} {rest} is not supported by the fake")


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
