"""``check`` names each identifier several accounts share, and the accounts (issue 16, defect 11)."""

from __future__ import annotations

import pytest

ICP = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
accounts: accounts.csv
"""
HEADER = "id,name,domains,github_logins,github_orgs,aliases,industry\n"


def run_check(invoke, tmp_path, rows: str, env=None):
    (tmp_path / "icp.yml").write_text(ICP)
    (tmp_path / "accounts.csv").write_text(HEADER + rows)
    return invoke("check", env=env)


class TestSharedIdentifiers:
    @pytest.mark.parametrize(
        ("rows", "warning"),
        [
            (
                "acme,Acme,acme.io,,,,saas\nacme-eu,Acme EU,ACME.IO,,,,saas\n",
                "domain 'acme.io' is shared by acme (domain), acme-eu (domain)",
            ),
            (
                "acme,Acme,,alice,,,saas\nglobex,Globex,,Alice,,,saas\n",
                "GitHub login 'alice' is shared by acme (login), globex (login)",
            ),
            (
                "acme,Acme,,,acme-gh,,saas\nglobex,Globex,,,ACME-GH,,saas\n",
                "GitHub org 'acme-gh' is shared by acme (org), globex (org)",
            ),
            (
                "acme,Acme,,,,Initech,saas\ninitech,Initech Inc.,,,,,saas\n",
                "name 'initech' is shared by acme (alias), initech (id/name)",
            ),
            (
                "acme,Acme Corp,,,,,saas\nacme-2,ACME Corp.,,,,,saas\n",
                "name 'acme' is shared by acme (id/name), acme-2 (name)",
            ),
        ],
        ids=["domain", "login", "org", "alias-vs-name", "two-names"],
    )
    def test_each_shared_identifier_is_named_with_its_accounts(self, invoke, tmp_path, rows, warning):
        result = run_check(invoke, tmp_path, rows)
        assert result.exit_code == 0, result.output
        assert f"Warning: {warning}: a request by it is ambiguous" in result.stderr

    def test_distinct_accounts_get_no_warning(self, invoke, tmp_path):
        result = run_check(
            invoke, tmp_path, "acme,Acme,acme.io,alice,,,saas\nglobex,Globex,globex.com,bob,,,saas\n"
        )
        assert result.exit_code == 0, result.output
        assert "shared by" not in result.stderr

    def test_a_secret_accounts_variable_shows_only_the_count(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(ICP)
        value = HEADER + "acme,Acme,acme.io,,,,saas\nacme-eu,Acme EU,acme.io,,,,saas\n"
        result = invoke("check", env={"ICP_TRIAGE_ACCOUNTS": value})
        assert result.exit_code == 0, result.output
        assert "1 identifiers are shared by several accounts (not shown" in result.stderr
        assert "acme.io" not in result.stderr and "acme-eu" not in result.stderr

    def test_the_help_says_so(self, invoke):
        result = invoke("check", "--help")
        assert "share" in result.stdout and "ambiguous" in result.stdout
