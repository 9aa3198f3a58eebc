"""The ``icp-triage`` command line: thin commands over the core and the adapters."""

from __future__ import annotations

from icp_triage.cli.app import app


def main() -> None:
    """Console-script entry point.

    The cyclic garbage collector is switched off: a run is short, builds millions of small
    acyclic objects, and the collector's passes over them more than doubled the time to rank
    100k requests. Reference counting still frees everything.
    """
    import gc

    from icp_triage.cli import lifetime

    gc.disable()
    lifetime.enable()
    try:
        app()
    except SystemExit as done:
        lifetime.finish(done.code)
    lifetime.finish(0)


__all__ = ["app", "main"]
