"""What ``--help`` tells a user: every tracker the command serves, and examples one per line."""

from __future__ import annotations

import re

import pytest


def test_tag_help_covers_jira_as_well_as_github(invoke) -> None:
    text = " ".join(invoke("tag", "--help", env={"COLUMNS": "100"}).stdout.split())
    assert "(GitHub or Jira)" in text
    assert "JIRA_EMAIL and JIRA_API_TOKEN (Cloud) or JIRA_TOKEN (Data Center)" in text
    assert "FR-42 on Jira" in text  # --only takes a Jira key too
    assert "tracker sync cache, GitHub or Jira" in text


@pytest.mark.parametrize(
    ("command", "examples"),
    [
        (("demo",), ["icp-triage demo", "icp-triage demo --write ./my-icp"]),
        (
            ("explain",),
            ["icp-triage explain acme/app#12 --input requests.json", "icp-triage explain --rank 1"],
        ),
        (
            ("profile", "diff"),
            ["icp-triage profile diff old/icp.yml icp.yml", "icp-triage profile diff --against main"],
        ),
    ],
)
def test_examples_stay_one_per_line(invoke, command, examples) -> None:
    """Click re-wraps a paragraph: two examples ran together into one line of prose."""
    lines = [line.strip() for line in invoke(*command, "--help", env={"COLUMNS": "100"}).stdout.splitlines()]
    found = [
        re.sub(r"^Examples:\s+", "", line) for line in lines if "icp-triage " + " ".join(command) in line
    ]
    assert found[-2:] == examples, found


def _commands(group, path=()):
    """Every command of the CLI, sub-commands and groups included, as argument tuples."""
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):  # a group
            yield from _commands(command, (*path, name))


def test_every_command_and_group_has_an_example(invoke) -> None:
    """Issue 17: the README promises an example in every ``--help``; ``worker``, ``db``,
    ``db upgrade`` and ``profile`` had none. Each example runs the command it documents."""
    import typer

    from icp_triage.cli import app

    commands = list(_commands(typer.main.get_command(app)))
    assert ("db", "upgrade") in commands and ("profile",) in commands
    missing = []
    for command in commands:
        lines = [
            line.strip() for line in invoke(*command, "--help", env={"COLUMNS": "100"}).stdout.splitlines()
        ]
        examples = [re.sub(r"^Examples?:\s+", "", line) for line in lines if re.match(r"Examples?:\s", line)]
        if not examples or not examples[0].split("icp-triage ", 1)[-1].startswith(" ".join(command)):
            missing.append(" ".join(command))
    assert not missing, f"no example in --help: {missing}"
