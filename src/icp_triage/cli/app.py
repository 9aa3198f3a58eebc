"""The typer application, its error handling and the registration of every command.

Only typer is imported here: each command imports pydantic, rich and the adapters inside
its body, so ``icp-triage --version`` and ``--help`` start about as fast as typer itself.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from icp_triage import __version__
from icp_triage.cli.lifetime import closed_pipe, stdout_gone
from icp_triage.errors import TriageError


class TriageGroup(TyperGroup):
    """Turns every ``TriageError`` into one ``Error:`` paragraph on stderr and its exit code.

    A reader that stops early (``| head``) closes stdout under the next write; that is the
    reader's choice, not a failure, so it ends the command quietly with status 0 (the exit
    codes of DESIGN.md stay 0, 1 and 2) instead of being reported as a bug.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TriageError as exc:
            from icp_triage.cli.output import say  # inert, wrapped between words in a terminal

            say(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # usage errors (exit 2), --help and typer.Exit: typer reports them itself
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:  # a bug: say so briefly; the traceback only on request
            if closed_pipe(exc):
                stdout_gone()
                raise typer.Exit(0) from None
            if os.environ.get("ICP_TRIAGE_DEBUG"):
                raise
            from icp_triage.cli.output import say

            say(
                f"Error: unexpected {type(exc).__name__}: {exc}\n"
                "This is a bug in icp-triage; set ICP_TRIAGE_DEBUG=1 to see the traceback and report it.",
                err=True,
            )
            raise typer.Exit(1) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order they were registered in: the order to learn them


app = typer.Typer(
    cls=TriageGroup,
    name="icp-triage",
    help=(
        "Rank a feature backlog by fit to your Ideal Customer Profile (ICP), and set apart the "
        "feature opportunism of large but ill-fitting accounts.\n\n"
        "Start with `icp-triage demo`, then `icp-triage init` to write your own icp.yml.\n\n"
        "Exit status: 0 ok; 2 bad usage, config or data; 1 a tracker or store failure, or standard "
        "output that cannot be written (closed or full: one 'cannot write to standard output' line)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"icp-triage {__version__} (Python {sys.version.split()[0]})")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Print the version and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    """Rank a feature backlog by fit to your Ideal Customer Profile."""


from icp_triage.cli import (  # noqa: E402
    accounts_cmd,
    action_cmd,
    check_cmd,
    demo_cmd,
    explain_cmd,
    fit_cmd,
    init_cmd,
    plan_cmd,
    rank_cmd,
    shipped_cmd,
    trend_cmd,
)

for module in (demo_cmd, init_cmd, check_cmd, accounts_cmd, fit_cmd, rank_cmd):
    module.register(app)
for module in (explain_cmd, plan_cmd, trend_cmd, shipped_cmd):
    module.register(app)

from icp_triage.cli import tag_cmd  # noqa: E402

tag_cmd.register(app)
from icp_triage.cli import profile_cmd  # noqa: E402

profile_cmd.register(app)
action_cmd.register(app)

from icp_triage.cli import serve_cmd  # noqa: E402

serve_cmd.register(app)
from icp_triage.cli import config_cmd  # noqa: E402

config_cmd.register(app)
