"""``rank`` and ``tag`` against the fake GitHub, through the CLI as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakes.fake_github import TOKEN
from fakes.helpers import Waits
from icp_triage.cli.options import TrackerWiring

CONFIG = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 2}
accounts: accounts.csv
source:
  github: {repo: acme/app, labels: [feature]}
attribution: {github_orgs: %s}
"""
ACCOUNTS = """\
id,name,github_logins,github_orgs,industry,employees,arr
acct-rocketco,Rocketco Dynamics,alice,,saas,300,4500000
acct-megacorp,Megacorp Holdings,bob,megacorp-gh,mining,40000,87000000
"""
SECRETS = ("acct-rocketco", "acct-megacorp", "Rocketco", "Megacorp", "4500000", "87000000")


@pytest.fixture
def waits(fake) -> Waits:
    return Waits(fake)


@pytest.fixture
def invoke(invoke, waits):
    """The CLI with a client whose waits are recorded on the fake's clock, never slept."""

    def run(*args: str, env: dict[str, str] | None = None):
        return invoke(*args, env=env, obj=TrackerWiring(clock=waits.clock, sleep=waits.sleep))

    return run


@pytest.fixture
def project(tmp_path: Path, fake):
    """icp.yml, accounts and a repository with three feature requests."""
    (tmp_path / "icp.yml").write_text(CONFIG % "false")
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    fake.add_issue("acme/app", title="SSO", author="alice", labels=["feature"])
    fake.add_issue("acme/app", title="Mainframe", author="bob", labels=["feature", "icp:core"])
    fake.add_issue("acme/app", title="Dark mode", author="stranger", labels=["feature"])
    fake.add_issue("acme/app", title="A bug", author="alice", labels=["bug"])
    return tmp_path


def env(tmp_path: Path, token: str = TOKEN) -> dict[str, str]:
    return {"GITHUB_TOKEN": token, "XDG_CACHE_HOME": str(tmp_path / "xdg")}


class TestRank:
    def test_ranks_a_repository_with_progress_on_stderr(self, project, fake, invoke):
        result = invoke("rank", "--format", "json", env=env(project))
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert [i["key"] for i in data["ranked"]] == ["acme/app#1"]
        assert [i["key"] for i in data["opportunistic"]] == ["acme/app#2"]
        assert [i["key"] for i in data["unattributed"]] == ["acme/app#3"]
        assert "GitHub acme/app: 3 of 3 issues" in result.stderr
        assert (project / "xdg" / "icp-triage" / "github" / "api.github.com" / "acme" / "app.json").is_file()

    def test_a_rerun_uses_the_cache_and_refresh_ignores_it(self, project, fake, invoke):
        invoke("rank", "--format", "json", "--cache", "c", env=env(project))
        fake.state.tick(600)
        fake.reset()
        assert invoke("rank", "--format", "json", "--cache", "c", env=env(project)).exit_code == 0
        assert "IssuesChanged" in fake.calls[0].body["query"] and fake.requests == 1
        fake.reset()
        invoke("rank", "--format", "json", "--cache", "c", "--refresh", env=env(project))
        assert "IssuesPage" in fake.calls[0].body["query"]

    def test_bad_token_exits_1_without_showing_it(self, project, fake, invoke):
        result = invoke("rank", env=env(project, token="ghp_not_the_right_one_42"))
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: GitHub rejected the token (401: Bad credentials)")
        assert "ghp_not_the_right_one_42" not in result.output

    def test_missing_token_exits_2(self, project, invoke):
        result = invoke("rank", env={"XDG_CACHE_HOME": str(project / "xdg")})
        assert result.exit_code == 2
        assert "set GITHUB_TOKEN or GH_TOKEN" in result.stderr

    def test_missing_repository_exits_1(self, project, invoke):
        (project / "icp.yml").write_text((CONFIG % "false").replace("acme/app", "acme/nope"))
        result = invoke("rank", env=env(project))
        assert result.exit_code == 1
        assert "cannot find repository acme/nope" in result.stderr

    def test_org_attribution(self, project, fake, invoke):
        (project / "icp.yml").write_text(CONFIG % "true")
        fake.state.orgs["stranger"] = ["megacorp-gh"]
        data = json.loads(invoke("rank", "--format", "json", env=env(project)).stdout)
        assert data["unattributed"] == []
        assert {i["key"] for i in data["opportunistic"]} == {"acme/app#2", "acme/app#3"}


class TestTag:
    def test_dry_run_prints_the_plan_and_writes_nothing(self, project, fake, invoke):
        result = invoke("tag", "--dry-run", env=env(project))
        assert result.exit_code == 0, result.output
        assert fake.writes == []
        assert "acme/app: create label icp-fit:A (#1a7f37, " in result.stdout
        assert "acme/app#2: remove label icp:core" in result.stdout
        assert "acme/app#3: create the icp-triage comment\n    <!-- icp-triage -->" in result.stdout
        assert result.stdout.rstrip().endswith("nothing written.")

    def test_tags_then_a_rerun_makes_no_writes(self, project, fake, invoke):
        first = invoke("tag", env=env(project))
        assert first.exit_code == 0, first.output
        assert first.stdout.startswith("Tagged 3 issue(s): ")
        assert fake.state.repo("acme/app").issues[1].labels == ["feature", "icp:core", "icp-fit:A"]
        assert fake.state.repo("acme/app").issues[4].labels == ["bug"]
        for call in fake.writes:
            for secret in SECRETS:
                assert secret not in call.path + json.dumps(call.body)
        fake.state.tick(600)
        fake.reset()
        again = invoke("tag", env=env(project))
        assert again.exit_code == 0
        assert fake.writes == []
        assert "0 write(s) on 0, 3 already up to date" in again.stdout

    def test_only_one_issue_reads_it_alone(self, project, fake, invoke):
        result = invoke("tag", "--only", "acme/app#3", env=env(project))
        assert result.exit_code == 0, result.output
        assert fake.calls[0].body["variables"]["number"] == 3
        assert [c.method for c in fake.calls] == [
            "POST",
            "POST",
            "POST",
            "POST",
        ]  # read, create label, add, comment
        assert fake.state.repo("acme/app").issues[3].labels == ["feature", "icp:unattributed"]

    def test_input_file_ranks_the_export_and_reads_each_issue(self, project, fake, invoke):
        export = {"requests": [{"key": "acme/app#3", "title": "Dark mode", "author": "alice"}]}
        (project / "export.json").write_text(json.dumps(export))
        result = invoke("tag", "--input", "export.json", env=env(project))
        assert result.exit_code == 0, result.output
        assert fake.state.repo("acme/app").issues[3].labels == ["feature", "icp:core", "icp-fit:A"]

    def test_forbidden_write_exits_1_naming_the_permission(self, project, fake, invoke):
        fake.fail(
            403, body={"message": "Resource not accessible by integration"}, method="POST", path="/labels"
        )
        result = invoke("tag", "--only", "acme/app#1", env=env(project))
        assert result.exit_code == 1
        assert "permissions: issues: write" in result.stderr

    def test_a_non_github_source_is_a_config_error(self, project, invoke):
        (project / "icp.yml").write_text(
            (CONFIG % "false").replace("github: {repo: acme/app, labels: [feature]}", "file: r.json")
        )
        result = invoke("tag", env=env(project))
        assert result.exit_code == 2
        assert "tag writes to GitHub issues" in result.stderr


class TestWorkspaceForTheAction:
    """The calls the GitHub Action makes: one issue in 1 read + 2 writes, then 1 read."""

    def test_tag_issue_reads_once_and_writes_twice_then_nothing(self, project, fake, waits, monkeypatch):
        from icp_triage.workspace import open_workspace

        monkeypatch.chdir(project)
        fake.state.attach_label(fake.state.repo("acme/app").issues[2], "icp-fit:A", touch=False)
        environment = env(project)
        workspace = open_workspace(None, env=environment, clock=waits.clock, sleep=waits.sleep)
        run = workspace.tag_issue("acme/app#1", env=environment)
        assert [w.kind for w in run.writes] == ["add_labels", "create_comment"]
        assert fake.requests == 3
        item = run.backlog.item("acme/app#1")
        assert (item.klass, item.best_tier) == ("icp-core", "A")
        fake.state.tick(60)
        fake.reset()
        assert workspace.tag_issue("acme/app#1", env=environment).writes == []
        assert fake.requests == 1


class TestReadme:
    def test_the_github_source_example_is_a_valid_config(self, tmp_path):
        from icp_triage.config.loader import parse_config

        section = (Path(__file__).resolve().parents[3] / "docs" / "guides" / "github.md").read_text()
        example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
        text = "profile:\n  criteria:\n    - {attribute: industry, in: [saas]}\n" + example
        source = parse_config(text, label="docs/guides/github.md", path=tmp_path / "icp.yml").config.source
        assert source is not None and source.github is not None
        assert source.github.all_repos == ["acme/product", "acme/mobile"]
        assert source.github.labels == ["feature-request"]


class TestTagOnlyKeepsToTheBacklog:
    """``tag --only`` applies the Action's selection check (issue 16, defect 7)."""

    def test_an_issue_without_the_configured_labels_gets_nothing(self, project, fake, invoke):
        result = invoke("tag", "--only", "acme/app#4", env=env(project))
        assert result.exit_code == 2, result.output
        assert "acme/app#4: not in the backlog icp.yml selects" in result.stderr
        assert "none of the labels feature" in result.stderr
        assert fake.writes == []
        assert fake.state.repo("acme/app").issues[4].labels == ["bug"]

    def test_a_repository_that_is_not_configured_is_not_even_read(self, project, fake, invoke):
        fake.add_issue("evil/other", title="x", author="alice", labels=["feature"])
        result = invoke("tag", "--only", "evil/other#1", env=env(project))
        assert result.exit_code == 2, result.output
        assert "evil/other is not a repository of the backlog icp.yml selects (acme/app" in result.stderr
        assert fake.calls == []

    def test_a_closed_issue_when_the_backlog_is_open_issues(self, project, fake, invoke):
        fake.state.edit(fake.state.repo("acme/app").issues[1], state="CLOSED")
        result = invoke("tag", "--only", "acme/app#1", env=env(project))
        assert result.exit_code == 2, result.output
        assert "it is closed and the backlog holds open issues" in result.stderr
        assert fake.writes == []

    def test_a_query_the_issue_cannot_decide_writes_nothing(self, project, fake, invoke):
        (project / "icp.yml").write_text(
            (CONFIG % "false").replace(
                "{repo: acme/app, labels: [feature]}", '{repo: acme/app, query: "label:feature SSO"}'
            )
        )
        result = invoke("tag", "--only", "acme/app#1", env=env(project))
        assert result.exit_code == 2, result.output
        assert "cannot tell from the issue alone" in result.stderr
        assert fake.writes == []

    def test_the_owner_and_name_compare_case_insensitively(self, project, fake, invoke):
        result = invoke("tag", "--only", "Acme/App#3", env=env(project))
        assert result.exit_code == 0, result.output


class TestTagOnlyCountsDuplicates:
    """``tag --only`` ranks one issue with its duplicates, as the full ``tag`` does (issue 12):
    acme/app#5, closed as a duplicate of #2 ("Duplicate of #2") by alice (Rocketco, ICP), moves
    #2 (bob, Megacorp: opportunistic alone) and its comment counts the duplicate."""

    @pytest.fixture
    def duplicated(self, project, fake):
        duplicate = fake.add_issue("acme/app", title="Mainframe too", author="alice", labels=["feature"])
        fake.state.add_comment(duplicate, "maintainer", "Duplicate of #2")
        fake.state.close(duplicate, "DUPLICATE")
        return fake.state.repo("acme/app").issues[2], duplicate

    def _comment(self, issue) -> str:
        from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER

        (body,) = [c.body for c in issue.comments if OWN_COMMENT_MARKER in c.body]
        return body

    def test_the_original_counts_its_duplicate_like_the_full_tag(self, project, fake, invoke, duplicated):
        original, duplicate = duplicated
        fake.reset()
        result = invoke("tag", "--only", "acme/app#2", env=env(project))
        assert result.exit_code == 0, result.output
        graphql = [c for c in fake.calls if c.path.endswith("/graphql")]
        assert len(graphql) == 2  # the issue, then its one duplicate
        alone = self._comment(original)
        assert "Counts the requesters of 1 duplicate of this request" in alone
        assert "icp:mixed" in original.labels  # Rocketco's demand came through #5
        full = invoke("tag", env=env(project))
        assert full.exit_code == 0, full.output
        assert self._comment(original) == alone  # the full tag writes the same comment
        assert duplicate.labels == ["feature"] and duplicate.comments[1:] == []

    def test_only_a_duplicate_tags_its_original(self, project, fake, invoke, duplicated):
        original, duplicate = duplicated
        result = invoke("tag", "--only", "acme/app#5", env=env(project))
        assert result.exit_code == 0, result.output
        assert "Counts the requesters of 1 duplicate of this request" in self._comment(original)
        assert duplicate.labels == ["feature"]
