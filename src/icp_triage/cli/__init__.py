"""The ``icp-triage`` command line: thin commands over the core and the adapters."""

from __future__ import annotations

from icp_triage.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
