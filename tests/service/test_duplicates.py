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
    fake.reset()
    _send_github(client, "issues.closed", 2, state="closed", state_reason="duplicate")
    drain(service, engine)
    reads = [c for c in fake.calls if c.path.endswith("/graphql")]
    assert len(reads) == 3  # the duplicate, its original, the original's duplicates

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


JIRA_ACCOUNTS = (
    "id,name,github_logins,jira_users,domains,arr,industry,employees\n"
    "acme,Acme Corp,,alice,acme.io,120000,saas,300\n"
    "globex,Globex Industries,,bob,globex.com,9000000,mining,50000\n"
)
OPEN_JQL = "project = FR AND statusCategory != Done"


@pytest.fixture
def jira_app(make_app):
    """A service on the fake Jira whose JQL leaves Done issues out, and a signed sender."""
    from service_harness import jira_request

    from fakes.fake_jira import env_for, serve_fake_jira

    with serve_fake_jira(deployment="cloud") as jira:
        jira.queries[OPEN_JQL] = lambda i: (
            i.key.startswith("FR-") and i.fields["status"]["statusCategory"]["key"] != "done"
        )
        client, service, engine = make_app(
            extra_env=env_for(jira),
            source=f"source:\n  jira: {{server: '{jira.base_url}', jql: '{OPEN_JQL}', refresh_days: 0}}\n",
            accounts=JIRA_ACCOUNTS,
        )

        def send(body: dict) -> None:
            raw = json.dumps(body).encode()
            answer = client.post("/webhooks/jira", content=raw, headers=jira_request(raw))
            assert answer.status_code == 202, answer.text

        yield jira, client, service, engine, send


def _issue_event(jira, issue, event: str = "jira:issue_updated", changelog: list | None = None) -> dict:
    from service_harness import jira_payload

    body = jira_payload(issue.key, event=event)
    body["issue"].update(id=str(issue.id), self=f"{jira.base_url}/rest/api/2/issue/{issue.id}")
    if changelog is not None:
        body["changelog"] = {"id": "10500", "items": changelog}
    return body


def _link_event(event: str, source, destination, name: str = "Duplicate") -> dict:
    """Jira Cloud's issue link webhook (developer.atlassian.com, 'Webhooks': issue link events)."""
    return {
        "timestamp": 1764750000000,
        "webhookEvent": event,
        "issueLink": {
            "id": 20001,
            "sourceIssueId": source.id,
            "destinationIssueId": destination.id,
            "issueLinkType": {
                "id": 10002,
                "name": name,
                "outwardName": "duplicates",
                "inwardName": "is duplicated by",
                "isSubTaskLinkType": False,
                "isSystemLinkType": False,
            },
        },
    }


def test_a_jira_duplicate_link_moves_the_demand_and_its_removal_moves_it_back(jira_app) -> None:
    jira, client, service, engine, send = jira_app
    one = jira.add_issue("FR-1", "SSO", reporter="alice")
    two = jira.add_issue("FR-2", "Single sign-on", reporter="bob")
    send(_issue_event(jira, one, "jira:issue_created"))
    send(_issue_event(jira, two, "jira:issue_created"))
    drain(service, engine)
    assert sorted(_listed(client)) == ["FR-1", "FR-2"]

    jira.link(two, one)  # FR-2 duplicates FR-1
    send(_link_event("issuelink_created", two, one))
    drain(service, engine)
    assert sorted(_listed(client)) == ["FR-1"]  # the duplicate is not ranked
    assert _accounts(client, "FR-1") == {"acme", "globex"}
    comments = [c for c in one.comments if "duplicate" in json.dumps(c["body"])]
    assert comments, one.comments  # FR-1's comment counts its duplicate
    assert len(one.comments) == 1  # written once, then edited in place

    for issue in (one, two):  # Jira drops the link from both issues
        issue.fields["issuelinks"] = []
    send(_link_event("issuelink_deleted", two, one))
    drain(service, engine)
    assert sorted(_listed(client)) == ["FR-1", "FR-2"]
    assert _accounts(client, "FR-1") == {"acme"}


def test_a_jira_status_change_out_of_the_jql_leaves_the_live_backlog(jira_app) -> None:
    """Issue 13, item 4: a status change that moves an issue out of the JQL removes it within
    one job (before, Jira's membership was never asked, so it stayed until the next sync),
    and one that moves it back in brings it back."""
    jira, client, service, engine, send = jira_app
    one = jira.add_issue("FR-1", "SSO", reporter="alice")
    send(_issue_event(jira, one, "jira:issue_created"))
    drain(service, engine)
    assert sorted(_listed(client)) == ["FR-1"]
    writes = len(jira.writes)

    jira.issues["FR-1"].fields["status"] = {"name": "Done", "statusCategory": {"key": "done"}}
    send(_issue_event(jira, one, changelog=[{"field": "status", "fromString": "Open", "toString": "Done"}]))
    drain(service, engine)
    assert _listed(client) == {}
    assert len(jira.writes) == writes  # nothing tagged on the way out

    jira.issues["FR-1"].fields["status"] = {"name": "Open", "statusCategory": {"key": "new"}}
    send(_issue_event(jira, one, changelog=[{"field": "status", "fromString": "Done", "toString": "Open"}]))
    drain(service, engine)
    assert sorted(_listed(client)) == ["FR-1"]
