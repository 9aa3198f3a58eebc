"""Shell completion as docs/guides/editors.md sets it up: the script each shell sources, and
the completions bash then asks for (commands, options, an option's values)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = shutil.which("icp-triage", path=str(Path(sys.executable).parent)) or "icp-triage"
# The lines the guide shows, as a shell runs them.
SETUP = {
    "bash": 'eval "$(_ICP_TRIAGE_COMPLETE=source_bash icp-triage)"',
    "zsh": 'eval "$(_ICP_TRIAGE_COMPLETE=source_zsh icp-triage)"',
    "fish": "_ICP_TRIAGE_COMPLETE=source_fish icp-triage | source",
}


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if not Path(COMMAND).exists():
        pytest.skip("the icp-triage console script is not installed next to this Python")
    return subprocess.run([COMMAND], env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("shell", sorted(SETUP))
def test_each_shell_gets_its_completion_script(shell):
    instruction = SETUP[shell].split("_ICP_TRIAGE_COMPLETE=", 1)[1].split()[0]
    result = _run({"_ICP_TRIAGE_COMPLETE": instruction})
    assert result.returncode == 0, result.stderr
    assert "_icp_triage_completion" in result.stdout or "icp-triage" in result.stdout
    assert "not supported" not in result.stdout + result.stderr


def _complete(words: str) -> list[str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = _run({"_ICP_TRIAGE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completes_commands_options_and_values():
    assert _complete("icp-triage pro") == ["profile"]
    assert "--format" in _complete("icp-triage rank --fo")
    assert _complete("icp-triage rank --format ") == ["table", "json", "csv", "markdown", "html"]
    assert set(_complete("icp-triage profile ")) == {"validate", "suggest", "diff"}


def test_bash_really_sources_the_script():
    """The guide's bash line in a real bash: the completion function exists afterwards."""
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = f"{SETUP['bash'].replace('icp-triage)', COMMAND + ')')}\ncomplete -p icp-triage"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "_icp_triage_completion" in result.stdout
