"""``icp-triage explain KEY``: the accounts, signals, fits and arithmetic behind one request."""

from __future__ import annotations

import os

import typer

from icp_triage.cli import lifetime
from icp_triage.cli.options import ConfigOpt, Format, InputOpt, OutputOpt, runtime
from icp_triage.cli.output import emit, is_terminal, warn_all


def explain(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The request's key, e.g. acme/app#12 or PROJ-12 (#12 when unique)."),
    config: ConfigOpt = None,
    input: InputOpt = None,
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv, markdown or html."),
    output: OutputOpt = None,
) -> None:
    """Explain why one request ranks where it does, with every number.

    Lists every account behind the request with its signal (kind, strength, where it came
    from), tier and fit criterion by criterion, then writes out how demand, ICP value, ICP
    share and the class were computed. Signals that named no known account are listed with
    the reason. The numbers are the ones `rank` uses.

    Example:  icp-triage explain acme/app#12 --input requests.json
    """
    from icp_triage.core.explain import UnknownKey
    from icp_triage.core.explain import explain as explain_request
    from icp_triage.errors import DataError
    from icp_triage.reports.render import render_explanation
    from icp_triage.workspace import open_workspace

    clock, sleep = runtime(ctx).clock, runtime(ctx).sleep
    workspace = open_workspace(config, env=os.environ, clock=clock, sleep=sleep)
    backlog = workspace.rank(workspace.requests(input, env=os.environ))
    lifetime.keep(backlog)
    warn_all(backlog.notes)
    try:
        explanation = explain_request(backlog, key)  # with the settings the backlog was ranked with
    except UnknownKey as exc:
        hint = f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions else ""
        raise DataError(
            f"explain {key}: no request has this key{hint} (`icp-triage rank` lists them)"
        ) from None
    color = output is None and is_terminal()
    emit(render_explanation(explanation, format.value, accounts=backlog.accounts, color=color), output)


def register(app: typer.Typer) -> None:
    app.command()(explain)
