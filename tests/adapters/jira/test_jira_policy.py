"""The Jira retry decision table and its messages: pure, no HTTP."""

from __future__ import annotations

import pytest

from icp_triage.adapters.jira.policy import MAX_LIMIT_RETRIES, MAX_SERVER_RETRIES, decide, failure_text


class TestDecide:
    def test_429_waits_retry_after_plus_at_most_a_quarter_of_jitter(self) -> None:
        assert decide(429, {"Retry-After": "10"}, attempt=0, max_wait=900, jitter=0.0).wait == 10
        assert decide(429, {"retry-after": "10"}, attempt=0, max_wait=900, jitter=0.99).wait == pytest.approx(
            12.475
        )

    def test_429_without_retry_after_backs_off_exponentially(self) -> None:
        waits = [decide(429, {}, attempt=a, max_wait=900).wait for a in range(3)]
        assert waits[0] >= 5 and waits[0] < waits[1] < waits[2]

    def test_503_is_a_limit_too_and_both_are_bounded(self) -> None:
        assert decide(503, {"Retry-After": "3"}, attempt=0, max_wait=900).action == "retry"
        final = decide(503, {"Retry-After": "3"}, attempt=MAX_LIMIT_RETRIES, max_wait=900)
        assert final.action == "fail" and "kept answering 503" in final.reason

    def test_a_wait_over_max_wait_fails_and_says_so(self) -> None:
        decision = decide(429, {"Retry-After": "3600"}, attempt=0, max_wait=600)
        assert decision.action == "fail" and "source.jira.max_wait (600 s)" in decision.reason

    @pytest.mark.parametrize("status", [None, 500, 502, 504])
    def test_server_errors_back_off_then_give_up(self, status: int | None) -> None:
        waits = [decide(status, {}, attempt=a, max_wait=900).wait for a in range(MAX_SERVER_RETRIES)]
        assert waits == sorted(waits) and waits[0] >= 1
        assert decide(status, {}, attempt=MAX_SERVER_RETRIES, max_wait=900).action == "fail"

    @pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
    def test_client_errors_are_final(self, status: int) -> None:
        assert decide(status, {"Retry-After": "1"}, attempt=0, max_wait=900).action == "fail"


class TestMessages:
    def test_401_names_the_variables(self) -> None:
        text = failure_text(401, "", what="reading", work="read", credential="JIRA_TOKEN")
        assert "Set JIRA_TOKEN" in text

    @pytest.mark.parametrize(
        ("work", "permission"),
        [
            ("read", "Browse projects"),
            ("labels", "Edit issues"),
            ("comment", "Add comments"),
            ("votes", "View voters and watchers"),
        ],
    )
    def test_403_names_the_permission(self, work: str, permission: str) -> None:
        assert f"'{permission}'" in failure_text(
            403, "Forbidden", what="x", work=work, credential="JIRA_TOKEN"
        )
