"""The Action test harness: GitHub's sample webhook payloads, and a checkout laid out as the
runner lays it out (.github/icp.yml, the event file, the outputs and job summary files).

A module with its own name (not ``conftest``) so tests can import it whatever the order.
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from fakes.waiting import HANG_GUARD
from icp_triage.action.run import run_action

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "samples" / "action"

CONFIG = """\
profile:
  name: Test ICP
  version: "7"
  criteria:
    - {attribute: industry, in: [saas], weight: 2}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}
accounts: accounts.csv
"""
ACCOUNTS = """\
id,name,github_logins,domains,arr,industry,employees
acme,Acme Corp,Codertocat,acme.io,120000,saas,300
globex,Globex Industries,hubot,globex.com,9000000,mining,50000
"""


@cache
def _read(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def load_sample(name: str) -> dict[str, Any]:
    """A fresh copy of ``tests/samples/action/<name>.json`` (tests may change it)."""
    return copy.deepcopy(_read(name))


@dataclass
class ActionRun:
    """What one ``icp-triage action`` run left behind."""

    code: int
    stdout: str
    outputs: dict[str, str]
    summary: str

    def annotations(self, level: str) -> list[str]:
        """The ``::level`` commands the runner would act on (none inside a stop-commands block)."""
        found, token = [], None
        for line in self.stdout.splitlines():
            if token is not None:
                token = None if line == f"::{token}::" else token
            elif line.startswith("::stop-commands::"):
                token = line.removeprefix("::stop-commands::")
            elif line.startswith(f"::{level}"):
                found.append(line)
        return found


def parse_outputs(text: str) -> dict[str, str]:
    """Read a ``GITHUB_OUTPUT`` file as the runner does (``name=value`` and ``name<<DELIM``)."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            values[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
        else:
            if "=" in line:
                name, value = line.split("=", 1)
                values[name] = value
            i += 1
    return values


class Checkout:
    """A repository checkout under ``tmp_path`` plus the runner's files; ``run`` one event."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.workspace = root / "workspace"
        self.temp = root / "runner-temp"
        (self.workspace / ".github").mkdir(parents=True)
        self.temp.mkdir()
        self.config = self.workspace / ".github" / "icp.yml"
        self.config.write_text(CONFIG)
        (self.workspace / ".github" / "accounts.csv").write_text(ACCOUNTS)
        self.output = self.temp / "output"
        self.summary = self.temp / "summary.md"
        self.extra_env: dict[str, str] = {}

    def env(self, event_name: str, payload: dict[str, Any] | None) -> dict[str, str]:
        env = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_REPOSITORY": "Codertocat/Hello-World",
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "HOME": str(self.root / "home"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "GITHUB_TOKEN": "ghs_testtoken",
        }
        if payload is not None:
            event = self.temp / "event.json"
            event.write_text(json.dumps(payload))
            env["GITHUB_EVENT_PATH"] = str(event)
        return {**env, **self.extra_env}

    def run(self, event_name: str, payload: dict[str, Any] | None, **kwargs: Any) -> ActionRun:
        for path in (self.output, self.summary):
            path.write_text("")
        out = io.StringIO()
        code = run_action(self.env(event_name, payload), cwd=self.workspace, out=out, **kwargs)
        return ActionRun(
            code=code,
            stdout=out.getvalue(),
            outputs=parse_outputs(self.output.read_text()),
            summary=self.summary.read_text(),
        )


def readme_workflow() -> str:
    """The workflow the GitHub Action guide (docs/guides/github-action.md) has users copy: the
    first ``on:`` workflow of its setup steps."""
    text = (ROOT / "docs" / "guides" / "github-action.md").read_text(encoding="utf-8")
    section = text.split("\n## Setup, in three steps\n", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def step_scripts() -> dict[str, dict[str, Any]]:
    """action.yml's steps that have a ``run:`` script, by name."""
    steps = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"]
    return {step["name"]: step for step in steps if "run" in step}


def run_step(script: str, env: dict[str, str], cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run one ``run:`` script as the runner does for ``shell: bash``."""
    path = tmp_path / "step.sh"
    path.write_text(script)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )


def node_tool(path: Path, setup: str) -> Path:
    """A Node.js tool installed by a .ci/setup-* script, or a skip saying how to get it (a
    failure under ICP_TRIAGE_REQUIRE_ALL=1, as CI sets it: CI never passes without it)."""
    import os
    import shutil

    import pytest

    reason = None
    if not path.exists():
        reason = f"{path.name} is not installed: run .ci/{setup}"
    elif shutil.which("node") is None:
        reason = f"node is not installed ({path.name} runs on Node.js)"
    if reason:
        if os.environ.get("ICP_TRIAGE_REQUIRE_ALL") == "1":
            pytest.fail(f"{reason} (ICP_TRIAGE_REQUIRE_ALL=1: it must run)")
        pytest.skip(reason)
    return path
