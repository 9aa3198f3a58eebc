"""``icp-triage action``: one workflow step, from the event to labels, outputs and summary.

An issue event evaluates that one issue (one read, then only the writes that change
something: at most three calls on an issue already labelled once); ``schedule`` and
``workflow_dispatch`` rank the backlog from the adapter's cached sync into the job summary.
Every failure becomes one workflow-command annotation (with the file and line of an
``icp.yml`` problem) and the exit status of ``errors.py``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from icp_triage.action.commands import Runner
from icp_triage.action.events import RankBacklog, ReviewProfile, Skip, TagIssue, decide
from icp_triage.action.settings import ActionSettings, read_event
from icp_triage.action.timing import Timeline
from icp_triage.errors import ConfigError, DataError, TriageError

PERMISSION_HINT = (
    "Give the workflow's token access to issues: add this block to the workflow (or to its job):"
    "\npermissions:\n  issues: write\n  contents: read"
)


# Every output is set on every run (empty where it does not apply), so a workflow can test
# `steps.icp.outputs.report != ''` without an earlier run's value leaking in.
OUTPUTS = ("class", "tier", "icp-value", "report")


def run_action(
    env: Mapping[str, str],
    *,
    cwd: Path,
    out: TextIO | None = None,
    config: Path | None = None,
    mode: str | None = None,
    dry_run: bool | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
    timeline: Timeline | None = None,
) -> int:
    """Run the Action for the event in ``env``; returns the exit status (0, 1 or 2).

    ``clock`` and ``sleep`` go to the tracker's client (tests record waits instead of
    sleeping; default the real ones). Never raises a TriageError: it is
    reported as an annotation instead. With ``ICP_TRIAGE_DEBUG`` set (or a ``timeline``
    given) the time of each stage goes to stderr at the end.
    """
    runner = Runner(env, out=out)
    timeline = timeline or Timeline.from_env(env)
    mark = timeline.mark if timeline is not None else None
    try:
        settings = ActionSettings.from_env(env, cwd=cwd, config=config, mode=mode, dry_run=dry_run)
        payload = read_event(settings.event_path, event_name=settings.event_name)
        decision = decide(settings.event_name, payload, repository=settings.repository, mode=settings.mode)
        if mark:
            mark("the settings and the event payload")
        if isinstance(decision, Skip):
            runner.notice(decision.message)
            return 0
        from icp_triage.action import flows

        if isinstance(decision, ReviewProfile):
            from icp_triage.action.profile_flow import review_profile

            values = review_profile(
                decision, settings, env=env, cwd=cwd, runner=runner, clock=clock, sleep=sleep
            )
            runner.set_outputs({name: values.get(name, "") for name in OUTPUTS})
            return 0
        workspace = flows.open_action_workspace(
            settings, env=env, cwd=cwd, notice=runner.notice, clock=clock, sleep=sleep, mark=mark
        )
        if isinstance(decision, TagIssue):
            values = flows.tag_issue(decision, workspace, settings, runner=runner, mark=mark)
        else:
            assert isinstance(decision, RankBacklog)
            values = flows.rank_backlog(decision, workspace, settings, runner=runner)
        runner.set_outputs({name: values.get(name, "") for name in OUTPUTS})
        if mark:
            mark("the outputs and the log")
        return 0
    except TriageError as exc:
        report_error(runner, exc)
        return exc.exit_code
    finally:
        if timeline is not None:
            sys.stderr.write(timeline.render())


def report_error(runner: Runner, exc: TriageError) -> None:
    """One annotation for ``exc``: on the config file's line when known, the permissions
    block to add when GitHub refused a write."""
    from icp_triage.action.flows import is_permission_error

    message = _relative_paths(str(exc), runner.env.get("GITHUB_WORKSPACE"))
    if is_permission_error(exc):
        runner.error(f"{message}\n\n{PERMISSION_HINT}")
    elif isinstance(exc, (ConfigError, DataError)) and exc.file and not exc.file.startswith("$"):
        runner.error(message, file=exc.file, line=exc.line)  # "$ICP_TRIAGE_ACCOUNTS" is no file
    else:
        runner.error(message)


def _relative_paths(message: str, workspace: str | None) -> str:
    """Paths inside the checkout as the user knows them (``.github/icp.yml``), not absolute."""
    if not workspace:
        return message
    root = str(Path(workspace).resolve())
    return message.replace(root + os.sep, "").replace(workspace.rstrip(os.sep) + os.sep, "")
