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


SERVICE_LIBRARIES = (
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "prometheus_client",
)


def test_the_cli_and_the_action_import_none_of_the_service_extra(tmp_path: Path) -> None:
    """The base install and the Action must work without ``[service]``: importing the CLI,
    ``icp-triage --help``, ``serve --help`` and an Action run load none of its libraries."""
    event = tmp_path / "event.json"
    event.write_text('{"zen": "ping"}', encoding="utf-8")
    (tmp_path / "icp.yml").write_text(
        "profile:\n  name: P\n  version: '1'\n  criteria:\n    - {attribute: industry, in: [saas], weight: 1}\n",
        encoding="utf-8",
    )
    code = (
        "import sys, os\n"
        "from icp_triage.cli import app\n"
        "for argv in (['--help'], ['serve', '--help'], ['db', '--help']):\n"
        "    try:\n        app(argv)\n    except SystemExit:\n        pass\n"
        "from icp_triage.action.run import run_action\n"
        f"os.environ.update(GITHUB_EVENT_NAME='ping', GITHUB_EVENT_PATH={str(event)!r})\n"
        "from pathlib import Path\n"
        "print('ACTION=' + str(run_action(dict(os.environ), cwd=Path('.'))))\n"
        f"loaded = sorted(m for m in {SERVICE_LIBRARIES!r} if m in sys.modules)\n"
        "print('LOADED=' + ','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert "ACTION=0" in result.stdout and "LOADED=\n" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("path", sorted((SRC / "service").rglob("*.py")), ids=lambda p: p.name)
def test_service_modules_stay_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400
