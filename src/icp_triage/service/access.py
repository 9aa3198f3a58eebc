"""Who is asking: the admin token, the read token, nobody, or a wrong token.

A token comes as ``Authorization: Bearer ...`` or in the login cookie, which holds an HMAC
of the token (never the token itself). Comparisons are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import Enum
from typing import Any

from icp_triage.service.settings import Secrets

COOKIE = "icp_triage_session"


class Access(str, Enum):
    admin = "admin"
    read = "read"
    anonymous = "anonymous"
    wrong = "wrong"  # a token was given and matches neither

    @property
    def full(self) -> bool:
        return self in (Access.admin, Access.read)


def session_value(token: str) -> str:
    return hmac.new(token.encode("utf-8"), b"icp-triage read session", hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def access(headers: Any, cookies: Any, secrets: Secrets) -> Access:
    header = str(headers.get("authorization") or "")
    if header:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return Access.wrong
        if _same(token, secrets.admin_token):
            return Access.admin
        return Access.read if _same(token, secrets.read_token) else Access.wrong
    cookie = str(cookies.get(COOKIE) or "")
    if cookie:
        if secrets.admin_token and _same(cookie, session_value(secrets.admin_token)):
            return Access.admin
        if secrets.read_token and _same(cookie, session_value(secrets.read_token)):
            return Access.read
        return Access.wrong
    return Access.anonymous


def login(token: str, secrets: Secrets) -> str | None:
    """The cookie value for a correct read or admin token, else None."""
    token = token.strip()
    if _same(token, secrets.admin_token) or _same(token, secrets.read_token):
        return session_value(token)
    return None
