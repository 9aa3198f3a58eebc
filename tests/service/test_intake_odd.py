"""Intake against replays and odd signed payloads, on SQLite and PostgreSQL: a captured body
under fresh delivery ids is a duplicate, two Jira sites' deliveries with the same id are both
queued, and a signed payload that could not be stored answers 4xx naming why, never 500."""

from __future__ import annotations

import json
import uuid

from service_harness import ADMIN, GITHUB_AND_JIRA, github_request, jira_payload, jira_request, payload

from icp_triage.service import queue

TWO_JIRA_SITES = (
    "service:\n  sources:\n"
    "    - {name: acme, jira: {server: 'https://acme.atlassian.net', jql: 'project = ACME'}}\n"
    "    - {name: globex, jira: {server: 'https://globex.atlassian.net', jql: 'project = ACME'}}\n"
)


def _rows(engine) -> list[dict]:
    with engine.begin() as connection:
        return queue.listing(connection, status=None)


def test_a_captured_body_replayed_under_fresh_ids_is_queued_once(make_app) -> None:
    client, _service, engine = make_app()
    body = json.dumps(payload()).encode()
    answers = [
        client.post(
            "/webhooks/github", content=body, headers=github_request(body, delivery=str(uuid.uuid4()))
        )
        for _ in range(20)
    ]
    assert answers[0].status_code == 202
    assert {a.status_code for a in answers[1:]} == {200}
    assert all(a.json()["duplicate"] is True for a in answers[1:])
    assert len(_rows(engine)) == 1
    other = json.dumps(payload(number=2)).encode()  # another body is another delivery
    assert client.post("/webhooks/github", content=other, headers=github_request(other)).status_code == 202


def test_two_jira_sites_may_send_the_same_delivery_id(make_app) -> None:
    client, _service, engine = make_app(source=TWO_JIRA_SITES)
    acme = jira_payload()
    globex = jira_payload()
    globex["issue"]["self"] = "https://globex.atlassian.net/rest/api/2/issue/10012"
    for data in (acme, globex):
        body = json.dumps(data).encode()
        answer = client.post("/webhooks/jira", content=body, headers=jira_request(body, delivery="4711"))
        assert answer.status_code == 202 and answer.json()["queued"] is True, answer.json()
    again = json.dumps(acme).encode()
    assert (
        client.post("/webhooks/jira", content=again, headers=jira_request(again, delivery="4711")).status_code
        == 200
    )
    assert sorted(r["source"] for r in _rows(engine)) == ["acme", "globex"]


def test_signed_but_odd_payloads_answer_4xx_naming_the_problem(make_app) -> None:
    client, _service, engine = make_app(source=GITHUB_AND_JIRA)

    def github(data) -> object:
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        return client.post("/webhooks/github", content=body, headers=github_request(body))

    def jira(key: str) -> object:
        body = json.dumps(jira_payload(key=key)).encode()
        return client.post("/webhooks/jira", content=body, headers=jira_request(body))

    huge = {**payload(), "installation": {"id": 2**63}}
    negative = {**payload(), "installation": {"id": -1}}
    deep = b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    nan = json.dumps(payload()).replace('"number": 1', '"number": NaN').encode()
    cases = {
        "installation.id": github(huge),
        "out of range": github(negative),
        "nests too deeply": github(deep),
        "not JSON": github(nan),
        "at most 300": jira("ACME-" + "1" * 400),
        "control character": jira("ACME-1\x00"),
    }
    for words, answer in cases.items():
        assert 400 <= answer.status_code < 500, (words, answer.status_code, answer.text)
        assert words in answer.json()["detail"], (words, answer.json())
    assert _rows(engine) == []


def test_a_retry_of_a_delivery_id_out_of_range_is_404_not_500(make_app) -> None:
    client, _service, _engine = make_app()
    bearer = {"Authorization": f"Bearer {ADMIN}"}
    for delivery in (str(2**63), str(2**64 + 5), "99999999999999999999999999", "0", "-3"):
        answer = client.post(f"/deliveries/{delivery}/retry", headers=bearer)
        assert answer.status_code in (404, 422), (delivery, answer.status_code, answer.text)
        assert str(delivery) in answer.text or "range" in answer.text
    assert client.post(f"/deliveries/{2**63}/retry").status_code == 401  # the token still comes first
