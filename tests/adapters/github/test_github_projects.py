"""``tag`` keeps ICP fields on a GitHub Project (v2): against the fake GitHub, whose queries
and mutations are validated against @octokit/graphql-schema, through the CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from fakes.fake_github import TOKEN
from fakes.github_schema import require_published
from fakes.helpers import Waits
from icp_triage.cli.options import TrackerWiring

CONFIG = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 2}
accounts: accounts.csv
source:
  github:
    repo: acme/app
    project: {owner: acme, number: 7}
ranking: {weight_by: %s}
tagging: {labels: false, comment: false}
"""
ACCOUNTS = """\
id,name,github_logins,industry,employees,arr
acct-rocketco,Rocketco Dynamics,alice,saas,300,4500000
acct-midway,Midway Widgets,carol,saas,5000,2100000
acct-megacorp,Megacorp Holdings,bob,mining,40000,87000000
"""
AUTHORS = ("alice", "bob", "carol", "stranger")


@pytest.fixture(autouse=True)
def _published_schema():
    require_published()  # ProjectV2 is not in the fake's subset schema


@pytest.fixture
def invoke(invoke, fake):
    waits = Waits(fake)

    def run(*args: str):
        return invoke(*args, env=env, obj=TrackerWiring(clock=waits.clock, sleep=waits.sleep))

    env: dict[str, str] = {}
    run.env = env  # type: ignore[attr-defined]
    return run


@pytest.fixture
def board(tmp_path: Path, fake, invoke):
    """icp.yml naming project acme/7 (no ICP fields yet), and 20 issues."""
    (tmp_path / "icp.yml").write_text(CONFIG % "accounts")
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    invoke.env.update({"GITHUB_TOKEN": TOKEN, "XDG_CACHE_HOME": str(tmp_path / "xdg")})
    for n in range(20):
        issue = fake.add_issue("acme/app", title=f"Feature {n}", author=AUTHORS[n % 4])
        for voter in AUTHORS[: n % 3]:
            fake.state.react(issue, voter)
    return fake.graphql.projects.add("acme", 7)


def issues(fake):
    return [fake.state.repo("acme/app").issues[n] for n in range(1, 21)]


def test_first_run_creates_both_fields_and_fills_every_item_in_few_mutations(board, fake, invoke):
    result = invoke("tag")
    assert result.exit_code == 0, result.output
    assert fake.graphql.rejected == []
    assert {"ICP value", "ICP class"} <= {f.name for f in board.fields}
    assert board.field("ICP class").data_type == "SINGLE_SELECT"
    assert [name for _id, name in board.field("ICP class").options] == [
        "icp-core",
        "mixed",
        "opportunistic",
        "unknown-fit",
        "unattributed",
    ]
    assert len(board.items) == 20
    mutations = [c for c in fake.calls if c.is_mutation]
    assert len(mutations) <= math.ceil(20 / 10) + 2
    assert fake.writes == mutations  # labels and comment are off: the project is all it wrote
    assert all(board.value(i, "ICP class") for i in issues(fake))
    alice, stranger = issues(fake)[0], issues(fake)[3]  # no reactions on either
    assert board.value(alice, "ICP class") == "icp-core"
    assert board.value(alice, "ICP value") > 0  # weight_by: accounts, so the value itself is shown
    assert board.value(stranger, "ICP class") == "unattributed"
    assert board.value(stranger, "ICP value") is None


def test_a_second_run_writes_nothing(board, fake, invoke):
    assert invoke("tag").exit_code == 0
    fake.reset()
    result = invoke("tag")
    assert result.exit_code == 0, result.output
    assert fake.writes == []


def test_a_changed_value_rewrites_one_field_of_one_item(board, fake, invoke):
    assert invoke("tag").exit_code == 0
    first = issues(fake)[0]
    before = board.value(first, "ICP value")
    fake.state.react(first, "carol")  # one more ICP account asks: its ICP value rises
    fake.state.edit(first, title="Feature 0, wanted more")
    fake.reset()
    assert invoke("tag").exit_code == 0
    mutations = [c for c in fake.calls if c.is_mutation]
    assert len(mutations) == 1
    assert mutations[0].body["query"].count("updateProjectV2ItemFieldValue") == 1
    assert board.value(first, "ICP value") > before


def test_a_token_that_cannot_reach_projects_gets_one_error_before_any_write(board, fake, invoke):
    (Path.cwd() / "icp.yml").write_text((CONFIG % "accounts").replace("labels: false", "labels: true"))
    board.access = "none"  # the Actions GITHUB_TOKEN
    result = invoke("tag")
    assert result.exit_code == 1
    assert fake.writes == []
    error = result.stderr
    assert error.count("Error:") == 1
    assert "GITHUB_TOKEN" in error and "`project` scope" in error and "Projects: read and write" in error
    assert TOKEN not in result.output


def test_a_token_that_may_only_read_is_refused_too(board, fake, invoke):
    board.access = "read"
    result = invoke("tag")
    assert result.exit_code == 1 and fake.writes == []
    assert "may read but not update it" in result.stderr


def test_weight_by_arr_never_writes_revenue_but_the_rank(board, fake, invoke):
    (Path.cwd() / "icp.yml").write_text(CONFIG % "arr")
    result = invoke("tag")
    assert result.exit_code == 0, result.output
    written = [c.body for c in fake.calls if c.is_mutation]
    numbers = sorted(
        v["number"]
        for body in written
        for k, v in body["variables"].items()
        if k.startswith("v") and "number" in v
    )
    ranked = [board.value(i, "ICP value") for i in issues(fake) if board.value(i, "ICP value") is not None]
    assert numbers and numbers == sorted(ranked)
    assert numbers == list(range(1, len(numbers) + 1))  # places 1..n, not dollars
    assert all(str(amount) not in repr(written) for amount in ("4500000", "2100000", "87000000", "4.5e6"))


def test_a_field_of_another_type_is_a_clear_error(board, fake, invoke):
    from fakes.github_projects import FakeField

    board.fields.append(FakeField("ICP value", "TEXT"))
    result = invoke("tag")
    assert result.exit_code == 2
    assert "field 'ICP value' is TEXT, not NUMBER" in result.stderr
    assert fake.writes == []


def test_a_class_field_made_before_unknown_fit_names_the_missing_option(board, fake, invoke):
    """A board whose class field has the four options of the old classes: the option a request
    of unknown fit needs is named, and nothing is written (issue 12)."""
    from fakes.github_projects import FakeField

    old = ["icp-core", "mixed", "opportunistic", "unattributed"]
    board.fields.append(FakeField("ICP class", "SINGLE_SELECT", [(f"opt{n}", o) for n, o in enumerate(old)]))
    result = invoke("tag")
    assert result.exit_code == 2
    assert "field 'ICP class' has no option unknown-fit: add the option(s)" in result.stderr
    assert fake.writes == []


def test_dry_run_lists_the_project_writes(board, fake, invoke):
    result = invoke("tag", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "create the number field 'ICP value'" in result.output
    assert "acme/app#1: add to the project" in result.output
    assert fake.writes == []


GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guides" / "github.md"


def _readme_sample() -> list[str]:
    """The lines the GitHub guide's "GitHub Projects" shows under ``$ icp-triage tag --dry-run``."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## GitHub Projects", 1)[1]
    block = re.search(r"```text\n\$ icp-triage tag --dry-run\n(.*?)```", section, re.DOTALL)
    assert block, "docs/guides/github.md lost its GitHub Projects sample"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_sample_is_what_tag_prints(tmp_path: Path, fake, invoke):
    """Two issues, one an ICP account's and one nobody's, on a project with no ICP fields."""
    (tmp_path / "icp.yml").write_text(CONFIG % "accounts")
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    invoke.env.update({"GITHUB_TOKEN": TOKEN, "XDG_CACHE_HOME": str(tmp_path / "xdg")})
    fake.add_issue("acme/app", title="SSO", author="alice")
    fake.add_issue("acme/app", title="Dark mode", author="stranger")
    fake.graphql.projects.add("acme", 7)
    result = invoke("tag", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == _readme_sample()


def test_only_one_issue_leaves_the_rank_alone(board, fake, invoke):
    """``tag --only`` (the Action's path: one issue read fresh) ranks it alone, where its place
    says nothing about the backlog: the number field keeps the last backlog run's rank."""
    (Path.cwd() / "icp.yml").write_text(CONFIG % "arr")
    assert invoke("tag").exit_code == 0
    values = {i.number: board.value(i, "ICP value") for i in issues(fake)}
    last = max((n for n, v in values.items() if v is not None), key=lambda n: values[n])
    assert values[last] > 1
    fake.reset()
    result = invoke("tag", "--only", f"acme/app#{last}")
    assert result.exit_code == 0, result.output
    assert fake.writes == []
    assert {i.number: board.value(i, "ICP value") for i in issues(fake)} == values


def test_a_spent_write_budget_stops_before_the_project_writes(board, fake, invoke, tmp_path: Path):
    """The hour's 500 writes were made by an earlier run (the ledger in the cache): no
    mutation goes out, and the error says when to run again."""
    now = fake.state.now.timestamp()
    ledger = tmp_path / "xdg" / "icp-triage" / "github" / "api.github.com" / "writes.json"
    ledger.parent.mkdir(parents=True)
    ledger.write_text(json.dumps({"times": [now - 600 + i for i in range(500)]}))
    result = invoke("tag")
    assert result.exit_code == 1
    assert "stopped at GitHub's write budget (500 writes an hour)" in result.stderr
    assert fake.writes == []
