from __future__ import annotations

import copy
from datetime import datetime, timezone

import pytest

from fakes.helpers import load_sample
from icp_triage.adapters.github.conventions import GITHUB_CONVENTIONS
from icp_triage.adapters.github.translate import login_of, merge_more, overflow, request_from_issue


@pytest.fixture
def nodes() -> list[dict]:
    return copy.deepcopy(load_sample("issues_page.json")["data"]["repository"]["issues"]["nodes"])


class TestRequestFromIssue:
    def test_maps_every_field_of_the_file_model(self, nodes):
        request = request_from_issue(nodes[0])
        assert request.key == "acme/product#12"
        assert request.title == "SAML single sign-on"
        assert request.url == "https://github.com/acme/product/issues/12"
        assert request.state == "open"
        assert request.created_at == datetime(2026, 1, 2, 9, 15, tzinfo=timezone.utc)
        assert request.author == "octocat"
        assert request.labels == ["feature-request", "size:M"]
        assert "Globex Corporation" in request.body
        assert request.fields == {}

    def test_reactions_are_thumbs_up_users_and_skip_deleted_users(self, nodes):
        request = request_from_issue(nodes[0])
        assert [(r.user, r.content) for r in request.reactions] == [("alice", "THUMBS_UP")]

    def test_comments_keep_author_body_and_url_and_a_ghost_has_no_author(self, nodes):
        comments = request_from_issue(nodes[0]).comments
        assert [c.author for c in comments] == ["bob", None, "github-actions[bot]"]
        assert comments[0].url.endswith("#issuecomment-2583700001")
        assert comments[1].body == "+1 from a deleted account"

    def test_bot_logins_get_the_rest_suffix(self, nodes):
        assert request_from_issue(nodes[1]).author == "dependabot[bot]"
        assert login_of({"__typename": "Bot", "login": "renovate[bot]"}) == "renovate[bot]"
        assert login_of(None) is None

    def test_closed_state_is_lowercase(self, nodes):
        assert request_from_issue(nodes[1]).state == "closed"

    def test_missing_fields_raise(self):
        with pytest.raises(KeyError):
            request_from_issue({"number": 1})


class TestOverflow:
    def test_lists_connections_with_another_page(self, nodes):
        assert overflow(nodes[0]) == {}
        assert overflow(nodes[1]) == {"comments": "Y29tbWVudDoxMDA=", "reactions": "cmVhY3Rpb246MTAw"}

    def test_merge_appends_the_next_pages(self, nodes):
        merged = merge_more(nodes[1], load_sample("issue_more.json")["data"]["node"])
        assert overflow(merged) == {}
        request = request_from_issue(merged)
        assert [r.user for r in request.reactions] == ["carol", "erin"]
        assert [c.author for c in request.comments] == ["dave"]


class TestShortReference:
    """How a duplicate's signals read on GitHub: "+1 by @c on #212, a duplicate of #189"."""

    def test_an_issue_of_the_same_repository_is_its_number(self):
        assert GITHUB_CONVENTIONS.short_reference("acme/app#7", "acme/app#1") == "#7"
        assert GITHUB_CONVENTIONS.short_reference("Acme/App#7", "acme/app#1") == "#7"

    def test_another_repositorys_issue_is_named_in_full(self):
        assert GITHUB_CONVENTIONS.short_reference("acme/web#7", "acme/app#1") == "acme/web#7"
