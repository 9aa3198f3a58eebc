"""A request's raw body, read only as far as a limit and a deadline: a webhook's signature is
computed on the bytes as they arrive, an oversized body is refused without being read whole,
and a body that trickles in is cut, so a stranger cannot hold a connection or the memory."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass, field

from fastapi import Request


class TooLarge(Exception):
    """The body is over the limit (known from Content-Length or once that much arrived)."""


class TooSlow(Exception):
    """The body was not complete before the deadline."""


@dataclass
class Digests:
    """What is computed as the body streams in: the HMAC under a key (when given) and the
    SHA-256 (the body's identity for duplicate detection)."""

    key: bytes = b""
    mac: hmac.HMAC | None = field(default=None, init=False)
    sha256: hashlib._Hash = field(default_factory=hashlib.sha256, init=False)

    def __post_init__(self) -> None:
        if self.key:
            self.mac = hmac.new(self.key, digestmod=hashlib.sha256)

    def update(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        if self.mac is not None:
            self.mac.update(chunk)


async def _read(request: Request, limit: int, digests: Digests | None) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        if digests is not None:
            digests.update(chunk)
        chunks.append(chunk)
    return b"".join(chunks)


async def streamed_body(
    request: Request, limit: int, *, seconds: float | None = None, digests: Digests | None = None
) -> bytes:
    """The raw body, fed to ``digests`` as it arrives; TooLarge past ``limit`` bytes (unread
    beyond that), TooSlow when not complete within ``seconds``."""
    if seconds is None:
        return await _read(request, limit, digests)
    try:
        return await asyncio.wait_for(_read(request, limit, digests), seconds)
    except asyncio.TimeoutError:  # TimeoutError itself from 3.11 on
        raise TooSlow from None


async def bounded_body(request: Request, limit: int) -> bytes | None:
    """The raw body, or None once it is known to exceed ``limit`` (unread beyond that)."""
    try:
        return await streamed_body(request, limit)
    except TooLarge:
        return None
