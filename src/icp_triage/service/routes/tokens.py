"""The tokens a route asks for, as dependencies: the read token (or its session cookie) for the
backlog, the admin token for deliveries. Each refuses by raising, with the status, header and
message a client acts on; what it returns says who is asking.

A dependency runs before FastAPI validates the route's own parameters, so a refusal always
comes first; where a malformed path must be answered 422 whoever asks (``admitted_delivery``)
the check runs inside the dependency that parses the path.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from icp_triage.service.access import Access, access
from icp_triage.service.routes.state import AppState, State

BEARER = {"WWW-Authenticate": "Bearer"}


class SignInRequired(Exception):
    """A browser without a usable token: answered with the sign-in page (``session``)."""

    def __init__(self, *, wrong: bool) -> None:
        super().__init__("sign in")
        self.wrong = wrong


async def principal(request: Request, state: State) -> Access:
    """Who is asking; never refuses."""
    return access(request.headers, request.cookies, state.service.secrets)


Principal = Annotated[Access, Depends(principal)]


def may_read(who: Access, state: AppState) -> bool:
    """A token sees everything; nobody sees the tier-only view where ``public_read`` allows it."""
    return who.full or (who is Access.anonymous and state.service.settings.public_read == "tier-only")


async def reader(who: Principal, state: State) -> Access:
    if may_read(who, state):
        return who
    detail = "wrong token" if who is Access.wrong else "a read token is needed (Authorization: Bearer ...)"
    raise HTTPException(401, detail, headers=BEARER)


async def page_reader(who: Principal, state: State) -> Access:
    """``reader`` for a browser: the sign-in page instead of a 401 in JSON."""
    if may_read(who, state):
        return who
    raise SignInRequired(wrong=who is Access.wrong)


Reader = Annotated[Access, Depends(reader)]
PageReader = Annotated[Access, Depends(page_reader)]


def _admit_admin(who: Access) -> None:
    if who is Access.admin:
        return
    if who is Access.read:
        raise HTTPException(403, "the admin token is needed (ICP_TRIAGE_ADMIN_TOKEN)")
    raise HTTPException(401, "the admin token is needed (Authorization: Bearer ...)", headers=BEARER)


async def admin(who: Principal) -> Access:
    _admit_admin(who)
    return who


MAX_ID = 2**63 - 1  # a BIGINT: a larger id is no row's, and the database would refuse to compare it


async def admitted_delivery(delivery: int, who: Principal) -> int:
    """The path's delivery id, for the admin only; 404 for an id no row can have."""
    _admit_admin(who)
    if not 0 < delivery <= MAX_ID:
        raise HTTPException(404, f"no delivery {delivery}: ids run from 1 to {MAX_ID}")
    return delivery


Admin = Annotated[Access, Depends(admin)]
AdminDelivery = Annotated[int, Depends(admitted_delivery)]
