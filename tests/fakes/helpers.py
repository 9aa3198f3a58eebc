"""Helpers for tests of the GitHub adapter: saved payloads, recorded waits, seeding."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import responses

from fakes.fake_github import FakeGitHub

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "github"


def load_sample(name: str) -> Any:
    """A saved GitHub payload from tests/samples/github/."""
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


class Waits:
    """Records every wait and moves the fake server's clock instead of sleeping."""

    def __init__(self, fake: FakeGitHub) -> None:
        self.fake = fake
        self.seconds: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.seconds.append(seconds)
        self.fake.state.tick(seconds)

    def clock(self) -> float:
        return self.fake.state.now.timestamp()


def serve(fake: FakeGitHub) -> Iterator[FakeGitHub]:
    """Route requests' transport to ``fake`` while the generator is suspended; afterwards
    fail if the fake refused any query (schema or pagination rules)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.install(rsps)
        yield fake
    assert not fake.graphql.rejected, f"the fake refused queries: {fake.graphql.rejected}"


def seed(
    fake: FakeGitHub, repo: str, count: int, *, comments: int = 1, reactions: int = 1, **fields: Any
) -> None:
    """``count`` issues, each with a few comments and thumbs-up reactions."""
    for i in range(count):
        issue = fake.add_issue(repo, title=f"Feature {i + 1}", **fields)
        for c in range(comments):
            fake.state.add_comment(issue, f"user{c}", f"comment {c}", touch=False)
        for r in range(reactions):
            fake.state.react(issue, f"fan{r}")


def most_in_any_window(times: Iterable[float], width: float) -> int:
    """The largest number of ``times`` inside any half-open window ``[s, s + width)``: what
    GitHub's per-minute and per-hour write limits count."""
    ordered = sorted(times)
    return max((bisect.bisect_left(ordered, t + width) - i for i, t in enumerate(ordered)), default=0)
