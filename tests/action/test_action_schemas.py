"""action.yml, the example workflows and the repository's own (.github/workflows) validate against the published schemas.

``action-validator`` (npm ``@action-validator/cli``, installed by ``.ci/setup-action-validator``)
checks files against SchemaStore's github-action and github-workflow JSON schemas, the ones
editors use. Skips when it is not installed, unless ``ICP_TRIAGE_REQUIRE_ALL=1`` (CI).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from action_harness import node_tool, readme_workflow

from fakes.waiting import HANG_GUARD

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / ".ci" / "action-validator" / "node_modules" / ".bin" / "action-validator"
FILES = [
    ROOT / "action.yml",
    *sorted((ROOT / "examples" / "workflows").glob("*.yml")),
    *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
]


@pytest.fixture(scope="module")
def validator() -> Path:
    return node_tool(VALIDATOR, "setup-action-validator")


def _validate(validator: Path, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(validator), str(path)], capture_output=True, text=True, timeout=HANG_GUARD)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_valid_against_schema(validator, path):
    result = _validate(validator, path)
    assert result.returncode == 0, result.stderr or result.stdout


def test_readme_workflow_is_valid(validator, tmp_path):
    shown = tmp_path / "readme-workflow.yml"
    shown.write_text(readme_workflow())
    result = _validate(validator, shown)
    assert result.returncode == 0, result.stderr or result.stdout


def test_validator_rejects_a_broken_action(validator, tmp_path):
    """A control: the same validator refuses a composite step without ``shell``."""
    broken = tmp_path / "action.yml"
    broken.write_text((ROOT / "action.yml").read_text().replace("shell: bash", "shelll: bash", 1))
    assert _validate(validator, broken).returncode == 1


def test_validator_rejects_a_broken_workflow(validator, tmp_path):
    broken = tmp_path / "icp-triage.yml"
    broken.write_text(
        (ROOT / "examples" / "workflows" / "icp-triage.yml").read_text().replace("runs-on:", "runs-onn:")
    )
    assert _validate(validator, broken).returncode == 1
