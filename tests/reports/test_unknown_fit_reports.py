"""Unknown fit in the backlog reports (issue 12): its own list, and the accounts to enrich only
where account names may be shown."""

from __future__ import annotations

from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile
from icp_triage.reports.html import backlog_html
from icp_triage.reports.markdown import backlog_markdown
from icp_triage.reports.render import render_backlog

PROFILE = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]})
ACCOUNTS = [
    Account(id="known", name="Known Co", github_logins=("known",), attributes={"industry": "saas"}),
    Account(id="secretive", name="Secretive Holdings", github_logins=("secretive",)),
]


def backlog():
    requests = [
        RawRequest(key="o/r#1", title="Asked by a known ICP account", author="known"),
        RawRequest(key="o/r#2", title="Asked by an account nobody knows", author="secretive"),
    ]
    return rank(requests, ACCOUNTS, PROFILE)


def test_every_format_lists_the_unknown_fit_request_apart():
    b = backlog()
    assert [i.key for i in b.unknown_fit] == ["o/r#2"] and [i.key for i in b.ranked] == ["o/r#1"]
    assert "Unknown fit: 1 requests asked for only by accounts of unknown fit" in render_backlog(b, "table")
    assert "\nunknown-fit,1,2,o/r#2," in render_backlog(b, "csv").replace("\r\n", "\n")
    assert '"unknown_fit": [\n    {"rank": 1, "key": "o/r#2"' in render_backlog(b, "json")
    markdown = render_backlog(b, "markdown")
    assert "**1** unknown fit" in markdown and "### Unknown fit (1)" in markdown
    assert "| Secretive Holdings (secretive) | 1 | 1 | industry |" in markdown
    assert 'id="unknown-fit-section"' in render_backlog(b, "html")


def test_a_tier_only_report_names_no_account_to_enrich():
    markdown = backlog_markdown(backlog(), names=False)
    html = backlog_html(backlog(), names=False)
    assert "### Unknown fit (1)" in markdown and 'id="unknown-fit-section"' in html
    for text in (markdown, html):
        assert "Accounts to enrich" not in text and "Secretive" not in text and "secretive" not in text


def test_the_headline_says_when_the_loudest_request_is_of_unknown_fit():
    from icp_triage.reports.story import headline

    b = rank([RawRequest(key="o/r#2", title="Louder", author="secretive")], ACCOUNTS, PROFILE)
    assert headline(b) == (
        'By raw demand o/r#2 "Louder" would rank #1; by ICP value it is unknown-fit: its only account '
        "is of unknown fit (accounts --enrich says what to look up)."
    )
