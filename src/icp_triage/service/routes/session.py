"""Signing in and out of the HTML report: the login form takes the read (or admin) token and
sets a cookie holding its HMAC, never the token itself (``service.access``)."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from icp_triage.service.access import COOKIE, login
from icp_triage.service.routes.body import bounded_body
from icp_triage.service.routes.state import State
from icp_triage.service.routes.tokens import SignInRequired

router = APIRouter()
FORM_LIMIT = 4096  # bytes: a token, not a document


def login_page(*, wrong: bool) -> str:
    note = "<p><b>That token is not valid.</b></p>" if wrong else ""
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>icp-triage: sign in</title></head>"
        "<body><h1>icp-triage</h1><p>The backlog names customer accounts: sign in with the read token "
        f"(ICP_TRIAGE_READ_TOKEN).</p>{note}<form method=post action=/login>"
        "<input type=password name=token autocomplete=off aria-label=token> <button>Sign in</button></form></body></html>"
    )


async def sign_in_page(_request: Request, exc: Exception) -> Response:
    """The exception handler for ``SignInRequired``: the form, 401."""
    return HTMLResponse(login_page(wrong=isinstance(exc, SignInRequired) and exc.wrong), 401)


@router.post("/login")
async def do_login(request: Request, state: State) -> Response:
    body = await bounded_body(request, FORM_LIMIT) or b""
    token = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0]
    cookie = login(token, state.service.secrets)
    if cookie is None:
        return HTMLResponse(login_page(wrong=True), 401)
    answer = RedirectResponse("/", status_code=303)
    answer.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return answer


@router.post("/logout")
async def do_logout() -> Response:
    answer = RedirectResponse("/", status_code=303)
    answer.delete_cookie(COOKIE)
    return answer
