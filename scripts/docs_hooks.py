"""MkDocs hooks: the reference pages that are generated from the code, so they cannot drift.

mkdocs.yml names this file under ``hooks:``. A page holds a marker comment and gets the text
in its place while the site builds:

- ``<!-- generated: commands -->``: every command's ``--help``, as the installed icp-triage
  prints it at 100 columns;
- ``<!-- generated: config-keys -->``: every icp.yml key, its type, default and meaning,
  from the JSON Schema ``icp-triage config schema`` prints (itself from the pydantic models).

``icp.schema.json`` is also a file of the site, at its root, where the guides link it.
tests/docs/test_site.py builds the site and checks both.
"""

from __future__ import annotations

import json
from typing import Any

WIDTH = 100


def commands() -> list[tuple[str, ...]]:
    """Every command path (``("rank",)``, ``("profile", "suggest")``), in --help's order."""
    import typer

    from icp_triage.cli import app

    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        """Typer ships its own click, so groups are told by what they do, not by a class."""
        if path:
            found.append(path)
        if hasattr(command, "list_commands"):
            context = command.context_class(command)
            for name in command.list_commands(context):
                child = command.get_command(context, name)
                if child is not None and not child.hidden:
                    walk(child, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def help_text(path: tuple[str, ...]) -> str:
    """``icp-triage PATH --help`` at WIDTH columns, as a terminal of that width shows it."""
    from typer.testing import CliRunner

    from icp_triage.cli import app

    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=WIDTH, prog_name="icp-triage")
    if result.exit_code != 0:
        raise RuntimeError(f"icp-triage {' '.join(path)} --help exited {result.exit_code}: {result.output}")
    return result.output.rstrip() + "\n"


def commands_markdown() -> str:
    parts = ["## `icp-triage --help`\n", "```text\n" + help_text(()) + "```\n"]
    for path in commands():
        name = " ".join(path)
        parts += [f"## `icp-triage {name}`\n", "```text\n" + help_text(path) + "```\n"]
    return "\n".join(parts)


def _type(node: dict[str, Any]) -> str:
    if "$ref" in node:  # a section of its own, below on the page
        name = node["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in node:
        return " or ".join(_type(n) for n in node["anyOf"] if n.get("type") != "null")
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    kind = node.get("type", "any")
    if kind == "array":
        return f"list of {_type(node.get('items', {}))}"
    if kind == "object" and "additionalProperties" in node and isinstance(node["additionalProperties"], dict):
        return f"map to {_type(node['additionalProperties'])}"
    return str(kind)


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").replace("``", "`").split())


def _table(node: dict[str, Any]) -> str:
    """key, type, default (and meaning, where the model describes its fields)."""
    properties = node.get("properties", {})
    described = any("description" in spec for spec in properties.values())
    rows = [
        "| key | type | default |" + (" meaning |" if described else ""),
        "|---|---|---|" + ("---|" if described else ""),
    ]
    required = set(node.get("required", []))
    for key, spec in properties.items():
        default = (
            "required" if key in required else f"`{json.dumps(spec['default'])}`" if "default" in spec else ""
        )
        meaning = f" {_cell(spec.get('description', ''))} |" if described else ""
        rows.append(f"| `{key}` | {_cell(_type(spec))} | {default} |{meaning}")
    return "\n".join(rows) + "\n"


def config_markdown() -> str:
    """A table for the top level, then one per section type, in the order they are defined."""
    from icp_triage.config.editor_schema import icp_schema

    schema = icp_schema()
    parts = ["### Top level\n", _table(schema)]
    for name, node in schema["$defs"].items():
        if "properties" not in node:
            continue
        parts += [f"### {name}\n", _cell(node.get("description", "")) + "\n", _table(node)]
    return "\n".join(parts)


GENERATORS = {
    "<!-- generated: commands -->": commands_markdown,
    "<!-- generated: config-keys -->": config_markdown,
}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    for marker, generate in GENERATORS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, generate())
    return markdown


def on_files(files: Any, config: Any) -> Any:
    """The schema as a file of the site (``icp.schema.json`` at its root), linkable by pages."""
    from mkdocs.structure.files import File

    from icp_triage.config.editor_schema import SCHEMA_FILE, icp_schema_text

    files.append(File.generated(config, SCHEMA_FILE, content=icp_schema_text()))
    return files
