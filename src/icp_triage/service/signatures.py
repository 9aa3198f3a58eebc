"""Webhook signatures: HMAC-SHA256 of the raw body, compared in constant time. Pure.

GitHub sends ``X-Hub-Signature-256: sha256=<hex>``; a Jira admin webhook with a secret sends
the same value in ``X-Hub-Signature``. Only ``sha256=`` is accepted: the older ``sha1=``
header GitHub also sends is ignored, so a forger cannot pick the weaker hash.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str | bytes, body: bytes) -> str:
    """The header value for ``body``: ``sha256=`` and the hex HMAC-SHA256 under ``secret``."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return PREFIX + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify(secret: str | bytes, body: bytes, header: str | None) -> bool:
    """True when ``header`` is ``body``'s signature under ``secret``.

    A missing header, another algorithm or malformed hex is False, never an exception; an
    empty secret verifies nothing (a server started without one must not accept anything).
    """
    if not secret:
        return False
    return matches(sign(secret, body), header)


def matches(expected: str, header: str | None) -> bool:
    """True when ``header`` is the signature ``expected`` (``sha256=<hex>``, computed as the
    body streamed in); constant time, False for anything malformed."""
    if not expected or not header or not header.startswith(PREFIX):
        return False
    given = header.strip().lower().encode("ascii", "replace")
    return hmac.compare_digest(expected.encode("ascii"), given)
