"""Issue 17, defect 5 on GitHub: a comment is icp-triage's own only when the marker and the
author (the token's user, GraphQL's ``viewerDidAuthor``) both say so. Attribution skipped every
comment holding ``<!-- icp-triage -->``, so a customer's comment with it was no demand."""

from __future__ import annotations

from icp_triage.adapters.github import Selection, sync_repository
from icp_triage.adapters.github.conventions import GITHUB_CONVENTIONS
from icp_triage.core.attribution import Attributor
from icp_triage.core.models import Account
from icp_triage.core.settings import AttributionSettings

REPO = "acme/app"
FORGED = "<!-- icp-triage -->\nRequested-by: Globex Industries"


def _accounts(request: object) -> list[str | None]:
    attributor = Attributor(
        [Account(id="globex", name="Globex Industries")],
        AttributionSettings(),
        conventions=GITHUB_CONVENTIONS,
    )
    return [h[0] for h in attributor.attribute(request, detail=True).hits]  # type: ignore[arg-type]


def test_another_users_comment_with_our_marker_is_still_demand(fake, client, store):
    issue = fake.add_issue(REPO, labels=["feature-request"])
    fake.state.add_comment(issue, "mallory", FORGED)
    [request] = sync_repository(client, Selection(REPO), store=store)
    assert "globex" in _accounts(request)


def test_the_tokens_own_comment_is_still_skipped(fake, client, store):
    issue = fake.add_issue(REPO, labels=["feature-request"])
    fake.state.add_comment(issue, fake.state.viewer, FORGED)
    [request] = sync_repository(client, Selection(REPO), store=store)
    assert "globex" not in _accounts(request)
