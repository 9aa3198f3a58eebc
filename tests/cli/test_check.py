"""``icp-triage check``: the warnings that catch a profile or an export that silently does less."""

from __future__ import annotations


class TestMissingAttributes:
    def test_an_anti_signal_on_a_column_no_account_has_is_warned(self, invoke, sample):
        """A typo in an anti signal's attribute silently disables disqualification."""
        config = sample / "icp.yml"
        text = config.read_text()
        config.write_text(text.replace("attribute: support_tickets_90d", "attribute: support_tickets_09d"))
        result = invoke("check")
        assert result.exit_code == 0, result.output
        assert (
            "Warning: no account has a value for 'support_tickets_09d' (an anti signal names it, so it "
            "never triggers) (check the column name)." in result.stderr
        )

    def test_a_correct_profile_gets_no_such_warning(self, invoke, sample):
        result = invoke("check")
        assert result.exit_code == 0, result.output
        assert "no account has a value" not in result.stderr


class TestUnusableValues:
    def test_the_warnings_left_out_are_counted(self, invoke, sample):
        rows = "".join(f"x{i},X{i},,,,,,saas,lots,eu,aws,low,1\n" for i in range(13))
        with (sample / "accounts.csv").open("a") as f:
            f.write(rows)
        result = invoke("check")
        assert result.exit_code == 0, result.output
        warnings = [line for line in result.stderr.splitlines() if "is not a number" in line]
        assert len(warnings) == 10
        assert "Warning: and 3 more unusable values." in result.stderr


class TestUnusableContacts:
    def test_domains_and_logins_attribution_cannot_use_are_named(self, invoke, sample):
        with (sample / "accounts.csv").open("a") as f:
            f.write("hub,Hub,hub co uk,bob smith,,,,saas,300,eu,aws,low,1\n")
        result = invoke("check")
        assert result.exit_code == 0, result.output
        assert "Warning: hub: domains: 'hub co uk' is not a domain; no request is attributed by it." in (
            result.stderr
        )
        assert (
            "Warning: hub: github_logins: 'bob smith' is not a GitHub name; no request is attributed by it."
            in (result.stderr)
        )

    def test_comma_separated_and_internationalised_ones_are_usable(self, invoke, sample):
        with (sample / "accounts.csv").open("a") as f:
            f.write('buch,Bücher,"bücher.de, buecher.de","bob1, dependabot[bot]",,,,saas,300,eu,aws,low,1\n')
        result = invoke("check")
        assert result.exit_code == 0, result.output
        assert "is not a" not in result.stderr


class TestAccountsFromASecret:
    def test_warnings_count_accounts_but_never_name_them(self, invoke, sample):
        """A CI log may be public: from $ICP_TRIAGE_ACCOUNTS, no id, name or cell is printed."""
        text = (sample / "accounts.csv").read_text()
        text += "hub-secretco,SecretCo,hub co uk,,,,,saas,lots,eu,aws,low,1\n"  # bad domain, employees
        text += "thin-secretco,ThinCo,,,,,,,,,,,\n"  # tier unknown: too little data
        (sample / "accounts.csv").unlink()
        (sample / "icp.yml").write_text(
            (sample / "icp.yml").read_text().replace("accounts: accounts.csv\n", "")
        )
        result = invoke("check", env={"ICP_TRIAGE_ACCOUNTS": text})
        assert result.exit_code == 0, result.output
        assert "Warning: 1 unusable values (not shown: $ICP_TRIAGE_ACCOUNTS is a secret" in result.stderr
        assert "Warning: 1 unusable domains or logins (not shown" in result.stderr
        assert "Too little data" in result.stdout and "(not shown" in result.stdout
        for secret in ("secretco", "SecretCo", "hub co uk", "lots", "umbrella"):
            assert secret not in result.output
