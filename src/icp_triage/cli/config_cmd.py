"""``icp-triage config schema``: icp.yml's JSON Schema, for editors and CI checks."""

from __future__ import annotations

import typer

config_app = typer.Typer(
    help="About icp.yml itself.\n\n\b\nExample:  icp-triage config schema > icp.schema.json",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@config_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of icp.yml, generated from the models `check` validates with.

    Editors validate and complete icp.yml as it is typed when its first line names a schema
    (the starter file `init` writes does); save this output to point that line at a local
    copy, e.g. on a machine without network access.

    Example:  icp-triage config schema > icp.schema.json
    """
    from icp_triage.config.editor_schema import icp_schema_text

    typer.echo(icp_schema_text(), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
