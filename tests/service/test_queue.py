"""The durable queue on SQLite and PostgreSQL: dedupe, claims as leases, coalescing, retries."""

from __future__ import annotations

import threading

from fakes.waiting import HANG_GUARD
from icp_triage.service import pauses, queue
from icp_triage.service.queue import Backoff, Incoming


def _incoming(n: int, key: str = "acme/app#1", tracker: str = "github") -> Incoming:
    return Incoming(tracker, f"d-{n}", "issues", "github:acme/app", key, installation_id=None)


def _enqueue(engine, incoming: Incoming, now: float = 100.0) -> int | None:
    with engine.begin() as connection:
        return queue.enqueue(connection, incoming, now=now)


def test_a_delivery_id_is_stored_once(engine) -> None:
    first = _enqueue(engine, _incoming(1))
    again = _enqueue(engine, _incoming(1))
    other_tracker = _enqueue(engine, _incoming(1, tracker="jira"))
    assert first is not None and again is None and other_tracker is not None
    with engine.begin() as connection:
        assert queue.counts(connection)["queued"] == 2


def test_deliveries_for_one_request_are_claimed_together_and_by_one_worker(engine) -> None:
    for n in range(3):
        _enqueue(engine, _incoming(n))
    _enqueue(engine, _incoming(9, key="acme/app#2"))
    job = queue.claim(engine, "w1", now=101, lease=60)
    assert job is not None and job.request_key == "acme/app#1" and len(job.ids) == 3
    _enqueue(engine, _incoming(10))  # arrives while #1 is being evaluated
    second = queue.claim(engine, "w2", now=101, lease=60)
    assert second is not None and second.request_key == "acme/app#2"
    assert queue.claim(engine, "w3", now=102, lease=60) is None  # #1 is leased to w1
    assert queue.complete(engine, job, now=103) == 3
    later = queue.claim(engine, "w3", now=104, lease=60)
    assert later is not None and later.request_key == "acme/app#1" and len(later.ids) == 1


def test_an_expired_lease_is_claimed_again_and_the_old_worker_cannot_complete(engine) -> None:
    _enqueue(engine, _incoming(1))
    job = queue.claim(engine, "dead", now=101, lease=10)
    assert job is not None
    assert queue.claim(engine, "w2", now=105, lease=10) is None
    taken = queue.claim(engine, "w2", now=112, lease=10)
    assert taken is not None and taken.ids == job.ids and taken.attempts == 2
    assert queue.complete(engine, job, now=113) == 0  # the dead worker's late answer is ignored
    assert queue.complete(engine, taken, now=113) == 1


def test_failures_back_off_then_park_with_the_last_error(engine) -> None:
    _enqueue(engine, _incoming(1))
    backoff = Backoff(base=10, cap=1000)
    now = 101.0
    for attempt in range(1, 4):
        job = queue.claim(engine, "w", now=now, lease=60)
        assert job is not None and job.attempts == attempt
        status = queue.fail(engine, job, f"boom {attempt}", now=now, max_attempts=3, backoff=backoff)
        assert status == ("failed" if attempt == 3 else "queued")
        assert queue.claim(engine, "w", now=now + 1, lease=60) is None  # backing off
        now += 10 * 2 ** (attempt - 1) + 1
    with engine.begin() as connection:
        [row] = queue.listing(connection, status="failed")
        assert row["last_error"] == "boom 3" and row["attempts"] == 3
        assert queue.retry(connection, row["id"], now=now) == "failed"
    again = queue.claim(engine, "w", now=now, lease=60)
    assert again is not None and again.attempts == 1


def test_jitter_stays_within_half_to_full_delay() -> None:
    delays = [Backoff(base=10, cap=100).delay(3) for _ in range(200)]
    assert all(20 <= d <= 40 for d in delays) and max(delays) - min(delays) > 5
    assert Backoff(base=10, cap=100).delay(30) <= 100


def test_a_rate_limit_pause_holds_every_worker_of_that_tracker(engine) -> None:
    _enqueue(engine, _incoming(1))
    _enqueue(engine, _incoming(2, key="ACME-1", tracker="jira"))
    pauses.pause_tracker(engine, "github", until=200, reason="rate limit")
    job = queue.claim(engine, "w", now=150, lease=60)
    assert job is not None and job.tracker == "jira"
    assert queue.claim(engine, "w", now=150, lease=60) is None
    assert queue.claim(engine, "w", now=201, lease=60) is not None


def test_a_shorter_pause_does_not_cut_a_longer_one_short(engine) -> None:
    _enqueue(engine, _incoming(1))
    pauses.pause_tracker(engine, "github", until=300, reason="primary rate limit")
    pauses.pause_tracker(engine, "github", until=200, reason="secondary rate limit")  # another worker
    assert queue.claim(engine, "w", now=250, lease=60) is None
    assert queue.claim(engine, "w", now=301, lease=60) is not None


def test_a_job_acts_with_the_installation_of_its_latest_delivery(engine) -> None:
    # the App was reinstalled between two deliveries: the older installation's token is gone
    for n, installation in enumerate((111, None, 222)):
        incoming = Incoming("github", f"d-{n}", "issues", "github:acme/app", "acme/app#1", installation)
        _enqueue(engine, incoming)
    job = queue.claim(engine, "w", now=101, lease=60)
    assert job is not None and len(job.ids) == 3 and job.installation_id == 222


def test_the_latest_installation_wins_however_the_rows_lie_on_disk(engine) -> None:
    # the older delivery is requeued (a new row version) after the newer one arrived: on
    # PostgreSQL, UPDATE ... RETURNING then gives the newer delivery first
    first = Incoming("github", "d-1", "issues", "github:acme/app", "acme/app#1", 111)
    _enqueue(engine, first)
    job = queue.claim(engine, "w", now=101, lease=60)
    assert job is not None
    _enqueue(engine, Incoming("github", "d-2", "issues", "github:acme/app", "acme/app#1", 222), now=102)
    queue.fail(engine, job, "GitHub returned 502", now=103, max_attempts=5, backoff=Backoff(base=0, cap=0))
    again = queue.claim(engine, "w", now=104, lease=60)
    assert again is not None and len(again.ids) == 2 and again.installation_id == 222


def test_a_long_error_is_kept_to_4000_characters(engine) -> None:
    _enqueue(engine, _incoming(1))
    _enqueue(engine, _incoming(2, key="acme/app#2"))
    for key, length in (("acme/app#1", 3000), ("acme/app#2", 5000)):
        job = queue.claim(engine, "w", now=101, lease=60)
        assert job is not None and job.request_key == key
        queue.fail(engine, job, "x" * length, now=101, max_attempts=1, backoff=Backoff())
    with engine.begin() as connection:
        errors = {row["request_key"]: row["last_error"] for row in queue.listing(connection, status="failed")}
    assert errors == {"acme/app#1": "x" * 3000, "acme/app#2": "x" * 4000}


def test_the_listing_shows_the_newest_deliveries_first(engine) -> None:
    ids = [_enqueue(engine, _incoming(n, key=f"acme/app#{n}")) for n in range(5)]
    with engine.begin() as connection:
        assert [row["id"] for row in queue.listing(connection, status=None)] == ids[::-1]
        assert [row["id"] for row in queue.listing(connection, status="queued", limit=2)] == ids[:2:-1]


def test_only_a_failed_delivery_can_be_retried(engine) -> None:
    _enqueue(engine, _incoming(1))
    job = queue.claim(engine, "w", now=101, lease=60)
    assert job is not None
    queue.complete(engine, job, now=102)
    with engine.begin() as connection:
        [row] = queue.listing(connection, status="done")
        assert queue.retry(connection, row["id"], now=103) == "done"  # a done one stays done
        assert queue.counts(connection)["done"] == 1 and queue.counts(connection)["queued"] == 0


def test_a_released_job_does_not_count_as_a_try(engine) -> None:
    _enqueue(engine, _incoming(1))
    job = queue.claim(engine, "w", now=101, lease=60)
    assert job is not None
    queue.release(engine, job, now=102)
    again = queue.claim(engine, "w", now=102, lease=60)
    assert again is not None and again.attempts == 1


def test_concurrent_claims_never_share_a_delivery(engine) -> None:
    for n in range(60):
        _enqueue(engine, _incoming(n, key=f"acme/app#{n % 20}"))
    taken: list[tuple[int, ...]] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        while True:
            job = queue.claim(engine, name, now=101, lease=60)
            if job is None:
                with engine.begin() as connection:
                    if queue.counts(connection)["queued"] == 0:
                        return
                continue
            with lock:
                taken.append(job.ids)
            queue.complete(engine, job, now=101)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=HANG_GUARD)
    ids = [i for group in taken for i in group]
    assert len(ids) == len(set(ids)) == 60


def test_a_worker_whose_lease_was_taken_over_writes_neither_backlog_nor_pause(engine) -> None:
    """Item 3: the completion, the stored requests and the pause are one transaction that
    holds only while the lease is the worker's: a stalled worker coming back late must not
    overwrite the newer holder's backlog, nor pause the tracker on its stale news."""
    from icp_triage.core.models import RawRequest
    from icp_triage.service.readside import load_requests
    from icp_triage.service.syncs import store_requests

    def request(title: str) -> RawRequest:
        return RawRequest(key="acme/app#1", title=title)

    _enqueue(engine, _incoming(1))
    stalled = queue.claim(engine, "stalled", now=101, lease=10)
    assert stalled is not None
    holder = queue.claim(engine, "holder", now=112, lease=10)  # the lease ran out: taken over
    assert holder is not None
    fresh = [request("as the holder read it")]
    assert queue.complete(
        engine,
        holder,
        now=113,
        also=lambda c: store_requests(c, "github:acme/app", fresh, now=113, replace=False),
    )
    stale = [request("as the stalled worker read it")]
    late = queue.complete(
        engine,
        stalled,
        now=114,
        also=lambda c: store_requests(c, "github:acme/app", stale, now=114, replace=False),
    )
    queue.release(
        engine,
        stalled,
        now=114,
        until=5000,
        reason="rate limited",
        also=lambda c: pauses.pause(c, "github", until=5000, reason="rate limited"),
    )
    assert late == 0
    assert [r.title for r in load_requests(engine, "github:acme/app")] == ["as the holder read it"]
    with engine.begin() as connection:
        assert pauses.pauses(connection, now=115) == []
        assert queue.counts(connection)["done"] == 1


def test_a_sync_taken_over_stores_nothing_and_pauses_nothing(engine) -> None:
    """A full sync follows the same rule as a job: its backlog and a rate limit's pause land
    with its end, in one transaction, only while the sync is still the worker's own."""
    from icp_triage.core.models import RawRequest
    from icp_triage.service.readside import load_requests
    from icp_triage.service.syncs import claim_sync, finish_sync

    source = "github:acme/app"
    assert claim_sync(engine, source, "stalled", now=100, every=60, lease=10)
    assert claim_sync(engine, source, "holder", now=111, every=60, lease=10)  # the lease ran out
    pause = lambda c: pauses.pause(c, "github", until=5000, reason="rate limited")  # noqa: E731
    stale = [RawRequest(key="acme/app#1", title="stale")]
    assert not finish_sync(engine, source, "stalled", now=112, error="rate limited", also=pause)
    assert not finish_sync(engine, source, "stalled", now=112, error=None, requests=stale)
    assert finish_sync(engine, source, "holder", now=113, error=None, requests=[])
    assert load_requests(engine, source) == []
    with engine.begin() as connection:
        assert pauses.pauses(connection, now=115) == []
