from __future__ import annotations

from icp_triage.adapters.github import fetch_orgs, logins_to_look_up
from icp_triage.adapters.github.queries import ORG_BATCH
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import AttributionSettings, Profile

ACCOUNTS = [
    Account(
        id="initech",
        name="Initech",
        github_logins=("peter",),
        github_orgs=("initech-eng",),
        attributes={"industry": "saas"},
    )
]
PROFILE = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"]}]})


class TestLoginsToLookUp:
    def test_unknown_authors_and_commenters_only(self):
        requests = [
            RawRequest(
                key="o/r#1", author="peter", comments=[{"author": "milton"}, {"author": "dependabot[bot]"}]
            ),
            RawRequest(key="o/r#2", author="Milton", reactions=[{"user": "samir"}]),
        ]
        assert logins_to_look_up(requests, ACCOUNTS) == ["milton"]


class TestFetchOrgs:
    def test_fetched_once_per_user_then_cached(self, fake, client, store):
        fake.state.orgs.update({"milton": ["initech-eng", "staplers"], "samir": []})
        assert fetch_orgs(client, ["milton", "samir", "ghost-user"], store=store) == {
            "milton": ["initech-eng", "staplers"],
            "samir": [],
            "ghost-user": [],
        }
        assert fake.requests == 1
        fake.reset()
        assert fetch_orgs(client, ["milton", "samir"], store=store)["milton"] == ["initech-eng", "staplers"]
        assert fake.requests == 0

    def test_batches_of_fifty_users(self, fake, client, store):
        logins = [f"user{i}" for i in range(ORG_BATCH + 1)]
        fake.state.orgs.update({login: ["some-org"] for login in logins})
        assert len(fetch_orgs(client, logins, store=store)) == ORG_BATCH + 1
        assert fake.requests == 2

    def test_an_org_member_is_attributed(self, fake, client, store):
        fake.state.orgs["milton"] = ["initech-eng"]
        request = RawRequest(key="o/r#1", author="milton")
        orgs = fetch_orgs(client, logins_to_look_up([request], ACCOUNTS), store=store)
        backlog = rank(
            [request],
            ACCOUNTS,
            PROFILE,
            attribution=AttributionSettings(github_orgs=True),
            orgs_by_login=orgs,
        )
        assert [c.account_id for c in backlog.ranked[0].contributions] == ["initech"]
