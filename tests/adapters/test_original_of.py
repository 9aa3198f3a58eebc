"""``adapters.base.original_of``: the request a one-issue run tags when the issue read is a
duplicate (its original, at the end of a chain), and when it tags the issue itself after all
(a cycle, an original gone, outside the selection or outside the tracker's query)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from icp_triage.adapters.base import Membership, Snapshot, admitted, original_of
from icp_triage.core.models import RawRequest, RequestLike
from icp_triage.errors import OutsideSelection, RequestGone


def request(key: str, of: str | None = None, state: str = "open") -> RawRequest:
    mark = {"key": of, "by": "github-mark"} if of else None
    return RawRequest.model_validate({"key": key, "state": state, "duplicate_of": mark})


@dataclass
class Source:
    """Requests by key; each read names the duplicates whose mark points at it directly."""

    requests: dict[str, RawRequest]
    outside: set[str] = field(default_factory=set)
    reads: list[str] = field(default_factory=list)

    def read(self, key: str) -> Snapshot:
        self.reads.append(key)
        if key not in self.requests:
            raise RequestGone(f"{key}: gone")
        duplicates = tuple(
            r for r in self.requests.values() if r.duplicate_of is not None and r.duplicate_of.key == key
        )
        return Snapshot(
            self.requests[key], duplicates=duplicates, outside="left" if key in self.outside else None
        )

    def selects(self, request: RequestLike) -> Membership:
        return Membership(request.state == "open", "" if request.state == "open" else "closed")


def keys(snapshot: Snapshot) -> tuple[str, list[str]]:
    return snapshot.request.key, sorted(d.key for d in snapshot.duplicates)


def test_a_chain_ends_at_its_last_original_with_every_duplicate_passed() -> None:
    source = Source(
        {k.key: k for k in (request("a", "b", "closed"), request("b", "c", "closed"), request("c"))}
    )
    assert keys(original_of(source, source.read("a"))) == ("c", ["a", "b"])
    assert source.reads == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("requests", "outside"),
    [
        ([request("a", "b", "closed"), request("b", "a", "closed")], set()),  # a cycle
        ([request("a", "z", "closed")], set()),  # the original is gone
        ([request("a", "b", "closed"), request("b", state="closed")], set()),  # closed original
        ([request("a", "b", "closed"), request("b")], {"b"}),  # out of the tracker's query
    ],
)
def test_the_duplicate_itself_when_its_original_cannot_take_its_demand(requests, outside) -> None:
    source = Source({r.key: r for r in requests}, outside=outside)
    first = source.read("a")
    assert original_of(source, first) is first


def test_a_request_read_outside_the_selection_is_stopped_before_any_write() -> None:
    source = Source({"a": request("a")}, outside={"a"})
    with pytest.raises(OutsideSelection, match="a left the backlog: left") as raised:
        admitted(source.read("a"), lambda _request: None)
    assert raised.value.key == "a"
