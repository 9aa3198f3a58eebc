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
