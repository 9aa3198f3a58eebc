"""The surfaces with a jira source: rank (the demo data served by a fake Jira ranks as the file
source does), explain, plan, check, and the errors a user sees (exit 2 and 1)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from fakes.fake_jira import FakeJira, adf, env_for, serve_fake_jira

DEMO = resources.files("icp_triage.demo_data")
JQL = "project = DEMO"


def _demo_accounts(tmp_path: Path) -> None:
    """The demo accounts with a jira_users column: each GitHub login is also a Jira user."""
    rows = list(csv.DictReader(io.StringIO(DEMO.joinpath("accounts.csv").read_text())))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*rows[0].keys(), "jira_users"])
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "jira_users": row["github_logins"]})
    (tmp_path / "accounts.csv").write_text(out.getvalue())


def _serve_demo(fake: FakeJira) -> dict[str, str]:
    """Every demo request as a Jira issue (Cloud: ADF bodies, accountIds); returns Jira key ->
    demo key. The customer field holds the demo's Company; votes are its +1 reactions."""
    fake.add_field(
        "customfield_10050",
        "Company",
        "com.atlassian.jira.plugin.system.customfieldtypes:textfield",
        "string",
    )
    fake.add_field(
        "customfield_10016",
        "Story point estimate",
        "com.atlassian.jira.plugin.system.customfieldtypes:float",
        "number",
    )
    fake.queries[JQL] = lambda issue: True
    demo = json.loads(DEMO.joinpath("requests.json").read_text())["requests"]
    # Ties in the ranking fall back to the key, so Jira keys keep the demo keys' order.
    renamed = {k: f"DEMO-{1000 + i}" for i, k in enumerate(sorted(r["key"] for r in demo))}
    keys: dict[str, str] = {}
    for n, r in enumerate(demo, start=1):
        key = renamed[r["key"]]
        keys[key] = r["key"]
        reporter = r["author"]
        if reporter is None and r["author_email"]:
            reporter = f"reporter-{n}"
            fake.add_user(reporter, reporter)
            fake.users[reporter]["emailAddress"] = r["author_email"]  # this user lets its e-mail show
        elif reporter is not None and reporter not in fake.users:
            fake.add_user(reporter, reporter)
        custom: dict[str, Any] = {}
        if r["fields"].get("Company"):
            custom["customfield_10050"] = r["fields"]["Company"]
        if r["estimate"] is not None:
            custom["customfield_10016"] = r["estimate"]
        shipped = r.get("state_reason") == "completed"  # the demo's shipped issues: done, resolved
        if shipped:
            custom["resolution"] = {"id": "10000", "name": "Done"}
            custom["resolutiondate"] = r["closed_at"].replace("Z", ".000+0000")
        issue = fake.add_issue(
            key,
            r["title"],
            reporter=reporter,
            description=r["body"],
            labels=r["labels"],
            done=shipped,
            created=datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")),
            **custom,
        )
        issue.fields["description"] = adf(r["body"]) if r["body"] else None
        issue.updated = datetime.fromisoformat(r["updated_at"].replace("Z", "+00:00"))
        for c in r["comments"]:
            fake.add_comment(issue, c["author"], c["body"])
        issue.voters = [x["user"] for x in r["reactions"] if x["content"] == "+1"]
        for user in issue.voters:
            if user not in fake.users:
                fake.add_user(user, user)
    return keys


def _config(tmp_path: Path, source: dict[str, Any], *, votes: bool = True) -> Path:
    config = yaml.safe_load(DEMO.joinpath("icp.yml").read_text())
    config["source"] = source
    config["attribution"]["jira_votes"] = votes
    (tmp_path / "icp.yml").write_text(yaml.safe_dump(config))
    return tmp_path / "icp.yml"


def test_the_demo_served_by_jira_ranks_as_the_file_source_does(tmp_path: Path, invoke) -> None:
    _demo_accounts(tmp_path)
    (tmp_path / "requests.json").write_text(DEMO.joinpath("requests.json").read_text())
    by_file = invoke(
        "rank", "--config", str(_config(tmp_path, {"file": "requests.json"})), "--format", "json"
    )
    assert by_file.exit_code == 0, by_file.output
    with serve_fake_jira(deployment="cloud") as fake:
        keys = _serve_demo(fake)
        source = {
            "jira": {
                "server": fake.base_url,
                "jql": JQL,
                "customer_field": "Company",
                "story_points_field": "Story point estimate",
            }
        }
        env = {**env_for(fake), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        by_jira = invoke("rank", "--config", str(_config(tmp_path, source)), "--format", "json", env=env)
    assert by_jira.exit_code == 0, by_jira.output
    expected, got = json.loads(by_file.stdout), json.loads(by_jira.stdout)

    def same_form(items: list[dict[str, Any]], rename: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Keys as the demo spells them; no URL; each signal's ``source`` is where it was
        seen, worded per tracker ("comment 5 by @login" / "comment 5 by user"), so left out."""
        return [
            {
                **i,
                "key": (rename or {}).get(i["key"], i["key"]),
                "url": None,
                "accounts": [{k: v for k, v in a.items() if k != "source"} for a in i["accounts"]],
            }
            for i in items
        ]

    for listing in ("ranked", "opportunistic"):
        assert same_form(got[listing], keys) == same_form(expected[listing])
    assert sorted(keys[u["key"]] for u in got["unattributed"]) == sorted(
        u["key"] for u in expected["unattributed"]
    )
    assert len(expected["ranked"]) > 10 and expected["opportunistic"]


def _small(fake: FakeJira) -> None:
    fake.add_field(
        "customfield_10010", "Customer", "com.atlassian.jira.plugin.system.customfieldtypes:select", "option"
    )
    for n in range(1, 4):
        fake.add_issue(f"FR-{n}", f"Feature {n}", customfield_10010={"value": "Ambergrove Finance"})


def _small_config(tmp_path: Path, fake: FakeJira, **jira: Any) -> Path:
    _demo_accounts(tmp_path)
    return _config(
        tmp_path,
        {"jira": {"server": fake.base_url, "jql": "project = FR", "customer_field": "Customer", **jira}},
    )


def test_check_reports_field_ids_and_the_jql_count(dc: FakeJira, tmp_path: Path, invoke) -> None:
    _small(dc)
    result = invoke("check", "--config", str(_small_config(tmp_path, dc)), env=env_for(dc))
    assert result.exit_code == 0, result.output
    assert f"Jira datacenter at {dc.base_url}: the JQL matches 3 issues." in result.output
    assert "customer_field: 'Customer' is customfield_10010 (select)." in result.output
    assert "no account lists jira_users" not in result.stderr  # Data Center shows e-mails


def test_check_without_a_jira_credential_says_only_the_error(dc: FakeJira, tmp_path: Path, invoke) -> None:
    """Issue 17: ``check`` printed "icp.yml: OK." and then "Error: no Jira credential",
    exit 2; one verdict per run, the error first and alone."""
    _small(dc)
    result = invoke("check", "--config", str(_small_config(tmp_path, dc)), env={})
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "OK." not in result.output
    assert result.stderr.startswith("Error: ") and "Jira" in result.stderr


def test_explain_names_the_customer_field_as_jira_does(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    """Issue 17: explain said "field Company" (attribution.form_field's word) where the Jira
    field is named otherwise ("Organizations" on a service desk; "Customer" here)."""
    _small(cloud)
    env = {**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    explained = invoke("explain", "FR-2", "--config", str(_small_config(tmp_path, cloud)), env=env)
    assert explained.exit_code == 0, explained.output
    text = " ".join(explained.stdout.split())
    assert "field Customer" in text and "field Company" not in text


def test_check_on_cloud_warns_when_no_account_lists_jira_users(
    cloud: FakeJira, tmp_path: Path, invoke
) -> None:
    _small(cloud)
    config = _small_config(tmp_path, cloud)
    (tmp_path / "accounts.csv").write_text("id,name,domains\nacme,Acme,acme.com\n")
    result = invoke("check", "--config", str(config), env=env_for(cloud))
    assert result.exit_code == 0, result.output
    assert "Warning: no account lists jira_users" in result.stderr


def test_explain_and_plan_work_with_a_jira_source(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    _small(cloud)
    config = str(_small_config(tmp_path, cloud))
    env = {**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    explained = invoke("explain", "FR-2", "--config", config, env=env)
    assert explained.exit_code == 0, explained.output
    assert "FR-2" in explained.output and "ambergrove" in explained.output.casefold()
    planned = invoke("plan", "--config", config, "--capacity", "10", "--format", "json", env=env)
    assert planned.exit_code == 0, planned.output


def test_a_missing_credential_names_the_variables(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    result = invoke(
        "rank",
        "--config",
        str(_small_config(tmp_path, cloud, deployment="cloud")),
        env={"JIRA_EMAIL": "a@b.c"},
    )
    assert result.exit_code == 2
    assert "JIRA_API_TOKEN not set" in result.output
    assert cloud.calls == []


def test_a_jql_error_exits_2_with_jiras_words(dc: FakeJira, tmp_path: Path, invoke) -> None:
    _small(dc)
    config = _small_config(tmp_path, dc, jql="project = FR AND")
    for command in ("rank", "check"):  # check says so before any run does
        result = invoke(
            command, "--config", str(config), env={**env_for(dc), "XDG_CACHE_HOME": str(tmp_path)}
        )
        assert result.exit_code == 2, command
        assert "Error in the JQL Query: Expecting operator but got 'AND'" in result.output, command


def test_an_unknown_field_exits_2_with_the_closest_names(dc: FakeJira, tmp_path: Path, invoke) -> None:
    _small(dc)
    config = _small_config(tmp_path, dc, customer_field="Custommer")
    result = invoke("check", "--config", str(config), env=env_for(dc))
    assert result.exit_code == 2
    assert "no Jira field is named 'Custommer' (closest: Customer" in result.output


def test_the_readme_jira_configs_are_valid(tmp_path: Path) -> None:
    """Both ``source: jira`` examples of the Jira guide (docs/guides/jira.md) load as icp.yml."""
    from icp_triage.config.loader import load_config

    section = (Path(__file__).resolve().parents[3] / "docs" / "guides" / "jira.md").read_text()
    blocks = [b for b in section.split("```yaml\n")[1:] if b.startswith("source:")]
    assert len(blocks) == 2
    profile = 'profile: {name: T, version: "1", criteria: [{attribute: industry, in: [saas], weight: 1}]}\n'
    for block in blocks:
        (tmp_path / "icp.yml").write_text(profile + block.split("```", 1)[0])
        jira = load_config(tmp_path / "icp.yml").config.source.jira  # type: ignore[union-attr]
        assert jira is not None and jira.jql and jira.customer_field


def test_the_action_and_the_cli_never_import_jira_unless_a_jira_source_is_read() -> None:
    import subprocess
    import sys

    code = (
        "import sys, icp_triage, icp_triage.workspace, icp_triage.action.run, icp_triage.adapters.jira\n"
        "print('jira' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_explain_names_jira_people_beside_their_account_ids(cloud: FakeJira, tmp_path: Path, invoke) -> None:
    """A Cloud accountId says nothing to a PM: explain shows the name Jira shows, with the id
    (the one to copy into ``jira_users``) beside it, for reporters, commenters and the unknown."""
    _small(cloud)
    cloud.add_user("5b10ac8d82e05b22cc7d4ef5", "Jane Smith")
    cloud.add_user("712020:6e4d1c3b", "Ravi Patel")
    issue = cloud.add_issue("FR-9", "Audit log export", reporter="5b10ac8d82e05b22cc7d4ef5")
    cloud.add_comment(issue, "712020:6e4d1c3b", "we need this too")
    config = str(_small_config(tmp_path, cloud))
    env = {**env_for(cloud), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = invoke("explain", "FR-9", "--config", config, "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    sources = {u["source"] for u in json.loads(result.stdout)["unattributed_signals"]}
    assert "author Jane Smith (5b10ac8d82e05b22cc7d4ef5)" in sources
    assert "comment 1 by Ravi Patel (712020:6e4d1c3b)" in sources
    values = {u["value"] for u in json.loads(result.stdout)["unattributed_signals"]}
    assert "5b10ac8d82e05b22cc7d4ef5" in values  # what to add to jira_users


def test_shipped_from_jira_reads_resolutions_as_the_file_source_states_them(tmp_path: Path, invoke) -> None:
    """The demo's shipped requests served as done issues with a resolution and its date: the
    same periods and shares as from the file; a Won't Do resolution is not shipped."""
    _demo_accounts(tmp_path)
    (tmp_path / "requests.json").write_text(DEMO.joinpath("requests.json").read_text())
    by_file = invoke("shipped", "--config", str(_config(tmp_path, {"file": "requests.json"})), "-f", "json")
    assert by_file.exit_code == 0, by_file.output
    with serve_fake_jira(deployment="cloud") as fake:
        keys = _serve_demo(fake)
        refused = fake.add_issue("DEMO-9999", "Refused", done=True, labels=["customer:hollowmere"])
        refused.fields["resolution"] = {"id": "10001", "name": "Won\u2019t Do"}
        refused.fields["resolutiondate"] = "2026-08-01T10:00:00.000+0000"
        source = {"jira": {"server": fake.base_url, "jql": JQL, "story_points_field": "Story point estimate"}}
        env = {**env_for(fake), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        by_jira = invoke("shipped", "--config", str(_config(tmp_path, source)), "-f", "json", env=env)
    assert by_jira.exit_code == 0, by_jira.output
    expected, got = json.loads(by_file.stdout), json.loads(by_jira.stdout)
    assert [(p["period"], p["classes"]) for p in got["periods"]] == [
        (p["period"], p["classes"]) for p in expected["periods"]
    ]
    shipped = [(keys[s["key"]], s["closed_at"]) for p in got["periods"] for s in p["shipped"]]
    assert shipped == [(s["key"], s["closed_at"]) for p in expected["periods"] for s in p["shipped"]]
