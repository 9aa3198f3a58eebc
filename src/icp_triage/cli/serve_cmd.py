"""``icp-triage serve``, ``worker`` and ``db upgrade``: the webhook service (extra ``service``)."""

from __future__ import annotations

import os
from typing import Optional

import typer

from icp_triage.cli.options import ConfigOpt
from icp_triage.errors import ConfigError

MigrateOpt = typer.Option(
    False, "--migrate", help="Upgrade an older database schema on start (stop older replicas first)."
)
WorkersOpt = typer.Option(
    None, "--workers", "-w", min=0, help="Worker threads in this process (default service.workers, 1)."
)


def _need_extra() -> None:
    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the service needs the 'service' extra: pip install 'icp-triage[service]'"
        ) from None


def serve(
    config: ConfigOpt = None,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    workers: Optional[int] = WorkersOpt,  # noqa: UP045 - typer needs Optional on 3.10
    migrate: bool = MigrateOpt,
    check: bool = typer.Option(False, "--check", help="Validate config, secrets and database, then exit."),
) -> None:
    """Run the webhook service: GitHub and Jira deliveries in, tagged issues and a live backlog out.

    Verifies each delivery's signature, stores it in a durable queue (SQLite file
    icp-triage.db in this directory, or ICP_TRIAGE_DATABASE_URL), answers 202 and tags the
    request in a worker, as the Action does. Serves GET /backlog, /, /requests/KEY and
    /plan?capacity=N behind ICP_TRIAGE_READ_TOKEN. Secrets come from the environment:
    ICP_TRIAGE_GITHUB_WEBHOOK_SECRET, ICP_TRIAGE_JIRA_WEBHOOK_SECRET, ICP_TRIAGE_READ_TOKEN,
    ICP_TRIAGE_ADMIN_TOKEN, and GITHUB_TOKEN or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY for
    GitHub sources, JIRA_EMAIL + JIRA_API_TOKEN (Cloud) or JIRA_TOKEN (Data Center) for Jira.
    SIGTERM stops gracefully. Needs: pip install 'icp-triage[service]'.

    Example:  icp-triage serve --host 0.0.0.0 --port 8000 --workers 4
    """
    _need_extra()
    from icp_triage.service import runner

    if check:
        for line in runner.check_only(config, os.environ):
            typer.echo(line)
        return
    runner.serve(config, os.environ, host=host, port=port, workers=workers, migrate=migrate)


def worker(
    config: ConfigOpt = None,
    workers: Optional[int] = WorkersOpt,  # noqa: UP045 - typer needs Optional on 3.10
    migrate: bool = MigrateOpt,
) -> None:
    """Process queued deliveries without serving HTTP (more workers beside `serve --workers 0`).

    Shares the database of `serve` (ICP_TRIAGE_DATABASE_URL); run as many as the trackers'
    rate limits allow. SIGTERM finishes or releases the jobs in flight and exits 0.

    \b
    Example:  icp-triage worker --config .github/icp.yml --workers 2
    """
    _need_extra()
    from icp_triage.service import runner

    runner.work(config, os.environ, workers=workers, migrate=migrate)


db_app = typer.Typer(
    help=(
        "The service database: SQLite file icp-triage.db in this directory, or "
        "ICP_TRIAGE_DATABASE_URL.\n\n\b\nExample:  icp-triage db upgrade --config .github/icp.yml"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


@db_app.command("upgrade")
def db_upgrade(config: ConfigOpt = None) -> None:
    """Upgrade the service database schema to this version's (stop older replicas first).

    Example:  icp-triage db upgrade --config .github/icp.yml
    """
    _need_extra()
    from icp_triage.service import runner

    typer.echo(runner.upgrade(config, os.environ))


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(worker)
    app.add_typer(db_app, name="db")
