"""One version source, and the CHANGELOG the release workflow reads its notes from.

The version lives in ``src/icp_triage/__init__.py`` only: setuptools reads it from there
(``dynamic = ["version"]``), the Action's install step reads the same line to check what it
installed, and ``release.yml`` refuses a tag that differs from it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from icp_triage import __version__

ROOT = Path(__file__).resolve().parents[2]
CHANGELOG = ROOT / "CHANGELOG.md"
SCRIPT = ROOT / "scripts" / "changelog_section.py"
SEMVER = r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?"


def _tracked() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


class TestOneVersion:
    def test_the_version_is_stated_once(self):
        assert re.fullmatch(SEMVER, __version__)
        pyproject = (ROOT / "pyproject.toml").read_text()
        assert '\ndynamic = ["version"]\n' in pyproject
        assert '\nversion = { attr = "icp_triage.__version__" }\n' in pyproject
        stating = [
            p.relative_to(ROOT).as_posix()
            for p in _tracked()
            if p.suffix in (".py", ".toml", ".yml", ".yaml", ".sh", ".cfg")
            and re.search(r"^\s*(__version__|version)\s*=\s*['\"]\d", p.read_text(errors="replace"), re.M)
        ]
        assert stating == ["src/icp_triage/__init__.py"]

    def test_the_action_reads_the_same_line(self):
        """action_install.sh's sed, run on the file: the version it expects is this one."""
        install = (ROOT / "scripts" / "action_install.sh").read_text()
        sed = re.search(r"sed -n '([^']+)' \"\$GITHUB_ACTION_PATH/src/icp_triage/__init__.py\"", install)
        assert sed, "action_install.sh no longer reads __init__.py"
        found = subprocess.run(
            ["sed", "-n", sed.group(1), str(ROOT / "src" / "icp_triage" / "__init__.py")],
            capture_output=True,
            text=True,
            check=True,
        )
        assert found.stdout.strip() == __version__


def _sections() -> list[str]:
    return re.findall(r"^## (.+)$", CHANGELOG.read_text(), re.M)


class TestChangelog:
    def test_keep_a_changelog_layout(self):
        text = CHANGELOG.read_text()
        assert text.startswith("# Changelog\n")
        assert "[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)" in text
        sections = _sections()
        assert sections[0] == "[Unreleased]"
        releases = sections[1:]
        for heading in releases:
            assert re.fullmatch(rf"\[({SEMVER})\] - \d{{4}}-\d{{2}}-\d{{2}}", heading), heading
        for heading in sections:  # every version heading has its link at the bottom
            name = heading.split("]")[0] + "]"
            assert re.search(rf"^{re.escape(name)}: https://", text, re.M), name
        kinds = set(re.findall(r"^### (.+)$", text, re.M))
        assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}

    def test_this_version_is_released_or_next(self):
        """Either CHANGELOG has this version's section, or [Unreleased] says what it brings."""
        released = [h[1:].split("]")[0] for h in _sections()[1:]]
        if __version__ not in released:
            assert _section("Unreleased").returncode == 0


def _section(version: str, path: Path = CHANGELOG) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), version, str(path)], capture_output=True, text=True, timeout=30
    )


class TestReleaseNotes:
    def test_a_versions_section_is_its_body(self, tmp_path):
        changelog = tmp_path / "CHANGELOG.md"
        changelog.write_text(
            "# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2027-01-05\n\n### Added\n\n- Jira\n\n"
            "## [1.1.0] - 2026-12-01\n\n### Fixed\n\n- a crash\n\n"
            "[Unreleased]: https://x/compare/v1.2.0...HEAD\n[1.2.0]: https://x/compare/v1.1.0...v1.2.0\n"
        )
        assert _section("v1.2.0", changelog).stdout == "### Added\n\n- Jira\n"
        assert _section("1.1.0", changelog).stdout == "### Fixed\n\n- a crash\n"

    def test_a_tag_without_its_section_stops_the_release(self, tmp_path):
        changelog = tmp_path / "CHANGELOG.md"
        changelog.write_text("# Changelog\n\n## [Unreleased]\n\n- new\n\n## [1.1.0] - 2026-12-01\n\n")
        for missing in ("1.3.0", "1.1.0"):  # absent, and present but empty
            result = _section(missing, changelog)
            assert result.returncode == 2 and result.stdout == ""
            assert f"has no '## [{missing}]' section (or it is empty)" in result.stderr

    def test_unreleased_reads_from_this_changelog(self):
        result = _section("Unreleased")
        assert result.returncode == 0
        assert result.stdout.startswith("The first release: everything below is new.")
