"""The layering DESIGN.md promises: a pure core, heavy libraries only where a command needs them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "icp_triage"
FORBIDDEN_IN_CORE = {"typer", "rich", "github", "jira", "fastapi", "sqlalchemy", "requests", "yaml", "httpx"}
IO_CALLS = {"open", "print", "input"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((SRC / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_imports_no_framework_or_client(path: Path) -> None:
    assert not (_imports(path) & FORBIDDEN_IN_CORE), (
        f"{path.name} imports {_imports(path) & FORBIDDEN_IN_CORE}"
    )


@pytest.mark.parametrize("path", sorted((SRC / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text())
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not (calls & IO_CALLS), f"{path.name} calls {calls & IO_CALLS}"
    assert "os" not in _imports(path) and "pathlib" not in _imports(path)


def test_version_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['icp-triage', '--version']\n"
        "from icp_triage.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pydantic', 'rich', 'github', 'jira', 'yaml', 'msgspec') if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY=\n" in result.stdout, result.stdout
