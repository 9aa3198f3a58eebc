"""The Action refuses hostile files from a pull request's checkout (issue 16)."""

from __future__ import annotations

import io

from fakes.hostile import alias_bomb
from fakes.waiting import cpu_seconds
from icp_triage.action.run import run_action


class TestHostileConfig:
    def test_in_the_actions_github_icp_yml(self, checkout, sample):
        checkout.config.write_text(checkout.config.read_text() + alias_bomb(key="bomb"))
        with cpu_seconds() as spent:  # CPU time: a loaded runner does not add to it
            result = checkout.run("issues", sample("issues.opened"))
        assert spent.seconds < 5  # refused before expanding (expanding took minutes and 9.6 GB)
        assert result.code == 2
        assert "expand to over 100,000 more values" in result.stdout


def test_a_deeply_nested_event_file_is_a_clean_error(checkout):
    """Issue 17, defect 4: an event payload nested 5,000 levels deep ended in a RecursionError
    and "This is a bug"; it is bad input (exit 2) named by its file."""
    env = checkout.env("issues", {})
    event = checkout.temp / "event.json"
    event.write_text('{"issue": ' + "[" * 5000 + "]" * 5000 + "}")
    out = io.StringIO()
    code = run_action({**env, "GITHUB_EVENT_PATH": str(event)}, cwd=checkout.workspace, out=out)
    assert code == 2
    assert "event.json: the event payload: nested deeper than" in out.getvalue()
    assert "This is a bug" not in out.getvalue()
