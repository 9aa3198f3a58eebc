"""Every YAML the tool reads refuses alias bombs and deep nesting, exit 2 (issue 16, defects 2, 9)."""

from __future__ import annotations

import pytest

from fakes.hostile import alias_bomb, deep_yaml
from fakes.waiting import cpu_seconds

ICP = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
accounts: accounts.yml
"""
ACCOUNTS = "- {id: acme, name: Acme, industry: saas}\n"


class TestAliasBomb:
    def test_in_icp_yml(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(ICP + alias_bomb())
        (tmp_path / "accounts.yml").write_text(ACCOUNTS)
        with cpu_seconds() as spent:  # CPU time: a loaded machine does not add to it
            result = invoke("check")
        assert spent.seconds < 5  # refused before expanding (expanding took minutes and 9.6 GB)
        assert result.exit_code == 2, result.output
        assert "icp.yml: its aliases (*name) expand to over 100,000 more values" in result.output

    def test_in_an_accounts_yaml(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(ICP)
        (tmp_path / "accounts.yml").write_text(bomb_accounts())
        with cpu_seconds() as spent:  # CPU time: a loaded machine does not add to it
            result = invoke("accounts")
        assert spent.seconds < 5  # refused before expanding (expanding took minutes and 9.6 GB)
        assert result.exit_code == 2, result.output
        assert "accounts.yml: its aliases (*name) expand to over 100,000" in result.output

    def test_a_few_shared_anchors_still_load(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - &c {attribute: industry, in: [saas], weight: 3}\n"
            "    - {<<: *c, attribute: sector}\naccounts: accounts.yml\n"
        )
        (tmp_path / "accounts.yml").write_text(ACCOUNTS)
        result = invoke("check")
        assert result.exit_code == 0, result.output


def shared_list(aliases: int) -> str:
    """An accounts YAML whose ``anchors`` repeat a 100-value list ``aliases`` times: each
    alias adds 100 values, so 1,000 add exactly 100,000."""
    return (
        "anchors:\n  - &a [" + ", ".join(["x"] * 99) + "]\n  - [" + ", ".join(["*a"] * aliases) + "]\n"
        "accounts:\n  - {id: acme, name: Acme, industry: saas}\n"
    )


class TestAliasBound:
    """The bound is 100,000 added values, no more and no less."""

    def test_exactly_100_000_added_values_still_load(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(ICP)
        (tmp_path / "accounts.yml").write_text(shared_list(1000))
        result = invoke("accounts")
        assert result.exit_code == 0, result.output

    @pytest.mark.parametrize(("aliases", "added"), [(1001, "100,100"), (2000, "200,000")])
    def test_more_are_refused_however_few_more(self, invoke, tmp_path, aliases, added):
        (tmp_path / "icp.yml").write_text(ICP)
        (tmp_path / "accounts.yml").write_text(shared_list(aliases))
        result = invoke("accounts")
        assert result.exit_code == 2, result.output
        assert f"expand to over 100,000 more values ({added})" in result.output

    def test_a_bomb_held_in_mapping_keys_is_refused_as_a_bomb(self, invoke, tmp_path):
        # not "found unhashable key", which hides what the file does
        levels = ["? &l0 [" + ", ".join(["lol"] * 9) + "]\n: 0"]
        levels += [f"? &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + f"]\n: {n}" for n in range(1, 9)]
        (tmp_path / "icp.yml").write_text(ICP)
        (tmp_path / "accounts.yml").write_text("\n".join(levels) + "\n")
        result = invoke("accounts")
        assert result.exit_code == 2, result.output
        assert "accounts.yml: its aliases (*name) expand to over 100,000 more values" in result.output


def bomb_accounts() -> str:
    """An accounts YAML whose one account's tech stack is a nine-level alias bomb."""
    lines = ["anchors:", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 9):
        lines.append(f"  - &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    lines.append("accounts:")
    lines.append("  - {id: b, name: B, tech_stack: *l8}")
    return "\n".join(lines) + "\n"


class TestDeepYaml:
    @pytest.mark.parametrize("depth", [150, 1000])
    @pytest.mark.parametrize("name", ["icp.yml", "accounts.yml"])
    def test_deep_nesting_is_a_data_error(self, invoke, tmp_path, name, depth):
        (tmp_path / "icp.yml").write_text(ICP)
        (tmp_path / "accounts.yml").write_text(ACCOUNTS)
        (tmp_path / name).write_text(deep_yaml(depth))
        result = invoke("check")
        assert result.exit_code == 2, result.output
        assert f"{name}: " in result.output and "nested deeper than 100 levels" in result.output
        assert "RecursionError" not in result.output
        assert "This is a bug" not in result.output
