from __future__ import annotations

from icp_triage.adapters.github.policy import MAX_SERVER_RETRIES, decide

NOW = 1_767_614_400.0  # 2026-01-05 12:00 UTC


def run(status, headers=None, message="", *, attempt=0, max_wait=900.0):
    return decide(status, headers or {}, message, attempt=attempt, now=NOW, max_wait=max_wait)


class TestDecide:
    def test_retry_after_is_honoured(self):
        decision = run(403, {"Retry-After": "30"}, "You have exceeded a secondary rate limit")
        assert (decision.action, decision.wait) == ("retry", 30.0)

    def test_primary_limit_waits_until_reset(self):
        decision = run(
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 120)},
            "API rate limit exceeded",
        )
        assert decision.action == "retry"
        assert decision.wait == 121.0

    def test_primary_limit_beyond_max_wait_fails_saying_when(self):
        decision = run(
            429, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 3600)}, max_wait=60
        )
        assert decision.action == "fail"
        assert "retry after 2026-01-05 13:00 UTC" in decision.reason
        assert "max_wait" in decision.reason

    def test_secondary_limit_without_retry_after_waits_a_minute_then_backs_off(self):
        message = "You have exceeded a secondary rate limit. Please wait a few minutes"
        assert run(403, {}, message).wait == 60.0
        assert run(403, {}, message, attempt=1).wait == 120.0
        assert run(403, {}, message, attempt=3).action == "fail"

    def test_a_rate_limit_message_in_any_case_is_a_rate_limit(self):
        decision = run(403, {}, "You have exceeded a Secondary Rate Limit")
        assert (decision.action, decision.wait) == ("retry", 60.0)

    def test_a_wait_of_exactly_max_wait_is_waited(self):
        decision = run(403, {"Retry-After": "900"}, "secondary rate limit", max_wait=900.0)
        assert (decision.action, decision.wait) == ("retry", 900.0)
        assert run(403, {"Retry-After": "901"}, "secondary rate limit", max_wait=900.0).action == "fail"

    def test_a_negative_retry_after_is_no_negative_wait(self):
        # time.sleep(-5) raises ValueError: the run would end in "This is a bug"
        decision = run(403, {"Retry-After": "-5"}, "secondary rate limit")
        assert decision.action == "retry" and decision.wait >= 0

    def test_429_without_headers_is_a_rate_limit(self):
        assert run(429).action == "retry"

    def test_server_errors_back_off_then_give_up(self):
        assert [run(500, attempt=a).wait for a in range(3)] == [1.0, 2.0, 4.0]
        assert run(503, attempt=MAX_SERVER_RETRIES).action == "fail"

    def test_any_other_server_error_is_retried_too(self):
        for status in (501, 505, 520, 599):
            assert (run(status).action, run(status).wait) == ("retry", 1.0), status
            assert "kept failing" in run(status, attempt=MAX_SERVER_RETRIES).reason

    def test_connection_errors_are_retried(self):
        assert run(None).action == "retry"
        assert "could not be reached" in run(None, attempt=MAX_SERVER_RETRIES).reason

    def test_502_and_504_ask_for_a_smaller_page(self):
        assert run(502).action == "too_long"
        assert run(504).action == "too_long"

    def test_other_client_errors_are_final(self):
        for status in (400, 401, 404, 410, 422):
            assert run(status).action == "fail"

    def test_a_403_that_is_not_a_rate_limit_is_final(self):
        assert (
            run(403, {"x-ratelimit-remaining": "4000"}, "Resource not accessible by integration").action
            == "fail"
        )


def test_retry_after_nan_or_a_date_is_read_by_the_one_parser() -> None:
    """Issue 17, defect 3: ``nan`` became a wait of nan seconds ("waiting nan s"), an
    HTTP-date was no wait at all, and a reset of ``nan`` a wait of nan."""
    nan = decide(429, {"Retry-After": "nan"}, "", attempt=0, now=1_000.0, max_wait=900)
    assert nan.action == "retry" and nan.wait == nan.wait and 0 < nan.wait <= 900
    reset = decide(
        403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "nan"}, "", attempt=0, now=0.0, max_wait=900
    )
    assert reset.wait == reset.wait
    dated = decide(
        429, {"Retry-After": "Thu, 01 Jan 1970 00:17:20 GMT"}, "", attempt=0, now=1_000.0, max_wait=900
    )
    assert dated.action == "retry" and dated.wait == 40.0
