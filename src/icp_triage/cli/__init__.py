"""The ``icp-triage`` command line: thin commands over the core and the adapters."""

from __future__ import annotations

import os

from icp_triage.cli.app import app

# What a shell sets to ask for completions (click's _{PROG}_COMPLETE), e.g. in ~/.bashrc:
# eval "$(_ICP_TRIAGE_COMPLETE=source_bash icp-triage)"
COMPLETE_VAR = "_ICP_TRIAGE_COMPLETE"


def main() -> None:
    """Console-script entry point.

    The cyclic garbage collector is switched off: a run is short, builds millions of small
    acyclic objects, and the collector's passes over them more than doubled the time to rank
    100k requests. Reference counting still frees everything.
    """
    import gc
    import signal

    from icp_triage.cli import lifetime

    gc.disable()
    lifetime.enable()
    # SIGTERM (``timeout``, ``kill``, a runner stopping a job) interrupts as Ctrl-C does, so
    # work in progress is kept (a GitHub sync saves its pages) instead of the process
    # vanishing mid-write; the default action would end it on the spot.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    from icp_triage.stdout_guard import StdoutFailed, install, report, settle

    install()
    if COMPLETE_VAR in os.environ:  # shell completion asks; typer's shells, registered only then
        from typer._completion_classes import completion_init

        completion_init()
    code: object = 0
    try:
        app()
    except SystemExit as done:
        code = done.code
    except StdoutFailed as exc:  # from --version or --help, outside the commands' handler
        code = report(exc)
    lifetime.finish(settle(code))  # a success is only a success once its output is out


__all__ = ["app", "main"]
