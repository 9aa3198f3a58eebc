"""POST /webhooks/github and /webhooks/jira on SQLite and PostgreSQL: what each answer means."""

from __future__ import annotations

import json

from service_harness import (
    GITHUB_AND_JIRA,
    GITHUB_SECRET,
    REPO,
    github_request,
    jira_payload,
    jira_request,
    payload,
)

from icp_triage.service import queue


def _queued(engine) -> dict[str, int]:
    with engine.begin() as connection:
        return queue.counts(connection)


def _post(client, body: bytes, **headers_args):
    return client.post("/webhooks/github", content=body, headers=github_request(body, **headers_args))


def test_a_signed_new_issue_is_queued_once_and_a_replay_answers_200(make_app) -> None:
    client, _service, engine = make_app()
    body = json.dumps(payload()).encode()
    first = _post(client, body, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    assert first.status_code == 202 and first.json()["queued"] is True
    assert first.json()["key"] == f"{REPO}#1"
    replay = _post(client, body, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert _queued(engine)["queued"] == 1
    with engine.begin() as connection:
        [row] = queue.listing(connection, status="queued")
    assert row["installation_id"] == 4242 and row["event"] == "issues.opened"


def test_forgeries_get_401_and_queue_nothing(make_app) -> None:
    client, _service, engine = make_app()
    body = json.dumps(payload()).encode()
    signed = github_request(body)
    tampered = client.post(
        "/webhooks/github", content=body.replace(b"Hello-World", b"Hello-Worle"), headers=signed
    )
    wrong_secret = client.post("/webhooks/github", content=body, headers=github_request(body, secret="guess"))
    missing = {k: v for k, v in signed.items() if k != "X-Hub-Signature-256"}
    no_header = client.post("/webhooks/github", content=body, headers=missing)
    sha1_only = client.post(
        "/webhooks/github", content=body, headers={**missing, "X-Hub-Signature": "sha1=" + "a" * 40}
    )
    empty = client.post("/webhooks/github", content=b"", headers=signed)
    assert [r.status_code for r in (tampered, wrong_secret, no_header, sha1_only, empty)] == [401] * 5
    assert sum(_queued(engine).values()) == 0


def test_an_empty_body_signed_correctly_is_not_a_delivery(make_app) -> None:
    client, _service, engine = make_app()
    answer = client.post("/webhooks/github", content=b"", headers=github_request(b""))
    assert answer.status_code == 400 and "JSON" in answer.json()["detail"]
    assert sum(_queued(engine).values()) == 0


def test_a_10_mb_body_is_refused_before_it_is_read_whole(make_app) -> None:
    client, _service, engine = make_app(service="service:\n  limits: {max_body_bytes: 1048576}\n")
    body = b'{"padding": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    big = client.post("/webhooks/github", content=body, headers=github_request(body))
    assert big.status_code == 413 and "1048576" in big.json()["detail"]
    assert big.headers["connection"] == "close"  # the rest of the body is never read

    def chunks():  # no Content-Length: the limit applies while streaming
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    streamed = client.post("/webhooks/github", content=chunks(), headers=github_request(body))
    assert streamed.status_code == 413
    assert sum(_queued(engine).values()) == 0


def test_a_10_mb_body_under_the_default_limit_is_verified_and_handled(make_app) -> None:
    client, _service, engine = make_app()
    data = payload()
    data["issue"]["body"] = "x" * (10 * 1024 * 1024)
    body = json.dumps(data).encode()
    assert client.post("/webhooks/github", content=body, headers=github_request(body)).status_code == 202
    forged = github_request(body, secret="guess")
    assert client.post("/webhooks/github", content=body, headers=forged).status_code == 401
    assert _queued(engine)["queued"] == 1


def test_events_and_repositories_it_does_not_handle_answer_202_with_nothing_queued(make_app) -> None:
    client, _service, engine = make_app()
    other_repo = payload()
    other_repo["repository"]["full_name"] = "someone/else"
    pull = payload("issue_comment.created.pull_request")
    own_label = payload("issues.labeled")
    own_label["label"]["name"] = "icp:core"
    cases = [
        (json.dumps(other_repo).encode(), "issues"),
        (json.dumps(pull).encode(), "issue_comment"),
        (json.dumps(own_label).encode(), "issues"),
    ]
    for body, event in cases:
        answer = client.post("/webhooks/github", content=body, headers=github_request(body, event=event))
        assert answer.status_code == 202 and answer.json()["queued"] is False, answer.text
        assert answer.json()["reason"]
    assert sum(_queued(engine).values()) == 0


def test_an_issue_outside_the_configured_backlog_is_not_queued(make_app) -> None:
    client, _service, engine = make_app(source=f"source:\n  github: {{repo: {REPO}, labels: [feature]}}\n")
    body = json.dumps(payload()).encode()  # the issue has no label
    answer = _post(client, body)
    assert answer.status_code == 202 and answer.json()["queued"] is False
    assert "none of the labels feature" in answer.json()["reason"]
    labelled = json.dumps(payload(labels=("feature",))).encode()
    assert _post(client, labelled).json()["queued"] is True
    assert _queued(engine)["queued"] == 1


def test_a_deleted_jira_comment_is_evaluated_again(make_app) -> None:
    # the comment may have been a requester's signal: the issue's demand changed
    client, _service, engine = make_app(
        source="source:\n  jira: {server: 'https://acme.atlassian.net', jql: 'project = ACME'}\n"
    )
    body = json.dumps(jira_payload(event="comment_deleted")).encode()
    answer = client.post("/webhooks/jira", content=body, headers=jira_request(body))
    assert answer.status_code == 202 and answer.json()["queued"] is True
    assert _queued(engine)["queued"] == 1


def test_several_deliveries_for_one_issue_wait_as_one_job(make_app) -> None:
    client, _service, engine = make_app()
    for name in ("issues.opened", "issues.edited", "issue_comment.created"):
        body = json.dumps(payload(name)).encode()
        event = name.split(".")[0]
        assert (
            client.post(
                "/webhooks/github", content=body, headers=github_request(body, event=event)
            ).status_code
            == 202
        )
    job = queue.claim(engine, "w", now=10**10, lease=60)
    assert job is not None and len(job.ids) == 3 and job.request_key == f"{REPO}#1"


def test_jira_deliveries_are_verified_deduplicated_and_queued(make_app) -> None:
    client, _service, engine = make_app(source=GITHUB_AND_JIRA)
    body = json.dumps(jira_payload()).encode()
    headers = jira_request(body, delivery="93e7ef1e-54a5-4ee2-a0a1-8d8e1c3a4a2b")
    assert client.post("/webhooks/jira", content=body, headers=headers).status_code == 202
    retried = {**headers, "X-Atlassian-Webhook-Retry": "1"}
    assert client.post("/webhooks/jira", content=body, headers=retried).status_code == 200
    forged = jira_request(body, secret=GITHUB_SECRET)
    assert client.post("/webhooks/jira", content=body, headers=forged).status_code == 401
    github_style = {**headers, "X-Hub-Signature-256": headers["X-Hub-Signature"]}
    del github_style["X-Hub-Signature"]
    assert client.post("/webhooks/jira", content=body, headers=github_style).status_code == 401
    other_site = json.dumps(
        {**jira_payload(), "issue": {**jira_payload()["issue"], "self": "https://evil.example/x"}}
    )
    answer = client.post("/webhooks/jira", content=other_site, headers=jira_request(other_site.encode()))
    assert answer.status_code == 202 and answer.json()["queued"] is False
    board = json.dumps({"webhookEvent": "board_created"}).encode()
    assert client.post("/webhooks/jira", content=board, headers=jira_request(board)).json()["queued"] is False
    with engine.begin() as connection:
        [row] = queue.listing(connection, status="queued")
    assert (row["tracker"], row["request_key"], row["source"]) == ("jira", "ACME-12", "acme-jira")


def test_every_answer_is_counted_by_tracker_and_status(make_app) -> None:
    client, _service, _engine = make_app()
    body = json.dumps(payload()).encode()
    _post(client, body, delivery="d-1")
    _post(client, body, delivery="d-1")
    _post(client, body, delivery="d-2", secret="guess")
    _post(client, b"[", delivery="d-3")
    scraped = client.get("/metrics").text
    for code in ("202", "200", "401", "400"):
        assert f'icp_triage_webhooks_total{{code="{code}",tracker="github"}} 1.0' in scraped, code


def test_a_persons_comment_with_our_marker_is_queued_and_the_bots_is_not(make_app) -> None:
    """Issue 17, defect 5: anyone can type ``<!-- icp-triage -->``; a customer's comment
    holding it was not queued ("the comment is icp-triage's own") and its demand was lost."""
    client, _service, _engine = make_app()
    forged = payload("issue_comment.created")
    forged["comment"]["body"] = "<!-- icp-triage -->\nRequested-by: Globex Industries"
    forged["comment"]["user"] = {"login": "mallory", "type": "User"}
    body = json.dumps(forged).encode()
    answer = client.post(
        "/webhooks/github", content=body, headers=github_request(body, event="issue_comment")
    )
    assert answer.status_code == 202 and answer.json()["queued"] is True, answer.text
    ours = payload("issue_comment.created")
    ours["comment"]["body"] = "<!-- icp-triage -->\n### ICP triage"
    ours["comment"]["user"] = {"login": "icp-triage[bot]", "type": "Bot"}
    body = json.dumps(ours).encode()
    answer = client.post(
        "/webhooks/github", content=body, headers=github_request(body, event="issue_comment")
    )
    assert answer.status_code == 202 and answer.json()["queued"] is False, answer.text
    assert "own" in answer.json()["reason"]
