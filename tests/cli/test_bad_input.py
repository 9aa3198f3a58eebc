"""Bad input through the real CLI: exit 2, a message naming the file and where, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ICP = """\
profile:
  name: T
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 2}
accounts: accounts.csv
"""
CSV = "id,name,industry,employees\nacme,Acme,saas,300\n"
OK = {"icp.yml": ICP, "accounts.csv": CSV}  # a valid setup the request-file cases rank against


def with_icp(text: str, **files: str | bytes | None) -> dict[str, str | bytes | None]:
    return {"icp.yml": text, "accounts.csv": CSV, **files}


def criterion(line: str) -> dict[str, str | bytes | None]:
    """A config whose only criterion is ``line`` (on line 3 of icp.yml)."""
    return with_icp(f"profile:\n  criteria:\n    - {line}\naccounts: accounts.csv\n")


def profile_extra(yaml: str) -> dict[str, str | bytes | None]:
    """A valid criterion, then ``yaml`` inside profile: (from line 4)."""
    return with_icp(f"profile:\n  criteria:\n    - {{attribute: x, in: [a]}}\n{yaml}accounts: accounts.csv\n")


def top_extra(yaml: str) -> dict[str, str | bytes | None]:
    """A valid profile, then ``yaml`` at the top level (from line 5)."""
    return with_icp(f"profile:\n  criteria:\n    - {{attribute: x, in: [a]}}\naccounts: accounts.csv\n{yaml}")


def accounts(name: str, content: str | bytes | None) -> dict[str, str | bytes | None]:
    return {"icp.yml": ICP.replace("accounts.csv", name), name: content}


def requests(content: str | bytes | None) -> dict[str, str | bytes | None]:
    return {**OK, "r.json": content}


def request_list(*items: object) -> dict[str, str | bytes | None]:
    return requests(json.dumps({"requests": list(items)}))


CHECK = ("check",)
RANK = ("rank", "--input", "r.json")

CASES = [
    # --- icp.yml: syntax and shape
    pytest.param(
        with_icp("profile: [\n"), CHECK, "icp.yml: line 2, column 1: not valid YAML", id="broken-yaml"
    ),
    pytest.param(
        with_icp("profile:\n  criteria: []\n\tname: x\n"),
        CHECK,
        "icp.yml: line 3, column 1: not valid YAML: found character '\\t'",
        id="tab-indent",
    ),
    pytest.param(
        with_icp("- profile\n- accounts\n"),
        CHECK,
        "icp.yml: expected a mapping at the top level",
        id="top-is-list",
    ),
    pytest.param(with_icp(""), CHECK, "icp.yml: the file is empty", id="icp-0-bytes"),
    pytest.param(
        with_icp("# nothing yet\n"), CHECK, "icp.yml: the file has no settings", id="icp-only-comments"
    ),
    pytest.param(
        with_icp(b"profile:\n  name: \xff\xfe\n"),
        CHECK,
        "icp.yml: not UTF-8 text (byte 0xff on line 2)",
        id="icp-not-utf8",
    ),
    pytest.param({"icp.yml": None}, CHECK, "no icp.yml found", id="icp-is-a-directory"),
    pytest.param({}, CHECK, "no icp.yml found (looked for ./icp.yml and ./.github/icp.yml)", id="no-icp-yml"),
    pytest.param(OK, (*CHECK, "--config", "nope.yml"), "nope.yml: file not found", id="config-missing"),
    pytest.param(
        with_icp("profile:\n  criteria:\n    - !!python/object/apply:os.system [ls]\n"),
        CHECK,
        "icp.yml: line 3, column 7: not valid YAML: could not determine a constructor",
        id="python-tag",
    ),
    pytest.param(
        with_icp("profile: 3\n"),
        CHECK,
        "icp.yml: profile: expected a mapping (key: value), got 3",
        id="profile-scalar",
    ),
    pytest.param(
        with_icp("accounts: accounts.csv\n"),
        CHECK,
        "icp.yml: profile: required, but missing",
        id="no-profile",
    ),
    # --- icp.yml: wrong types
    pytest.param(
        criterion("{attribute: employees, range: {min: ten}, weight: 2}"),
        CHECK,
        "icp.yml: profile.criteria[0].range.min: expected a number, got 'ten' (line 3)",
        id="range-min-text",
    ),
    pytest.param(
        criterion("{attribute: x, in: a}"),
        CHECK,
        "icp.yml: profile.criteria[0].in: expected a list, got 'a' (line 3)",
        id="in-not-a-list",
    ),
    pytest.param(
        criterion("{attribute: x, exists: maybe}"),
        CHECK,
        "icp.yml: profile.criteria[0].exists: expected true or false, got 'maybe' (line 3)",
        id="exists-not-bool",
    ),
    pytest.param(
        criterion("{attribute: x, in: [a], weight: heavy}"),
        CHECK,
        "icp.yml: profile.criteria[0].weight: expected a number, got 'heavy' (line 3)",
        id="weight-text",
    ),
    pytest.param(
        with_icp("profile:\n  criteria: {attribute: x, in: [a]}\n"),
        CHECK,
        "icp.yml: profile.criteria: expected a list, got a mapping (line 2)",
        id="criteria-not-a-list",
    ),
    pytest.param(
        with_icp("profile:\n  criteria: []\n"),
        CHECK,
        "icp.yml: profile.criteria: must not be empty (line 2)",
        id="criteria-empty",
    ),
    pytest.param(
        criterion("{attribute: '', in: [a]}"),
        CHECK,
        "icp.yml: profile.criteria[0].attribute: must not be empty (line 3)",
        id="attribute-empty",
    ),
    pytest.param(
        profile_extra("  version: 2026.11\n"),
        CHECK,
        "icp.yml: profile.version: expected text, got 2026.11 (line 4)",
        id="version-a-number",
    ),
    pytest.param(
        with_icp("profile:\n  criteria:\n    - {attribute: x, in: [a]}\naccounts: 3\n"),
        CHECK,
        "icp.yml: accounts: expected text, got 3 (line 4)",
        id="accounts-a-number",
    ),
    # --- icp.yml: unknown keys
    pytest.param(
        criterion("{attribute: x, in: [a], wieght: 2}"),
        CHECK,
        "icp.yml: profile.criteria[0].wieght: unknown key 'wieght' (did you mean 'weight'?) (line 3)",
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        top_extra("rankin: {weight_by: arr}\n"),
        CHECK,
        "icp.yml: rankin: unknown key 'rankin' (did you mean 'ranking'?) (line 5)",
        id="unknown-section",
    ),
    pytest.param(
        top_extra("attribution: {strengths: {vote: 1}}\n"),
        CHECK,
        "icp.yml: attribution.strengths.vote: expected 'author', 'field', 'label', 'trailer', 'comment' or "
        "'reaction', got 'vote' (line 5)",
        id="unknown-signal-kind",
    ),
    # --- icp.yml: values out of bounds or inconsistent
    pytest.param(
        criterion("{attribute: x, in: [a], weight: -2}"),
        CHECK,
        "icp.yml: profile.criteria[0].weight: must be > 0.0, got -2 (line 3)",
        id="negative-weight",
    ),
    pytest.param(
        criterion("{attribute: x, in: [a], weight: 0}"),
        CHECK,
        "icp.yml: profile.criteria[0].weight: must be > 0.0, got 0 (line 3)",
        id="zero-weight",
    ),
    pytest.param(
        criterion("{attribute: x, range: {min: 5, max: 1}}"),
        CHECK,
        "icp.yml: profile.criteria[0].range: min (5) is greater than max (1) (line 3)",
        id="min-above-max",
    ),
    pytest.param(
        criterion("{attribute: x, range: {}}"),
        CHECK,
        "icp.yml: profile.criteria[0].range: give min, max or both (line 3)",
        id="range-without-bounds",
    ),
    pytest.param(
        criterion("{attribute: x, in: [a], equals: b}"),
        CHECK,
        "icp.yml: profile.criteria[0]: give exactly one of in, range, any_of, equals, exists (got in, equals)",
        id="two-kinds",
    ),
    pytest.param(
        criterion("{attribute: x, weight: 1}"),
        CHECK,
        "icp.yml: profile.criteria[0]: give exactly one of in, range, any_of, equals, exists (got none)",
        id="no-kind",
    ),
    pytest.param(
        profile_extra("  anti:\n    - {attribute: y, in: [b]}\n"),
        CHECK,
        "icp.yml: profile.anti[0]: give penalty (points) or disqualify: true (line 5)",
        id="anti-without-effect",
    ),
    pytest.param(
        profile_extra("  anti:\n    - {attribute: y, in: [b], penalty: -3}\n"),
        CHECK,
        "icp.yml: profile.anti[0].penalty: must be >= 0.0, got -3 (line 5)",
        id="negative-penalty",
    ),
    pytest.param(
        profile_extra("  tiers: {A: 50, B: 60}\n"),
        CHECK,
        "icp.yml: profile.tiers: thresholds must satisfy A >= B >= C (got 50, 60, 40) (line 4)",
        id="tiers-out-of-order",
    ),
    pytest.param(
        profile_extra("  tiers: {A: 150}\n"),
        CHECK,
        "icp.yml: profile.tiers.A: must be <= 100.0, got 150 (line 4)",
        id="tier-above-100",
    ),
    pytest.param(
        profile_extra("  tiers: {E: 10}\n"),
        CHECK,
        "icp.yml: profile.tiers.E: unknown key 'E' (line 4)",
        id="tier-unknown-name",
    ),
    pytest.param(
        profile_extra("  min_coverage: 2\n"),
        CHECK,
        "icp.yml: profile.min_coverage: must be <= 1.0, got 2 (line 4)",
        id="min-coverage-above-1",
    ),
    pytest.param(
        profile_extra("  icp_tiers: [E]\n"),
        CHECK,
        "icp.yml: profile.icp_tiers[0]: expected 'A', 'B', 'C' or 'D', got 'E' (line 4)",
        id="icp-tiers-unknown",
    ),
    pytest.param(
        top_extra("ranking: {weight_by: revenue}\n"),
        CHECK,
        "icp.yml: ranking.weight_by: expected 'accounts' or 'arr', got 'revenue' (line 5)",
        id="weight-by-unknown",
    ),
    pytest.param(
        top_extra("ranking: {core_share: 0.2, opportunistic_share: 0.5}\n"),
        CHECK,
        "icp.yml: ranking: opportunistic_share must not exceed core_share (line 5)",
        id="shares-out-of-order",
    ),
    pytest.param(
        top_extra("attribution: {strengths: {author: -1}}\n"),
        CHECK,
        "icp.yml: attribution: strengths.author must be >= 0 (got -1) (line 5)",
        id="negative-strength",
    ),
    pytest.param(
        top_extra("source: {github: {repo: nope}}\n"),
        CHECK,
        "icp.yml: source.github: repository 'nope' must look like owner/name (line 5)",
        id="github-repo-malformed",
    ),
    pytest.param(
        top_extra("source: {}\n"),
        CHECK,
        "icp.yml: source: give exactly one of github, jira, file (got none) (line 5)",
        id="source-empty",
    ),
    pytest.param(
        top_extra("tagging: {disclose: everything}\n"),
        CHECK,
        "icp.yml: tagging.disclose: expected 'tier-only' or 'full', got 'everything' (line 5)",
        id="disclose-unknown",
    ),
    pytest.param(
        with_icp("profile:\n  criteria:\n    - {attribute: x, in: [a]}\n"),
        CHECK,
        "icp.yml: accounts: no accounts file is configured and $ICP_TRIAGE_ACCOUNTS is not set",
        id="no-accounts-configured",
    ),
    # --- accounts CSV
    pytest.param(
        accounts("accounts.csv", "id;name;arr\nacme;Acme;1200\n"),
        CHECK,
        "no 'id' column (columns found: id;name;arr); the file seems to separate columns with ';'",
        id="semicolon-separated",
    ),
    pytest.param(
        accounts("accounts.csv", "id,name,arr,,\nacme,Acme,1200,,\n"),
        CHECK,
        "accounts.csv: row 1 (header): column 4 has no name; name it, or delete the column if it is empty",
        id="blank-trailing-column",
    ),
    pytest.param(
        accounts("accounts.xlsx", b"PK\x03\x04 a zip of XML"),
        CHECK,
        "accounts.xlsx: a spreadsheet file; export the sheet as CSV (UTF-8)",
        id="spreadsheet-file",
    ),
    pytest.param(
        accounts("accounts.csv", "id,name\nacme,A\nacme,B\n"),
        CHECK,
        "accounts.csv: row 3: duplicate id 'acme' (first seen at ",
        id="duplicate-id",
    ),
    pytest.param(
        accounts("accounts.csv", "name,industry\nAcme,saas\n"),
        CHECK,
        "accounts.csv: row 1 (header): no 'id' column (columns found: name, industry)",
        id="missing-id-column",
    ),
    pytest.param(
        accounts("accounts.csv", "id,name\nacme,A\n ,B\n"),
        CHECK,
        "accounts.csv: row 3: the account has no id",
        id="id-less-row",
    ),
    pytest.param(
        accounts("accounts.csv", "id,name\nacme,Acme, Inc.\n"),
        CHECK,
        "accounts.csv: row 2: 3 cells but the header has 2 columns",
        id="too-many-cells",
    ),
    pytest.param(
        accounts("accounts.csv", "id,arr\nacme,lots\n"),
        CHECK,
        "accounts.csv: row 2, column arr: expected a number for arr (such as 120000, 1,200 or $1.2M), got 'lots'",
        id="bad-arr",
    ),
    pytest.param(
        accounts("accounts.csv", "id,arr\nacme,-5\n"),
        CHECK,
        "accounts.csv: row 2, column arr: arr must not be negative, got '-5'",
        id="negative-arr",
    ),
    pytest.param(
        accounts("accounts.csv", "id,name\nacme,\xe9t\xe9\n".encode("latin-1")),
        CHECK,
        "accounts.csv: not UTF-8 text (byte 0xe9 on line 2)",
        id="accounts-latin1",
    ),
    pytest.param(
        accounts("accounts.csv", "id,name\nacme,A\n".encode("utf-16")),
        CHECK,
        "accounts.csv: UTF-16 (little-endian) text, not UTF-8",
        id="accounts-utf16",
    ),
    pytest.param(
        accounts("accounts.csv", ""), CHECK, "accounts.csv: the file is empty", id="accounts-0-bytes"
    ),
    pytest.param(
        accounts("accounts.csv", None),
        CHECK,
        "accounts.csv: is a directory, expected a file",
        id="accounts-dir",
    ),
    pytest.param(
        {"icp.yml": ICP}, CHECK, "accounts.csv: file not found (named by accounts: in ", id="accounts-missing"
    ),
    pytest.param(
        accounts("accounts.csv", 'id,name\nacme,"Acme\nglobex,Globex\n'),
        CHECK,
        "accounts.csv: row 2: not valid CSV (unexpected end of data); a quoted cell that starts on this row",
        id="unclosed-quote",
    ),
    pytest.param(
        accounts("accounts.csv", "id,,x\na,b,c\n"),
        CHECK,
        "accounts.csv: row 1 (header): column 2 has no name",
        id="nameless-column",
    ),
    pytest.param(
        accounts("accounts.csv", "id,Name,name\na,b,c\n"),
        CHECK,
        "accounts.csv: row 1 (header): column 'name' appears twice",
        id="duplicate-column",
    ),
    # --- accounts JSON and YAML
    pytest.param(
        accounts("accounts.json", '{"id": "a"}'),
        CHECK,
        "accounts.json: expected a list of accounts (or an object with an 'accounts' list), got dict",
        id="accounts-json-not-a-list",
    ),
    pytest.param(
        accounts("accounts.json", '[{"id": "a"}, 3]'),
        CHECK,
        "accounts.json: [1]: expected an object with an 'id', got int",
        id="accounts-json-item-not-object",
    ),
    pytest.param(
        accounts("accounts.json", '[{"id": "a",}]'),
        CHECK,
        "accounts.json: line 1, column 13: not valid JSON",
        id="accounts-json-syntax",
    ),
    pytest.param(
        accounts("accounts.json", '[{"id": "a", "domains": {"x": 1}}]'),
        CHECK,
        "accounts.json: [0].domains: expected a list or ';'-separated text, got a mapping",
        id="accounts-json-domains-object",
    ),
    pytest.param(
        accounts("accounts.yml", "- id: a\n  employees: [1\n"),
        CHECK,
        "accounts.yml: line 3, column 1: not valid YAML",
        id="accounts-yaml-syntax",
    ),
    pytest.param(
        accounts("accounts.yml", "accounts:\n  - {id: a, attributes: 3}\n"),
        CHECK,
        "accounts.yml: accounts[0].attributes: expected a mapping (key: value), got 3",
        id="accounts-yaml-attributes-scalar",
    ),
    # --- requests file
    pytest.param(
        request_list({"title": "x"}), RANK, "r.json: requests[0].key: required, but missing", id="no-key"
    ),
    pytest.param(
        request_list({"key": "a", "labels": "x"}),
        RANK,
        "r.json: requests[0].labels: expected a list, got 'x'",
        id="labels-not-a-list",
    ),
    pytest.param(
        request_list({"key": "a"}, {"key": "a"}),
        RANK,
        "r.json: requests[1].key: duplicate key 'a' (first at requests[0])",
        id="duplicate-keys",
    ),
    pytest.param(
        request_list({"key": "a", "created_at": "yesterday"}),
        RANK,
        "r.json: requests[0].created_at: expected a date-time such as 2026-01-02T00:00:00Z, got 'yesterday'",
        id="bad-created-at",
    ),
    pytest.param(
        request_list({"key": "a", "estimate": -1}),
        RANK,
        "r.json: requests[0].estimate: must be >= 0.0, got -1",
        id="negative-estimate",
    ),
    pytest.param(
        requests('[{"key": "a"}]'),
        RANK,
        'r.json: expected a JSON object {"requests": [...]}, got a list',
        id="json-list",
    ),
    pytest.param(
        requests('"hello"'),
        RANK,
        'r.json: expected a JSON object {"requests": [...]}, got str',
        id="json-string",
    ),
    pytest.param(
        requests('{"requests": [{"key": "a"}'),
        RANK,
        "r.json: line 1, column 27: not valid JSON: Expecting ',' delimiter",
        id="json-truncated",
    ),
    pytest.param(
        requests('{"requests": {"key": "a"}}'),
        RANK,
        "r.json: requests: expected a list, got a mapping",
        id="requests-not-a-list",
    ),
    pytest.param(
        requests('{"reqs": []}'), RANK, "r.json: requests: required, but missing", id="no-requests-key"
    ),
    pytest.param(requests(""), RANK, "r.json: the file is empty", id="requests-0-bytes"),
    pytest.param(
        requests(b'{"requests": [{"key": "\xff"}]}'),
        RANK,
        "r.json: not UTF-8 text (byte 0xff on line 1)",
        id="requests-not-utf8",
    ),
    pytest.param(OK, RANK, "r.json: file not found", id="requests-missing"),
    pytest.param(requests(None), RANK, "'r.json' is a directory", id="requests-dir"),
    pytest.param(
        OK, ("rank",), "icp.yml: source: no request file to read; pass --input FILE", id="rank-no-source"
    ),
    pytest.param(
        top_extra("source: {file: nope.json}\n"),
        ("rank",),
        "nope.json: file not found",
        id="source-file-missing",
    ),
    pytest.param(
        top_extra("source: {github: {repo: acme/app}}\n"),
        ("rank",),
        "no GitHub token: set GITHUB_TOKEN or GH_TOKEN",
        id="source-github-without-token",
    ),
    pytest.param(
        OK,
        ("fit", "nobody"),
        "fit nobody: no account has the id, name, alias or domain 'nobody'",
        id="fit-unknown",
    ),
]

ENV_CASES = [
    pytest.param(
        '[{"id": 1', "$ICP_TRIAGE_ACCOUNTS: line 1, column 10: not valid JSON", id="env-json-syntax"
    ),
    pytest.param('{"x": 1}', "$ICP_TRIAGE_ACCOUNTS: expected a list of accounts", id="env-json-not-a-list"),
    pytest.param(
        "name\nacme\n",
        "$ICP_TRIAGE_ACCOUNTS: row 1 (header): no 'id' column (columns found: name)",
        id="env-csv-no-id",
    ),
    pytest.param(
        "id,arr\na,ten\n",
        "$ICP_TRIAGE_ACCOUNTS: row 2, column arr: expected a number for arr",
        id="env-csv-bad-arr",
    ),
    pytest.param(  # a secret's cells never reach a (public) log: the row, not the id
        "id\na\na\n",
        "$ICP_TRIAGE_ACCOUNTS: row 3: duplicate id (not shown: $ICP_TRIAGE_ACCOUNTS is a secret)",
        id="env-csv-duplicate-id",
    ),
]


def write(folder: Path, files: dict[str, str | bytes | None]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def assert_clean_failure(output: str, expected: str) -> None:
    assert expected in output
    assert "Error:" in output
    assert "Traceback" not in output
    assert "This is a bug" not in output


class TestMalformedInput:
    def test_there_are_at_least_thirty_cases(self):
        assert len(CASES) + len(ENV_CASES) >= 30

    @pytest.mark.parametrize(("files", "args", "expected"), CASES)
    def test_exit_2_with_file_and_place(self, invoke, tmp_path, files, args, expected):
        write(tmp_path, files)
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert_clean_failure(result.output, expected)

    @pytest.mark.parametrize(("value", "expected"), ENV_CASES)
    def test_malformed_env_accounts(self, invoke, tmp_path, value, expected):
        write(tmp_path, {"icp.yml": ICP})
        result = invoke("check", env={"ICP_TRIAGE_ACCOUNTS": value})
        assert result.exit_code == 2, result.output
        assert_clean_failure(result.output, expected)

    @pytest.mark.parametrize(
        "value",
        [
            "id,name,arr\nacme,Acme Corp,7.7M EUR\n",  # a revenue figure
            "id,arr\nacme,-987654\n",
            '[{"id": "acme", "arr": "7.7M EUR"}]',
            '[{"id": "acme", "name": ["Acme Corp"]}]',
            "id,name\nAcme Corp,x\nacme corp,y\n",  # an id: often the customer's name
        ],
    )
    def test_a_secrets_cells_never_reach_the_error(self, invoke, tmp_path, value):
        write(tmp_path, {"icp.yml": ICP})
        result = invoke("check", env={"ICP_TRIAGE_ACCOUNTS": value})
        assert result.exit_code == 2, result.output
        assert "$ICP_TRIAGE_ACCOUNTS: " in result.stderr
        for secret in ("7.7M", "987654", "Acme Corp", "acme corp"):
            assert secret not in result.stderr

    def test_error_goes_to_stderr_as_one_paragraph(self, invoke, tmp_path):
        write(tmp_path, criterion("{attribute: employees, range: {min: ten}}"))
        result = invoke("check")
        assert result.stdout == ""
        assert result.stderr == (
            f"Error: {tmp_path / 'icp.yml'}: profile.criteria[0].range.min: expected a number, got 'ten' (line 3)\n"
        )


class TestGoodInput:
    """The CSV spellings DESIGN.md promises, end to end through ``accounts --format json``."""

    ICP = """\
profile:
  criteria:
    - {attribute: employees, range: {min: 1000}, weight: 1}
    - {attribute: arr, range: {min: 1000000}, weight: 1}
    - {attribute: tech_stack, any_of: [gcp], weight: 1}
    - {attribute: region, in: [eu], weight: 1}
accounts: accounts.csv
"""

    def accounts_json(self, invoke, tmp_path, csv: str | bytes | None, env: dict[str, str] | None = None):
        files: dict[str, str | bytes | None] = {"icp.yml": self.ICP}
        if csv is not None:
            files["accounts.csv"] = csv
        write(tmp_path, files)
        result = invoke("accounts", "--format", "json", env=env)
        assert result.exit_code == 0, result.output
        return {a["id"]: a for a in json.loads(result.stdout)}

    def values(self, account):
        return {e["attribute"]: e["value"] for e in account["explanation"]}

    def test_numbers_lists_and_empty_cells(self, invoke, tmp_path):
        csv = (
            "id,employees,arr,tech_stack,region,Plan\n"
            'a,"1,200",$12M,aws; gcp,EU,enterprise\n'
            "b,1200.0,1.5k,,,\n"
        )
        found = self.accounts_json(invoke, tmp_path, csv)
        assert self.values(found["a"]) == {
            "employees": 1200,
            "arr": 12_000_000.0,
            "tech_stack": ["aws", "gcp"],
            "region": "EU",
        }
        # a meets all 4: fit 100
        assert (found["a"]["tier"], found["a"]["fit"]) == ("A", 100.0)
        # b: employees 1200 met, arr 1500 missed, tech_stack and region unknown: known 2 of 4
        assert self.values(found["b"]) == {
            "employees": 1200,
            "arr": 1500.0,
            "tech_stack": None,
            "region": None,
        }
        assert found["b"]["coverage"] == 0.5
        assert found["b"]["fit"] == 50.0

    def test_unknown_columns_become_attributes(self, invoke, tmp_path):
        write(tmp_path, {"icp.yml": self.ICP.replace("region, in: [eu]", "plan_tier, equals: Enterprise")})
        (tmp_path / "accounts.csv").write_text("id,Plan Tier\na,enterprise\n")
        result = invoke("fit", "a", "--format", "json")
        assert result.exit_code == 0, result.output
        plan = json.loads(result.stdout)["explanation"][3]
        assert (plan["attribute"], plan["value"], plan["status"]) == ("plan_tier", "enterprise", "met")

    def test_bom_is_accepted(self, invoke, tmp_path):
        found = self.accounts_json(invoke, tmp_path, "\ufeffid,employees\na,5000\n".encode())
        assert list(found) == ["a"]

    def test_env_var_with_csv(self, invoke, tmp_path):
        env = {"ICP_TRIAGE_ACCOUNTS": "id,employees,region\nfrom-env,2000,eu\n"}
        found = self.accounts_json(invoke, tmp_path, None, env=env)
        assert list(found) == ["from-env"]
        assert found["from-env"]["coverage"] == 0.5

    def test_env_var_with_json(self, invoke, tmp_path):
        env = {"ICP_TRIAGE_ACCOUNTS": json.dumps([{"id": "j", "arr": "$2M", "tech_stack": ["gcp"]}])}
        found = self.accounts_json(invoke, tmp_path, "id\nfrom-file\n", env=env)
        assert list(found) == ["j"]
        assert self.values(found["j"])["arr"] == 2_000_000.0


class TestUsageErrors:
    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["rank", "--top", "0"], "Invalid value for '--top'"),
            (["rank", "--format", "xml"], "Invalid value for '--format'"),
            (["rank", "--bogus"], "No such option: --bogus"),
            (["nosuch"], "No such command 'nosuch'"),
            (["check", "--config", "."], "is a directory"),
            (["rank", "--input", "."], "is a directory"),
            (["fit"], "Missing argument"),
        ],
    )
    def test_usage_error_exits_2_not_as_a_bug(self, invoke, args, expected):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert expected in result.output
        assert "This is a bug" not in result.output
        assert "Traceback" not in result.output

    def test_help_still_exits_0(self, invoke):
        result = invoke("rank", "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output


class TestYamlAliases:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "profile:\n  criteria:\n    - {attribute: x, in: [a]}\n  name: &a [*a]\n",
                "icp.yml: profile.name: expected text, got a list (line 4)",
            ),
            ("profile:\n  criteria: &a [*a]\n", "icp.yml: profile.criteria[0]: expected a mapping"),
        ],
    )
    def test_an_alias_to_itself_is_a_config_error(self, invoke, tmp_path, text, expected):
        (tmp_path / "icp.yml").write_text(text)
        result = invoke("check")
        assert result.exit_code == 2, result.output
        assert expected in result.output
        assert "RecursionError" not in result.output


class TestYamlDuplicateKeys:
    def test_a_section_given_twice_is_an_error(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\n  criteria:\n    - {attribute: y, in: [a]}\n"
        )
        result = invoke("check")
        assert result.exit_code == 2
        assert (
            "icp.yml: line 4, column 3: not valid YAML: the key 'criteria' appears twice in one mapping "
            "(first on line 2)"
        ) in result.output

    def test_merge_keys_may_still_be_overridden(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n"
            "    - &base {attribute: x, in: [a], weight: 2}\n"
            "    - {<<: *base, attribute: y}\n"
            "accounts: accounts.csv\n"
        )
        (tmp_path / "accounts.csv").write_text("id,x,y\nq,a,a\n")
        result = invoke("check")
        assert result.exit_code == 0, result.output
        assert "2 criteria (total weight 4)" in result.output

    def test_in_an_accounts_yaml_file(self, invoke, tmp_path):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\naccounts: a.yml\n"
        )
        (tmp_path / "a.yml").write_text("- id: a\n  x: 1\n  x: 2\n")
        result = invoke("check")
        assert result.exit_code == 2
        assert "a.yml: line 3, column 3: not valid YAML: the key 'x' appears twice" in result.output


class TestNonFiniteNumbers:
    @pytest.mark.parametrize(
        ("yaml_line", "expected"),
        [
            (
                "- {attribute: x, in: [a], weight: .inf}",
                "profile.criteria[0].weight: expected a finite number, got inf",
            ),
            (
                "- {attribute: x, range: {min: .nan}}",
                "profile.criteria[0].range.min: expected a finite number, got nan",
            ),
        ],
    )
    def test_in_the_profile(self, invoke, tmp_path, yaml_line, expected):
        (tmp_path / "icp.yml").write_text(f"profile:\n  criteria:\n    {yaml_line}\n")
        result = invoke("check")
        assert result.exit_code == 2
        assert f"icp.yml: {expected} (line 3)" in result.output

    @pytest.mark.parametrize("value", ["NaN", "Infinity"])
    def test_arr_in_accounts_json(self, invoke, tmp_path, value):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\naccounts: a.json\n"
        )
        (tmp_path / "a.json").write_text(f'[{{"id": "a", "arr": {value}}}]')
        result = invoke("check")
        assert result.exit_code == 2
        assert f"a.json: [0].arr: expected a finite number, got {value}" in result.output

    @pytest.mark.parametrize(("value", "shown"), [("NaN", "NaN"), ("Infinity", "Infinity")])
    def test_estimate_in_a_request_file(self, invoke, tmp_path, value, shown):
        (tmp_path / "icp.yml").write_text(
            "profile:\n  criteria:\n    - {attribute: x, in: [a]}\naccounts: a.csv\n"
        )
        (tmp_path / "a.csv").write_text("id\na\n")
        (tmp_path / "r.json").write_text(f'{{"requests": [{{"key": "k", "estimate": {value}}}]}}')
        result = invoke("rank", "--input", "r.json")
        assert result.exit_code == 2
        assert f"r.json: requests[0].estimate: expected a finite number, got {shown}" in result.output
