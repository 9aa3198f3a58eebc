from __future__ import annotations

import json
import math

import pytest

from fakes.helpers import seed
from icp_triage.adapters.github import (
    CacheStore,
    GithubUnavailable,
    Selection,
    default_cache_dir,
    sync_repository,
)
from icp_triage.errors import ConfigError

REPO = "acme/app"


def graphql_calls(fake):
    return [c for c in fake.calls if c.path.endswith("/graphql")]


def sync(client, store, selection=None, **kwargs):
    return sync_repository(client, selection or Selection(REPO), store=store, **kwargs)


class TestColdSync:
    def test_one_request_per_hundred_issues(self, fake, client, store):
        seed(fake, REPO, 250, comments=3, reactions=2)
        requests = sync(client, store)
        assert len(requests) == 250
        assert fake.requests == math.ceil(250 / 100)
        assert [c.body["variables"]["first"] for c in fake.calls] == [100, 100, 100]
        assert requests[0].key == "acme/app#1"
        assert [r.user for r in requests[0].reactions] == ["fan0", "fan1"]
        assert [c.author for c in requests[0].comments] == ["user0", "user1", "user2"]

    def test_comments_and_reactions_carry_when_they_were_made(self, fake, client, store):
        """``trend`` dates each ask by its signal: the comment's and the +1's own times, read
        in the same one request (and in an overflow page, the same as on the first)."""
        issue = fake.add_issue(REPO, age_days=30)
        fake.state.tick(3600)
        fake.state.add_comment(issue, "bob", "me too")
        fake.state.tick(7200)
        fake.state.react(issue, "alice")
        commented, reacted = issue.comments[0].created_at, issue.reacted_at[0]
        for n in range(120):  # a second page of reactions, dated too
            fake.state.tick(60)
            fake.state.react(issue, f"fan{n}")
        (request,) = sync(client, store)
        assert fake.requests == 2
        assert request.comments[0].created_at == commented
        assert request.reactions[0].created_at == reacted
        assert request.reactions[-1].created_at == issue.reacted_at[-1] > reacted
        assert {r.dated_by for r in request.reactions} == {"signal"}

    def test_an_empty_repository_costs_one_request(self, fake, client, store):
        fake.state.repo(REPO)
        assert sync(client, store) == []
        assert fake.requests == 1

    def test_an_issue_with_over_100_comments_costs_one_more_request_alone(self, fake, client, store):
        seed(fake, REPO, 5)
        seed(fake, REPO, 1, comments=150, reactions=120)
        requests = sync(client, store)
        assert fake.requests == 2
        extra = graphql_calls(fake)[1].body
        assert extra["variables"]["withComments"] and extra["variables"]["withReactions"]
        assert len(requests[-1].comments) == 150 and len(requests[-1].reactions) == 120
        assert all(len(r.comments) == 1 for r in requests[:-1])

    def test_only_the_selected_state_and_labels(self, fake, client, store):
        fake.add_issue(REPO, labels=["feature-request"])
        fake.add_issue(REPO, labels=["bug"])
        fake.add_issue(REPO, labels=["Feature-Request"], state="CLOSED")
        fake.add_issue(REPO, labels=["enhancement"])
        selection = Selection(REPO, state="open", labels=("feature-request", "enhancement"))
        assert [r.key for r in sync(client, store, selection)] == ["acme/app#1", "acme/app#4"]
        assert graphql_calls(fake)[0].body["variables"]["filterBy"] == {
            "states": ["OPEN"],
            "labels": ["feature-request", "enhancement"],
        }

    def test_search_query_source(self, fake, client, store):
        fake.add_issue(REPO, labels=["feature"])
        fake.add_issue(REPO, labels=["bug"])
        requests = sync(client, store, Selection(REPO, query="label:feature"))
        assert [r.key for r in requests] == ["acme/app#1"]
        assert (
            graphql_calls(fake)[0].body["variables"]["query"]
            == "repo:acme/app is:issue is:open label:feature sort:created-asc"
        )

    def test_search_over_github_cap_is_refused(self, fake, client, store):
        seed(fake, REPO, 1001, comments=0, reactions=0)
        with pytest.raises(ConfigError, match="at most 1,000"):
            sync(client, store, Selection(REPO, query="sort:created-asc"))


class TestIncrementalSync:
    def test_search_growing_past_github_cap_is_refused_and_the_cache_kept(self, fake, client, store):
        selection = Selection(REPO, query="label:feature")
        seed(fake, REPO, 1000, comments=0, reactions=0, labels=["feature"])
        assert len(sync(client, store, selection)) == 1000  # exactly at the cap: fine
        fake.state.tick(3600)
        seed(fake, REPO, 200, comments=0, reactions=0, labels=["feature"], age_days=0)
        with pytest.raises(ConfigError, match=r"matches 1,200 issues.*at most 1,000: narrow the query"):
            sync(client, store, selection)
        cached = store.load(REPO, selection.as_dict())
        assert cached is not None and len(cached.requests) == 1000

    def test_unchanged_rerun_costs_one_request(self, fake, client, store):
        seed(fake, REPO, 250)
        first = sync(client, store)
        fake.state.tick(3600)
        fake.reset()
        assert sync(client, store) == first
        assert fake.requests == 1
        assert "since" in fake.calls[0].body["variables"]

    def test_picks_up_edits_comments_and_new_issues(self, fake, client, store):
        seed(fake, REPO, 120)
        sync(client, store)
        fake.state.tick(3600)
        issue = fake.state.repo(REPO).issues[7]
        fake.state.edit(issue, title="Renamed")
        fake.state.add_comment(issue, "carol", "Requested-by: initech.com")
        fake.add_issue(REPO, title="Brand new", age_days=0)
        fake.reset()
        requests = {r.key: r for r in sync(client, store)}
        assert fake.requests == 1
        assert requests["acme/app#7"].title == "Renamed"
        assert requests["acme/app#7"].comments[-1].body == "Requested-by: initech.com"
        assert requests["acme/app#121"].title == "Brand new"

    def test_closed_or_unlabelled_issues_leave_the_backlog(self, fake, client, store):
        for _ in range(3):
            fake.add_issue(REPO, labels=["feature"])
        selection = Selection(REPO, labels=("feature",))
        sync(client, store, selection)
        fake.state.tick(3600)
        repo = fake.state.repo(REPO)
        fake.state.edit(repo.issues[1], state="CLOSED")
        fake.state.edit(repo.issues[2], labels=[])
        fake.reset()
        assert [r.key for r in sync(client, store, selection)] == ["acme/app#3"]
        assert fake.requests == 1

    def test_deleted_and_transferred_issues_disappear(self, fake, client, store):
        seed(fake, REPO, 150)
        sync(client, store)
        fake.state.tick(3600)
        fake.state.delete_issue(REPO, 5)
        fake.state.transfer_issue(REPO, 9, "acme/other")
        fake.reset()
        keys = [r.key for r in sync(client, store)]
        assert len(keys) == 148
        assert "acme/app#5" not in keys and "acme/app#9" not in keys
        # 1 incremental request, whose count exposed the gap, then the numbers-only listing
        assert fake.requests == 1 + 2
        assert "IssueNumbers" in graphql_calls(fake)[1].body["query"]
        fake.reset()
        assert len(sync(client, store)) == 148
        assert fake.requests == 1

    def test_search_source_drops_issues_that_stop_matching(self, fake, client, store):
        for _ in range(3):
            fake.add_issue(REPO, labels=["feature"])
        selection = Selection(REPO, query="label:feature")
        sync(client, store, selection)
        fake.state.tick(3600)
        fake.state.edit(fake.state.repo(REPO).issues[2], labels=[])
        fake.reset()
        assert [r.key for r in sync(client, store, selection)] == ["acme/app#1", "acme/app#3"]
        assert fake.requests == 2

    def test_refresh_ignores_the_cache(self, fake, client, store):
        seed(fake, REPO, 150)
        sync(client, store)
        fake.reset()
        sync(client, store, refresh=True)
        assert fake.requests == 2

    def test_a_new_selection_starts_over(self, fake, client, store):
        seed(fake, REPO, 10)
        sync(client, store)
        fake.reset()
        sync(client, store, Selection(REPO, state="all"))
        assert "IssuesPage" in fake.calls[0].body["query"]

    def test_full_refresh_after_refresh_days_catches_new_reactions(self, fake, client, store):
        seed(fake, REPO, 3, reactions=0)
        sync(client, store)
        fake.state.react(fake.state.repo(REPO).issues[1], "late-fan")  # reactions do not bump updatedAt
        fake.state.tick(3600)
        assert sync(client, store)[0].reactions == []
        fake.state.tick(8 * 86400)
        assert [r.user for r in sync(client, store)[0].reactions] == ["late-fan"]

    def test_the_cache_is_one_json_file_per_repository(self, fake, client, store):
        seed(fake, REPO, 2)
        sync(client, store)
        data = json.loads(store.path(REPO).read_text())
        assert store.path(REPO).parts[-4:] == ("github", "api.github.com", "acme", "app.json")
        assert data["format"] == 3 and data["selection"] == {"state": "open", "labels": [], "query": None}
        assert [r["key"] for r in data["requests"]] == ["acme/app#1", "acme/app#2"]
        assert data["synced_at"] == "2026-01-05T11:58:00Z"  # the server's Date minus the overlap

    def test_an_unreadable_cache_means_a_cold_sync(self, fake, client, store):
        seed(fake, REPO, 2)
        sync(client, store)
        store.path(REPO).write_text("{not json")
        fake.reset()
        assert len(sync(client, store)) == 2
        assert "IssuesPage" in fake.calls[0].body["query"]


def rate_limit_after(fake, pages):
    """A progress callback that exhausts the rate limit (reset far beyond max_wait) once
    ``pages`` pages have been read."""
    seen: list[str] = []
    reset = int(fake.state.now.timestamp()) + 3000

    def progress(message: str) -> None:
        seen.append(message)
        if len(seen) == pages:
            fake.fail(
                403,
                headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
                body={"message": "API rate limit exceeded"},
                path="/graphql",
            )

    return progress


class TestUnfinishedColdSync:
    def test_a_rate_limit_part_way_keeps_the_pages_read(self, fake, client, store):
        seed(fake, REPO, 350, comments=0, reactions=0)
        with pytest.raises(GithubUnavailable, match="rate limit"):
            sync(client, store, progress=rate_limit_after(fake, 2))
        saved = json.loads(store.path(REPO).read_text())
        assert len(saved["requests"]) == 200 and saved["resume_after"] and saved["synced_at"] is None

    def test_the_next_run_continues_where_it_stopped(self, fake, client, store):
        seed(fake, REPO, 350, comments=0, reactions=0)
        with pytest.raises(GithubUnavailable):
            sync(client, store, progress=rate_limit_after(fake, 2))
        fake.reset()
        requests = sync(client, store)
        assert [r.key for r in requests] == [f"acme/app#{n}" for n in range(1, 351)]
        assert len(graphql_calls(fake)) == 3  # pages 3 and 4 only, then what changed since the start
        fake.state.tick(60)
        fake.reset()
        assert len(sync(client, store)) == 350 and fake.requests == 1  # then incremental again

    def test_an_interrupted_run_keeps_the_pages_read(self, fake, client, store):
        seed(fake, REPO, 350, comments=0, reactions=0)
        pages = []

        def interrupt_on_the_third_page(message: str) -> None:
            pages.append(message)
            if len(pages) == 3:
                raise KeyboardInterrupt  # Ctrl-C, or SIGINT from a cancelled Actions job

        with pytest.raises(KeyboardInterrupt):
            sync(client, store, progress=interrupt_on_the_third_page)
        saved = json.loads(store.path(REPO).read_text())
        assert len(saved["requests"]) == 300 and saved["resume_after"]
        fake.reset()
        assert len(sync(client, store)) == 350
        assert len(graphql_calls(fake)) == 2  # page 4 only, then what changed since the start

    def test_a_cursor_github_refuses_starts_the_sync_over(self, fake, client, store):
        seed(fake, REPO, 150, comments=0, reactions=0)
        with pytest.raises(GithubUnavailable):
            sync(client, store, progress=rate_limit_after(fake, 1))
        fake.fail(422, body={"message": "invalid cursor"}, path="/graphql")
        fake.reset()
        assert len(sync(client, store)) == 150
        assert [c.body["variables"]["after"] for c in graphql_calls(fake)][1] is None


class TestCacheDir:
    def test_xdg_cache_home_is_respected(self, tmp_path):
        assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "icp-triage"

    def test_defaults_per_platform(self, tmp_path):
        home = {"HOME": str(tmp_path)}
        assert default_cache_dir(home, platform="linux") == tmp_path / ".cache" / "icp-triage"
        assert default_cache_dir(home, platform="darwin") == tmp_path / "Library" / "Caches" / "icp-triage"

    def test_hosts_are_kept_apart(self, tmp_path):
        assert CacheStore(tmp_path, host="ghe.example.com").path("a/b") != CacheStore(
            tmp_path, host="api.github.com"
        ).path("a/b")


class TestSearchPagingWhileTheResultsChange:
    """GitHub's search cursors are offsets; these move the result set while a sync pages."""

    def test_an_issue_closed_during_a_cold_sync_skips_no_other(self, fake, client, store):
        seed(fake, REPO, 250, comments=0, reactions=0, labels=["feature"])
        selection = Selection(REPO, query="label:feature")
        repo = fake.state.repo(REPO)

        def close_5_after_page_1(_message):
            if repo.issues[5].state == "OPEN":
                fake.state.tick(5)
                fake.state.edit(repo.issues[5], state="CLOSED")

        sync(client, store, selection, progress=close_5_after_page_1)
        fake.state.tick(3600)
        keys = {r.key for r in sync(client, store, selection)}
        assert "acme/app#101" in keys and "acme/app#5" not in keys
        assert len(keys) == 249

    def test_a_resumed_cold_sync_skips_nothing_that_shifted_meanwhile(self, fake, client, store):
        seed(fake, REPO, 250, comments=0, reactions=0, labels=["feature"])
        selection = Selection(REPO, query="label:feature")
        reset = str(int(fake.state.now.timestamp()) + 3000)

        def rate_limited_after_page_1(_message):
            fake.fail(
                403,
                headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
                body={"message": "API rate limit exceeded"},
                path="/graphql",
            )

        with pytest.raises(GithubUnavailable):
            sync(client, store, selection, progress=rate_limited_after_page_1)
        fake.state.tick(3600)
        fake.state.edit(fake.state.repo(REPO).issues[5], state="CLOSED")  # between the runs
        fake.state.tick(3600)
        sync(client, store, selection)  # resumes the checkpoint
        fake.state.tick(3600)
        keys = {r.key for r in sync(client, store, selection)}
        assert "acme/app#101" in keys and "acme/app#5" not in keys
        assert len(keys) == 249

    def test_an_issue_updated_during_an_incremental_sync_loses_no_other_edit(self, fake, client, store):
        seed(fake, REPO, 150, comments=0, reactions=0, labels=["feature"])
        selection = Selection(REPO, query="label:feature")
        sync(client, store, selection)
        fake.state.tick(3600)
        repo = fake.state.repo(REPO)
        for number in range(1, 151):  # a bulk edit: two pages of changes
            fake.state.tick(1)
            fake.state.edit(repo.issues[number], title=f"Edited {number}")
        fake.state.tick(600)
        commented: list[str] = []

        def comment_on_3_after_page_1(message):
            if not commented:
                commented.append(message)
                fake.state.tick(5)
                fake.state.add_comment(repo.issues[3], "carol", "me too")

        requests = {r.key: r for r in sync(client, store, selection, progress=comment_on_3_after_page_1)}
        assert requests["acme/app#101"].title == "Edited 101"
        assert requests["acme/app#3"].comments[-1].body == "me too"
        fake.state.tick(3600)
        requests = {r.key: r for r in sync(client, store, selection)}
        assert requests["acme/app#101"].title == "Edited 101"


class TestResumedSyncIsFresh:
    """Issue 16, defect 12: a resumed cold sync returns no stale issue, even for one run."""

    @pytest.mark.parametrize("query", [None, "label:feature"], ids=["issues", "search"])
    def test_an_issue_changed_on_a_page_already_read_is_fresh_at_once(self, fake, client, store, query):
        seed(fake, REPO, 250, comments=0, reactions=0, labels=["feature"])
        selection = Selection(REPO, query=query)
        with pytest.raises(GithubUnavailable):
            sync(client, store, selection, progress=rate_limit_after(fake, 1))
        fake.state.tick(3600)
        fake.state.edit(fake.state.repo(REPO).issues[5], title="Renamed while interrupted")
        fake.state.tick(3600)
        requests = {r.key: r for r in sync(client, store, selection)}  # resumes the checkpoint
        assert len(requests) == 250
        assert requests["acme/app#5"].title == "Renamed while interrupted"
