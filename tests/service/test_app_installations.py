"""A GitHub App installed on two organisations has two installations, and one's token cannot
read the other's repositories: a full sync reads each repository under the token of the
installation on it (before, the first repository's token was used for all)."""

from __future__ import annotations

import pytest
from service_harness import READ, drain
from sqlalchemy import select

from fakes.fake_github import FakeGitHub
from fakes.helpers import serve
from icp_triage.service.store import source_syncs


@pytest.fixture
def fake():
    yield from serve(FakeGitHub())


def _app_env(fake: FakeGitHub) -> dict[str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    fake.app_id = 123456
    fake.app_public_key = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return {"GITHUB_TOKEN": "", "GITHUB_APP_ID": "123456", "GITHUB_APP_PRIVATE_KEY": private}


def test_a_sync_reads_each_repository_under_its_own_installation(make_app, fake) -> None:
    fake.installations = {"acme": 11, "globex": 22}
    source = "source:\n  github: {repos: [acme/app, globex/tool], refresh_days: 7}\n"
    client, service, engine = make_app(extra_env=_app_env(fake), source=source)
    fake.add_issue("acme/app", number=1, title="SSO", author="Codertocat")
    fake.add_issue("globex/tool", number=2, title="Export", author="hubot")

    def synced(_metrics) -> bool:
        with engine.begin() as connection:
            found = select(source_syncs.c.synced_at).where(source_syncs.c.synced_at > 0)
            return connection.execute(found).first() is not None

    drain(service, engine, until=synced)
    assert sorted(fake.installation_tokens) == [11, 22]
    data = client.get("/backlog", headers={"Authorization": f"Bearer {READ}"}).json()
    keys = {i["key"] for i in data["ranked"] + data["opportunistic"] + data["unattributed"]}
    assert keys == {"acme/app#1", "globex/tool#2"}
