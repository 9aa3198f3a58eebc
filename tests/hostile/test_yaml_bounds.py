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


def bomb_accounts() -> str:
    """An accounts YAML whose one account's tech stack is a nine-level alias bomb."""
    lines = ["anchors:", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 9):
        lines.append(f"  - &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    lines.append("accounts:")
    lines.append("  - {id: b, name: B, tech_stack: *l8}")
    return "\n".join(lines) + "\n"


class TestDeepYaml:
    @pytest.mark.parametrize("name", ["icp.yml", "accounts.yml"])
    def test_deep_nesting_is_a_data_error(self, invoke, tmp_path, name):
        (tmp_path / "icp.yml").write_text(ICP)
        (tmp_path / "accounts.yml").write_text(ACCOUNTS)
        (tmp_path / name).write_text(deep_yaml())
        result = invoke("check")
        assert result.exit_code == 2, result.output
        assert f"{name}: nested deeper than 100 levels" in result.output
        assert "RecursionError" not in result.output
        assert "This is a bug" not in result.output
