"""A request's raw body, read only as far as a limit: a webhook's signature is checked on the
bytes as sent, and an oversized body is refused without being read whole."""

from __future__ import annotations

from fastapi import Request


async def bounded_body(request: Request, limit: int) -> bytes | None:
    """The raw body, or None once it is known to exceed ``limit`` (unread beyond that)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
