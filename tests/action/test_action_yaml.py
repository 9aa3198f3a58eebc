"""action.yml and the example workflows: no expression inside a script, every input wired.

A ``${{ }}`` inside ``run:`` is pasted into the script before bash parses it, so an issue
titled ``$(touch /tmp/pwned)`` would run; values must come through ``env:`` instead
(https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from action_harness import readme_workflow

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / "examples" / "workflows").glob("*.yml"))


def _load(path: Path) -> Any:
    # PyYAML (YAML 1.1) reads the key `on:` as True; the workflow schema test reads it as text.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _steps(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every step of an action (``runs.steps``) or a workflow (``jobs.*.steps``), with a label."""
    runs = document.get("runs") or {}
    for i, step in enumerate(runs.get("steps") or []):
        yield f"runs.steps[{i}]", step
    for job_id, job in (document.get("jobs") or {}).items():
        for i, step in enumerate(job.get("steps") or []):
            yield f"jobs.{job_id}.steps[{i}]", step


def _files() -> list[Path]:
    return [ACTION, *WORKFLOWS]


class TestNoExpressionInScripts:
    def test_there_are_files_to_check(self):
        assert ACTION.is_file()
        assert WORKFLOWS, "examples/workflows/*.yml is empty"

    @pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
    def test_no_expression_inside_run(self, path):
        offenders = [
            where for where, step in _steps(_load(path)) if "run" in step and "${{" in str(step["run"])
        ]
        assert not offenders, f"{path.name}: ${{{{ }}}} inside run: at {offenders}; pass it through env:"

    @pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
    def test_the_check_sees_scripts(self, path):
        """The walk above finds the scripts, so an empty walk cannot pass the test by accident."""
        scripts = [step for _, step in _steps(_load(path)) if "run" in step]
        if path == ACTION:
            assert len(scripts) >= 3
        else:
            assert all(isinstance(step, dict) for _, step in _steps(_load(path)))

    def test_the_check_catches_an_expression(self, tmp_path):
        bad = tmp_path / "action.yml"
        bad.write_text(
            "runs:\n  using: composite\n  steps:\n"
            '    - shell: bash\n      run: echo "${{ github.event.issue.title }}"\n'
        )
        assert [w for w, s in _steps(_load(bad)) if "${{" in str(s.get("run", ""))] == ["runs.steps[0]"]


@pytest.fixture(scope="module")
def action():
    return _load(ACTION)


@pytest.fixture(scope="module")
def workflow():
    return _load(ROOT / "examples" / "workflows" / "icp-triage.yml")


class TestActionMetadata:
    def test_marketplace_metadata(self, action):
        """What GitHub Marketplace lists: a name, a description of at most 125 characters, an
        icon from its Feather set and one of its colours."""
        assert action["name"] == "icp-triage"
        assert 0 < len(action["description"]) <= 125
        assert action["branding"] == {"icon": "target", "color": "purple"}
        assert action["branding"]["color"] in {
            "white",
            "yellow",
            "blue",
            "green",
            "orange",
            "red",
            "purple",
            "gray-dark",
        }

    def test_installs_its_own_code_unless_a_version_is_given(self, action):
        """No package index is needed for `uses: OWNER/icp-triage@REF` or a vendored copy."""
        assert action["inputs"]["version"]["default"] == ""
        install = (ROOT / "scripts" / "action_install.sh").read_text()
        assert 'target="$GITHUB_ACTION_PATH"' in install
        assert '[0-9]*) target="icp-triage==$ICP_TRIAGE_VERSION"' in install

    def test_inputs_and_defaults(self, action):
        inputs = action["inputs"]
        assert set(inputs) == {"config", "github-token", "accounts", "mode", "dry-run", "version"}
        assert inputs["config"]["default"] == ".github/icp.yml"
        assert inputs["github-token"]["default"] == "${{ github.token }}"
        assert inputs["mode"]["default"] == "auto"
        assert all(spec.get("description") for spec in inputs.values())

    def test_outputs_come_from_the_run_step(self, action):
        outputs = action["outputs"]
        assert set(outputs) == {"class", "tier", "icp-value", "report"}
        for name, spec in outputs.items():
            assert spec["value"] == f"${{{{ steps.run.outputs.{name} }}}}"

    def test_every_input_reaches_a_step_through_env(self, action):
        """An input that no step reads would be silently ignored."""
        used = " ".join(
            str(value) for _, step in _steps(action) for value in (step.get("env") or {}).values()
        )
        for name in action["inputs"]:
            assert f"inputs.{name}" in used, f"input {name} is not passed to any step's env"

    def test_composite_steps_name_their_shell(self, action):
        assert action["runs"]["using"] == "composite"
        for where, step in _steps(action):
            if "run" in step:
                assert step.get("shell") == "bash", where

    def test_python_is_set_up_only_when_missing(self, action):
        steps = action["runs"]["steps"]
        setup = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@")]
        assert len(setup) == 1
        assert setup[0]["if"] == "steps.python.outputs.found != 'true'"
        assert "sys.version_info < (3, 10)" in steps[0]["run"]

    def test_the_venv_is_restored_before_the_install_and_saved_only_when_built(self, action):
        steps = action["runs"]["steps"]
        names = [s.get("id") or s.get("name") for s in steps]
        restore = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache/restore@"))
        save = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache/save@"))
        finish = next(s for s in steps if s.get("name") == "Finish the icp-triage environment")
        venv = {"path": "${{ steps.prep.outputs.venv }}", "key": "${{ steps.prep.outputs.key }}"}
        assert restore["with"] == venv and save["with"] == venv
        # the issue is tagged first; the venv is compiled, stamped and saved after
        order = ["cache", "install", "run", finish["name"], save["name"]]
        assert [names.index(name) for name in order] == sorted(names.index(name) for name in order)
        assert "steps.install.outputs.built == 'true'" in save["if"] and save["if"] == finish["if"]
        assert "steps.prep.outputs.cacheable == 'true'" in restore["if"]
        install = next(s for s in steps if s.get("id") == "install")
        assert install["env"]["ICP_TRIAGE_KEY"] == "${{ steps.prep.outputs.key }}"


class TestExampleWorkflow:
    def test_events(self, workflow):
        on = workflow[True]  # YAML 1.1: `on` is a boolean key to PyYAML
        assert on["issues"]["types"] == [
            "opened",
            "edited",
            "reopened",
            "labeled",
            "unlabeled",
            "transferred",
        ]
        assert on["issue_comment"]["types"] == ["created", "edited"]
        assert on["schedule"] and "workflow_dispatch" in on

    def test_least_permissions(self, workflow):
        assert workflow["permissions"] == {"issues": "write", "contents": "read"}

    def test_accounts_come_from_a_secret_and_the_sync_cache_is_keyed_on_the_repo(self, workflow):
        steps = [s for _, s in _steps(workflow)]
        action = next(s for s in steps if s.get("id") == "icp")
        assert action["with"]["accounts"] == "${{ secrets.ICP_TRIAGE_ACCOUNTS }}"
        cache = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
        assert "${{ github.repository }}" in cache["with"]["key"]


class TestReadme:
    @pytest.fixture
    def section(self):
        return (ROOT / "docs" / "guides" / "github-action.md").read_text(encoding="utf-8")

    def test_shown_workflow_matches_the_example(self, workflow):
        shown = yaml.safe_load(readme_workflow())
        assert shown[True] == workflow[True]
        assert shown["permissions"] == workflow["permissions"]
        # without it, an issue opened with a label (opened + labeled) gets two comments
        assert shown["concurrency"] == workflow["concurrency"]
        example_steps = {s.get("uses", "").split("@")[0] for _, s in _steps(workflow)}
        shown_steps = {s.get("uses", "").split("@")[0] for _, s in _steps(shown)}
        assert {"icp-triage/icp-triage", "actions/cache", "actions/checkout"} <= shown_steps <= example_steps

    def test_every_input_and_output_is_documented(self, section, action):
        for name in [*action["inputs"], *action["outputs"]]:
            assert f"| `{name}` |" in section, name

    def test_three_steps(self, section):
        for step in ("1. **Add `.github/icp.yml`**", "2. **Add the accounts as a secret**", "3. **Copy"):
            assert step in section
