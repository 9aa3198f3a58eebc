"""Serve ``FakeGitHub`` over real HTTP on 127.0.0.1, for code in another process.

``FakeGitHub`` answers through ``responses`` inside the test process; the Action's
composite step and ``benchmarks/action.py`` run ``icp-triage action`` as a subprocess, which
needs a socket. This bridge turns each HTTP request into the ``PreparedRequest`` the fake's
handler takes and writes its answer back, so both paths share one fake and its state. A fault
that drops the connection closes the socket without an answer. A ``Hold`` set as the fake's
``hold`` keeps answers back from a chosen moment on (work stays in flight).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from fakes.fake_github import FakeGitHub


class Hold:
    """From the first request after which ``when()`` is true, the fake sends no answer until
    ``release()``: the requests in flight then stay in flight, however fast or slow the
    machine (a test that kills a process mid-work needs some work left, not a lucky moment)."""

    def __init__(self, when: Any) -> None:
        self.when = when
        self._open = threading.Event()
        self._open.set()

    def check(self) -> None:
        if self.when is not None and self.when():
            self._open.clear()

    def wait(self) -> None:
        self._open.wait()

    def release(self) -> None:
        self.when = None
        self._open.set()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body waits for the
    # client's delayed ACK of the headers, 40 ms per response that GitHub does not add.
    disable_nagle_algorithm = True

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        prepared = requests.Request(
            self.command,
            f"{self.server.base_url}{self.path}",
            headers=dict(self.headers.items()),
            data=body,
        ).prepare()
        hold: Hold | None = getattr(self.server.fake, "hold", None)
        with self.server.lock:
            try:
                status, headers, text = self.server.fake._handle(prepared)
            except requests.ConnectionError:
                self.close_connection = True
                self.connection.close()
                return
            if hold is not None:
                hold.check()
        if hold is not None:
            hold.wait()
        latency = getattr(self.server.fake, "latency", 0.0)
        if latency:  # a real tracker's round trip; outside the lock, as requests overlap there
            time.sleep(latency)
        payload = text.encode("utf-8") if isinstance(text, str) else (text or b"")
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake records every call itself."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGitHub
    base_url: str
    lock: threading.Lock


@contextmanager
def serve_fake_github(**kwargs: Any) -> Iterator[FakeGitHub]:
    """A FakeGitHub listening on a free local port; its ``api_url`` is the server's URL.

    Set ``GITHUB_API_URL`` to ``fake.api_url`` and ``GITHUB_GRAPHQL_URL`` to
    ``fake.api_url + "/graphql"`` in the child's environment.
    """
    server = _Server(("127.0.0.1", 0), _Handler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    server.fake = FakeGitHub(api_url=base_url, **kwargs)
    server.base_url = base_url
    server.lock = threading.Lock()
    thread = threading.Thread(target=server.serve_forever, name="fake-github", daemon=True)
    thread.start()
    try:
        yield server.fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
