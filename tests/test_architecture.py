"""The layering DESIGN.md promises: a pure core, heavy libraries only where a command needs them."""

from __future__ import annotations

import ast
import re
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


# The rooms of ARCHITECTURE.md: core knows no tracker, a tracker is one room behind the seam
# (adapters/base.py), config and adapters share only files/, and modules stay small.

ROOT = SRC
TRACKER_DETAILS = (
    "issuecomment",  # GitHub comment URLs
    "create_label",  # label creation
    "65536",
    "65_536",  # GitHub's comment size limit
    "<!--",  # a hidden Markdown marker
    "<sub>",  # GitHub Markdown
    '"[bot]"',  # GitHub's bot logins (core.conventions holds the rule, adapters the spelling)
    "\\[bot\\]",  # GitHub's login syntax (adapters.github.names.is_login)
    "atlassian",
)


def _modules(folder: str) -> list[Path]:
    return sorted((SRC / folder).rglob("*.py"))


def _internal_imports(path: Path) -> set[str]:
    """Every ``icp_triage.x.y`` module ``path`` imports, at any depth (lazy imports too)."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("icp_triage.")}


def _room_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else module


@pytest.mark.parametrize("path", _modules("core"), ids=lambda p: p.name)
def test_core_imports_only_core(path: Path) -> None:
    outside = {m for m in _internal_imports(path) if _room_of(m) not in ("core", "errors")}
    assert not outside, f"core/{path.name} imports {sorted(outside)}"


@pytest.mark.parametrize("path", _modules("core"), ids=lambda p: p.name)
def test_core_holds_no_tracker_api_details(path: Path) -> None:
    text = path.read_text()
    found = [detail for detail in TRACKER_DETAILS if detail in text]
    assert not found, f"core/{path.name} holds tracker details {found}: they belong in adapters/<tracker>/"


@pytest.mark.parametrize(("room", "other"), [("config", "adapters"), ("adapters", "config")])
def test_config_and_adapters_do_not_import_each_other(room: str, other: str) -> None:
    offenders = {
        f"{path.relative_to(SRC)}: {module}"
        for path in _modules(room)
        for module in _internal_imports(path)
        if _room_of(module) == other
    }
    assert not offenders, sorted(offenders)


SURFACE_MODULES = ("workspace.py", "tag_run.py", "evidence.py")


def _outside_adapters() -> list[Path]:
    """Every module of the rooms above the seam: core, files, config, reports, the surfaces."""
    rooms = ("core", "files", "config", "reports", "action", "cli", "service")
    return [path for room in rooms for path in _modules(room)] + [SRC / name for name in SURFACE_MODULES]


@pytest.mark.parametrize("room", ["action", "service", "cli", "reports", "core", "config", "files"])
def test_only_the_workspace_names_a_tracker_adapter(room: str) -> None:
    """Surfaces reach a tracker through the seam (``adapters.base``, ``adapters.dialect``,
    via the workspace), never its package: not the Action, though it runs on GitHub events,
    nor the service, though it receives GitHub's webhooks and mints App tokens. Tracker
    errors they tell apart by the neutral ones in ``errors``."""
    offenders = {
        f"{path.relative_to(SRC)}: {module}"
        for path in _modules(room)
        for module in _internal_imports(path)
        if module.startswith(("icp_triage.adapters.github", "icp_triage.adapters.jira"))
    }
    assert not offenders, sorted(offenders)


KEY_HANDLING = (
    '"#" in',  # is this a GitHub key?
    "split_key(",
    "number_of(",
    'rpartition("#")',  # taking a GitHub key apart
    "rpartition('#')",
    'split("#"',
    'rsplit("#"',
    "}#{",  # building one: f"{repo}#{number}"
)


@pytest.mark.parametrize("path", _outside_adapters(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_key_parsing_outside_the_adapters(path: Path) -> None:
    """A request key is its tracker's to build and read (``Dialect.format_key``,
    ``parse_key``); every other room treats it as opaque text."""
    text = path.read_text()
    found = [pattern for pattern in KEY_HANDLING if pattern in text]
    assert not found, f"{path.relative_to(SRC)} handles request keys itself: {found}"


@pytest.mark.parametrize("path", _modules("adapters"), ids=lambda p: str(p.relative_to(SRC)))
def test_adapters_import_no_reports(path: Path) -> None:
    """Reports render for people; an adapter renders for its tracker from the core's
    neutral values (``core.tags``) and shares text rules through the core (``core.untrusted``)."""
    reports = {m for m in _internal_imports(path) if _room_of(m) == "reports"}
    assert not reports, f"{path.relative_to(SRC)} imports {sorted(reports)}"


TRACKER_BRANCH = re.compile(r"\bsource\.(github|jira|file)\b|\bkind\s*[!=]=\s*[\"'](github|jira|file)[\"']")


@pytest.mark.parametrize(
    "path",
    [p for p in _modules("service") if p.name != "settings.py"],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_the_service_asks_the_tracker_instead_of_branching_on_it(path: Path) -> None:
    """Jobs, syncs, deliveries and the live backlog ask the source's selection and its
    tracker's dialect; only ``settings.py`` maps a source to the service's own names and
    webhook secrets."""
    found = sorted({m.group(0) for m in TRACKER_BRANCH.finditer(path.read_text())})
    assert not found, f"service/{path.name} branches on the tracker: {found}"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_under_400_lines(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= 400, f"{path.relative_to(SRC)} has {lines} lines: split it by noun"


@pytest.mark.parametrize(
    "path", sorted((SRC / "adapters").rglob("*.py")), ids=lambda p: str(p.relative_to(SRC))
)
def test_no_module_global_clock_or_sleep(path: Path) -> None:
    """Clocks and sleeps come in as constructor arguments, never as globals tests patch."""
    tree = ast.parse(path.read_text())
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
            assert (value.value.id, value.attr) not in {("time", "sleep"), ("time", "time")}, (
                f"{path.name}: a module-level {value.value.id}.{value.attr}"
            )


# Each rule once (ARCHITECTURE.md): a class or tier is a ``core.tiers`` member everywhere but
# where it is written out (the JSON and CSV serialisers). The names below mean something else
# in these modules, and are spelt there on purpose.
CLASS_AND_TIER_NAMES = {
    "icp-core",
    "mixed",
    "opportunistic",
    "unattributed",
    "A",
    "B",
    "C",
    "D",
    "unknown",
    "anti",
}
NAMES_HOME = {"core/tiers.py"}
SERIALISERS = {"reports/json_report.py", "reports/json_backlog.py", "reports/csv_report.py"}
OTHER_MEANINGS = {
    # a criterion's or anti signal's result: met, missed or unknown (core.fit.Status)
    ("core/fit.py", "unknown"),
    ("core/checks.py", "unknown"),
    ("reports/numbers.py", "unknown"),
    ("reports/table.py", "unknown"),
    # the ``anti:`` section of icp.yml's profile
    ("core/validate.py", "anti"),
    ("core/suggest.py", "anti"),
    ("action/flows.py", "anti"),
    ("reports/numbers.py", "B"),  # billions: $1.2B
    ("workspace.py", "unknown"),  # a source of no known kind
}


def _name_literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant in ``path`` that is a class or tier name, docstrings aside."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in CLASS_AND_TIER_NAMES
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_classes_and_tiers_are_named_only_in_core_tiers(path: Path) -> None:
    """``RequestClass`` and ``Tier`` members, never ``"opportunistic"`` or ``("A", "B")``: a
    second spelling of a class or of the ICP tiers is how story.py came to count tier B as
    ICP under ``icp_tiers: [A]``."""
    module = path.relative_to(SRC).as_posix()
    if module in NAMES_HOME | SERIALISERS:
        return
    found = [(line, name) for line, name in _name_literals(path) if (module, name) not in OTHER_MEANINGS]
    assert not found, f"{module} spells classes or tiers as strings at {found}: use core.tiers' members"


def test_every_test_module_has_a_name_of_its_own():
    """Test folders are no packages, so pytest imports each test file by its base name: a second
    ``test_trend.py`` anywhere stops the whole run at collection ("import file mismatch")."""
    tests = Path(__file__).resolve().parent
    seen: dict[str, list[str]] = {}
    for path in tests.rglob("test_*.py"):
        seen.setdefault(path.name, []).append(path.relative_to(tests).as_posix())
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}
