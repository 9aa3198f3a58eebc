"""The ``icp-triage`` console script.

``icp-triage action`` exactly as action.yml runs it (no options) goes straight to the Action,
without typer: typer's import and its per-parameter set-up cost about 0.1 s, paid by every
issue event on a fresh runner. Every other command line, ``action`` with options included,
goes to the typer app (``icp_triage.cli.main``). This module imports nothing else at the top,
so that choice costs nothing.
"""

from __future__ import annotations

import os
import sys


def _action_step() -> int:
    """Run the Action's step; its exit status. Failures are reported as TriageGroup does."""
    import gc
    import signal
    from pathlib import Path

    from icp_triage.action.timing import Timeline

    timeline = Timeline.from_env(os.environ)
    gc.disable()  # a short run, as icp_triage.cli.main explains
    # SIGTERM (a runner stopping the job) interrupts as Ctrl-C does, as for every command.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    from icp_triage.action.run import run_action

    if timeline is not None:
        timeline.mark("importing the Action's code")
    try:
        return run_action(os.environ, cwd=Path.cwd(), timeline=timeline)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return 130
    except Exception as exc:  # a bug: said briefly, the traceback only on request
        from icp_triage.stdout_guard import StdoutFailed

        if isinstance(exc, StdoutFailed):
            raise
        if os.environ.get("ICP_TRIAGE_DEBUG"):
            raise
        sys.stderr.write(
            f"Error: unexpected {type(exc).__name__}: {exc}\n"
            "This is a bug in icp-triage; set ICP_TRIAGE_DEBUG=1 to see the traceback and report it.\n"
        )
        return 1


def main() -> None:
    """Console-script entry point. Standard output that cannot be written (closed, full)
    is one error line and exit 1 (stdout_guard), never a success or a traceback."""
    from icp_triage.stdout_guard import StdoutFailed, install, report, settle

    install()
    if sys.argv[1:] == ["action"]:
        try:
            code: object = _action_step()
        except StdoutFailed as exc:
            code = report(exc)
        sys.exit(settle(code))
    from icp_triage.cli import main as cli_main

    cli_main()
