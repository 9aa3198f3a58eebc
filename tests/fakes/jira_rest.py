"""The REST endpoints of the fake Jira (``fake_jira.FakeJira``): search, fields, issues,
comments, votes and properties, in the payload shapes of Atlassian's REST docs
(https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/ and the Data Center
REST reference). A mixin: the state lives on ``FakeJira``."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakes.fake_jira import Call, FakeIssue

ME = "712020:bot-0000-icp-triage"


def iso(moment: datetime) -> str:
    """Jira's time format: ``2026-06-28T12:23:22.000+0000``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


class JiraRest:
    """Answers one REST call from the fake's state."""

    cloud: bool
    now: datetime
    dc_page: int
    denied: set[str]
    page_tokens: list[str]
    comment_properties: dict[str, list[dict[str, Any]]]
    issues: dict[str, FakeIssue]
    fields: list[dict[str, Any]]
    queries: dict[str, Callable[[FakeIssue], bool]]
    base_url: str
    _v: str

    def user(self, uid: str) -> dict[str, Any]:
        raise NotImplementedError

    def add_comment(self, issue: FakeIssue, author: str, text: Any, *, touch: bool = False) -> dict[str, Any]:
        raise NotImplementedError

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
        m = re.fullmatch(r"issue/([A-Z]+-\d+|\d+)(/.*)?", rest)
        by_id = {str(i.id): i.key for i in self.issues.values()}
        if m is not None and m.group(1) in by_id:  # an issue id, as issue link deliveries name issues
            return self._issue(call, self.issues[by_id[m.group(1)]], m.group(2) or "", q)
        if m is None or m.group(1) not in self.issues:
            return self._error(404, "Issue does not exist or you do not have permission to see it.")
        return self._issue(call, self.issues[m.group(1)], m.group(2) or "", q)

    def _select(self, jql: str) -> list[FakeIssue] | tuple[int, Any]:
        base = re.sub(r"\s+ORDER BY .*$", "", jql.strip(), flags=re.IGNORECASE)
        since: datetime | None = None
        m = re.fullmatch(r"\((.*)\) AND updated >= -(\d+)m", base)
        if m:
            base, since = m.group(1), self.now - timedelta(minutes=int(m.group(2)))
        keys: set[str] | None = None  # ``key = K AND (...)``, ``key in (A, B) AND (...)``: one issue's read
        m = re.fullmatch(r"key (?:= (\S+)|in \(([^)]*)\)) AND \((.*)\)", base)
        if m:
            keys = {k.strip() for k in (m.group(1) or m.group(2)).split(",")}
            by_id = {str(i.id): i.key for i in self.issues.values()}
            keys = {by_id.get(k, k) for k in keys}
            if any(k not in self.issues for k in keys):  # as Jira: a JQL naming no visible issue fails
                missing = next(k for k in keys if k not in self.issues)
                return self._error(400, f"An issue with key '{missing}' does not exist for field 'key'.")
            base = m.group(3)
        if base not in self.queries:
            return self._error(
                400,
                f"Error in the JQL Query: The character '%' is a reserved JQL character. You must enclose it in a "
                f"string or use the escape '\\u0025' instead. (line 1, character {max(1, base.find('%') + 1)})"
                if "%" in base
                else f"Error in the JQL Query: Expecting operator but got '{base.split()[-1] if base.split() else ''}'. (line 1, character 1)",
            )
        chosen = [
            i
            for i in self.issues.values()
            if self.queries[base](i)
            and (since is None or i.updated >= since)
            and (keys is None or i.key in keys)
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
            page = issue.comments[start : start + size]
            if q.get("expand") == "properties":
                page = [{**c, "properties": self.comment_properties.get(c["id"], [])} for c in page]
            return 200, {"startAt": start, "maxResults": size, "total": len(issue.comments), "comments": page}
        if rest == "/comment" and method == "POST":
            if "comment" in self.denied:
                return self._error(403, "You do not have the permission to comment on this issue.")
            if self.cloud != isinstance(body.get("body"), dict):
                return 400, {"errorMessages": [], "errors": {"comment": "Comment body is not valid!"}}
            made = self.add_comment(issue, ME, body["body"], touch=True)
            self.comment_properties[made["id"]] = list(body.get("properties") or [])
            return 201, made
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
