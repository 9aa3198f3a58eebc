"""``--help`` offers only what the command does: no format it refuses, no default it ignores."""

from __future__ import annotations


def flat(text: str) -> str:
    return " ".join(text.split())


class TestFitHelp:
    def test_lists_only_the_formats_fit_has(self, invoke):
        text = flat(invoke("fit", "--help").output)
        assert "<table|json>" in text
        assert "csv" not in text and "markdown" not in text and "html" not in text

    def test_a_format_fit_lacks_is_refused_as_usage_before_any_work(self, invoke):
        result = invoke("fit", "acme", "--format", "csv")  # no icp.yml here: never read
        assert result.exit_code == 2
        assert "Invalid value for '--format'" in result.stderr
        assert "icp.yml" not in result.stderr


class TestActionHelp:
    def test_config_default_is_the_one_action_uses(self, invoke):
        text = flat(invoke("action", "--help").output)
        assert "Path of icp.yml (default: $ICP_TRIAGE_CONFIG, else ./.github/icp.yml)." in text
        assert "./icp.yml," not in text

    def test_action_ignores_an_icp_yml_in_the_current_folder(self, invoke, tmp_path):
        """What the help says: ./icp.yml is not read, .github/icp.yml is looked for."""
        (tmp_path / "icp.yml").write_text("profile: {name: x, criteria: []}\n")
        result = invoke("action", env={"GITHUB_EVENT_NAME": "workflow_dispatch"})
        assert result.exit_code != 0
        assert ".github/icp.yml" in result.output
