"""action.yml's install, run as the runner runs it: two jobs on fresh runners sharing a cache.

Each job runs the composite's ``run:`` steps with bash, in order, with their ``env:`` filled
from the step outputs and inputs as the runner fills them. ``actions/cache/restore`` and
``actions/cache/save`` cannot run here, so they are played by copying the venv directory
from and to a cache directory under the same conditions (``if:``) and key action.yml gives
them. The first job builds and saves the venv; the second restores it and installs nothing;
a damaged cache entry is noticed and rebuilt. Every job ends with a tagged issue on the fake
GitHub over HTTP.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from action_harness import ROOT, Checkout, parse_outputs, run_step

from fakes.fake_github import TOKEN, FakeGitHub
from fakes.http_server import serve_fake_github

REPO = "Codertocat/Hello-World"
# What a vendored copy of the action holds (docs/guides/github-action.md copies these paths).
VENDORED = ("action.yml", "pyproject.toml", "README.md", "LICENSE", "scripts", "src")
EXPRESSION = re.compile(r"\$\{\{\s*(steps\.([\w-]+)\.outputs\.([\w-]+)|inputs\.([\w-]+))\s*\}\}")
# What a runner's environment carries that the install needs here: the registry's certificates
# and mirrors (the test installs from the package cache this machine already has).
PASSED_THROUGH = (
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "PIP_CERT",
    "PIP_FIND_LINKS",
    "PIP_INDEX_URL",
    "UV_INDEX_URL",
)


def _uv_directory() -> Path | None:
    found = shutil.which("uv")
    return Path(os.path.realpath(found)).parent if found else None


def _uv_cache() -> str:
    return os.environ.get("UV_CACHE_DIR") or str(Path.home() / ".cache" / "uv")


class Job:
    """One workflow job on a fresh runner: the action's steps, in order.

    Hosted runners lay every job out at the same paths (``RUNNER_TEMP`` is
    ``/home/runner/work/_temp``), empty: so does ``root``, wiped first.
    """

    def __init__(
        self, root: Path, cache: Path, fake: FakeGitHub, inputs: dict[str, str], action_path: Path = ROOT
    ) -> None:
        shutil.rmtree(root, ignore_errors=True)
        self.action_path = action_path
        self.checkout = Checkout(root)
        self.cache = cache
        self.fake = fake
        self.inputs = inputs
        self.outputs: dict[str, dict[str, str]] = {}
        self.logs: dict[str, str] = {}

    @property
    def action(self) -> dict[str, Any]:
        """action.yml as the runner reads it when the job starts (a vendored copy may be laid
        out after the runner's folders are)."""
        return yaml.safe_load((self.action_path / "action.yml").read_text(encoding="utf-8"))

    def _expand(self, value: Any) -> str:
        def one(match: re.Match[str]) -> str:
            if match.group(4):
                return self.inputs.get(match.group(4), "")
            return self.outputs.get(match.group(2), {}).get(match.group(3), "")

        return EXPRESSION.sub(one, str(value))

    def _condition(self, step: dict[str, Any]) -> bool:
        """The step's ``if:``: only ``a == 'x' && b != 'y'`` forms occur in action.yml."""
        text = step.get("if")
        if not text:
            return True
        for clause in str(text).split("&&"):
            m = re.fullmatch(r"\s*steps\.([\w-]+)\.outputs\.([\w-]+) (==|!=) '([^']*)'\s*", clause)
            assert m, f"a condition this test cannot read: {text}"
            value = self.outputs.get(m.group(1), {}).get(m.group(2), "")
            if (value == m.group(4)) != (m.group(3) == "=="):
                return False
        return True

    def run(self, payload: dict[str, Any]) -> None:
        base = {
            **{k: os.environ[k] for k in PASSED_THROUGH if k in os.environ},
            **self.checkout.env("issues", payload),
            "PATH": f"{_uv_directory()}:/usr/bin:/bin",
            "UV_CACHE_DIR": _uv_cache(),
            "GITHUB_ACTION_PATH": str(self.action_path),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "GITHUB_API_URL": self.fake.api_url,
            "GITHUB_GRAPHQL_URL": self.fake.api_url + "/graphql",
        }
        for step in self.action["runs"]["steps"]:
            if not self._condition(step):
                continue
            uses = str(step.get("uses", ""))
            with_ = {k: self._expand(v) for k, v in (step.get("with") or {}).items()}
            if uses.startswith("actions/cache/restore@"):
                stored = self.cache / with_["key"]
                hit = stored.is_dir()
                if hit:
                    shutil.copytree(stored, with_["path"], symlinks=True)
                self.outputs[step["id"]] = {"cache-hit": "true" if hit else "false"}
            elif uses.startswith("actions/cache/save@"):
                target = self.cache / with_["key"]
                if target.exists():  # entries are immutable: the real step warns and goes on
                    self.logs["saved"] = "not saved: the key exists"
                else:
                    shutil.copytree(with_["path"], target, symlinks=True)
                    self.logs["saved"] = with_["key"]
            elif "run" in step:
                self.checkout.output.write_text("")
                env = {**base, **{k: self._expand(v) for k, v in (step.get("env") or {}).items()}}
                result = run_step(step["run"], env, self.checkout.workspace, self.checkout.root)
                self.logs[step["name"]] = result.stdout + result.stderr
                assert result.returncode == 0, f"{step['name']}: {result.stdout}{result.stderr}"
                self.outputs[step.get("id", step["name"])] = parse_outputs(self.checkout.output.read_text())
            else:
                pytest.fail(f"a step this test cannot play: {uses}")


@pytest.fixture
def fake():
    if _uv_directory() is None:
        pytest.skip("uv is not installed on this machine")
    with serve_fake_github() as served:
        yield served


def opened(sample: Any, fake: FakeGitHub, number: int) -> dict[str, Any]:
    payload = sample("issues.opened")
    payload["issue"]["number"] = number
    fake.add_issue(REPO, number=number, title=f"Request {number}", author="Codertocat")
    return payload


def own_labels(fake: FakeGitHub, number: int) -> list[str]:
    return sorted(x for x in fake.state.repo(REPO).issues[number].labels if x.startswith("icp"))


@pytest.mark.slow
class TestCachedInstall:
    def test_first_job_builds_and_saves_the_second_restores_and_installs_nothing(
        self, tmp_path, sample, fake
    ):
        cache = tmp_path / "actions-cache"
        inputs = {"github-token": TOKEN, "config": ".github/icp.yml", "mode": "auto", "dry-run": "false"}

        first = Job(tmp_path / "runner", cache, fake, inputs)
        first.run(opened(sample, fake, 1))
        assert first.outputs["cache"] == {"cache-hit": "false"}
        assert first.outputs["install"]["built"] == "true"
        assert "icp-triage: installing " in first.logs["Install icp-triage"]
        assert " with uv into a new environment" in first.logs["Install icp-triage"]
        assert first.logs["saved"] == first.outputs["prep"]["key"]
        # saved with the bytecode of what a run loads, so no later run compiles it
        saved = next((cache / first.outputs["prep"]["key"]).glob("lib/python3*/site-packages"))
        for package in ("icp_triage", "icp_triage/action", "icp_triage/adapters/github", "github", "yaml"):
            sources = {p.stem for p in (saved / package).glob("*.py")}
            compiled = {p.name.split(".")[0] for p in (saved / package / "__pycache__").glob("*.pyc")}
            assert sources and sources <= compiled, package
        assert own_labels(fake, 1) == ["icp-fit:A", "icp:core"]
        assert first.outputs["run"]["class"] == "icp-core"

        second = Job(tmp_path / "runner", cache, fake, inputs)  # a fresh runner: empty temp
        second.run(opened(sample, fake, 2))
        log = second.logs["Install icp-triage"]
        assert second.outputs["cache"] == {"cache-hit": "true"}
        assert second.outputs["install"]["built"] == "false"
        assert log.startswith("icp-triage: restored environment is whole (icp-triage ")
        assert "installing" not in log and "installed" not in log
        assert "saved" not in second.logs
        assert own_labels(fake, 2) == ["icp-fit:A", "icp:core"]

        # a cache entry that lost files (an interrupted upload or restore) is rebuilt, not used
        stored = cache / second.outputs["prep"]["key"]
        site = next(stored.glob("lib/python3*/site-packages"))
        shutil.rmtree(site / "pydantic")
        third = Job(tmp_path / "runner", cache, fake, inputs)
        third.run(opened(sample, fake, 3))
        log = third.logs["Install icp-triage"]
        assert log.startswith("::warning title=icp-triage::the restored environment is broken (it holds ")
        assert "icp-triage: installing " in log
        assert third.outputs["install"]["built"] == "true"
        assert own_labels(fake, 3) == ["icp-fit:A", "icp:core"]

    def test_a_vendored_copy_installs_itself_with_no_package_of_its_own_on_the_index(
        self, tmp_path, sample, fake
    ):
        """``uses: ./.github/actions/icp-triage``: the files VENDORED names, copied into the
        repository as docs/guides/github-action.md shows, install the code they hold (its version
        checked) and tag the issue; nothing named icp-triage is fetched from the index."""
        vendored = tmp_path / "runner" / "workspace" / ".github" / "actions" / "icp-triage"
        inputs = {"github-token": TOKEN, "config": ".github/icp.yml", "mode": "auto", "dry-run": "false"}
        job = Job(tmp_path / "runner", tmp_path / "actions-cache", fake, inputs, action_path=vendored)
        listed = subprocess.run(
            ["git", "ls-files", "--", *VENDORED], cwd=ROOT, capture_output=True, text=True, check=True
        )
        for name in listed.stdout.splitlines():
            (vendored / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, vendored / name)
        job.run(opened(sample, fake, 7))
        log = job.logs["Install icp-triage"]
        assert f"icp-triage: installing {vendored} with uv into a new environment" in log
        assert job.outputs["install"]["built"] == "true"
        site = next(Path(job.outputs["prep"]["venv"]).glob("lib/python3*/site-packages"))
        assert (site / "icp_triage" / "__init__.py").read_text() == (
            ROOT / "src" / "icp_triage" / "__init__.py"
        ).read_text()
        assert own_labels(fake, 7) == ["icp-fit:A", "icp:core"]

    def test_a_requirement_is_installed_afresh_and_never_cached(self, tmp_path, fake):
        job = Job(
            tmp_path / "runner", tmp_path / "actions-cache", fake, {"version": "https://x.invalid/a.whl"}
        )
        prep = next(s for s in job.action["runs"]["steps"] if s.get("id") == "prep")
        job.checkout.output.write_text("")
        env = {
            "PATH": "/usr/bin:/bin",
            "RUNNER_TEMP": str(job.checkout.temp),
            "GITHUB_OUTPUT": str(job.checkout.output),
            "GITHUB_ACTION_PATH": str(ROOT),
            "ICP_TRIAGE_VERSION": "https://x.invalid/a.whl",
        }
        assert run_step(prep["run"], env, job.checkout.workspace, tmp_path).returncode == 0
        assert parse_outputs(job.checkout.output.read_text())["cacheable"] == "false"
