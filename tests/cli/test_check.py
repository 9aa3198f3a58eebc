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
