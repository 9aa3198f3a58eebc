"""The runner protocols: escaped workflow commands, outputs with random delimiters, the summary."""

from __future__ import annotations

import io
import re

from action_harness import parse_outputs

from icp_triage.action.commands import (
    SUMMARY_LIMIT,
    Runner,
    escape_data,
    escape_property,
    fit_summary,
    format_command,
    output_block,
    workspace_relative,
)


class TestEscape:
    def test_data_escapes_percent_and_newlines(self):
        assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"

    def test_property_also_escapes_colon_and_comma(self):
        assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"

    def test_format_command(self):
        line = format_command("error", "bad\nvalue", file=".github/icp.yml", line=12, title=None)
        assert line == "::error file=.github/icp.yml,line=12::bad%0Avalue"

    def test_untrusted_newline_cannot_start_a_second_command(self):
        line = format_command("notice", "title\n::add-mask::x")
        assert "\n" not in line


class TestWorkspaceRelative:
    def test_absolute_inside_workspace(self, tmp_path):
        path = tmp_path / ".github" / "icp.yml"
        assert workspace_relative(path, workspace=str(tmp_path)) == ".github/icp.yml"

    def test_relative_stays(self):
        assert workspace_relative(".github/icp.yml", workspace="/w") == ".github/icp.yml"

    def test_outside_workspace_is_given_as_is(self, tmp_path):
        assert workspace_relative("/etc/icp.yml", workspace=str(tmp_path)) == "/etc/icp.yml"


class TestRunner:
    def test_annotation_with_file_and_line(self, tmp_path):
        out = io.StringIO()
        Runner({"GITHUB_WORKSPACE": str(tmp_path)}, out=out).error(
            "expected a number", file=str(tmp_path / ".github/icp.yml"), line=12
        )
        assert out.getvalue() == "::error file=.github/icp.yml,line=12::expected a number\n"

    def test_line_without_file_is_dropped(self):
        out = io.StringIO()
        Runner({}, out=out).warning("w", line=3)
        assert out.getvalue() == "::warning::w\n"

    def test_log_defuses_a_line_that_looks_like_a_command(self):
        out = io.StringIO()
        Runner({}, out=out).log("ok\n  ::set-env name=X::1")
        assert [line.lstrip()[:2] for line in out.getvalue().splitlines()] != ["ok", "::"]
        assert not any(line.lstrip().startswith("::") for line in out.getvalue().splitlines())

    def test_verbatim_brackets_with_a_random_token(self):
        out = io.StringIO()
        runner = Runner({}, out=out)
        with runner.verbatim():
            out.write("::error::from an issue body\n")
        first, _body, last = out.getvalue().splitlines()
        token = first.removeprefix("::stop-commands::")
        assert re.fullmatch(r"[0-9a-f]{32}", token)
        assert last == f"::{token}::"
        with runner.verbatim():
            pass
        assert token not in out.getvalue().splitlines()[-1]

    def test_outputs_multiline_safe(self, tmp_path):
        path = tmp_path / "output"
        path.write_text("earlier=1\n")
        Runner({"GITHUB_OUTPUT": str(path)}).set_outputs({"class": "icp-core", "report": "a\nb=c"})
        assert parse_outputs(path.read_text()) == {"earlier": "1", "class": "icp-core", "report": "a\nb=c"}

    def test_outputs_printed_outside_actions(self):
        out = io.StringIO()
        Runner({}, out=out).set_outputs({"tier": "A"})
        assert out.getvalue() == "output tier: A\n"

    def test_delimiter_is_random_and_not_in_the_value(self):
        first, second = output_block("x", "v"), output_block("x", "v")
        assert first != second
        assert first.startswith("x<<ghadelimiter_")

    def test_summary_appends(self, tmp_path):
        path = tmp_path / "summary.md"
        runner = Runner({"GITHUB_STEP_SUMMARY": str(path)})
        assert runner.append_summary("# one\n") and runner.append_summary("two\n")
        assert path.read_text() == "# one\ntwo\n"

    def test_no_summary_outside_actions(self):
        assert Runner({}).append_summary("x") is False

    def test_summary_never_exceeds_the_step_limit(self, tmp_path):
        path = tmp_path / "summary.md"
        path.write_text("x" * 1000 + "\n")
        Runner({"GITHUB_STEP_SUMMARY": str(path)}).append_summary("| row |\n" * 200_000)
        size = path.stat().st_size
        assert size <= SUMMARY_LIMIT
        assert path.read_text().rstrip().endswith("`report` output.")


class TestFitSummary:
    def test_fits_unchanged(self):
        assert fit_summary("abc\n", 10) == "abc\n"

    def test_cut_at_a_line_end_never_inside_a_character(self):
        text = "é" * 300 + "\n" + "ü" * 300 + "\n"
        cut = fit_summary(text, 1000)
        assert len(cut.encode()) <= 1000
        assert cut.startswith("é" * 300 + "\n")
        assert "ü" not in cut

    def test_no_room_at_all(self):
        assert fit_summary("x" * 100, 10) == ""
