"""What ``icp-triage action`` does before its first request: the step action.yml runs goes
straight to the Action (no typer), PyGithub comes without PyJWT's cryptography, and
``ICP_TRIAGE_DEBUG=1`` says where the time went."""

from __future__ import annotations

import subprocess
import sys

from fakes.fake_github import TOKEN
from fakes.http_server import serve_fake_github
from fakes.waiting import HANG_GUARD
from icp_triage.action.timing import Timeline

REPO = "Codertocat/Hello-World"
# The console script's body, plus a report at exit of the modules a run never needed.
ENTRY = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('LOADED=' + ','.join(m for m in "
    "('typer', 'cryptography', 'msgspec', 'rich') if m in sys.modules) + '\\n'))\n"
    "sys.argv = ['icp-triage', *sys.argv[1:]]\n"
    "from icp_triage.console import main\n"
    "main()\n"
)


class TestActionStep:
    def test_tags_an_issue_without_typer_or_pyjwt_and_times_each_stage(self, checkout, sample):
        payload = sample("issues.opened")
        with serve_fake_github() as fake:
            fake.add_issue(REPO, number=1, title="SSO", author="Codertocat")
            env = {
                **checkout.env("issues", payload),
                "PATH": "/usr/bin:/bin",
                "GITHUB_API_URL": fake.api_url,
                "GITHUB_GRAPHQL_URL": fake.api_url + "/graphql",
                "GITHUB_TOKEN": TOKEN,
                "ICP_TRIAGE_DEBUG": "1",
            }
            done = subprocess.run(
                [sys.executable, "-c", ENTRY, "action"],
                env=env,
                cwd=checkout.workspace,
                capture_output=True,
                text=True,
                timeout=HANG_GUARD,
            )
            labels = fake.state.repo(REPO).issues[1].labels
        assert done.returncode == 0, done.stdout + done.stderr
        assert sorted(labels) == ["icp-fit:A", "icp:core"]
        assert "LOADED=\n" in done.stderr
        timing = done.stderr.split("icp-triage timing (ICP_TRIAGE_DEBUG):\n", 1)[1]
        stages = [line.split("ms  ", 1)[1] for line in timing.splitlines() if "ms  " in line]
        assert stages[1:] == [
            "importing the Action's code",
            "the settings and the event payload",
            "icp.yml and the accounts",
            "the GitHub client (PyGithub imported, no request yet)",
            "the issue read (the first request)",
            "ranking it and planning the writes",
            "4 write(s)",  # the first in the repository: two labels created, then added, a comment
            "the outputs and the log",
            "in all",
        ]

    def test_without_debug_nothing_is_timed_and_options_still_go_through_typer(self, checkout, sample):
        env = {**checkout.env("push", sample("push")), "PATH": "/usr/bin:/bin"}
        plain = subprocess.run(
            [sys.executable, "-c", ENTRY, "action"],
            env=env,
            cwd=checkout.workspace,
            capture_output=True,
            text=True,
        )
        assert plain.returncode == 0 and plain.stderr == "LOADED=\n"
        assert plain.stdout.startswith("::notice::icp-triage does nothing on the 'push' event.")
        with_option = subprocess.run(
            [sys.executable, "-c", ENTRY, "action", "--dry-run"],
            env=env,
            cwd=checkout.workspace,
            capture_output=True,
            text=True,
        )
        assert with_option.returncode == 0 and "typer" in with_option.stderr


class TestPyjwtDeferred:
    def test_pygithub_imports_without_cryptography_and_jwt_still_works(self):
        code = (
            "import sys\n"
            "from icp_triage.adapters.github.imports import defer_pyjwt\n"
            "defer_pyjwt()\n"
            "import github\n"
            "print('cryptography' in sys.modules)\n"
            "import jwt\n"
            "token = jwt.encode({'iss': '1'}, 'k' * 32, algorithm='HS256')\n"
            "print(jwt.decode(token, 'k' * 32, algorithms=['HS256']), 'cryptography' in sys.modules)\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert done.stdout.splitlines() == ["False", "{'iss': '1'} True"]


class TestTimeline:
    def test_lists_each_stage_with_its_duration(self):
        ticks = iter([10.0, 10.05, 10.25])
        timeline = Timeline(clock=lambda: next(ticks), age=0.03)
        timeline.mark("one")
        timeline.mark("two")
        assert timeline.render() == (
            "icp-triage timing (ICP_TRIAGE_DEBUG):\n"
            "      30 ms  Python start-up and imports up to the entry point\n"
            "      50 ms  one\n"
            "     200 ms  two\n"
            "     280 ms  in all\n"
        )

    def test_only_when_asked(self):
        assert Timeline.from_env({}) is None
        assert Timeline.from_env({"ICP_TRIAGE_DEBUG": "0"}) is None
        assert Timeline.from_env({"ICP_TRIAGE_DEBUG": "1"}) is not None
