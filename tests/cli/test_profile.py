"""``icp-triage profile validate|suggest|diff`` through the CLI, on files a user would have."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from planted import additive, conjunction, population

COLUMNS = [
    "id",
    "arr",
    "industry",
    "employees",
    "region",
    "plan",
    "tech_stack",
    "won",
    "retained",
    "usage",
    "nps",
    "support_tickets",
    "churned_at",
]
SOUND = """\
# our profile
profile:
  name: Planted
  version: "2026-10"
  criteria:
    - {attribute: industry, in: [saas, fintech], weight: 1}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}

# the accounts
accounts: accounts.csv
ranking: {weight_by: accounts}
"""
INDUSTRY_ALONE = SOUND.replace("    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}\n", "")
BROAD = SOUND.replace(
    "in: [saas, fintech]", "in: [saas, fintech, retail, healthcare, media, logistics]"
).replace("    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}\n", "")


def write_accounts(
    path: Path, n: int = 1200, seed: int = 9, rename: dict[str, str] | None = None, truth=additive
) -> None:
    rename = rename or {}
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([rename.get(c, c) for c in COLUMNS])
        for account in population(n, seed=seed, truth=truth):
            row = []
            for column in COLUMNS:
                value = (
                    account.arr
                    if column == "arr"
                    else account.id
                    if column == "id"
                    else account.attributes.get(column)
                )
                if isinstance(value, list):
                    value = ";".join(value)
                row.append("" if value is None else str(value).lower() if isinstance(value, bool) else value)
            writer.writerow(row)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Write ``value`` into ``column`` of the file's ``line`` (0 is the header)."""
    text = path.read_text().splitlines()
    cells = text[line].split(",")
    cells[COLUMNS.index(column)] = value
    text[line] = ",".join(cells)
    path.write_text("\n".join(text) + "\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_accounts(tmp_path / "accounts.csv")
    (tmp_path / "icp.yml").write_text(SOUND)
    return tmp_path


class TestValidate:
    def test_json_holds_the_outcomes_and_no_warning_for_a_sound_profile(self, invoke, folder):
        result = invoke("profile", "validate", "--format", "json", "--today", "2026-11-01")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        names = [o["name"] for o in data["outcomes"]]
        assert names == ["won", "retained", "nps", "usage", "churned", "support_tickets"]
        won = data["outcomes"][0]
        assert set(won) >= {"name", "icp", "rest", "lift", "ci", "n_icp", "n_rest", "verdict"}
        assert won["ci"][0] < won["lift"] < won["ci"][1] and won["verdict"] == "supported"
        assert data["warnings"] == []

    def test_table_reads_the_verdicts_and_win_rate_by_tier(self, invoke, folder):
        result = invoke("profile", "validate", "--today", "2026-11-01")
        assert result.exit_code == 0
        assert "supported" in result.stdout and "Win rate by tier" in result.stdout
        assert "ICP (tiers A, B) against the rest" in result.stdout
        assert "No warnings." in result.stdout

    def test_check_reads_the_outcomes_and_refuses_a_bad_one(self, invoke, folder):
        result = invoke("check")
        assert result.exit_code == 0
        assert "Outcomes (accounts with a value): won (1017), retained (1017)" in result.stdout
        (folder / "accounts.csv").write_text("id,won\na,maybe\n")
        bad = invoke("check")
        assert bad.exit_code == 2 and "row 2, column won (account 'a'): expected won/lost" in bad.stderr

    def test_warnings_exit_0_and_1_with_strict(self, invoke, folder):
        (folder / "icp.yml").write_text(BROAD)
        plain = invoke("profile", "validate", "--format", "markdown", "--today", "2026-11-01")
        assert plain.exit_code == 0
        assert "**too broad**: the ICP holds 1200 of 1200 accounts (100%)" in plain.stdout
        strict = invoke("profile", "validate", "--strict", "--today", "2026-11-01")
        assert strict.exit_code == 1
        assert "Warning (too broad)" in strict.stdout

    def test_stale_version_against_today(self, invoke, folder):
        result = invoke("profile", "validate", "--format", "json", "--today", "2028-01-15")
        kinds = [w["kind"] for w in json.loads(result.stdout)["warnings"]]
        assert kinds == ["stale"]

    def test_an_out_of_range_outcome_is_exit_2_naming_the_row(self, invoke, folder):
        set_cell(folder / "accounts.csv", 3, "nps", "250")
        result = invoke("profile", "validate")
        assert result.exit_code == 2
        assert (
            "accounts.csv: row 4, column nps (account 'acct000002'): 250 is out of range (-100..100)"
            in result.stderr
        )

    def test_outcomes_maps_other_column_names(self, invoke, folder):
        write_accounts(folder / "accounts.csv", rename={"retained": "renewed_2025"})
        (folder / "icp.yml").write_text(SOUND + "outcomes:\n  retained: renewed_2025\n")
        data = json.loads(invoke("profile", "validate", "--format", "json", "--today", "2026-11-01").stdout)
        retained = next(o for o in data["outcomes"] if o["name"] == "retained")
        assert retained["column"] == "renewed_2025" and retained["verdict"] == "supported"


def test_accounts_without_outcomes_say_so(invoke, tmp_path):
    (tmp_path / "accounts.csv").write_text("id,industry\na,saas\nb,retail\n")
    (tmp_path / "icp.yml").write_text(SOUND)
    result = invoke("profile", "validate")
    assert result.exit_code == 0
    assert "Note: no outcome columns in the accounts" in result.stdout
    draft = invoke("profile", "suggest", "--output", "draft.yml")
    assert draft.exit_code == 2 and "no profile drafted, so nothing written" in draft.stderr
    assert not (tmp_path / "draft.yml").exists()


class TestSuggest:
    def test_prints_a_commented_draft_and_leaves_icp_yml_alone(self, invoke, folder):
        before = (folder / "icp.yml").read_text()
        result = invoke("profile", "suggest", "--today", "2026-11-20")
        assert result.exit_code == 0, result.output
        assert "# Judged on the" in result.stdout and "#   draft:" in result.stdout
        assert "- {attribute: industry, in: [fintech, saas], weight: " in result.stdout
        assert "of the best customers against" in result.stdout
        assert (folder / "icp.yml").read_text() == before

    def test_output_writes_an_icp_yml_check_accepts(self, invoke, folder):
        (folder / "drafts").mkdir()
        result = invoke("profile", "suggest", "--output", "drafts/icp.yml", "--today", "2026-11-20")
        assert result.exit_code == 0, result.output
        written = (folder / "drafts" / "icp.yml").read_text()
        assert written.startswith("# our profile\n# Drafted by")
        assert "accounts: ../accounts.csv" in written and "# the accounts" in written
        checked = invoke("check", "--config", "drafts/icp.yml")
        assert checked.exit_code == 0, checked.output
        assert "version 2026-11" in checked.stdout

    def test_the_draft_requires_both_halves_of_a_segment_and_says_why(self, invoke, tmp_path):
        """Customers in saas or fintech of 100-2,000 employees do better, either trait alone
        nothing: the draft's ICP is both (tier A from fit 100), its comment says why and lists
        the cut-offs considered, and `check` accepts it."""
        write_accounts(tmp_path / "accounts.csv", n=1500, seed=1, truth=conjunction)
        (tmp_path / "icp.yml").write_text(INDUSTRY_ALONE)
        result = invoke("profile", "suggest", "--today", "2026-11-20", "--output", "draft.yml")
        assert result.exit_code == 0, result.output
        draft = (tmp_path / "draft.yml").read_text()
        assert "  tiers: {A: 100, B: 60, C: 40}\n  min_coverage: 0.5\n  icp_tiers: [A]\n" in draft
        assert "  # The ICP line: fit >= 100, an account that meets industry and employees.\n" in draft
        assert "  # industry and employees are required together: " in draft
        considered = [
            line for line in draft.splitlines() if line.startswith(("  # -> fit >=", "  #    fit >="))
        ]
        assert 2 <= len(considered) <= 5
        assert considered[0].startswith("  # -> fit >= 100  industry and employees  training ")
        assert "; held out " in considered[0] and ", lift " in considered[0]
        checked = invoke("check", "--config", "draft.yml")
        assert checked.exit_code == 0, checked.output
        validated = invoke(
            "profile", "validate", "--config", "draft.yml", "-f", "json", "--today", "2026-11-20"
        )
        assert [w["kind"] for w in json.loads(validated.stdout)["warnings"]] == []
        industry = invoke("profile", "validate", "-f", "json", "--today", "2026-11-20")
        assert [w["kind"] for w in json.loads(industry.stdout)["warnings"]] == ["partial"]

    @pytest.mark.parametrize("target", ["icp.yml", "accounts.csv"])
    def test_refuses_to_write_onto_its_inputs(self, invoke, folder, target):
        before = (folder / target).read_text()
        result = invoke("profile", "suggest", "--output", target, "--force")
        assert result.exit_code == 2
        assert "suggest never overwrites it" in result.output
        assert (folder / target).read_text() == before


class TestDiff:
    def test_files_old_new_list_tier_changes_and_lifts(self, invoke, folder):
        (folder / "broad.yml").write_text(BROAD)
        result = invoke(
            "profile", "diff", "broad.yml", "icp.yml", "--format", "json", "--today", "2026-11-01"
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["old"]["icp_accounts"] == 1200 and data["new"]["icp_accounts"] < 400
        assert {c["old"] for c in data["tier_changes"]} == {"A"}
        won = next(o for o in data["outcomes"] if o["name"] == "won")
        assert won["old"]["lift"] is None and won["new"]["lift"] > 1
        assert data["requests"] is None
        assert sum(m["accounts"] for m in data["tier_moves"]) == len(data["tier_changes"])

    def test_accounts_from_the_secret_are_counted_not_named(self, invoke, folder):
        (folder / "broad.yml").write_text(BROAD)
        secret = (folder / "accounts.csv").read_text()
        (folder / "accounts.csv").unlink()
        result = invoke("profile", "diff", "broad.yml", "icp.yml", env={"ICP_TRIAGE_ACCOUNTS": secret})
        assert result.exit_code == 0, result.output
        assert "acct0" not in result.stdout and "Tier changes" in result.stdout
        data = json.loads(
            invoke(
                "profile", "diff", "broad.yml", "icp.yml", "-f", "json", env={"ICP_TRIAGE_ACCOUNTS": secret}
            ).stdout
        )
        assert data["tier_changes"] == [] and data["tier_moves"]

    def test_requests_that_move_and_switch_class(self, invoke, sample):
        old = (sample / "icp.yml").read_text()
        (sample / "new.yml").write_text(old.replace("in: [saas, fintech]", "in: [retail]"))
        result = invoke("profile", "diff", "icp.yml", "new.yml", "--places", "0", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["requests"] == 7
        switched = {s["key"]: (s["old"], s["new"]) for s in data["switched"]}
        assert switched["acme/app#6"] == ("icp-core", "opportunistic")  # only Globex (fintech) asked
        table = invoke("profile", "diff", "icp.yml", "new.yml", "--places", "0")
        assert "Requests that switch class" in table.stdout and "Dark mode" in table.stdout

    def test_against_a_git_revision(self, invoke, folder):
        if shutil.which("git") is None:
            pytest.skip("no git")
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
        (folder / "icp.yml").write_text(BROAD)
        subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        subprocess.run([*git, "add", "icp.yml"], cwd=folder, check=True)
        subprocess.run([*git, "commit", "-qm", "broad"], cwd=folder, check=True)
        (folder / "icp.yml").write_text(SOUND)
        result = invoke("profile", "diff", "--against", "HEAD", "--format", "markdown", "--no-names")
        assert result.exit_code == 0, result.output
        assert "| Old tier | New tier | Accounts |" in result.stdout
        assert "acct0" not in result.stdout  # counted, never named
        bad = invoke("profile", "diff", "--against", "--upload-pack=evil")
        assert bad.exit_code == 2 and "is not a git revision" in bad.stderr
        missing = invoke("profile", "diff", "--against", "no-such-ref")
        assert missing.exit_code == 2 and "cannot read icp.yml at that revision" in missing.stderr


def test_demo_shows_the_validation(invoke):
    result = invoke("demo")
    assert result.exit_code == 0
    assert "icp-triage profile validate` on the demo customers" in result.stdout
    assert "Win rate by tier" in result.stdout


def test_the_guide_shows_what_validate_prints_on_the_demo(invoke, tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "docs" / "guides" / "revops.md").read_text()
    block = readme.split("```text\n$ icp-triage profile validate\n", 1)[1].split("```", 1)[0]
    assert invoke("demo", "--write", str(tmp_path / "demo")).exit_code == 0
    result = invoke(
        "profile", "validate", "--config", str(tmp_path / "demo" / "icp.yml"), "--today", "2026-11-02"
    )
    assert result.exit_code == 0
    printed = iter(line.rstrip() for line in result.stdout.splitlines())
    for line in block.splitlines():
        assert line.rstrip() in printed, (
            f"docs/guides/revops.md shows a line validate no longer prints:\n{line}"
        )


def test_an_80_column_terminal_gets_every_figure_whole(invoke, tmp_path):
    """A terminal narrower than the wide table gets the compact layout: no line over the
    terminal's width, and no figure cut to an ellipsis (the wide table squeezed into 80
    columns read ``1.…  [0…``)."""
    from icp_triage.reports.profile_report import validation_tables
    from icp_triage.reports.table import to_text

    assert invoke("demo", "--write", str(tmp_path / "demo")).exit_code == 0
    wide = invoke("profile", "validate", "--config", str(tmp_path / "demo" / "icp.yml"), "--format", "json")
    lifts = [o for o in json.loads(wide.stdout)["outcomes"] if o["lift"] is not None]
    from icp_triage import evidence
    from icp_triage.core.validate import validate
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(tmp_path / "demo" / "icp.yml", env={})
    table = evidence.outcomes(workspace, {})
    settings = workspace.config.validation
    result = validate(
        workspace.accounts, workspace.config.profile, table, today=date(2026, 11, 2), settings=settings
    )
    text = to_text(*validation_tables(result, width=80), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    for outcome in lifts:
        assert f"{outcome['lift']:.2f} [" in text, outcome["name"]


def test_numbers_are_read_in_their_column_context(invoke, tmp_path):
    """A CRM export's NRR ``1.045`` is 1.045 (expansion lies in 0..10); ``employees: 1.200``,
    open-ended, is still not read as a number: check names it and the criterion is unknown."""
    rows = ["id,industry,employees,expansion"]
    rows += [f"a{i},saas,{'1.200' if i == 0 else 300},{'1.045' if i % 2 else '104.5%'}" for i in range(12)]
    rows += [f"b{i},retail,300,0.800" for i in range(12)]
    (tmp_path / "accounts.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "icp.yml").write_text(SOUND)
    result = invoke("profile", "validate", "--format", "json", "--today", "2026-11-01")
    assert result.exit_code == 0, result.output
    (expansion,) = json.loads(result.stdout)["outcomes"]
    assert (expansion["icp"], expansion["rest"]) == (1.045, 0.8)
    checked = invoke("check")
    assert "Warning: a0: employees '1.200' is not a number." in checked.stderr
    fit = json.loads(invoke("accounts", "--format", "json").stdout)
    (a0,) = [row for row in fit if row["id"] == "a0"]
    employees = next(c for c in a0["explanation"] if c["attribute"] == "employees")
    assert employees["status"] == "unknown" and employees["value"] == "1.200"


def strict_json(text: str):
    """``json.loads`` as a strict parser reads: ``NaN`` and ``Infinity`` are not JSON."""

    def refuse(name: str):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


class TestStrictJson:
    def test_every_json_output_of_profile_parses_strictly(self, invoke, folder):
        """Constant columns, a mean of 0 (no lift), a profile that takes in every account (no
        rest) and one that takes in none: every figure is a number or null."""
        text = (folder / "accounts.csv").read_text().splitlines()
        rows = [text[0] + ",steady,flat"] + [line + ",0.45,0" for line in text[1:]]
        (folder / "accounts.csv").write_text("\n".join(rows) + "\n")
        (folder / "icp.yml").write_text(SOUND + "outcomes: {usage: steady, nps: flat}\n")
        (folder / "broad.yml").write_text(BROAD + "outcomes: {usage: steady, nps: flat}\n")
        (folder / "none.yml").write_text(SOUND.replace("in: [saas, fintech]", "in: [mining]"))
        outputs = [
            invoke("profile", "validate", "-f", "json", "--today", "2026-11-01"),
            invoke("profile", "validate", "-f", "json", "--config", "broad.yml"),
            invoke("profile", "validate", "-f", "json", "--config", "none.yml"),
            invoke("profile", "diff", "broad.yml", "icp.yml", "-f", "json"),
            invoke("profile", "diff", "none.yml", "broad.yml", "-f", "json"),
        ]
        for result in outputs:
            assert result.exit_code == 0, result.output
            strict_json(result.stdout)
        checks = {o["name"]: o for o in strict_json(outputs[0].stdout)["outcomes"]}
        assert checks["usage"]["verdict"] == checks["nps"]["verdict"] == "no_difference"
        assert checks["usage"]["difference_ci"] == [0.0, 0.0] and checks["nps"]["lift"] is None

    def test_a_value_too_large_to_compute_with_is_refused_naming_row_and_column(self, invoke, folder):
        """1e308: two of them add up to infinity (the table showed inf and nan, the JSON NaN)."""
        set_cell(folder / "accounts.csv", 5, "usage", "1e308")
        result = invoke("profile", "validate", "-f", "json")
        assert result.exit_code == 2 and result.stdout == ""
        assert (
            "accounts.csv: row 6, column usage (account 'acct000004'): '1e308' is too large"
            not in result.stderr
        )
        assert (
            "accounts.csv: row 6, column usage (account 'acct000004'): 1e+308 is too large to compute with"
            in result.stderr
        )
