"""``icp-triage explain KEY``: the accounts, signals, fits and arithmetic behind one request."""

from __future__ import annotations

import os
from typing import Optional

import typer

from icp_triage.cli import lifetime
from icp_triage.cli.options import ConfigOpt, Format, InputOpt, OutputOpt, tracker_wiring
from icp_triage.cli.output import emit, is_terminal, warn_all


def explain(
    ctx: typer.Context,
    key: Optional[str] = typer.Argument(  # noqa: UP045 - typer needs Optional on 3.10
        None,
        help="The request's key, e.g. acme/app#12 or PROJ-12; #12 is issue number 12 (when unique), not a rank.",
    ),
    rank: Optional[int] = typer.Option(  # noqa: UP045
        None,
        "--rank",
        "-r",
        min=1,
        help="Explain the request ranked N in the ranked backlog (the # column of rank).",
    ),
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

    Give the request's key, or --rank N for the request at rank N of `icp-triage rank` (its
    # column). '#12' names issue number 12, as in acme/app#12, not the 12th request.

    \b
    Examples:  icp-triage explain acme/app#12 --input requests.json
               icp-triage explain --rank 1
    """
    from icp_triage.core.explain import UnknownKey
    from icp_triage.core.explain import explain as explain_request
    from icp_triage.errors import DataError
    from icp_triage.reports.render import render_explanation
    from icp_triage.workspace import open_workspace

    if (key is None) == (rank is None):
        raise typer.BadParameter("give the request's KEY or --rank N, one of the two", param_hint="KEY")
    run_on = tracker_wiring(ctx)
    workspace = open_workspace(
        config, env=os.environ, clock=run_on.clock, sleep=run_on.sleep, tracker=run_on.tracker
    )
    backlog = workspace.rank(workspace.requests(input, env=os.environ))
    lifetime.keep(backlog)
    warn_all(backlog.notes)
    if rank is not None:
        if rank > len(backlog.ranked):
            from icp_triage.reports.numbers import counted

            raise DataError(
                f"explain --rank {rank}: the ranked backlog holds {counted(len(backlog.ranked), 'request')} "
                "(`icp-triage rank` lists them)"
            )
        key = backlog.ranked[rank - 1].key
    assert key is not None
    try:
        explanation = explain_request(backlog, key)  # with the settings the backlog was ranked with
    except UnknownKey as exc:
        if exc.canonical is not None:
            raise DataError(
                f"explain {key}: a duplicate of {exc.canonical}, where its signals count: "
                f"`icp-triage explain {exc.canonical}`"
            ) from None
        hint = f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions else ""
        number = key.lstrip("#")
        if key.startswith("#") and number.isdigit() and not hint:
            hint = (
                f"; #{number} is an issue number (as in owner/repo#{number}), not a rank: "
                f"`icp-triage explain --rank {number}` explains the request ranked {number}"
            )
        raise DataError(
            f"explain {key}: no request has this key{hint} (`icp-triage rank` lists them)"
        ) from None
    color = output is None and is_terminal()
    emit(render_explanation(explanation, format.value, accounts=backlog.accounts, color=color), output)


def register(app: typer.Typer) -> None:
    app.command()(explain)
