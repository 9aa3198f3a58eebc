"""The request model every source produces, and the one way any read becomes it."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

from pydantic import BaseModel

from icp_triage.core.models import RawRequest


def _as_attributes(value: object) -> object:
    """``value`` as a plain object with the same attributes (a read of no pydantic type)."""
    if isinstance(value, list):
        return tuple(_as_attributes(v) for v in value)
    if isinstance(value, BaseModel):
        return SimpleNamespace(
            **{name: _as_attributes(getattr(value, name)) for name in type(value).model_fields}
        )
    return value


class TestFromRequest:
    FULL = RawRequest(
        key="FR-1",
        title="SSO",
        url="https://jira.example/browse/FR-1",
        state="closed",
        created_at=datetime(2024, 1, 2, tzinfo=timezone.utc),
        updated_at=datetime(2024, 2, 3, tzinfo=timezone.utc),
        author="5b10ac8d",
        author_email="jane@acme.example",
        author_kind="jira",
        author_name="Jane Smith",
        labels=["customer:acme"],
        body="Requested-by: Acme",
        fields={"Company": "Acme"},
        estimate=3.0,
        reactions=[{"user": "5b10ac8d", "content": "THUMBS_UP", "user_kind": "jira", "user_name": "Jane"}],
        comments=[
            {
                "author": "bob",
                "body": "+1",
                "url": "https://jira.example/c/1",
                "id": "10001",
                "author_email": "bob@globex.example",
                "author_kind": "email",
                "author_name": "Bob",
            }
        ],
    )

    def test_every_field_of_any_read_is_kept(self):
        """Built from the model's own fields, so a field added to RawRequest (or its comments
        and reactions) is carried too: a copy that listed them dropped identity kinds once."""
        assert RawRequest.from_request(_as_attributes(self.FULL)) == self.FULL

    def test_a_raw_request_is_itself(self):
        assert RawRequest.from_request(self.FULL) is self.FULL

    def test_a_comment_without_an_id_has_none(self):
        read = _as_attributes(self.FULL)
        del read.comments[0].id
        assert RawRequest.from_request(read).comments[0].id is None
