from __future__ import annotations

import pytest

from fakes.fake_github import TOKEN, FakeGitHub
from fakes.helpers import Waits, seed, serve
from icp_triage.adapters.github import (
    GithubClient,
    GithubNotFound,
    GithubPermissionError,
    Selection,
    connect,
    endpoints_from_env,
    fetch_issue,
    sync_repository,
    token_from_env,
)
from icp_triage.errors import ConfigError, RetryLater, SourceError

REPO = "acme/app"


def sync(client, store=None, repo=REPO):
    return sync_repository(client, Selection(repo), store=store)


class TestEnvironment:
    def test_token_from_github_token_then_gh_token(self):
        assert token_from_env({"GITHUB_TOKEN": " a ", "GH_TOKEN": "b"}) == "a"
        assert token_from_env({"GH_TOKEN": "b"}) == "b"

    def test_missing_token_is_a_config_error(self):
        with pytest.raises(ConfigError, match="GITHUB_TOKEN or GH_TOKEN"):
            token_from_env({})

    @pytest.mark.parametrize(
        "token",
        ["ghp_SECRETpart1abc\nghp_SECRETpart2def", "ghp_SECRET part2", "ghp_SECRET\x00x", "ghp_SECRÉT"],
    )
    def test_a_token_with_a_line_break_or_space_is_refused_unprinted(self, token):
        # two lines pasted into a secret: the HTTP library would quote it, escaped, in an error
        with pytest.raises(ConfigError) as caught:
            token_from_env({"GH_TOKEN": token})
        message = str(caught.value)
        assert message.startswith("GH_TOKEN holds a space, a line break or another character")
        assert "SECRET" not in message

    def test_redaction_covers_the_escaped_form(self):
        client = GithubClient(token="ghp_abc\tdef", endpoints=endpoints_from_env({}))  # makes no request
        quoted = f"InvalidHeader: {{'Authorization': {'token ghp_abc' + chr(9) + 'def'!r}}}"
        assert "ghp_abc" not in client.redact(quoted)

    def test_github_com_by_default(self):
        endpoints = endpoints_from_env({})
        assert (endpoints.api_url, endpoints.graphql_url) == (
            "https://api.github.com",
            "https://api.github.com/graphql",
        )

    def test_ghes_urls_as_actions_sets_them(self):
        env = {
            "GITHUB_API_URL": "https://ghe.example.com/api/v3",
            "GITHUB_GRAPHQL_URL": "https://ghe.example.com/api/graphql",
        }
        assert endpoints_from_env(env).graphql_url == "https://ghe.example.com/api/graphql"
        assert endpoints_from_env({"GITHUB_API_URL": "https://ghe.example.com/api/v3/"}).graphql_url == (
            "https://ghe.example.com/api/graphql"
        )

    def test_a_bad_url_is_a_config_error(self):
        with pytest.raises(ConfigError, match="GITHUB_API_URL"):
            endpoints_from_env({"GITHUB_API_URL": "ghe.example.com"})


class TestEnterpriseServer:
    @pytest.fixture
    def ghes(self):
        yield from serve(FakeGitHub(api_url="https://ghe.example.com/api/v3"))

    def test_reads_and_writes_go_to_the_configured_host(self, ghes):
        seed(ghes, REPO, 3)
        env = {
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": "https://ghe.example.com/api/v3",
            "GITHUB_GRAPHQL_URL": "https://ghe.example.com/api/graphql",
        }
        client = connect(env, sleep=Waits(ghes).sleep)
        assert sync(client)[0].url == "https://ghe.example.com/acme/app/issues/1"
        client.write(
            lambda: client.repository(REPO).create_label("icp:core", "1a7f37", "d"), what="creating a label"
        )
        assert [c.path for c in ghes.calls] == ["/api/graphql", "/api/v3/repos/acme/app/labels"]
        assert client.host == "ghe.example.com"

    def test_graphql_on_another_host_than_rest(self):
        served = serve(FakeGitHub(api_url="https://gql.example.com/api/v3"))
        gql = next(served)
        seed(gql, REPO, 2)
        env = {
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": "https://rest.example.com/api/v3",
            "GITHUB_GRAPHQL_URL": "https://gql.example.com/api/graphql",
        }
        assert len(sync(connect(env))) == 2
        assert [c.path for c in gql.calls] == ["/api/graphql"]
        served.close()


class TestRetryLater:
    """A client built with ``sleep_on_limit=False`` hands a rate limit's wait to its caller
    (the service's queue reschedules) instead of sleeping inside the call."""

    def test_secondary_limit_raises_retry_later_with_the_wait_and_sleeps_not(self, fake, waits):
        seed(fake, REPO, 3)
        fake.fail(
            403, headers={"Retry-After": "42"}, body={"message": "You have exceeded a secondary rate limit."}
        )
        client = connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock, sleep_on_limit=False)
        with pytest.raises(RetryLater) as caught:
            sync(client)
        assert caught.value.seconds == 42.0 and caught.value.exit_code == 1
        assert waits.seconds == [] and fake.requests == 1
        assert TOKEN not in str(caught.value)
        assert len(sync(client)) == 3  # the caller's retry, after its own wait

    def test_primary_limit_too(self, fake, waits):
        seed(fake, REPO, 1)
        reset = int(waits.clock()) + 300
        fake.fail(
            403,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
            body={"message": "API rate limit exceeded for user ID 1."},
        )
        client = connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock, sleep_on_limit=False)
        with pytest.raises(RetryLater) as caught:
            sync(client)
        assert caught.value.seconds == 301.0 and waits.seconds == []

    def test_a_server_error_is_still_retried_inside_the_call(self, fake, waits):
        seed(fake, REPO, 1)
        fake.fail(500)
        client = connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock, sleep_on_limit=False)
        assert len(sync(client)) == 1 and len(waits.seconds) == 1


class TestRateLimits:
    def test_secondary_limit_honours_retry_after(self, fake, client, waits):
        seed(fake, REPO, 3)
        fake.fail(
            403, headers={"Retry-After": "42"}, body={"message": "You have exceeded a secondary rate limit."}
        )
        assert len(sync(client)) == 3
        assert waits.seconds == [42.0]
        assert fake.requests == 2

    def test_429_is_handled_like_403(self, fake, client, waits):
        seed(fake, REPO, 1)
        fake.fail(429, headers={"Retry-After": "5"})
        assert len(sync(client)) == 1
        assert waits.seconds == [5.0]

    def test_primary_limit_waits_for_the_reset_when_short(self, fake, client, waits):
        seed(fake, REPO, 1)
        reset = int(waits.clock()) + 300
        fake.fail(
            403,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
            body={"message": "API rate limit exceeded for user ID 1."},
        )
        sync(client)
        assert waits.seconds == [301.0]

    def test_primary_limit_beyond_max_wait_stops_and_says_when(self, fake, waits):
        seed(fake, REPO, 1)
        client = connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock, max_wait=60)
        reset = int(waits.clock()) + 1800
        fake.fail(
            403,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
            body={"message": "API rate limit exceeded"},
        )
        with pytest.raises(SourceError, match=r"retry after 2026-01-05 12:30 UTC") as caught:
            sync(client)
        assert caught.value.exit_code == 1
        assert waits.seconds == []

    def test_graphql_rate_limited_error_with_status_200(self, fake, client, waits):
        seed(fake, REPO, 1)
        reset = int(waits.clock()) + 60
        fake.fail(
            200,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
            body={"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1."}]},
        )
        assert len(sync(client)) == 1
        assert waits.seconds == [61.0]


class TestServerErrors:
    def test_502_then_success_with_a_smaller_page(self, fake, client, waits):
        seed(fake, REPO, 120)
        fake.fail(502, body={"message": "Server Error"})
        assert len(sync(client)) == 120
        assert [c.body["variables"]["first"] for c in fake.calls] == [100, 50, 50, 50]
        assert waits.seconds == [1.0]

    def test_500_and_dropped_connections_are_retried_with_backoff(self, fake, client, waits):
        seed(fake, REPO, 2)
        fake.fail(500)
        fake.fail(None)
        assert len(sync(client)) == 2
        assert waits.seconds == [1.0, 2.0]

    def test_persistent_5xx_gives_up(self, fake, client):
        seed(fake, REPO, 2)
        fake.fail(503, times=10)
        with pytest.raises(SourceError, match="kept failing \\(503\\)"):
            sync(client)
        assert fake.requests == 5

    def test_errors_beside_data_retry_the_page_once(self, fake, client):
        seed(fake, REPO, 3)
        fake.break_node(2, "comments")
        assert len(sync(client)) == 3
        assert fake.requests == 2

    def test_persistent_node_errors_fail_rather_than_drop_issues(self, fake, client):
        seed(fake, REPO, 3)
        fake.break_node(2, "reactions", times=5)
        with pytest.raises(SourceError, match="could not return some issues"):
            sync(client)


class TestClientErrors:
    def test_bad_token_is_a_clear_error_without_the_token(self, fake, waits):
        seed(fake, REPO, 1)
        client = connect({"GITHUB_TOKEN": "ghp_wrong_secret_value"}, sleep=waits.sleep)
        with pytest.raises(SourceError) as caught:
            sync(client)
        message = str(caught.value)
        assert "rejected the token (401: Bad credentials)" in message
        assert "ghp_wrong_secret_value" not in message
        assert fake.requests == 1

    def test_the_token_is_redacted_even_if_github_echoes_it(self, fake, client):
        fake.fail(422, body={"message": f"Invalid token {TOKEN}"})
        with pytest.raises(SourceError) as caught:
            sync(client)
        assert TOKEN not in str(caught.value) and "***" in str(caught.value)

    def test_the_token_is_redacted_from_graphql_errors_too(self, fake, client):
        fake.fail(200, body={"data": None, "errors": [{"message": f"token {TOKEN} is odd"}]})
        with pytest.raises(SourceError) as caught:
            sync(client)
        assert TOKEN not in str(caught.value) and "token *** is odd" in str(caught.value)

    def test_missing_repository(self, fake, client):
        with pytest.raises(GithubNotFound, match="cannot find repository acme/nope"):
            sync(client, repo="acme/nope")
        assert fake.requests == 1

    def test_missing_issue(self, fake, client):
        fake.add_issue(REPO)
        with pytest.raises(GithubNotFound, match="acme/app#99"):
            fetch_issue(client, REPO, 99)

    def test_forbidden_write_names_the_permission(self, fake, client):
        fake.add_issue(REPO)
        fake.fail(
            403, body={"message": "Resource not accessible by integration"}, method="POST", path="/labels"
        )
        with pytest.raises(GithubPermissionError, match="permissions: issues: write"):
            client.write(
                lambda: client.repository(REPO).create_label("x", "ffffff", "d"), what="creating label x"
            )
        assert fake.requests == 1

    def test_4xx_is_never_retried(self, fake, client):
        fake.fail(422, body={"message": "Validation Failed"}, times=3)
        with pytest.raises(SourceError, match="422"):
            sync(client)
        assert fake.requests == 1


class TestWrites:
    def test_a_few_writes_go_at_once_then_one_second_apart(self, fake):
        # a clock of its own: the fake's moves a second with every write it takes
        now, slept = [1_800_000_000.0], []

        def sleep(seconds: float) -> None:
            slept.append(seconds)
            now[0] += seconds

        client = connect({"GITHUB_TOKEN": TOKEN}, sleep=sleep, clock=lambda: now[0])
        fake.clock = lambda: now[0]
        fake.add_issue(REPO)
        issue = client.repository(REPO).get_issue(1)
        for name in "abcdefgh":
            client.write(lambda n=name: issue.add_to_labels(n), what="adding a label")
        assert slept == [1.0, 1.0]
        assert [c.at - now[0] for c in fake.writes] == [-2.0] * 6 + [-1.0, 0.0]
        assert client.writes == 8

    def test_a_comment_is_not_created_twice_after_a_server_error(self, fake, client):
        fake.add_issue(REPO)
        fake.fail(502, method="POST", path="/comments")
        issue = client.repository(REPO).get_issue(1)
        with pytest.raises(SourceError):
            client.write(lambda: issue.create_comment("hi"), what="commenting", idempotent=False)
        assert fake.requests == 1
