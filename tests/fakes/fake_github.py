"""A stateful fake GitHub served to the real PyGithub over ``responses``.

It answers GraphQL (github_graphql) and the REST endpoints PyGithub calls for labels,
comments and the naive issue loop, with the payload shapes of GitHub's REST docs
(https://docs.github.com/en/rest/issues). It checks the token, counts every request,
records every write body, and can inject failures (a status with headers, or a dropped
connection) for the next matching requests. Works for github.com and for GHES URLs
(``https://HOST/api/v3`` and ``https://HOST/api/graphql``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any

import requests
import responses

from fakes.github_graphql import GraphqlEndpoint
from fakes.github_state import FakeComment, FakeIssue, FakeLabel, FakeState, iso

TOKEN = "ghp_FAKEtoken0123456789abcdefABCDEF0123"


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int = 0
    at: float = 0.0  # when it arrived, by ``FakeGitHub.clock``

    @property
    def is_mutation(self) -> bool:
        query = self.body.get("query") if isinstance(self.body, dict) else None
        return self.path.endswith("/graphql") and str(query or "").lstrip().startswith("mutation")

    @property
    def is_write(self) -> bool:
        return (self.method != "GET" and not self.path.endswith("/graphql")) or self.is_mutation


@dataclass
class Fault:
    status: int | None  # None: drop the connection
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    times: int = 1
    method: str | None = None
    path: str | None = None  # substring of the path


class FakeGitHub:
    """The fake server. ``install(rsps)`` routes a ``responses.RequestsMock`` to it."""

    def __init__(
        self, *, api_url: str = "https://api.github.com", graphql_url: str | None = None, token: str = TOKEN
    ) -> None:
        self.api_url = api_url.rstrip("/")
        parsed = urllib.parse.urlparse(self.api_url)
        self.origin = f"{parsed.scheme}://{parsed.hostname}"
        self.prefix = parsed.path.rstrip("/")
        self.graphql_path = (
            urllib.parse.urlparse(graphql_url).path
            if graphql_url
            else ("/graphql" if not self.prefix else "/api/graphql")
        )
        html = "https://github.com" if parsed.hostname == "api.github.com" else self.origin
        self.token = token
        self.state = FakeState()
        self.graphql = GraphqlEndpoint(self.state, html)
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.files: dict[tuple[str, str, str], str] = {}  # (repo, ref, path) -> text
        self.before_graphql: Callable[[int], None] | None = None  # called with the call count
        self.max_calls: int | None = None  # a test's bound: more calls than this is a runaway loop
        self.latency = 0.0  # seconds each answer over HTTP waits (serve_fake_github; GitHub is not instant)
        # A GitHub App: its id and public key (PEM), to verify the JWTs that ask for
        # installation tokens; every installation token granted is ``token``.
        self.app_id: int | None = None
        self.app_public_key: str | None = None
        self.installation_tokens: list[int] = []  # the installation ids tokens were granted for
        self.installations: dict[str, int] = {}  # owner -> its installation's id (77 when not named)
        # What stamps each call's arrival: the fake's own clock unless a test hands in the
        # clock its client waits by (to check the write windows GitHub enforces).
        self.clock: Callable[[], float] = lambda: self.state.now.timestamp()

    # -- set-up helpers ------------------------------------------------------------------

    def add_issue(self, repo: str, **fields: Any) -> FakeIssue:
        return self.state.add_issue(repo, **fields)

    def add_file(self, repo: str, ref: str, path: str, text: str) -> None:
        """A file the contents API serves at commit ``ref``."""
        self.state.repo(repo)
        self.files[(repo.casefold(), ref, path)] = text

    def fail(
        self,
        status: int | None,
        *,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.faults.append(Fault(status, headers or {}, body or {"message": "injected"}, times, method, path))

    def break_node(self, number: int, field: str = "comments", times: int = 1) -> None:
        """Make GraphQL fail to resolve ``field`` of issue ``number``: errors beside data."""
        self.graphql.break_nodes[(number, field)] = times

    # -- counters --------------------------------------------------------------------------

    @property
    def requests(self) -> int:
        return len(self.calls)

    @property
    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.is_write]

    def reset(self) -> None:
        self.calls.clear()

    # -- HTTP ------------------------------------------------------------------------------

    def install(self, rsps: responses.RequestsMock) -> None:
        pattern = re.compile(rf"^{re.escape(self.origin)}(:\d+)?/.*")
        for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
            rsps.add_callback(method, pattern, callback=self._handle)

    def _headers(self, resource: str) -> dict[str, str]:
        return {
            "Content-Type": "application/json; charset=utf-8",
            "Date": format_datetime(self.state.now, usegmt=True),
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": str(self.graphql.remaining),
            "X-RateLimit-Reset": str(int(self.state.now.timestamp()) + 3600),
            "X-RateLimit-Resource": resource,
            "X-GitHub-Request-Id": f"FAKE:{len(self.calls)}",
        }

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
        call = Call(request.method or "GET", path, urllib.parse.parse_qs(url.query), body, at=self.clock())
        self.calls.append(call)
        if self.max_calls is not None and len(self.calls) > self.max_calls:
            raise AssertionError(f"over {self.max_calls} requests: a loop that does not make progress")
        if self.before_graphql is not None and path == self.graphql_path:
            self.before_graphql(len(self.calls))
        for fault in self.faults:
            if (
                fault.times
                and (fault.method in (None, call.method))
                and (fault.path is None or fault.path in path)
            ):
                fault.times -= 1
                if fault.status is None:
                    raise requests.ConnectionError("Connection reset by peer (injected)")
                call.status = fault.status
                return fault.status, {**self._headers("core"), **fault.headers}, json.dumps(fault.body)
        auth = request.headers.get("Authorization", "")
        if self.app_id is not None and (
            path.removeprefix(self.prefix).startswith("/app/") or path.endswith("/installation")
        ):
            return self._app(call, path.removeprefix(self.prefix), auth)
        if auth.split(" ", 1)[-1] != self.token:
            call.status = 401
            return (
                401,
                self._headers("core"),
                json.dumps(
                    {
                        "message": "Bad credentials",
                        "documentation_url": "https://docs.github.com/rest",
                        "status": "401",
                    }
                ),
            )
        if call.method == "POST" and path == self.graphql_path:
            call.status = 200
            return 200, self._headers("graphql"), json.dumps(self.graphql.answer(body or {}))
        status, payload, extra = self._rest(call, path.removeprefix(self.prefix))
        call.status = status
        return status, {**self._headers("core"), **extra}, json.dumps(payload) if payload is not None else ""

    def _app(self, call: Call, path: str, auth: str) -> tuple[int, dict[str, str], str]:
        """GitHub App endpoints: a JWT signed with the app's key (RS256, ``iss`` the app id)
        buys an installation token (docs.github.com/en/apps/creating-github-apps/
        authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app)."""
        import jwt

        try:
            claims = jwt.decode(auth.split(" ", 1)[-1], self.app_public_key, algorithms=["RS256"])
            valid = str(claims.get("iss")) == str(self.app_id)
        except jwt.PyJWTError:
            valid = False
        if not valid:
            call.status = 401
            return (
                401,
                self._headers("core"),
                json.dumps({"message": "A JSON web token could not be decoded"}),
            )
        minted = re.fullmatch(r"/app/installations/(\d+)/access_tokens", path)
        if minted and call.method == "POST":
            self.installation_tokens.append(int(minted.group(1)))
            from datetime import datetime, timedelta, timezone

            expires = iso(datetime.now(timezone.utc) + timedelta(hours=1))  # PyGithub reads the real clock
            body = {"token": self.token, "expires_at": expires, "permissions": {"issues": "write"}}
            call.status = 201
            return 201, self._headers("core"), json.dumps(body)
        if path.endswith("/installation") and call.method == "GET":
            call.status = 200
            owner = path.split("/")[2] if path.startswith("/repos/") else ""
            found = self.installations.get(owner.casefold(), 77)
            return 200, self._headers("core"), json.dumps({"id": found, "app_id": self.app_id})
        call.status = 404
        return 404, self._headers("core"), json.dumps({"message": "Not Found"})

    # -- REST ------------------------------------------------------------------------------

    def _rest(self, call: Call, path: str) -> tuple[int, Any, dict[str, str]]:
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
        repo = self.state.repo(f"{m.group(1)}/{m.group(2)}", create=False) if m else None
        if m is None or repo is None:
            return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}, {}
        rest, method, body = m.group(3) or "", call.method, call.body
        base = f"{self.api_url}/repos/{repo.full_name}"
        if rest == "" and method == "GET":
            return (
                200,
                {"id": 1, "name": repo.full_name.split("/")[1], "full_name": repo.full_name, "url": base},
                {},
            )
        if rest == "/labels" and method == "GET":
            return self._page(call, [self._label(x, base) for x in repo.labels.values()], f"{base}/labels")
        if rest == "/labels" and method == "POST":
            if body["name"].casefold() in repo.labels:
                return (
                    422,
                    {
                        "message": "Validation Failed",
                        "errors": [{"resource": "Label", "code": "already_exists", "field": "name"}],
                    },
                    {},
                )
            label = FakeLabel(
                body["name"], body.get("color", "ededed"), body.get("description"), id=len(repo.labels) + 1
            )
            repo.labels[label.name.casefold()] = label
            return 201, self._label(label, base), {}
        if rest == "/issues" and method == "GET":
            state = (call.query.get("state") or ["open"])[0].upper()
            found = sorted(
                (i for i in repo.issues.values() if state == "ALL" or i.state == state),
                key=lambda i: -i.number,
            )
            return self._page(
                call, found, f"{base}/issues", {"state": state.lower()}, lambda i: self._issue(i, base)
            )
        if rest.startswith("/contents/") and method == "GET":
            return self._contents(call, repo.full_name, urllib.parse.unquote(rest[len("/contents/") :]), base)
        mi = re.fullmatch(r"/issues/(\d+)(/.*)?", rest)
        if mi:
            issue = repo.issues.get(int(mi.group(1)))
            if issue is None:
                return 404, {"message": "Not Found"}, {}
            return self._issue_rest(call, issue, mi.group(2) or "", base)
        mc = re.fullmatch(r"/issues/comments/(\d+)", rest)
        if mc and int(mc.group(1)) in self.state.comments_by_id:
            issue, comment = self.state.comments_by_id[int(mc.group(1))]
            if method == "PATCH":
                self.state.tick()
                comment.body, comment.updated_at, issue.updated_at = (
                    body["body"],
                    self.state.now,
                    self.state.now,
                )
                return 200, self._comment(comment, issue, base), {}
            if method == "DELETE":
                self.state.tick()
                issue.comments.remove(comment)
                del self.state.comments_by_id[comment.id]
                issue.updated_at = self.state.now
                return 204, None, {}
            return 200, self._comment(comment, issue, base), {}
        return 404, {"message": "Not Found"}, {}

    def _contents(self, call: Call, repo: str, path: str, base: str) -> tuple[int, Any, dict[str, str]]:
        """GET /repos/{owner}/{repo}/contents/{path}?ref= for a file, as the REST docs show it
        (https://docs.github.com/en/rest/repos/contents#get-repository-content)."""
        ref = (call.query.get("ref") or ["main"])[0]
        text = self.files.get((repo.casefold(), ref, path))
        if text is None:
            return (
                404,
                {"message": "Not Found", "documentation_url": "https://docs.github.com/rest/repos/contents"},
                {},
            )
        raw = text.encode("utf-8")
        encoded = base64.encodebytes(raw).decode("ascii")  # GitHub wraps the base64 at 60 columns
        sha = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
        url = f"{base}/contents/{path}?ref={ref}"
        return (
            200,
            {
                "type": "file",
                "encoding": "base64",
                "size": len(raw),
                "name": path.rsplit("/", 1)[-1],
                "path": path,
                "content": encoded,
                "sha": sha,
                "url": url,
                "git_url": f"{base}/git/blobs/{sha}",
                "html_url": f"https://github.com/{repo}/blob/{ref}/{path}",
                "download_url": f"https://raw.githubusercontent.com/{repo}/{ref}/{path}",
                "_links": {
                    "self": url,
                    "git": f"{base}/git/blobs/{sha}",
                    "html": f"https://github.com/{repo}/blob/{ref}/{path}",
                },
            },
            {},
        )

    def _issue_rest(
        self, call: Call, issue: FakeIssue, rest: str, base: str
    ) -> tuple[int, Any, dict[str, str]]:
        method, body = call.method, call.body
        if rest == "" and method == "GET":
            return 200, self._issue(issue, base), {}
        if rest == "/comments" and method == "GET":
            return self._page(
                call,
                [self._comment(c, issue, base) for c in issue.comments],
                f"{base}/issues/{issue.number}/comments",
            )
        if rest == "/comments" and method == "POST":
            self.state.tick()
            return (
                201,
                self._comment(self.state.add_comment(issue, self.state.viewer, body["body"]), issue, base),
                {},
            )
        if rest == "/reactions" and method == "GET":
            items = [
                {"id": n, "user": {"login": u}, "content": "+1" if c == "THUMBS_UP" else c.lower()}
                for n, (u, c) in enumerate(issue.reactions)
            ]
            return self._page(call, items, f"{base}/issues/{issue.number}/reactions")
        if rest == "/labels" and method == "POST":
            self.state.tick()
            names = body if isinstance(body, list) else body.get("labels", [])
            for name in names:
                self.state.attach_label(issue, name)
            return (
                200,
                [
                    self._label(self.state.repos[issue.repo.casefold()].labels[x.casefold()], base)
                    for x in issue.labels
                ],
                {},
            )
        if rest.startswith("/labels/") and method == "DELETE":
            name = rest[len("/labels/") :]
            if name.casefold() not in {x.casefold() for x in issue.labels}:
                return 404, {"message": "Label does not exist"}, {}
            self.state.tick()
            issue.labels = [x for x in issue.labels if x.casefold() != name.casefold()]
            issue.updated_at = self.state.now
            return 200, [], {}
        return 404, {"message": "Not Found"}, {}

    def _page(
        self,
        call: Call,
        items: list[Any],
        url: str,
        params: dict[str, str] | None = None,
        render: Callable[[Any], Any] | None = None,
    ) -> tuple[int, Any, dict[str, str]]:
        """REST pagination with a Link header; ``render`` builds only the page's items
        (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api)."""
        per_page = min(int((call.query.get("per_page") or ["30"])[0]), 100)
        page = int((call.query.get("page") or ["1"])[0])
        last = max(1, -(-len(items) // per_page))
        headers = {}
        if page < last:
            query = urllib.parse.urlencode({**(params or {}), "per_page": per_page, "page": page + 1})
            headers["Link"] = (
                f'<{url}?{query}>; rel="next", <{url}?{urllib.parse.urlencode({**(params or {}), "per_page": per_page, "page": last})}>; rel="last"'
            )
        chunk = items[(page - 1) * per_page : page * per_page]
        return 200, [render(x) for x in chunk] if render else chunk, headers

    @staticmethod
    def _label(label: FakeLabel, base: str) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": f"LA_{label.id}",
            "url": f"{base}/labels/{urllib.parse.quote(label.name)}",
            "name": label.name,
            "color": label.color,
            "description": label.description,
            "default": False,
        }

    def _issue(self, issue: FakeIssue, base: str) -> dict[str, Any]:
        html = f"{self.graphql.html_url}/{issue.repo}/issues/{issue.number}"
        plus = sum(1 for _u, c in issue.reactions if c == "THUMBS_UP")
        repo = self.state.repos[issue.repo.casefold()]
        return {
            "id": issue.id,
            "node_id": issue.node_id,
            "url": f"{base}/issues/{issue.number}",
            "html_url": html,
            "repository_url": base,
            "comments_url": f"{base}/issues/{issue.number}/comments",
            "number": issue.number,
            "state": issue.state.lower(),
            "title": issue.title,
            "body": issue.body,
            "user": {"login": issue.author, "id": 1, "type": "User"} if issue.author else None,
            "labels": [self._label(repo.labels[x.casefold()], base) for x in issue.labels],
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "locked": False,
            "comments": len(issue.comments),
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": None,
            "author_association": "NONE",
            "reactions": {
                "url": f"{base}/issues/{issue.number}/reactions",
                "total_count": len(issue.reactions),
                "+1": plus,
            },
        }

    def _comment(self, comment: FakeComment, issue: FakeIssue, base: str) -> dict[str, Any]:
        return {
            "id": comment.id,
            "node_id": f"IC_{comment.id}",
            "url": f"{base}/issues/comments/{comment.id}",
            "html_url": f"{self.graphql.html_url}/{issue.repo}/issues/{issue.number}#issuecomment-{comment.id}",
            "issue_url": f"{base}/issues/{issue.number}",
            "body": comment.body,
            "user": {
                "login": comment.author,
                "id": 2,
                "type": "Bot" if (comment.author or "").endswith("[bot]") else "User",
            },
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
            "author_association": "NONE",
        }
