"""Duplicates in the live backlog (issue 12): a delivery that shows a duplicate mark moves the
duplicate's demand to its original in the stored backlog, which stops ranking the duplicate,
and the original's comment is re-written counting it; through signed deliveries to the
webhook endpoint, against the fake GitHub and the fake Jira, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from service_harness import READ, REPO, drain, github_request, payload

from fakes.fake_github import FakeGitHub
from fakes.helpers import serve
from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER

AS_READER = {"Authorization": f"Bearer {READ}"}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())


def _send_github(client, name: str, number: int, **issue: object) -> None:
    data = payload("issues.opened" if name == "issues.closed" else name, number=number)
    data["action"] = name.split(".")[1]
    data["issue"].update(issue)
    body = json.dumps(data).encode()
    answer = client.post(
        "/webhooks/github", content=body, headers=github_request(body, event=name.split(".")[0])
    )
    assert answer.status_code == 202, answer.text


def _listed(client) -> dict[str, dict]:
    data = client.get("/backlog", headers=AS_READER).json()
    return {i["key"]: i for listed in ("ranked", "opportunistic", "unattributed") for i in data[listed]}


def _accounts(client, key: str) -> set[str]:
    explained = client.get(f"/requests/{key}", headers=AS_READER)
    assert explained.status_code == 200, explained.text
    return {part["id"] for part in explained.json()["accounts"]}


def _own_comments(issue) -> list[str]:
    return [c.body for c in issue.comments if OWN_COMMENT_MARKER in c.body]


def test_an_issue_closed_as_a_duplicate_moves_its_demand_to_its_original(make_app, fake) -> None:
    client, service, engine = make_app()
    original = fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    duplicate = fake.add_issue(REPO, number=2, title="Single sign-on", author="hubot")
    _send_github(client, "issues.opened", 1)
    _send_github(client, "issues.opened", 2)
    drain(service, engine)
    assert sorted(_listed(client)) == [f"{REPO}#1", f"{REPO}#2"]
    assert "duplicate" not in _own_comments(original)[0]

    fake.state.add_comment(duplicate, "maintainer", "Duplicate of #1")  # GitHub's own convention
    fake.state.close(duplicate, "DUPLICATE")
    _send_github(client, "issues.closed", 2, state="closed", state_reason="duplicate")
    drain(service, engine)

    assert sorted(_listed(client)) == [f"{REPO}#1"]  # the duplicate is not ranked
    assert _accounts(client, f"{REPO}%231") == {"acme", "globex"}  # hubot's demand came along
    (comment,) = _own_comments(original)  # edited in place, counting the duplicate
    assert "Counts the requesters of 1 duplicate of this request" in comment
    assert "2 requesting accounts" in comment


def test_closed_as_a_duplicate_of_nothing_named_leaves_until_the_sync(make_app, fake) -> None:
    """No mark, no "Duplicate of #N": the delivery cannot say of what, so the duplicate leaves
    the live backlog (its demand is not guessed onto anything); a sync reads the marks."""
    client, service, engine = make_app()
    fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
    duplicate = fake.add_issue(REPO, number=2, title="Single sign-on", author="hubot")
    _send_github(client, "issues.opened", 1)
    _send_github(client, "issues.opened", 2)
    drain(service, engine)
    fake.state.close(duplicate, "DUPLICATE")
    _send_github(client, "issues.closed", 2, state="closed", state_reason="duplicate")
    drain(service, engine)
    assert sorted(_listed(client)) == [f"{REPO}#1"]
    assert _accounts(client, f"{REPO}%231") == {"acme"}
