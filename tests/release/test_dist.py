"""The sdist and the wheel as PyPI would get them, and the wheel installed as a user installs it.

``.ci/run`` builds them once (``python -m build``) and names the folder in
``ICP_TRIAGE_DIST``; without it the fixture builds them here. What each must hold is listed
below: the package's data (templates, demo data, starter files, the icp.yml schema,
migrations, ``py.typed``), and nothing of the repository's tests, caches or CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from icp_triage import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "icp_triage"
DATA = {  # every file of the package that is not Python, as the wheel must carry it
    "py.typed",
    "config/icp.schema.json",
    "demo_data/accounts.csv",
    "demo_data/icp.yml",
    "demo_data/requests.json",
    "starter/accounts.csv",
    "starter/icp.yml",
    "reports/templates/_enrich.html.j2",
    "reports/templates/_macros.html.j2",
    "reports/templates/accounts.html.j2",
    "reports/templates/backlog.html.j2",
    "reports/templates/base.html.j2",
    "reports/templates/enrich.html.j2",
    "reports/templates/explain.html.j2",
    "reports/templates/plan.html.j2",
    "reports/templates/report.css",
    "reports/templates/report.js",
    "reports/templates/trend.html.j2",
}
FORBIDDEN = re.compile(r"(^|/)(tests?|__pycache__|\.ci|\.github|benchmarks|docs|deploy)(/|$)|\.pyc$")

pytestmark = pytest.mark.slow


def _sources() -> set[str]:
    """The package's files in the checkout, relative to src/icp_triage."""
    return {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    given = os.environ.get("ICP_TRIAGE_DIST")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out


def _one(dist: Path, pattern: str) -> Path:
    found = sorted(dist.glob(pattern))
    assert len(found) == 1, f"{dist}: expected one {pattern}, found {[p.name for p in found]}"
    return found[0]


class TestDistributions:
    def test_named_for_the_one_version(self, dist):
        assert _one(dist, "*.whl").name == f"icp_triage-{__version__}-py3-none-any.whl"
        assert _one(dist, "*.tar.gz").name == f"icp_triage-{__version__}.tar.gz"

    def test_twine_accepts_both(self, dist):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "twine",
                "check",
                "--strict",
                *map(str, sorted(dist.glob("icp_triage-*"))),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.count("PASSED") == 2, result.stdout

    def test_wheel_holds_the_package_and_its_data_only(self, dist):
        with zipfile.ZipFile(_one(dist, "*.whl")) as wheel:
            names = wheel.namelist()
            metadata = wheel.read(f"icp_triage-{__version__}.dist-info/METADATA").decode()
            entry_points = wheel.read(f"icp_triage-{__version__}.dist-info/entry_points.txt").decode()
        package = {n.removeprefix("icp_triage/") for n in names if n.startswith("icp_triage/")}
        assert package == _sources(), "the wheel and src/icp_triage differ"
        assert package >= DATA
        assert {n for n in package if not n.endswith(".py")} == DATA, "a data file nobody listed"
        assert {n for n in package if n.startswith("service/migrations/versions/0")} >= {
            "service/migrations/versions/0001_deliveries.py",
            "service/migrations/versions/0002_backlog.py",
        }
        assert not [n for n in names if FORBIDDEN.search(n) or ".egg-info/" in n]
        assert f"Version: {__version__}" in metadata
        assert "Provides-Extra: service" in metadata
        assert "License-Expression: MIT" in metadata
        assert "icp-triage = icp_triage.console:main" in entry_points

    def test_sdist_holds_what_builds_the_wheel_and_no_tests(self, dist):
        with tarfile.open(_one(dist, "*.tar.gz")) as sdist:
            names = {m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile()}
        top = {n for n in names if "/" not in n}
        assert top == {
            "PKG-INFO",
            "pyproject.toml",
            "setup.cfg",
            "README.md",
            "CHANGELOG.md",
            "LICENSE",
            "MANIFEST.in",
        }
        package = {n.removeprefix("src/icp_triage/") for n in names if n.startswith("src/icp_triage/")}
        assert package == _sources()
        # setuptools' own record of the sdist (src/icp_triage.egg-info/) is expected
        assert not [n for n in names if FORBIDDEN.search(n)]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


class TestInstalledWheel:
    def test_a_fresh_venv_runs_version_demo_and_with_the_extra_serve_check(self, dist, tmp_path):
        """As a user installs it: nothing of this checkout on the path, the index for the rest."""
        uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
        if uv is None:
            pytest.fail("uv is missing: it comes with the dev extra (pip install -e '.[dev]')")
        wheel = _one(dist, "*.whl")
        venv = tmp_path / "venv"
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "ICP_TRIAGE"))
        }
        env.update(UV_PYTHON_DOWNLOADS="never", HOME=str(tmp_path / "home"))
        env.setdefault("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv"))
        _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], tmp_path, env).check_returncode()
        python, command = str(venv / "bin" / "python"), str(venv / "bin" / "icp-triage")
        installed = _run([uv, "pip", "install", "--quiet", "--python", python, str(wheel)], tmp_path, env)
        assert installed.returncode == 0, installed.stderr

        where = _run([python, "-c", "import icp_triage; print(icp_triage.__file__)"], tmp_path, env)
        assert where.stdout.startswith(str(venv)), where.stdout
        assert _run([python, "-c", "import fastapi"], tmp_path, env).returncode != 0, "base install is light"
        version = _run([command, "--version"], tmp_path, env)
        assert version.returncode == 0 and version.stdout.startswith(f"icp-triage {__version__} (Python ")
        demo = _run([command, "demo"], tmp_path, env)
        assert demo.returncode == 0, demo.stderr
        assert "Ranked backlog: 74 requests by ICP value" in demo.stdout
        refused = _run([command, "serve", "--check"], tmp_path, env)
        assert refused.returncode == 2 and "pip install 'icp-triage[service]'" in refused.stderr

        extra = _run(
            [uv, "pip", "install", "--quiet", "--python", python, f"{wheel}[service]"], tmp_path, env
        )
        assert extra.returncode == 0, extra.stderr
        assert _run([command, "init", "setup"], tmp_path, env).returncode == 0
        env["ICP_TRIAGE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'service.db'}"
        check = _run([command, "serve", "--check"], tmp_path / "setup", env)
        assert check.returncode == 0, check.stderr
        assert "ok: 1 source(s): file:requests (file); database sqlite:///" in check.stdout
