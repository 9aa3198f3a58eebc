"""deploy/compose.yml and the Dockerfile, checked without running them (tests/service/
test_image.py builds and runs the image).

The compose file is validated against the Compose Specification's JSON schema, the one
vendored in check-jsonschema (``--builtin-schema vendor.compose-spec``, offline), then read
for what the deployment promises: PostgreSQL health-checked with pg_isready, a one-shot
migration before anything serves, two serve replicas and one worker, secrets from .env.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yml"


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    check = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(check), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


class TestCompose:
    def test_valid_against_the_compose_specification(self):
        result = _validate(COMPOSE)
        assert result.returncode == 0, result.stdout + result.stderr

    def test_the_schema_check_refuses_a_broken_file(self, tmp_path):
        """A control: a condition compose does not know is refused by the same check."""
        broken = tmp_path / "compose.yml"
        broken.write_text(COMPOSE.read_text().replace("service_completed_successfully", "finished", 1))
        assert _validate(broken).returncode == 1

    def test_postgres_then_one_migration_then_two_replicas_and_a_worker(self):
        services = _services()
        assert set(services) == {"postgres", "migrate", "serve", "worker"}
        assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
        assert services["migrate"]["command"] == ["icp-triage", "db", "upgrade"]
        assert services["migrate"]["restart"] == "no"
        assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
        assert services["serve"]["deploy"]["replicas"] == 2
        assert services["serve"]["command"][:2] == ["icp-triage", "serve"]
        assert services["worker"]["command"] == ["icp-triage", "worker"]
        for name in ("serve", "worker"):
            assert services[name]["depends_on"] == {
                "migrate": {"condition": "service_completed_successfully"}
            }
            assert "--migrate" not in services[name]["command"]  # migrations only in `migrate`

    def test_secrets_come_from_env_and_every_one_is_documented(self):
        """Each variable the service reads appears in .env.example; none is written in compose."""
        example = (ROOT / "deploy" / ".env.example").read_text()
        documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M))
        serve_help = (ROOT / "src" / "icp_triage" / "cli" / "serve_cmd.py").read_text()
        read = set(re.findall(r"\b(ICP_TRIAGE_[A-Z_]+|GITHUB_[A-Z_]+|JIRA_[A-Z_]+)\b", serve_help))
        assert read - {"ICP_TRIAGE_DATABASE_URL"} <= documented, read - documented
        for name in ("migrate", "serve", "worker"):
            assert _services()[name]["env_file"] == ".env"
        text = COMPOSE.read_text()
        assert "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?" in text
        assert not re.search(r"(SECRET|TOKEN|PASSWORD): [^$\s]", text)


class TestDockerfile:
    def test_shape(self):
        """What cannot be seen by running it: the base is an argument, two stages, uv,
        exec-form CMD, migrations not run on start, no secret in the build."""
        text = (ROOT / "Dockerfile").read_text()
        assert text.count("\nFROM ${PYTHON_IMAGE}") == 2
        assert "\nARG PYTHON_IMAGE=python:3.12-slim\n" in text
        assert "uv pip install" in text
        assert '\nCMD ["icp-triage", "serve", "--host", "0.0.0.0"]\n' in text
        assert "\nUSER 10001:10001\n" in text
        assert "/healthz" in text.split("\nHEALTHCHECK", 1)[1]
        assert "--migrate" not in text and "db upgrade" not in text.split("\nFROM", 1)[1]
        assert not re.search(r"^(ENV|ARG)\s.*(SECRET|TOKEN|PASSWORD)", text, re.M)

    def test_dockerignore_lets_in_only_what_builds_the_package(self):
        lines = [x for x in (ROOT / ".dockerignore").read_text().splitlines() if x and not x.startswith("#")]
        assert lines[0] == "*"
        allowed = {x[1:].rstrip("/") for x in lines if x.startswith("!")}
        assert allowed == {"pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "CHANGELOG.md", "src"}
