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


class TestYamlDuplicateKeys:
    def test_a_section_given_twice_is_an_error(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\n  criteria:\n    - {attribute: y, in: [a]}\n"
        )
        result = invoke("check")
        assert result.exit_code == 2
        assert (
            "icp.yml: line 4, column 3: not valid YAML: the key 'criteria' appears twice in one mapping "
            "(first on line 2)"
        ) in result.output

    def test_merge_keys_may_still_be_overridden(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n"
            "    - &base {attribute: x, in: [a], weight: 2}\n"
            "    - {<<: *base, attribute: y}\n"
            "accounts: accounts.csv\n"
        )
        (tmp_path / "accounts.csv").write_text("id,x,y\nq,a,a\n")
        result = invoke("check")
        assert result.exit_code == 0, result.output
        assert "2 criteria (total weight 4)" in result.output

    def test_in_an_accounts_yaml_file(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\naccounts: a.yml\n"
        )
        (tmp_path / "a.yml").write_text("- id: a\n  x: 1\n  x: 2\n")
        result = invoke("check")
        assert result.exit_code == 2
        assert "a.yml: line 3, column 3: not valid YAML: the key 'x' appears twice" in result.output


class TestNonFiniteNumbers:
    @pytest.mark.parametrize(
        ("yaml_line", "expected"),
        [
            (
                "- {attribute: x, in: [a], weight: .inf}",
                "profile.criteria[0].weight: expected a finite number, got inf",
            ),
            (
                "- {attribute: x, range: {min: .nan}}",
                "profile.criteria[0].range.min: expected a finite number, got nan",
            ),
        ],
    )
    def test_in_the_profile(self, invoke, tmp_path, yaml_line, expected):
        (tmp_path / "icp.yml").write_text(f"profile:\n  criteria:\n    {yaml_line}\n")
        result = invoke("check")
        assert result.exit_code == 2
        assert f"icp.yml: {expected} (line 3)" in result.output

    @pytest.mark.parametrize("value", ["NaN", "Infinity"])
    def test_arr_in_accounts_json(self, invoke, tmp_path, value):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\naccounts: a.json\n"
        )
        (tmp_path / "a.json").write_text(f'[{{"id": "a", "arr": {value}}}]')
        result = invoke("check")
        assert result.exit_code == 2
        assert "a.json: [0].arr: expected a number for arr" in result.output

    @pytest.mark.parametrize(("value", "shown"), [("NaN", "nan"), ("Infinity", "inf")])
    def test_estimate_in_a_request_file(self, invoke, tmp_path, value, shown):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\naccounts: a.csv\n"
        )
        (tmp_path / "a.csv").write_text("id\na\n")
        (tmp_path / "r.json").write_text(f'{{"requests": [{{"key": "k", "estimate": {value}}}]}}')
        result = invoke("rank", "--input", "r.json")
        assert result.exit_code == 2
        assert f"r.json: requests[0].estimate: expected a finite number, got {shown}" in result.output
