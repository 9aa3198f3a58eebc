"""Who is asking (service.access), as the HTTP endpoints answer: a bearer token in any case
of its scheme, a login cookie that grants what its token grants, and never an empty token."""

from __future__ import annotations

from service_harness import ADMIN, READ


def test_the_bearer_scheme_is_case_insensitive(make_app) -> None:
    # RFC 9110, 11.1: "bearer" and "BEARER" name the same scheme as "Bearer"
    client, _service, _engine = make_app()
    for scheme in ("Bearer", "bearer", "BEARER"):
        assert client.get("/backlog", headers={"Authorization": f"{scheme} {READ}"}).status_code == 200
    assert client.get("/backlog", headers={"Authorization": f"Basic {READ}"}).status_code == 401


def test_a_read_login_cookie_opens_the_report_but_not_the_admin_endpoints(make_app) -> None:
    client, _service, _engine = make_app()
    assert client.post("/login", data={"token": READ}, follow_redirects=False).status_code == 303
    assert client.get("/backlog").status_code == 200
    assert client.get("/deliveries").status_code == 403
    assert client.post("/login", data={"token": ADMIN}, follow_redirects=False).status_code == 303
    assert client.get("/deliveries").status_code == 200


def test_a_pasted_token_with_spaces_or_a_line_break_still_logs_in(make_app) -> None:
    client, _service, _engine = make_app()
    answer = client.post("/login", data={"token": f"  {READ}\n"}, follow_redirects=False)
    assert answer.status_code == 303
    assert client.get("/backlog").status_code == 200


def test_an_empty_token_never_logs_in_where_no_admin_token_is_set(make_app) -> None:
    client, _service, _engine = make_app(extra_env={"ICP_TRIAGE_ADMIN_TOKEN": ""})
    for empty in ("", "   "):
        answer = client.post("/login", data={"token": empty}, follow_redirects=False)
        assert answer.status_code == 401 and "set-cookie" not in answer.headers
    assert client.get("/deliveries", headers={"Authorization": "Bearer "}).status_code == 401
