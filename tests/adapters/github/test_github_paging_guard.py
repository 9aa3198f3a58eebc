"""Every paging loop makes progress or stops with an error (issue 16, defect 1)."""

from __future__ import annotations

import pytest

from fakes.helpers import seed
from icp_triage.adapters.github import Selection, sync_repository
from icp_triage.adapters.page_guard import PageGuard
from icp_triage.errors import SourceError

REPO = "acme/app"


def _vanish_during_extra_pages(fake, number: int) -> None:
    """Delete issue ``number`` right before the first request after the first page."""

    def hook(calls: int) -> None:
        if calls == 2:
            fake.state.delete_issue(REPO, number)

    fake.before_graphql = hook


class TestVanishedIssue:
    @pytest.mark.parametrize("silent", [True, False], ids=["node-null-no-error", "node-null-not-found"])
    def test_an_issue_deleted_mid_sync_is_dropped_with_a_note(self, fake, client, store, silent):
        seed(fake, REPO, 1)
        seed(fake, REPO, 1, comments=150)
        seed(fake, REPO, 1)
        fake.graphql.silent_missing_nodes = silent
        fake.max_calls = 20
        _vanish_during_extra_pages(fake, 2)
        notes: list[str] = []
        requests = sync_repository(client, Selection(REPO), store=store, progress=notes.append)
        assert [r.key for r in requests] == ["acme/app#1", "acme/app#3"]
        assert fake.requests == 2
        assert any("acme/app#2" in n and "left out of this sync" in n for n in notes)


def _page(cursor: str, *, nodes: list, more: bool = True) -> dict:
    return {
        "data": {
            "repository": {
                "issues": {
                    "totalCount": 300,
                    "nodes": nodes,
                    "pageInfo": {"hasNextPage": more, "endCursor": cursor},
                }
            }
        }
    }


class TestStuckCursors:
    def test_the_same_cursor_twice_stops_the_sync(self, fake, client, store):
        seed(fake, REPO, 1)
        fake.max_calls = 20
        fake.fail(200, body=_page("Y3Vyc29yOjE=", nodes=[]), times=100, path="/graphql")
        fake.faults[-1].body = _page("Y3Vyc29yOjE=", nodes=[None])  # a page with one (empty) slot
        with pytest.raises(SourceError, match="the same cursor twice"):
            sync_repository(client, Selection(REPO), store=store)
        assert fake.requests == 2

    def test_an_empty_page_that_promises_more_stops_the_sync(self, fake, client, store):
        seed(fake, REPO, 1)
        fake.max_calls = 20
        fake.fail(200, body=_page("Y3Vyc29yOjE=", nodes=[]), times=100, path="/graphql")
        with pytest.raises(SourceError, match="empty page that promises more"):
            sync_repository(client, Selection(REPO), store=store)
        assert fake.requests == 1

    def test_search_keyset_with_a_stuck_cursor_stops(self, fake, client, store):
        seed(fake, REPO, 1)
        fake.max_calls = 20
        node = None
        body = {
            "data": {
                "search": {
                    "issueCount": 300,
                    "nodes": [node],
                    "pageInfo": {"hasNextPage": True, "endCursor": "c2VhcmNoOjE="},
                }
            }
        }
        fake.fail(200, body=body, times=100, path="/graphql")
        with pytest.raises(SourceError, match="stopped rather than ask again forever"):
            sync_repository(client, Selection(REPO, query="label:x"), store=store)
        assert fake.requests <= 3


class TestPageGuard:
    def test_new_positions_pass_and_a_repeat_stops(self):
        guard = PageGuard("reading Jira issues", tracker="Jira")
        guard.advance("a", items=3, more=True)
        guard.advance("b", items=3, more=True)
        guard.advance("b", items=0, more=False)  # the last page: nothing to check
        with pytest.raises(SourceError, match="Jira sent the same cursor twice while reading Jira issues"):
            guard.advance("a", items=3, more=True)

    def test_no_cursor_while_promising_more_stops(self):
        with pytest.raises(SourceError, match="no cursor"):
            PageGuard("x").advance(None, items=1, more=True)


class TestMessages:
    """Issue 16, defect 13: what the user reads says what happened."""

    def test_a_refused_connection_is_not_status_none(self, fake, waits):
        from fakes.fake_github import TOKEN
        from icp_triage.adapters.github import connect

        notes: list[str] = []
        client = connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock, notice=notes.append)
        seed(fake, REPO, 1)
        fake.fail(None, path="/graphql")
        assert len(sync_repository(client, Selection(REPO), store=None)) == 1
        assert notes and "status None" not in notes[0]
        assert "no answer (ConnectionError: Connection reset by peer (injected))" in notes[0]

    def test_a_repository_github_answers_null_for_is_not_found(self, fake, client, store):
        from icp_triage.adapters.github import GithubNotFound

        fake.fail(200, body={"data": {"repository": None}}, path="/graphql")
        with pytest.raises(GithubNotFound, match="cannot find repository acme/app"):
            sync_repository(client, Selection(REPO), store=store)
