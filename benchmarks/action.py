"""The Action's cost, as a user waits for it: from a clean runner, from a restored cache, and
the run alone.

It runs action.yml's own steps with bash as the runner does (``scripts/action_prepare.sh``,
``scripts/action_install.sh``, then ``icp-triage action`` on an ``issues.opened`` event)
against the fake GitHub of ``tests/fakes`` served over HTTP on 127.0.0.1, so API latency is
near zero: on GitHub add its round trips (3 requests for a new issue, 1 for an unchanged one).

(a) clean runner, no cache: no uv on the runner and empty pip and uv caches, so uv's wheel
    and every dependency come from the package index; then the run. Target < 5 s.
(b) venv cache restored: the venv the first install saved is copied back where
    ``actions/cache/restore`` would extract it, the install step checks it and installs
    nothing, then the run. Target < 2 s. The copy stands in for the cache download, which on
    GitHub moves the compressed venv (its size is printed) over the runner's network.
(c) the run alone, on a new issue and on an unchanged one. Target < 0.5 s for a new issue.

Each figure is a median of ``--runs`` runs (``--install-runs`` for (a), which downloads the
dependencies each time). ``--skip-install`` times only (c), with the ``icp-triage`` on PATH.

    python benchmarks/action.py [--runs 5] [--install-runs 3] [--skip-install]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.fake_github import TOKEN, FakeGitHub  # noqa: E402
from fakes.http_server import serve_fake_github  # noqa: E402

REPO = "Codertocat/Hello-World"
CONFIG = """\
profile:
  name: Benchmark ICP
  criteria:
    - {attribute: industry, in: [saas], weight: 2}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}
accounts: accounts.csv
"""
ACCOUNTS = "id,name,github_logins,industry\nacme,Acme,Codertocat,saas\n"
# What this machine's installs need to reach the package index (certificates, mirrors).
PASSED_THROUGH = ("SSL_CERT_FILE", "SSL_CERT_DIR", "PIP_CERT", "PIP_INDEX_URL", "UV_INDEX_URL", "HTTPS_PROXY")
TARGETS = {"no cache": 5.0, "cache restored": 2.0, "run alone, new issue": 0.5}


def _bash(script: Path, env: dict[str, str]) -> tuple[float, dict[str, str], str]:
    """Run one step's script as the runner does; seconds, its outputs and its log."""
    output = Path(env["GITHUB_OUTPUT"])
    output.write_text("")
    start = time.perf_counter()
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{script.name} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return seconds, outputs, done.stdout + done.stderr


class Runner:
    """A fresh runner at a fixed path (as hosted runners are): a Python 3.10+ with pip and no
    uv on PATH, empty caches, and the repository checkout with .github/icp.yml."""

    def __init__(self, root: Path, fake: FakeGitHub) -> None:
        self.root, self.fake = root, fake

    def reset(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        (self.root / "ws" / ".github").mkdir(parents=True)
        (self.root / "ws" / ".github" / "icp.yml").write_text(CONFIG)
        (self.root / "ws" / ".github" / "accounts.csv").write_text(ACCOUNTS)
        (self.root / "temp").mkdir()
        tools = self.root / "tools"
        tools.mkdir()
        # The runner's python3: this interpreter's base (which has pip), and nothing else.
        base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        (tools / "python3").symlink_to(base if base.exists() else Path(sys.executable))

    def env(self) -> dict[str, str]:
        return {
            **{k: os.environ[k] for k in PASSED_THROUGH if k in os.environ},
            "PATH": f"{self.root / 'tools'}:/usr/bin:/bin",
            "HOME": str(self.root / "home"),
            "RUNNER_TEMP": str(self.root / "temp"),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "GITHUB_OUTPUT": str(self.root / "output"),
            "GITHUB_ACTION_PATH": str(ROOT),
            "PIP_CACHE_DIR": str(self.root / "pip-cache"),
            "PIP_CONFIG_FILE": os.devnull,  # PyPI as a runner sees it, not this machine's mirrors
            "UV_CACHE_DIR": str(self.root / "uv-cache"),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1",
            "ICP_TRIAGE_VERSION": "",
        }

    def prepare(self) -> tuple[float, dict[str, str]]:
        seconds, outputs, _ = _bash(ROOT / "scripts" / "action_prepare.sh", self.env())
        return seconds, outputs

    def install(self, prep: dict[str, str]) -> tuple[float, dict[str, str], str]:
        env = {
            **self.env(),
            "ICP_TRIAGE_PYTHON": prep["python"],
            "ICP_TRIAGE_VENV": prep["venv"],
            "ICP_TRIAGE_KEY": prep["key"],
        }
        return _bash(ROOT / "scripts" / "action_install.sh", env)

    def finish(self, prep: dict[str, str]) -> float:
        env = {
            **self.env(),
            "ICP_TRIAGE_PYTHON": prep["python"],
            "ICP_TRIAGE_VENV": prep["venv"],
            "ICP_TRIAGE_KEY": prep["key"],
        }
        return _bash(ROOT / "scripts" / "action_finish.sh", env)[0]

    def run(self, exe: Path, number: int, *, home: Path | None = None) -> tuple[float, str, int]:
        """``icp-triage action`` on issues.opened for ``number``; seconds, last line, requests."""
        payload = json.loads((ROOT / "tests/samples/action/issues.opened.json").read_text())
        payload["issue"]["number"] = number
        event = self.root / "event.json"
        event.write_text(json.dumps(payload))
        for name in ("output", "summary"):
            (self.root / name).write_text("")
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home or self.root / "home"),
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": "issues",
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_WORKSPACE": str(self.root / "ws"),
            "GITHUB_OUTPUT": str(self.root / "output"),
            "GITHUB_STEP_SUMMARY": str(self.root / "summary"),
            "RUNNER_TEMP": str(self.root / "temp"),
            "GITHUB_API_URL": self.fake.api_url,
            "GITHUB_GRAPHQL_URL": self.fake.api_url + "/graphql",
            "GITHUB_TOKEN": TOKEN,
            "ICP_TRIAGE_CONFIG": ".github/icp.yml",
            "ICP_TRIAGE_MODE": "auto",
            "ICP_TRIAGE_DRY_RUN": "false",
        }
        before = self.fake.requests
        start = time.perf_counter()
        done = subprocess.run(
            [str(exe), "action"], env=env, cwd=self.root / "ws", capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"icp-triage action failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return elapsed, done.stdout.strip().splitlines()[-1], self.fake.requests - before


@contextmanager
def fake_with_issues(count: int) -> Iterator[FakeGitHub]:
    with serve_fake_github() as fake:
        for number in range(1, count + 1):
            fake.add_issue(REPO, number=number, title=f"Feature {number}", author="Codertocat")
        # the repository's labels exist (as after its first tagged issue): a new issue is 3 requests
        seeded = fake.add_issue(REPO, number=count + 1, title="Tagged before", author="Codertocat")
        for name in ("icp:core", "icp-fit:A"):
            fake.state.attach_label(seeded, name)
        yield fake


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _verdict(name: str, seconds: float) -> str:
    limit = TARGETS[name]
    return f"target < {limit:g} s + API latency: {'holds' if seconds < limit else 'DOES NOT HOLD'}"


class Numbers:
    """Issue numbers handed out in order, each used by one new-issue run."""

    def __init__(self) -> None:
        self.next = 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def _cpu() -> float:
    """CPU seconds used so far by finished child processes (and theirs): unlike wall time, it
    hardly grows when other work on a shared machine keeps a step waiting for a core."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def from_scratch(runner: Runner, numbers: Numbers, runs: int, cache: Path) -> None:
    """(a): prepare, install with nothing cached, run; the venv is then finished and saved for (b)."""
    totals, parts, cpus = [], [], []
    for _ in range(runs):
        runner.reset()
        cpu = _cpu()
        prep_s, prep = runner.prepare()
        install_s, out, log = runner.install(prep)
        if out.get("built") != "true" or "with uv" not in log:
            sys.exit(f"expected an install with uv:\n{log}")
        run_s, _, _ = runner.run(Path(out["bin"]) / "icp-triage", numbers.take())
        cpus.append(_cpu() - cpu)
        finish_s = runner.finish(prep)
        totals.append(prep_s + install_s + run_s)
        parts.append((prep_s, install_s, run_s, finish_s))
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(prep["venv"], cache, symlinks=True)
    median = statistics.median(totals)
    prep_m, install_m, run_m, finish_m = (statistics.median(p[i] for p in parts) for i in range(4))
    print(f"(a) clean runner, no cache, to a finished run on a new issue: {median:5.2f} s")
    print(f"      CPU {statistics.median(cpus):4.2f} s; {_verdict('no cache', median)}")
    print(
        f"      prepare {prep_m:4.2f} s + install (uv's wheel from the index, then uv) {install_m:4.2f} s + run {run_m:4.2f} s"
    )
    print(
        f"      then, the issue tagged: bytecode and the stamp for the cache {finish_m:4.2f} s, and the upload"
    )


def restored(runner: Runner, numbers: Numbers, runs: int, cache: Path) -> None:
    """(b): the saved venv copied back, the install step finds it whole, then the run."""
    totals, copies, cpus = [], [], []
    for _ in range(runs):
        runner.reset()
        cpu = _cpu()
        prep_s, prep = runner.prepare()
        start = time.perf_counter()
        shutil.copytree(cache, prep["venv"], symlinks=True)
        copies.append(time.perf_counter() - start)
        install_s, out, log = runner.install(prep)
        if out.get("built") != "false":
            sys.exit(f"the restored venv was not used:\n{log}")
        run_s, _, _ = runner.run(Path(out["bin"]) / "icp-triage", numbers.take())
        cpus.append(_cpu() - cpu)
        totals.append(prep_s + install_s + run_s)
    median, copy = statistics.median(totals), statistics.median(copies)
    print(f"(b) venv cache restored, to a finished run on a new issue: {median:5.2f} s")
    print(f"      CPU {statistics.median(cpus):4.2f} s; {_verdict('cache restored', median)}")
    print(
        f"      plus the restore: {_compressed(cache)}; copied locally here in {copy:4.2f} s, "
        "on GitHub downloaded and unpacked by actions/cache"
    )


def _compressed(venv: Path) -> str:
    """The venv's size as actions/cache stores it (a tar compressed with zstd), if zstd is here."""
    raw = f"{_size(venv) / 1e6:.0f} MB"
    if not shutil.which("zstd"):
        return f"{raw} before compression"
    tar = subprocess.run(["tar", "-cf", "-", "-C", str(venv), "."], capture_output=True, check=True)
    packed = subprocess.run(["zstd", "-T0", "-q", "-c"], input=tar.stdout, capture_output=True, check=True)
    return f"{raw}, {len(packed.stdout) / 1e6:.0f} MB as a zstd tar"


def run_alone(runner: Runner, numbers: Numbers, exe: Path, runs: int) -> None:
    """(c): a new issue (a fresh runner's empty write ledger each time) and an unchanged one."""
    new, again, new_cpu, again_cpu = [], [], [], []
    for _ in range(runs):
        number = numbers.take()
        home = Path(tempfile.mkdtemp(dir=runner.root))
        cpu = _cpu()
        seconds, line, new_requests = runner.run(exe, number, home=home)
        new.append(seconds)
        new_cpu.append(_cpu() - cpu)
        cpu = _cpu()
        seconds, _, again_requests = runner.run(exe, number, home=home)
        again.append(seconds)
        again_cpu.append(_cpu() - cpu)
    new_m = statistics.median(new)
    print(f"(c) run alone (icp-triage action on issues.opened), median of {runs}:")
    print(
        f"      a new issue:  {new_m:5.2f} s  (CPU {statistics.median(new_cpu):4.2f} s; {new_requests} requests: "
        f"read, add labels, comment; {_verdict('run alone, new issue', new_m)})"
    )
    print(
        f"      unchanged:    {statistics.median(again):5.2f} s  (CPU {statistics.median(again_cpu):4.2f} s; "
        f"{again_requests} request: the read)"
    )
    print(f"      last log line: {line}")


def _load_note(before: float, after: float) -> None:
    cores = os.cpu_count() or 1
    if max(before, after) > cores:
        print(
            f"note: load average {before:.1f} before, {after:.1f} after, on {cores} cores: other work shared "
            "the machine, so wall times include waiting for a core; CPU times show the work itself"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs for the medians of (b) and (c)")
    parser.add_argument("--install-runs", type=int, default=3, help="runs for the median of (a)")
    parser.add_argument("--skip-install", action="store_true", help="only (c), with the icp-triage on PATH")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="icp-action-bench-"))
    numbers = Numbers()
    load = os.getloadavg()[0]
    try:
        with fake_with_issues(2 * args.install_runs + 3 * args.runs + 2) as fake:
            runner = Runner(work / "runner", fake)
            print(
                f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; fake GitHub on 127.0.0.1 (no API latency)"
            )
            if args.skip_install:
                runner.reset()
                found = shutil.which("icp-triage") or shutil.which(
                    "icp-triage", path=str(Path(sys.executable).parent)
                )
                exe = Path(found or sys.exit("icp-triage is not on PATH"))
            else:
                cache = work / "actions-cache"
                from_scratch(runner, numbers, args.install_runs, cache)
                restored(runner, numbers, args.runs, cache)
                exe = work / "runner" / "temp" / "icp-triage-venv" / "bin" / "icp-triage"
            run_alone(runner, numbers, exe, args.runs)
            _load_note(load, os.getloadavg()[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
