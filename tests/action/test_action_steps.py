"""action.yml's install step under bash: a fresh venv, the requested package, the bin output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from action_harness import ROOT, parse_outputs, run_step, step_scripts


def _tiny_wheel(directory: Path) -> Path:
    """A minimal wheel (one module and an ``icp-triage`` script that prints a version), so the
    install step runs in a second, offline."""
    import zipfile

    wheel = directory / "icp_probe-0.0.1-py3-none-any.whl"
    files = {
        "icp_probe.py": "VALUE = 42\n\ndef main():\n    print('icp-triage 0.0.1 (probe)')\n",
        "icp_probe-0.0.1.dist-info/entry_points.txt": "[console_scripts]\nicp-triage = icp_probe:main\n",
        "icp_probe-0.0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: icp-probe\nVersion: 0.0.1\n",
        "icp_probe-0.0.1.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{name},,\n" for name in files) + "icp_probe-0.0.1.dist-info/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in {**files, "icp_probe-0.0.1.dist-info/RECORD": record}.items():
            archive.writestr(name, text)
    return wheel


class TestInstallStep:
    def _env(self, tmp_path: Path, version: str) -> dict[str, str]:
        (tmp_path / "output").write_text("")
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "RUNNER_TEMP": str(tmp_path),
            "GITHUB_OUTPUT": str(tmp_path / "output"),
            "GITHUB_ACTION_PATH": str(ROOT),
            "ICP_TRIAGE_PYTHON": sys.executable,
            "ICP_TRIAGE_VERSION": version,
            "ICP_TRIAGE_VENV": str(tmp_path / "icp-triage-venv"),
            "ICP_TRIAGE_KEY": "icp-triage-venv-test",
            "PIP_NO_INDEX": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }

    def test_installs_the_requirement_into_a_fresh_venv(self, tmp_path):
        wheel = _tiny_wheel(tmp_path)
        result = run_step(
            step_scripts()["Install icp-triage"]["run"], self._env(tmp_path, str(wheel)), tmp_path, tmp_path
        )
        assert result.returncode == 0, result.stdout + result.stderr
        outputs = parse_outputs((tmp_path / "output").read_text())
        bin_dir = Path(outputs["bin"])
        assert bin_dir == tmp_path / "icp-triage-venv" / "bin"
        assert outputs["built"] == "true"
        assert "with pip into a new environment (uv is not available)" in result.stdout
        assert "icp-triage: installed icp-triage 0.0.1 (probe) in " in result.stdout
        probe = subprocess.run(
            [str(bin_dir / "python"), "-c", "import icp_probe; print(icp_probe.VALUE)"],
            capture_output=True,
            text=True,
        )
        assert probe.stdout.strip() == "42"

    def test_an_option_is_not_a_version(self, tmp_path):
        result = run_step(
            step_scripts()["Install icp-triage"]["run"],
            self._env(tmp_path, "--index-url=http://x"),
            tmp_path,
            tmp_path,
        )
        assert result.returncode == 2
        assert result.stdout.startswith("::error title=icp-triage::the version input must be")
