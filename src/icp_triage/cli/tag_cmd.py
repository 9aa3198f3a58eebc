"""``icp-triage tag``: label and comment GitHub issues with their ICP class and fit."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from icp_triage.cli.options import CacheOpt, ConfigOpt, InputOpt, RefreshOpt
from icp_triage.cli.output import progress

OnlyOpt = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option(
        "--only", metavar="KEY", help="Tag only this issue (owner/repo#12): one read, at most a few writes."
    ),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print every planned write (labels, comments) and make none.")
]


def tag(
    config: ConfigOpt = None,
    input: InputOpt = None,
    only: OnlyOpt = None,
    dry_run: DryRunOpt = False,
    cache: CacheOpt = None,
    refresh: RefreshOpt = False,
) -> None:
    """Label each GitHub issue with its ICP class and its best requester's fit tier, and keep
    one comment on it that explains them.

    Labels look like icp:core, icp:mixed, icp:opportunistic, icp:unattributed and icp-fit:A
    (prefix from tagging.prefix); only labels with that prefix are ever removed. The comment
    is found again by a hidden marker and edited in place, and a run with nothing changed
    writes nothing. With tagging.disclose: tier-only (the default) nothing written names an
    account. The token needs issues write access (GITHUB_TOKEN or GH_TOKEN).

    Example:  icp-triage tag --dry-run
    """
    from icp_triage.adapters.github import apply_writes, plan_backlog, plan_issue, split_key
    from icp_triage.core.ranking import Backlog
    from icp_triage.core.tagging import Tags, desired_tags
    from icp_triage.errors import ConfigError, DataError
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(config, env=os.environ)
    settings = workspace.config.tagging
    source = workspace.config.source
    if input is None and (source is None or source.github is None):
        raise ConfigError(
            f"{workspace.loaded.path}: tag writes to GitHub issues: set source: {{github: {{repo: owner/name}}}} "
            "(or pass --input FILE with requests keyed owner/repo#N)"
        )
    session = workspace.github(os.environ, cache=cache, progress=progress)
    attribution = workspace.config.attribution

    def tags_for(key: str, ranked: Backlog) -> Tags:
        item = ranked.item(key)
        if item is None:
            raise DataError(f"{key}: not in the ranked backlog")
        return desired_tags(
            item,
            settings,
            icp_tiers=workspace.config.profile.icp_tiers,
            form_field=attribution.form_field,
            label_prefix=attribution.label_prefix,
            trailer=attribution.trailer,
        )

    if input is None and only is not None:  # one issue: read it fresh, rank it alone
        repo, number = split_key(only)
        snapshot = session.issue(repo, number, label_prefix=settings.prefix)
        current = [snapshot.request]
        backlog = workspace.rank(
            current, orgs_by_login=workspace.github_orgs(current, env=os.environ, cache=cache)
        )
        writes = plan_issue(snapshot, tags_for(snapshot.request.key, backlog), settings=settings)
        issues = 1
    else:
        if input is not None:  # rank the export, but read each issue's labels and comments fresh
            ranked_from = workspace.requests(input, env=os.environ)
            if only is not None:
                ranked_from = [r for r in ranked_from if r.key == only]
                if not ranked_from:
                    raise DataError(f"{input}: no request with key {only}")
            current = [
                session.issue(*split_key(r.key), label_prefix=settings.prefix).request for r in ranked_from
            ]
        else:
            current = workspace.requests(
                None, env=os.environ, cache=cache, refresh=refresh, progress=progress
            )
            ranked_from = current
        backlog = workspace.rank(
            ranked_from, orgs_by_login=workspace.github_orgs(ranked_from, env=os.environ, cache=cache)
        )
        pairs = [(request, tags_for(request.key, backlog)) for request in current]
        writes = plan_backlog(session.client, pairs, settings=settings)
        issues = len(pairs)

    dry = dry_run or settings.dry_run
    apply_writes(session.client, writes, dry_run=dry, echo=typer.echo if dry else progress)
    touched = len({w.target for w in writes if "#" in w.target})
    if dry:
        typer.echo(
            f"Dry run: {len(writes)} planned write(s) on {touched} of {issues} issue(s); nothing written."
        )
    else:
        typer.echo(
            f"Tagged {issues} issue(s): {len(writes)} write(s) on {touched}, "
            f"{issues - touched} already up to date ({session.client.requests} GitHub request(s) in all)."
        )


def register(app: typer.Typer) -> None:
    app.command()(tag)
