"""Bad input through the real CLI: exit 2, a message naming the file and where, no traceback."""

from __future__ import annotations

import pytest


class TestUsageErrors:
    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["rank", "--top", "0"], "Invalid value for '--top'"),
            (["rank", "--format", "xml"], "Invalid value for '--format'"),
            (["rank", "--bogus"], "No such option: --bogus"),
            (["nosuch"], "No such command 'nosuch'"),
            (["check", "--config", "."], "is a directory"),
            (["rank", "--input", "."], "is a directory"),
            (["fit"], "Missing argument"),
        ],
    )
    def test_usage_error_exits_2_not_as_a_bug(self, invoke, args, expected):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert expected in result.output
        assert "This is a bug" not in result.output
        assert "Traceback" not in result.output

    def test_help_still_exits_0(self, invoke):
        result = invoke("rank", "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output


class TestYamlAliases:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "profile:\n  criteria:\n    - {attribute: x, in: [a]}\n  name: &a [*a]\n",
                "icp.yml: profile.name: expected text, got a list (line 4)",
            ),
            ("profile:\n  criteria: &a [*a]\n", "icp.yml: profile.criteria[0]: expected a mapping"),
        ],
    )
    def test_an_alias_to_itself_is_a_config_error(self, invoke, tmp_path, text, expected):
        (tmp_path / "icp.yml").write_text(text)
        result = invoke("check")
        assert result.exit_code == 2, result.output
        assert expected in result.output
        assert "RecursionError" not in result.output
