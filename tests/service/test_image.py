"""The container image, built from the Dockerfile and run as an operator runs it.

podman builds it (no Docker daemon here) on a base made from Debian's packages, standing in
for ``python:3.12-slim`` through ``--build-arg PYTHON_IMAGE`` (``.ci/setup-podman`` makes
the base once and keeps it outside the repository; /work/shared/CONTAINERS.md has the
recipe). The image then runs against this machine's PostgreSQL and the fake GitHub, on the
host's network bound to 127.0.0.1: ``--version``, ``db upgrade`` as a command of its own,
``serve --check``, then ``serve`` tags the issue of a signed delivery and answers /readyz,
its process not root. The image's size is printed. The image and containers are removed;
the build stage stays, tagged, as the next build's cache (one image, outside the repository).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from service_harness import REPO, env, free_port, github_request, payload, write_checkout

from fakes.fake_github import TOKEN
from fakes.http_server import serve_fake_github
from fakes.waiting import HANG_GUARD
from icp_triage import __version__
from icp_triage.service.schema import head_revision

ROOT = Path(__file__).resolve().parents[2]
BASE = "localhost/icp-triage-base:bookworm-python-1"
BUILD_CACHE = "localhost/icp-triage-build-cache:latest"
CONF = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "icp-triage-ci" / "containers.conf"
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
SIZE_TARGET = 250 * 1000 * 1000

pytestmark = pytest.mark.slow


def _podman(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["podman", "--runtime", "runc", *args],
        env={**os.environ, "CONTAINERS_CONF": str(CONF)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)}: exit {result.returncode}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    reason = None
    if shutil.which("podman") is None or not CONF.is_file():
        reason = "podman is not set up: run .ci/setup-podman"
    elif _podman("image", "exists", BASE, check=False).returncode != 0:
        reason = f"the base image {BASE} is missing: run .ci/setup-podman"
    if reason:
        if os.environ.get("CI") == "true" or os.environ.get("ICP_TRIAGE_REQUIRE_ALL") == "1":
            pytest.fail(f"{reason} (CI=true or ICP_TRIAGE_REQUIRE_ALL=1: the container test must run)")
        pytest.skip(reason)
    tag = f"localhost/icp-triage:test-{uuid.uuid4().hex[:8]}"
    build = [
        "build", "--format", "docker", "--network", "host", "--pull=never",
        "--volume", f"{CA_BUNDLE}:{CA_BUNDLE}:ro",  # the index reached as the host reaches it
        "--build-arg", f"PYTHON_IMAGE={BASE}",
    ]  # fmt: skip
    # The build stage (the dependencies' layer above all) is kept, tagged, as the next run's
    # cache, outside the repository: one image, replaced by each run; the older one is pruned.
    _podman(*build, "--target", "build", "--tag", BUILD_CACHE, str(ROOT), timeout=1200)
    _podman(*build, "--tag", tag, str(ROOT), timeout=1200)
    try:
        yield tag
    finally:
        _podman("rmi", "--force", tag, check=False)
        # build stages of earlier runs, untagged now (labelled so in the Dockerfile)
        _podman("image", "prune", "--force", "--filter", "label=org.icp-triage.stage=build", check=False)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    folder = write_checkout(tmp_path / "checkout").parent
    for path in folder.iterdir():
        path.chmod(0o644)  # read by the image's user, not root
    return folder


def _run(image: str, checkout: Path, environ: dict[str, str], *command: str, name: str | None = None):
    mounts = [f"{checkout / n}:/srv/icp-triage/{n}:ro" for n in ("icp.yml", "accounts.csv")]
    args = ["run", "--network", "host", "--health-interval", "disable"]
    args += ["--detach", "--name", name] if name else ["--rm"]
    for mount in mounts:
        args += ["--volume", mount]
    for key, value in environ.items():
        args += ["--env", f"{key}={value}"]
    return _podman(*args, image, *command, check=False, timeout=300)


def _wait(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_image_migrates_checks_and_tags_a_signed_delivery_as_non_root(
    image, checkout, postgres_url, capsys
):
    size = int(_podman("image", "inspect", "--format", "{{.Size}}", image).stdout)
    with capsys.disabled():
        print(f"\ncontainer image {image}: {size / 1e6:.0f} MB on {BASE}")
    assert size < SIZE_TARGET, f"{size / 1e6:.0f} MB"

    inspected = json.loads(_podman("image", "inspect", image).stdout)[0]
    config = inspected["Config"]
    assert config["Cmd"] == ["icp-triage", "serve", "--host", "0.0.0.0"]
    assert config["User"] == "10001:10001"
    health = (inspected.get("Healthcheck") or config["Healthcheck"])["Test"]  # podman's place, docker's
    assert health[0] == "CMD" and "http://127.0.0.1:8000/healthz" in health[-1]
    assert not [e for e in config["Env"] if any(s in e for s in ("SECRET", "TOKEN", "PASSWORD"))]

    version = _run(image, checkout, {}, "icp-triage", "--version")
    assert version.returncode == 0 and version.stdout.startswith(f"icp-triage {__version__} (Python ")

    with serve_fake_github() as fake:
        fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
        environ = env(
            postgres_url,
            GITHUB_TOKEN=TOKEN,
            GITHUB_API_URL=fake.api_url,
            GITHUB_GRAPHQL_URL=f"{fake.api_url}/graphql",
        )
        upgraded = _run(image, checkout, environ, "icp-triage", "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        assert f"-> {head_revision()}" in upgraded.stdout, upgraded.stdout  # the package's newest migration
        check = _run(image, checkout, environ, "icp-triage", "serve", "--check")
        assert check.returncode == 0, check.stderr
        assert f"ok: 1 source(s): github:{REPO} (github)" in check.stdout

        port = free_port()
        name = f"icp-triage-test-{uuid.uuid4().hex[:8]}"
        started = _run(
            image,
            checkout,
            environ,
            "icp-triage",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            name=name,
        )
        assert started.returncode == 0, started.stderr
        try:
            url = f"http://127.0.0.1:{port}"

            def ready() -> bool:
                try:
                    return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
                except httpx.HTTPError:
                    return False

            _wait(ready, HANG_GUARD, "/readyz")
            body = json.dumps(payload("issues.opened", number=1)).encode()
            answer = httpx.post(f"{url}/webhooks/github", content=body, headers=github_request(body))
            assert answer.status_code == 202, answer.text
            _wait(
                lambda: "icp:core" in fake.state.repo(REPO).issues[1].labels, HANG_GUARD, "the issue's labels"
            )
            assert sorted(x for x in fake.state.repo(REPO).issues[1].labels if x.startswith("icp")) == [
                "icp-fit:A",
                "icp:core",
            ]
            assert httpx.get(f"{url}/readyz", timeout=5).status_code == 200

            status = _podman("exec", name, "cat", "/proc/1/status", "/proc/1/cmdline").stdout
            uids = next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1:]
            assert uids == ["10001"] * 4, uids  # PID 1 is serve itself (exec form), not root
            assert "icp-triage\0serve\0" in status
            probe = health[-1].replace(":8000/", f":{port}/")
            assert _podman("exec", name, *health[1:-1], probe, check=False).returncode == 0
        finally:
            logs = _podman("logs", name, check=False)
            _podman("rm", "--force", "--time", "5", name, check=False)
        assert "Traceback" not in logs.stderr, logs.stderr
