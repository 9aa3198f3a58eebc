"""``icp-triage action`` end to end where GitHub is not needed: notices, errors, a file backlog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icp_triage.cli import app


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


class TestNothingToDo:
    def test_pull_request_comment_is_a_notice(self, checkout, sample):
        result = checkout.run("issue_comment", sample("issue_comment.created.pull_request"))
        assert result.code == 0
        assert len(result.annotations("notice")) == 1
        assert "pull request" in result.stdout
        assert result.outputs == {} and result.summary == ""

    def test_unsupported_event_names_the_supported_ones(self, checkout, sample):
        result = checkout.run("push", sample("push"))
        assert result.code == 0
        (notice,) = result.annotations("notice")
        assert "'push'" in notice and "schedule and workflow_dispatch" in notice

    def test_no_config_needed_to_ignore_an_event(self, checkout, sample):
        checkout.config.unlink()
        assert checkout.run("push", sample("push")).code == 0

    def test_transferred_is_a_notice(self, checkout, sample):
        result = checkout.run("issues", sample("issues.transferred"))
        assert result.code == 0
        assert "transferred to Codertocat/Hello-World#1" in result.annotations("notice")[0]


class TestErrors:
    def test_config_error_points_at_the_file_and_line(self, checkout, sample):
        text = checkout.config.read_text().replace("min: 100", "min: ten")
        checkout.config.write_text(text)
        result = checkout.run("issues", sample("issues.opened"))
        assert result.code == 2
        (error,) = result.annotations("error")
        assert error.startswith(f"::error file=.github/icp.yml,line={_line_of(text, 'min: ten')}::")
        assert "profile.criteria[1].range.min" in error

    def test_accounts_error_points_at_the_accounts_file(self, checkout, sample):
        (checkout.workspace / ".github" / "accounts.csv").write_text("name\nAcme\n")
        result = checkout.run("issues", sample("issues.opened"))
        assert result.code == 2
        assert "accounts.csv" in result.annotations("error")[0]

    def test_missing_config_says_where_to_put_it(self, checkout, sample):
        checkout.config.unlink()
        result = checkout.run("issues", sample("issues.opened"))
        assert result.code == 2
        (error,) = result.annotations("error")
        assert ".github/icp.yml: no such file" in error and "config" in error

    def test_config_input_names_another_path(self, checkout, sample):
        checkout.config.rename(checkout.workspace / "icp.yml")
        checkout.extra_env["ICP_TRIAGE_CONFIG"] = "nowhere.yml"
        result = checkout.run("issues", sample("issues.opened"))
        assert "nowhere.yml: no such file" in result.annotations("error")[0]

    def test_bad_mode(self, checkout, sample):
        checkout.extra_env["ICP_TRIAGE_MODE"] = "everything"
        result = checkout.run("issues", sample("issues.opened"))
        assert result.code == 2
        assert (
            "mode: expected one of auto, tag, rank, profile, got 'everything'"
            in result.annotations("error")[0]
        )

    def test_bad_dry_run(self, checkout, sample):
        checkout.extra_env["ICP_TRIAGE_DRY_RUN"] = "maybe"
        assert checkout.run("issues", sample("issues.opened")).code == 2

    def test_unreadable_event_file(self, checkout):
        result = checkout.run("issues", None)
        assert result.code == 2
        assert "GITHUB_EVENT_PATH is not set" in result.annotations("error")[0]

    def test_event_file_not_json(self, checkout):
        env = checkout.env("issues", None)
        (checkout.temp / "event.json").write_text("{not json")
        env["GITHUB_EVENT_PATH"] = str(checkout.temp / "event.json")
        import io

        from icp_triage.action.run import run_action

        out = io.StringIO()
        assert run_action(env, cwd=checkout.workspace, out=out) == 2
        assert "not valid JSON" in out.getvalue()

    def test_multiline_message_stays_one_annotation(self, checkout, sample):
        checkout.config.write_text("profile: [\n")
        result = checkout.run("issues", sample("issues.opened"))
        assert result.code == 2
        assert len(result.stdout.splitlines()) == 1


class TestFileBacklog:
    """``source: file`` ranks a request file: the summary and report path without GitHub."""

    @pytest.fixture
    def file_source(self, checkout):
        requests = {
            "requests": [
                {"key": "Codertocat/Hello-World#1", "title": "SSO <script>", "author": "Codertocat"},
                {"key": "Codertocat/Hello-World#2", "title": "Mainframe export", "author": "hubot"},
                {"key": "Codertocat/Hello-World#3", "title": "Nobody asked", "author": "stranger"},
            ]
        }
        (checkout.workspace / ".github" / "requests.json").write_text(json.dumps(requests))
        checkout.config.write_text(checkout.config.read_text() + "source: {file: requests.json}\n")
        return checkout

    @pytest.mark.parametrize("event", ["schedule", "workflow_dispatch"])
    def test_summary_report_and_outputs(self, file_source, sample, event):
        result = file_source.run(event, sample(event))
        assert result.code == 0, result.stdout
        report = file_source.temp / "icp-triage" / "backlog.md"
        assert result.outputs == {"class": "", "tier": "", "icp-value": "", "report": str(report)}
        assert result.summary == report.read_text()
        assert "## ICP-ranked backlog: Test ICP (version 7)" in result.summary
        assert "<script>" not in result.summary
        assert "Ranked 3 requests" in result.stdout

    def test_the_report_file_holds_what_the_summary_leaves_out(self, checkout, sample, monkeypatch):
        from icp_triage.reports import markdown

        monkeypatch.setattr(markdown, "DEFAULT_MAX_BYTES", 6_000)  # a summary budget 600 rows exceed
        requests = [
            {"key": f"Codertocat/Hello-World#{n}", "title": f"Request {n}", "author": "Codertocat"}
            for n in range(1, 601)
        ]
        (checkout.workspace / ".github" / "requests.json").write_text(json.dumps({"requests": requests}))
        checkout.config.write_text(checkout.config.read_text() + "source: {file: requests.json}\n")
        result = checkout.run("schedule", sample("schedule"))
        assert result.code == 0, result.stdout
        report = Path(result.outputs["report"]).read_text()
        assert "Codertocat/Hello-World#600" in report and "_Showing" not in report
        assert "Codertocat/Hello-World#600" not in result.summary
        assert "the action's `report` file lists all" in result.summary

    def test_tier_only_summary_names_no_account(self, file_source, sample):
        summary = file_source.run("schedule", sample("schedule")).summary
        assert "Globex" not in summary and "Acme" not in summary

    def test_the_schedule_summary_says_where_new_demand_slid_naming_no_account(self, checkout, sample):
        """Three quarters of ICP asks two to one, then off-profile asks double: the summary gives
        the trend's verdict in shares and periods only (the summary may be public)."""
        requests, n = [], 0
        for quarter, (icp, off) in enumerate([(40, 20), (40, 20), (40, 20), (40, 40)]):
            for k in range(icp + off):
                n += 1
                requests.append(
                    {
                        "key": f"Codertocat/Hello-World#{n}",
                        "title": f"Request {n}",
                        "author": "Codertocat" if k < icp else "hubot",
                        "created_at": f"2026-{3 * quarter + 1:02d}-{1 + k % 28:02d}T10:00:00Z",
                    }
                )
        (checkout.workspace / ".github" / "requests.json").write_text(json.dumps({"requests": requests}))
        checkout.config.write_text(checkout.config.read_text() + "source: {file: requests.json}\n")
        result = checkout.run("schedule", sample("schedule"))
        assert result.code == 0, result.stdout
        assert "### New demand over time (per quarter)" in result.summary
        assert "- Off-profile demand rose from 33% to 50% of new demand in 2026-Q4" in result.summary
        section = result.summary.split("### New demand over time", 1)[1]
        assert not any(secret in section for secret in ("Globex", "globex", "Acme", "hubot", "Codertocat"))

    def test_full_disclosure_names_accounts(self, file_source, sample):
        file_source.config.write_text(file_source.config.read_text() + "tagging: {disclose: full}\n")
        assert "Globex" in file_source.run("schedule", sample("schedule")).summary

    def test_schedule_without_event_file(self, file_source):
        assert file_source.run("schedule", None).code == 0

    def test_summary_appended_after_earlier_steps(self, file_source, sample):
        file_source.summary.write_text("# Earlier step\n")
        env = file_source.env("schedule", sample("schedule"))
        from icp_triage.action.run import run_action

        assert run_action(env, cwd=file_source.workspace) == 0
        assert file_source.summary.read_text().startswith("# Earlier step\n## ICP-ranked backlog")


class TestCommand:
    def test_cli_exit_code_and_annotation(self, checkout, sample, runner, monkeypatch):
        monkeypatch.chdir(checkout.workspace)
        checkout.config.write_text("profile: {}\n")
        env = checkout.env("issues", sample("issues.opened"))
        result = runner.invoke(app, ["action"], env=env)
        assert result.exit_code == 2
        assert result.stdout.startswith("::error file=.github/icp.yml,line=1::")

    def test_cli_without_event_explains(self, runner, monkeypatch, tmp_path):
        monkeypatch.chdir(tmp_path)
        monkeypatch.delenv("GITHUB_EVENT_NAME", raising=False)
        result = runner.invoke(app, ["action"])
        assert result.exit_code == 2
        assert "runs as a step of a GitHub Actions workflow" in result.stdout

    def test_help(self, runner):
        result = runner.invoke(app, ["action", "--help"])
        assert result.exit_code == 0
        assert "GITHUB_EVENT_NAME" in result.stdout


class TestConfigWarnings:
    def test_criteria_that_never_count_are_warned_on_their_line(self, checkout, sample):
        text = checkout.config.read_text().replace(
            "    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}\n",
            "    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}\n"
            "    - {attribute: headcount, range: {min: 10}, weight: 1}\n"
            "    - {attribute: industry, in: [retail], weight: 1}\n",
        )
        checkout.config.write_text(text + "source: {file: requests.json}\n")
        (checkout.workspace / ".github" / "requests.json").write_text('{"requests": []}')
        result = checkout.run("schedule", sample("schedule"))
        assert result.code == 0, result.stdout
        headcount, retail = result.annotations("warning")
        assert headcount.startswith(f"::warning file=.github/icp.yml,line={_line_of(text, 'headcount')}::")
        assert "no account has a value for 'headcount'" in headcount
        assert retail.startswith(f"::warning file=.github/icp.yml,line={_line_of(text, 'retail')}::")
        assert "no account meets" in retail

    def test_an_anti_signal_on_a_column_no_account_has_is_warned_on_its_line(self, checkout, sample):
        text = checkout.config.read_text().replace(
            "accounts: accounts.csv\n",
            "  anti:\n    - {attribute: industry, in: [mining], penalty: 10}\n"
            "    - {attribute: churn_risk, in: [high], disqualify: true}\naccounts: accounts.csv\n",
        )
        checkout.config.write_text(text + "source: {file: requests.json}\n")
        (checkout.workspace / ".github" / "requests.json").write_text('{"requests": []}')
        result = checkout.run("schedule", sample("schedule"))
        assert result.code == 0, result.stdout
        (churn,) = result.annotations("warning")
        assert churn.startswith(f"::warning file=.github/icp.yml,line={_line_of(text, 'churn_risk')}::")
        assert "profile.anti[1]: no account has a value for 'churn_risk'" in churn

    def test_weight_by_arr_without_any_arr_is_warned_on_its_line(self, checkout, sample):
        text = checkout.config.read_text() + "ranking:\n  weight_by: arr\nsource: {file: requests.json}\n"
        checkout.config.write_text(text)
        accounts = checkout.workspace / ".github" / "accounts.csv"
        accounts.write_text(accounts.read_text().replace(",120000,", ",,").replace(",9000000,", ",,"))
        (checkout.workspace / ".github" / "requests.json").write_text('{"requests": []}')
        result = checkout.run("schedule", sample("schedule"))
        assert result.code == 0, result.stdout
        (warning,) = result.annotations("warning")
        assert warning.startswith(f"::warning file=.github/icp.yml,line={_line_of(text, 'weight_by')}::")
        assert "no account has an ARR" in warning


class TestFormatValue:
    @pytest.mark.parametrize(
        ("value", "text"), [(1.0, "1"), (0.5, "0.5"), (0.0, "0"), (1234567.891, "1234567.89"), (1e-9, "0")]
    )
    def test_plain_decimals(self, value, text):
        from icp_triage.action.flows import format_value

        assert format_value(value) == text
