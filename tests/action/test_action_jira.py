"""The Action with a jira source: the scheduled rank reads Jira (credentials from the step's
env, i.e. repository secrets); GitHub issue events are a notice, never a write to GitHub."""

from __future__ import annotations

from fakes.fake_jira import env_for, serve_fake_jira


def _jira_config(checkout, server: str) -> None:
    text = checkout.config.read_text()
    assert "source:" not in text
    checkout.config.write_text(text + f"\nsource:\n  jira:\n    server: {server}\n    jql: project = FR\n")


def test_schedule_ranks_the_jira_backlog(checkout, sample) -> None:
    with serve_fake_jira(deployment="cloud") as fake:
        for n in range(1, 4):
            fake.add_issue(f"FR-{n}", f"Feature {n}", description="Requested-by: nobody.example")
        _jira_config(checkout, fake.base_url)
        checkout.extra_env.update(env_for(fake))
        result = checkout.run("schedule", sample("schedule"))
    assert result.code == 0, result.stdout
    assert "Ranked 3 requests (schedule)" in result.stdout
    assert "FR-1" in result.summary
    assert not fake.writes


def test_schedule_without_jira_credentials_is_an_error_naming_the_variables(checkout, sample) -> None:
    _jira_config(checkout, "https://acme.atlassian.net")
    result = checkout.run("schedule", sample("schedule"))
    assert result.code == 2
    assert "JIRA_EMAIL and JIRA_API_TOKEN" in result.annotations("error")[0]


def test_an_issue_event_is_a_notice(checkout, sample) -> None:
    _jira_config(checkout, "https://acme.atlassian.net")
    checkout.extra_env.update({"JIRA_TOKEN": "x"})
    result = checkout.run("issues", sample("issues.opened"))
    assert result.code == 0
    assert "source: jira" in result.annotations("notice")[0]
