"""Issue text written by strangers stays text: no shell runs it, no workflow command comes of it.

Two paths: the entry point in this process (against the fake GitHub behind ``responses``),
and action.yml's own ``run:`` scripts executed by bash the way the runner executes a
composite step (``bash --noprofile --norc -eo pipefail SCRIPT``, inputs in the environment),
with ``icp-triage action`` as a subprocess talking HTTP to the same fake. A control shows the
payloads do run when pasted into a script the way a ``${{ }}`` expression would paste them.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from action_harness import parse_outputs, run_step, step_scripts

from fakes.fake_github import TOKEN, FakeGitHub
from fakes.helpers import Waits, serve
from fakes.http_server import serve_fake_github

ROOT = Path(__file__).resolve().parents[2]
REPO = "Codertocat/Hello-World"
OUR_COMMANDS = ("::notice", "::error", "::warning")


def hostile(sentinel: Path) -> list[str]:
    """Shell and workflow-command injections, each of which would create ``sentinel`` or
    forge an output if anything evaluated it."""
    s = str(sentinel)
    return [
        f"$(touch {s})",
        f'"; touch {s} #',
        f"'; touch {s}; echo '",
        f"`touch {s}`",
        f"${{IFS}}$(touch${{IFS}}{s})",
        f"x && touch {s} || touch {s}",
        "${{ github.token }}",
        "::set-output name=class::pwned",
        "::add-mask::icp-core",
        "::error::forged annotation",
        "::stop-commands::x",
        "class<<EOF\npwned\nEOF",
    ]


def _stray_commands(stdout: str) -> list[str]:
    """Lines the runner would read as a workflow command that are not ours.

    Between ``::stop-commands::TOKEN`` and ``::TOKEN::`` nothing counts, as on the runner.
    """
    stray, token = [], None
    for line in stdout.splitlines():
        text = line.lstrip()
        if token is not None:
            if text == f"::{token}::":
                token = None
            continue
        if re.fullmatch(r"::stop-commands::[0-9a-f]{32}", text):  # ours: a random 128-bit token
            token = text.removeprefix("::stop-commands::")
        elif (text.startswith("::") and not text.startswith(OUR_COMMANDS)) or (
            text.startswith(("::notice", "::error", "::warning")) and "forged" in text
        ):
            stray.append(line)
    return stray


def _seed_hostile(fake: FakeGitHub, payload: dict[str, Any], texts: list[str]) -> None:
    payload["issue"]["title"] = texts[0]
    payload["issue"]["body"] = "\n".join(texts)
    issue = fake.add_issue(REPO, number=1, title=texts[0], body="\n".join(texts), author="Codertocat")
    fake.state.add_comment(issue, "hubot", "\n".join(reversed(texts)))
    for name in ("icp:core", "icp-fit:A"):  # labels exist: two writes, one second apart
        fake.state.attach_label(fake.add_issue(REPO, number=90), name)


class TestStrayCheck:
    def test_catches_forged_commands_and_honours_our_blocks(self):
        token = "0123456789abcdef" * 2
        out = f"::notice::ours\n  ::set-output name=a::b\n::stop-commands::{token}\n::error::x\n::{token}::\n"
        assert _stray_commands(out) == ["  ::set-output name=a::b"]
        assert _stray_commands("::stop-commands::x\n::add-mask::y\n") == [
            "::stop-commands::x",
            "::add-mask::y",
        ]


class TestEntryPoint:
    @pytest.fixture
    def fake(self) -> Iterator[FakeGitHub]:
        yield from serve(FakeGitHub())

    @pytest.mark.parametrize("dry_run", ["false", "true"])
    def test_hostile_issue_is_text(self, checkout, sample, fake, tmp_path, dry_run):
        sentinel = tmp_path / "pwned"
        texts = hostile(sentinel)
        payload = sample("issues.opened")
        _seed_hostile(fake, payload, texts)
        checkout.extra_env.update({"GITHUB_TOKEN": TOKEN, "ICP_TRIAGE_DRY_RUN": dry_run})
        waits = Waits(fake)
        result = checkout.run(
            "issues",
            payload,
            clock=waits.clock,
            sleep=waits.sleep,
        )
        assert result.code == 0, result.stdout
        assert not sentinel.exists()
        assert result.outputs == {"class": "icp-core", "tier": "A", "icp-value": "1", "report": ""}
        assert _stray_commands(result.stdout) == []

    def test_hostile_backlog_summary_is_inert(self, checkout, sample, fake, tmp_path):
        sentinel = tmp_path / "pwned"
        for text in hostile(sentinel):
            fake.add_issue(REPO, title=text, body=text, author="Codertocat")
        checkout.extra_env["GITHUB_TOKEN"] = TOKEN
        result = checkout.run("schedule", sample("schedule"))
        assert result.code == 0, result.stdout
        assert not sentinel.exists()
        assert _stray_commands(result.stdout) == []
        assert "<script" not in result.summary and "@github" not in result.summary


@pytest.fixture
def icp_triage_bin() -> Path:
    """The directory holding this environment's ``icp-triage`` console script."""
    found = shutil.which("icp-triage", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the icp-triage console script is not installed next to this Python")
    return Path(found).parent


class TestCompositeSteps:
    def test_run_step_under_bash_against_the_fake_over_http(self, checkout, sample, tmp_path, icp_triage_bin):
        sentinel = tmp_path / "pwned"
        texts = hostile(sentinel)
        payload = sample("issues.opened")
        with serve_fake_github() as fake:
            _seed_hostile(fake, payload, texts)
            env = {
                "PATH": "/usr/bin:/bin",
                **checkout.env("issues", payload),
                "GITHUB_API_URL": fake.api_url,
                "GITHUB_GRAPHQL_URL": fake.api_url + "/graphql",
                # The step's env: block, as the runner fills it from the inputs.
                "GITHUB_TOKEN": TOKEN,
                "ICP_TRIAGE_CONFIG": ".github/icp.yml",
                "ICP_TRIAGE_ACCOUNTS": "",
                "ICP_TRIAGE_MODE": "auto",
                "ICP_TRIAGE_DRY_RUN": "false",
                "ICP_TRIAGE_BIN": str(icp_triage_bin),
            }
            checkout.output.write_text("")
            result = run_step(step_scripts()["Run icp-triage"]["run"], env, checkout.workspace, tmp_path)
            issue = fake.state.repo(REPO).issues[1]
            assert result.returncode == 0, result.stdout + result.stderr
            assert sorted(x for x in issue.labels if x.startswith("icp")) == ["icp-fit:A", "icp:core"]
        assert not sentinel.exists()
        assert parse_outputs(checkout.output.read_text()) == {
            "class": "icp-core",
            "tier": "A",
            "icp-value": "1",
            "report": "",
        }
        assert _stray_commands(result.stdout) == []

    def test_hostile_inputs_reach_the_scripts_as_text(self, checkout, tmp_path, icp_triage_bin):
        """Inputs are written by the workflow's author, but they too go through env:."""
        sentinel = tmp_path / "pwned"
        steps = step_scripts()
        base = {"PATH": "/usr/bin:/bin:" + str(Path(sys.executable).parent), "RUNNER_TEMP": str(tmp_path)}
        for text in hostile(sentinel)[:6]:
            output = tmp_path / "output"
            output.write_text("")
            env = {**base, "GITHUB_OUTPUT": str(output), "GITHUB_ACTION_PATH": str(ROOT)}
            assert (
                run_step(steps["Look for Python 3.10+"]["run"], env, checkout.workspace, tmp_path).returncode
                == 0
            )
            prep = run_step(
                steps["Prepare the install"]["run"],
                {**env, "ICP_TRIAGE_VERSION": text},
                checkout.workspace,
                tmp_path,
            )
            assert prep.returncode == 0, prep.stderr
            assert parse_outputs(output.read_text())["key"].startswith("icp-triage-venv-")
            run = run_step(
                steps["Run icp-triage"]["run"],
                {
                    **checkout.env("issues", None),
                    **env,
                    "ICP_TRIAGE_CONFIG": text,
                    "ICP_TRIAGE_MODE": "auto",
                    "ICP_TRIAGE_BIN": str(icp_triage_bin),
                },
                checkout.workspace,
                tmp_path,
            )
            assert run.returncode == 2, run.stdout + run.stderr  # no such config file
        assert not sentinel.exists()

    def test_control_pasting_the_text_into_a_script_does_run_it(self, checkout, tmp_path):
        """What a ``${{ github.event.issue.title }}`` inside run: would do with the same text."""
        sentinel = tmp_path / "pwned"
        for text in hostile(sentinel)[:6]:
            for pasted in (f'echo "{text}"', f"echo '{text}'", f"echo {text}"):  # quoted or not
                run_step(pasted + "\n", {"PATH": "/usr/bin:/bin"}, checkout.workspace, tmp_path)
            assert sentinel.exists(), text
            sentinel.unlink()
