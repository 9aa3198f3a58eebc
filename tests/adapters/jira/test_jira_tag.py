"""``icp-triage tag`` on Jira: labels, the number field and one comment, through the CLI and the
real ``jira`` client over HTTP; idempotent, tier-only by default, only our own comment edited."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fakes.fake_jira import ME, FakeJira, env_for

ACCOUNTS = """id,name,domains,jira_users,arr,industry,employees
globex,Globex Corporation,globex.com,jsmith;5b10ac8d82e05b22cc7d4ef5,4200000,saas,400
initech,Initech Systems,initech.com,pat,99000,retail,20000
"""
SECRETS = ("Globex", "Initech", "globex", "initech", "4200000", "4,200,000", "99000", "4.2M")


def write_config(
    tmp_path: Path, fake: FakeJira, *, extra: str = "", tagging: str = "", weight: str = "arr"
) -> Path:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    (tmp_path / "icp.yml").write_text(
        f"""
profile:
  name: Test
  version: "1"
  criteria:
    - {{attribute: industry, in: [saas], weight: 2}}
    - {{attribute: employees, range: {{min: 100, max: 1000}}, weight: 1}}
accounts: accounts.csv
source:
  jira:
    server: {fake.base_url}
    jql: project = FR
    customer_field: Customer
{extra}
ranking: {{weight_by: {weight}}}
{tagging}
"""
    )
    return tmp_path / "icp.yml"


def seed(fake: FakeJira) -> None:
    fake.add_field(
        "customfield_10010", "Customer", "com.atlassian.jira.plugin.system.customfieldtypes:select", "option"
    )
    fake.add_field(
        "customfield_10030", "ICP value", "com.atlassian.jira.plugin.system.customfieldtypes:float", "number"
    )
    reporter = "5b10ac8d82e05b22cc7d4ef5" if fake.cloud else "jsmith"
    fake.add_user(reporter, "Jane")
    fake.add_issue("FR-1", "SSO", reporter=reporter, labels=["feature", "icp:mixed"])
    fake.add_issue("FR-2", "Exports", customfield_10010={"value": "Initech"})
    fake.add_issue("FR-3", "Nobody asked")
    fake.add_comment(fake.issues["FR-3"], "someone", "Requested-by: nobody-we-know.example")


def scan(fake: FakeJira) -> str:
    return "\n".join(json.dumps(c.body) for c in fake.writes)


@pytest.mark.parametrize("deployment", ["cloud", "datacenter"])
def test_tag_then_a_second_tag_makes_no_writes(deployment: str, tmp_path: Path, invoke) -> None:
    from fakes.fake_jira import serve_fake_jira

    with serve_fake_jira(deployment=deployment) as fake:
        seed(fake)
        config = write_config(tmp_path, fake)
        env = {**env_for(fake), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        first = invoke("tag", "--config", str(config), env=env)
        assert first.exit_code == 0, first.output
        issues = fake.issues
        assert issues["FR-1"].fields["labels"] == [
            "feature",
            "icp:core",
            "icp-fit:A",
        ]  # stale icp:mixed removed
        assert "icp:opportunistic" in issues["FR-2"].fields["labels"]
        assert issues["FR-3"].fields["labels"] == ["icp:unattributed"]
        for key in ("FR-1", "FR-2", "FR-3"):
            ours = [c for c in issues[key].comments if c["author"] == fake.user(ME)]
            assert len(ours) == 1
            assert issues[key].properties["icp-triage"] == {"commentId": ours[0]["id"]}
            body = ours[0]["body"]
            if fake.cloud:
                assert body["type"] == "doc" and body["version"] == 1
                assert any(node["type"] == "table" for node in body["content"]) or key == "FR-3"
            else:
                assert isinstance(body, str) and body.startswith("h3. ICP triage")
            assert "**" not in json.dumps(body) and "<!--" not in json.dumps(body)  # never raw Markdown
        # tier-only (the default): nothing written names an account or a revenue figure
        written = scan(fake)
        assert not [s for s in SECRETS if s in written]
        # weight_by: arr under tier-only: the icp value would carry revenue, so no field write
        assert "customfield_10030" not in written
        writes = len(fake.writes)

        second = invoke("tag", "--config", str(config), env=env)
        assert second.exit_code == 0, second.output
        assert len(fake.writes) == writes  # a second tag: 0 writes
        assert "0 write(s)" in second.output


def test_dry_run_prints_the_comment_as_jira_shows_it_and_writes_nothing(
    cloud: FakeJira, tmp_path: Path, invoke
) -> None:
    seed(cloud)
    config = write_config(tmp_path, cloud)
    result = invoke(
        "tag", "--config", str(config), "--dry-run", env={**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    assert cloud.writes == []
    assert "FR-1: add labels icp:core, icp-fit:A; remove label icp:mixed" in result.output
    assert "FR-1: create the icp-triage comment" in result.output
    assert "**" not in result.output
    # issue 17: the comment's table keeps its rows, as Jira draws it, not one cell a line
    lines = [line.strip() for line in result.output.splitlines()]
    assert "| Requester tier | Accounts |" in lines
    assert any(re.fullmatch(r"\| A \| \d+ \|", line) for line in lines), lines
    assert "Requester tier" in lines[lines.index("| Requester tier | Accounts |")]


def test_the_number_field_is_written_when_it_cannot_carry_revenue(
    dc: FakeJira, tmp_path: Path, invoke
) -> None:
    seed(dc)
    config = write_config(tmp_path, dc, extra="    icp_value_field: ICP value", weight="accounts")
    env = {**env_for(dc), "XDG_CACHE_HOME": str(tmp_path)}
    assert invoke("tag", "--config", str(config), env=env).exit_code == 0
    assert dc.issues["FR-1"].fields["customfield_10030"] == 1.0
    writes = len(dc.writes)
    assert invoke("tag", "--config", str(config), env=env).exit_code == 0
    assert len(dc.writes) == writes


def test_someone_elses_comment_is_never_edited(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    seed(cloud)
    config = write_config(tmp_path, cloud)
    env = {**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path)}
    # a property pointing at a comment someone else wrote (copied, or set by hand)
    theirs = cloud.add_comment(cloud.issues["FR-2"], "mallory", "ICP triage\nClass: ICP core")
    cloud.issues["FR-2"].properties["icp-triage"] = {"commentId": theirs["id"]}
    assert invoke("tag", "--config", str(config), env=env).exit_code == 0
    assert not [c for c in cloud.writes if c.path.endswith(f"/comment/{theirs['id']}")]
    assert theirs["body"]["content"][0]["content"][0]["text"] == "ICP triage"
    ours = [c for c in cloud.issues["FR-2"].comments if c["author"] == cloud.user(ME)]
    assert len(ours) == 1 and cloud.issues["FR-2"].properties["icp-triage"] == {"commentId": ours[0]["id"]}


def test_a_changed_evaluation_edits_the_comment_in_place(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    seed(cloud)
    config = write_config(tmp_path, cloud)
    env = {**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path)}
    assert invoke("tag", "--config", str(config), env=env).exit_code == 0
    cloud.tick(3600)
    cloud.issues["FR-3"].fields["customfield_10010"] = {"value": "Globex"}
    cloud.issues["FR-3"].updated = cloud.now
    cloud.calls.clear()
    assert invoke("tag", "--config", str(config), env=env).exit_code == 0
    writes = [(c.method, c.path) for c in cloud.writes]
    comment_id = cloud.issues["FR-3"].properties["icp-triage"]["commentId"]
    assert writes == [
        ("PUT", "/rest/api/3/issue/FR-3"),
        ("PUT", f"/rest/api/3/issue/FR-3/comment/{comment_id}"),
    ]
    assert len(cloud.issues["FR-3"].comments) == 2  # the customer's comment and ours, edited


def test_403_on_a_write_names_the_permission(dc: FakeJira, tmp_path: Path, invoke) -> None:
    seed(dc)
    dc.denied.add("edit")
    config = write_config(tmp_path, dc)
    result = invoke("tag", "--config", str(config), env={**env_for(dc), "XDG_CACHE_HOME": str(tmp_path)})
    assert result.exit_code == 1
    assert "'Edit issues'" in result.output and "403" in result.output
    assert "NjE2NzFAKEpat" not in result.output


def test_tag_one_issue_reads_it_fresh(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    seed(cloud)
    config = write_config(tmp_path, cloud)
    result = invoke(
        "tag",
        "--config",
        str(config),
        "--only",
        "fr-2",
        env={**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert result.exit_code == 0, result.output
    searches = [c.query["jql"][0] for c in cloud.calls if "search" in c.path]
    assert searches == ["key = FR-2 AND (project = FR)"]  # the one issue, through the JQL: no backlog sync
    assert "icp:opportunistic" in cloud.issues["FR-2"].fields["labels"]
    assert cloud.issues["FR-1"].comments == []


def test_a_comment_whose_recording_failed_is_found_by_its_own_property(
    dc: FakeJira, tmp_path: Path, invoke
) -> None:
    seed(dc)
    config = write_config(tmp_path, dc)
    env = {**env_for(dc), "XDG_CACHE_HOME": str(tmp_path)}
    dc.fail(500, method="PUT", path="/FR-2/properties/", times=4)  # the run stops between the two writes
    first = invoke("tag", "--config", str(config), env=env)
    assert first.exit_code == 1 and "FR-2" in first.output
    assert "icp-triage" not in dc.issues["FR-2"].properties
    dc.tick(3600)
    second = invoke("tag", "--config", str(config), env=env)
    assert second.exit_code == 0, second.output
    ours = [c for c in dc.issues["FR-2"].comments if c["author"] == dc.user(ME)]
    assert len(ours) == 1  # found again, not written twice
    assert dc.issues["FR-2"].properties["icp-triage"] == {"commentId": ours[0]["id"]}


@pytest.mark.parametrize("customer_field", [True, False])
def test_the_unattributed_comment_speaks_of_jira_fields_not_issue_forms(
    customer_field: bool, dc: FakeJira, tmp_path: Path, invoke
) -> None:
    """An unattributed issue's comment says how to attribute it in Jira's terms: the configured
    customer field (none configured: no field to fill in), a label or a Requested-by line."""
    seed(dc)
    config = write_config(tmp_path, dc)
    if not customer_field:
        config.write_text(config.read_text().replace("    customer_field: Customer\n", ""))
    env = {**env_for(dc), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert invoke("tag", "--config", str(config), env=env).exit_code == 0
    [ours] = [c["body"] for c in dc.issues["FR-3"].comments if c["author"] == dc.user(ME)]
    assert "issue form" not in ours
    advice = "a {{customer:<account>}} label, or add a line {{Requested-by: <company or domain>}}"
    if customer_field:
        assert f"To attribute it, set the *Customer* field, add {advice}" in ours
    else:
        assert f"To attribute it, add {advice}" in ours and "field" not in ours.split("To attribute")[1]


def test_one_failing_issue_does_not_hold_up_the_others(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    """Jira refuses one issue's comment (too long, a workflow validator): the other issues are
    tagged, the run exits 1 naming the one that failed, and a re-run tags it."""
    seed(cloud)
    config = write_config(tmp_path, cloud)
    env = {**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    cloud.fail(
        400,
        body={"errorMessages": [], "errors": {"comment": "The entered text is too long."}},
        method="POST",
        path="/issue/FR-2/comment",
    )
    first = invoke("tag", "--config", str(config), env=env)
    assert first.exit_code == 1
    assert (
        "could not tag 1 of 3 issues; the other writes were made, and a re-run retries:\n  FR-2: "
        in first.output
    )
    assert "too long" in first.output
    mine = {
        key: [c for c in issue.comments if c["author"] == cloud.user(ME)]
        for key, issue in cloud.issues.items()
    }
    assert [len(mine[k]) for k in ("FR-1", "FR-2", "FR-3")] == [1, 0, 1]
    second = invoke("tag", "--config", str(config), env=env)
    assert second.exit_code == 0, second.output
    assert len([c for c in cloud.issues["FR-2"].comments if c["author"] == cloud.user(ME)]) == 1


@pytest.mark.parametrize("deployment", ["cloud", "datacenter"])
def test_the_class_select_field_is_set_by_its_option_and_only_when_it_changed(
    deployment: str, tmp_path: Path, invoke
) -> None:
    """``icp_class_field`` names a single select: each issue's class goes in as ``{"value":
    class}`` in the same PUT as its labels, is read back from the search, and a second run
    writes nothing; a changed class rewrites that one field of that one issue."""
    from fakes.fake_jira import serve_fake_jira

    with serve_fake_jira(deployment=deployment) as fake:
        seed(fake)
        fake.add_field(
            "customfield_10040",
            "ICP class",
            "com.atlassian.jira.plugin.system.customfieldtypes:select",
            "option",
        )
        config = write_config(tmp_path, fake, extra="    icp_class_field: ICP class")
        env = {**env_for(fake), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        assert invoke("tag", "--config", str(config), env=env).exit_code == 0
        classes = {k: i.fields.get("customfield_10040") for k, i in fake.issues.items()}
        assert classes == {
            "FR-1": {"value": "icp-core"},
            "FR-2": {"value": "opportunistic"},
            "FR-3": {"value": "unattributed"},
        }
        puts = [c for c in fake.writes if c.method == "PUT" and c.path.endswith("/issue/FR-2")]
        assert puts[0].body["fields"] == {"customfield_10040": {"value": "opportunistic"}}
        writes = len(fake.writes)
        assert invoke("tag", "--config", str(config), env=env).exit_code == 0
        assert len(fake.writes) == writes  # read back from the search: nothing changed, nothing written

        fake.tick(3600)
        fake.issues["FR-3"].fields["customfield_10010"] = {"value": "Globex"}
        fake.issues["FR-3"].updated = fake.now
        fake.calls.clear()
        result = invoke("tag", "--config", str(config), "--dry-run", env=env)
        assert "set customfield_10040 to icp-core" in result.output
        assert invoke("tag", "--config", str(config), env=env).exit_code == 0
        assert fake.issues["FR-3"].fields["customfield_10040"] == {"value": "icp-core"}
        changed = [c for c in fake.writes if "customfield_10040" in json.dumps(c.body)]
        assert [c.path.rsplit("/", 1)[-1] for c in changed] == ["FR-3"]


def test_a_class_field_that_is_no_select_is_a_config_error(dc: FakeJira, tmp_path: Path, invoke) -> None:
    seed(dc)
    config = write_config(tmp_path, dc, extra="    icp_class_field: ICP value")
    result = invoke("tag", "--config", str(config), env={**env_for(dc), "XDG_CACHE_HOME": str(tmp_path)})
    assert result.exit_code == 2
    assert "source.jira.icp_class_field: 'ICP value' (customfield_10030) is a float field" in result.output
