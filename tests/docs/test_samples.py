"""Every command sample of the README and the documentation site runs, as typer runs every
file of its docs_src: a sample that breaks fails CI.

A sample is a ``sh`` block (each line a command, ``&&`` chaining, ``cd DIR``, ``export K=V``,
``> FILE``) or a ``text`` block that starts with ``$ icp-triage ...`` (its other lines are
output: each must be printed, in that order; ``...`` elides). A comment just before the block
chooses where it runs:

- none: in a fresh folder holding the demo's files (``icp-triage demo --write .``);
- ``<!-- sample: reports -->``: in a copy of tests/samples/reports (the acme/app backlog);
- ``<!-- sample: github -->``: against the fake GitHub, icp.yml reading ``acme/product``;
- ``<!-- sample: covered-by TEST [TEST...] -->``: commands that need what no test here can
  give them (a Jira, a daemon, docker, the package index, a data set not in the repository)
  are run by the test files named, against the fakes; this test checks that the files exist
  and run each icp-triage command of the block.

The Quickstart's environment steps (``python3 -m venv``, ``. .venv/bin/activate``,
``pip install``, ``python -m pytest``) are not repeated here: tests/release installs the built
wheel in a fresh virtual environment and runs ``demo``, and CI is ``pytest``.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from fakes.fake_github import TOKEN
from fakes.http_server import serve_fake_github
from icp_triage.cli import app

ROOT = Path(__file__).resolve().parents[2]
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"(?:<!-- sample: ([^>]*?) -->\n)?( *)```(sh|text)\n(.*?)\n\2```", re.DOTALL)
# A sample that reached for GitHub without saying so fails at once on a closed local port.
OFFLINE = {"GITHUB_API_URL": "http://127.0.0.1:9", "GITHUB_GRAPHQL_URL": "http://127.0.0.1:9/graphql"}
ENVIRONMENT_STEPS = ("python3 -m venv ", ". .venv/bin/activate", "pip install ", "python -m pytest")


@dataclass(frozen=True)
class Sample:
    file: Path
    line: int
    kind: str
    marker: str
    body: str

    @property
    def name(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line}"


def _samples() -> list[Sample]:
    found = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            marker, indent, kind, body = match.group(1) or "", match.group(2), match.group(3), match.group(4)
            body = "\n".join(line.removeprefix(indent) for line in body.splitlines())
            if kind == "text" and not body.startswith("$ icp-triage"):
                continue  # an output or message shown on its own, not a command sample
            found.append(Sample(path, text.count("\n", 0, match.start()) + 1, kind, marker, body))
    return found


SAMPLES = _samples()


def _commands(body: str) -> list[str]:
    """The steps of a sh block: comments dropped, ``&&`` split, environment steps left out."""
    steps = []
    for line in body.splitlines():
        line = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        for step in (part.strip() for part in line.split("&&")):
            if step and not step.startswith(ENVIRONMENT_STEPS):
                steps.append(step)
    return steps


class Shell:
    """Runs a sample's steps with the CLI in-process, in a folder, with an environment."""

    def __init__(self, runner, monkeypatch, folder: Path, env: dict[str, str]) -> None:
        self.runner, self.monkeypatch, self.env = runner, monkeypatch, dict(env)
        monkeypatch.chdir(folder)

    def run(self, step: str, *, check: bool = True):
        words = shlex.split(step)
        if words[0] == "cd":
            self.monkeypatch.chdir(words[1])
            return None
        if words[0] == "export":
            for assignment in words[1:]:
                key, _, value = assignment.partition("=")
                if key not in ("GITHUB_TOKEN",):  # the fake GitHub's token stands in for yours
                    self.env[key] = value
            return None
        target = None
        if ">" in words:
            target, words = Path(words[words.index(">") + 1]), words[: words.index(">")]
        assert words[0] == "icp-triage", f"a step this test cannot run: {step}"
        result = self.runner.invoke(app, words[1:], env=self.env, catch_exceptions=False)
        if check:
            assert result.exit_code == 0, f"{step}: exit {result.exit_code}\n{result.output}"
        if target is not None:
            target.write_text(result.stdout)
        return result


@contextmanager
def _place(marker: str, folder: Path, runner) -> Iterator[dict[str, str]]:
    """Lay out the folder a sample runs in; yields the environment it runs with."""
    folder.mkdir()
    if marker == "reports":
        for path in (ROOT / "tests" / "samples" / "reports").iterdir():
            shutil.copy(path, folder / path.name)
        yield OFFLINE
        return
    result = runner.invoke(app, ["demo", "--write", str(folder)], env={})
    assert result.exit_code == 0, result.output
    if marker != "github":
        yield OFFLINE
        return
    config = folder / "icp.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        re.sub(r"(?m)^source:\n(  .*\n)+", "source:\n  github:\n    repos: [acme/product]\n", text)
    )
    with serve_fake_github() as fake:
        for number, (title, author) in enumerate(
            [("SSO for the admin console", "lucia-nakashima"), ("Dark mode", "stranger")], start=41
        ):
            fake.add_issue("acme/product", number=number, title=title, author=author)
        yield {
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": fake.api_url,
            "GITHUB_GRAPHQL_URL": f"{fake.api_url}/graphql",
            "XDG_CACHE_HOME": str(folder / ".xdg"),
        }


def _shown(body: str) -> list[str]:
    return [line.rstrip() for line in body.splitlines()[1:] if line.strip() != "..."]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_sample_runs(sample, runner, monkeypatch, tmp_path):
    if sample.marker.startswith("covered-by "):
        test_files = [ROOT / name for name in sample.marker.removeprefix("covered-by ").split()]
        missing = [str(f) for f in test_files if not f.is_file()]
        assert not missing, f"{sample.name}: {missing} do not exist"
        source = "\n".join(f.read_text(encoding="utf-8") for f in test_files)
        for step in _commands(sample.body) if sample.kind == "sh" else [sample.body.splitlines()[0][2:]]:
            words = shlex.split(step.split(" #", 1)[0])
            if "icp-triage" in words:
                command = words[words.index("icp-triage") + 1 :]
                names = [w for w in command if not w.startswith("-")][:1]
                for name in names:
                    runs = f'"{name}"' in source or f"{name} " in source
                    assert runs, f"{sample.name}: {sample.marker} runs no `icp-triage {name}`"
        return
    assert sample.marker in ("", "reports", "github"), f"{sample.name}: unknown marker {sample.marker!r}"
    with _place(sample.marker, tmp_path / "work", runner) as env:
        shell = Shell(runner, monkeypatch, tmp_path / "work", env)
        if sample.kind == "sh":
            for step in _commands(sample.body):
                shell.run(step)
            return
        command = sample.body.splitlines()[0][2:].split(" #", 1)[0]
        result = shell.run(command)
        printed = iter(line.rstrip() for line in result.output.splitlines())
        for line in _shown(sample.body):
            assert line in printed, f"{sample.name} shows a line `{command}` no longer prints:\n{line}"


def test_the_samples_are_found():
    """A control on the pattern: the samples the guides are built around are all collected."""
    names = {(s.file.name, s.body.splitlines()[0]) for s in SAMPLES}
    assert ("README.md", "$ icp-triage demo") in names
    assert ("scoring.md", "$ icp-triage explain trellisight/app#264") in names
    assert any(s.marker == "github" for s in SAMPLES)
    assert len(SAMPLES) >= 30
