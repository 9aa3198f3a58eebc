"""Every JSON the tool reads refuses repeated keys, deep nesting and non-finite numbers, exit 2,
naming the file and the path (issue 16, defects 4, 9, and the JSON half of 6)."""

from __future__ import annotations

import json

import pytest

from fakes.hostile import deep_json

ICP = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
accounts: ACCOUNTS
"""
CSV = "id,name,industry\nacme,Acme,saas\n"
REQUEST = '{"key": "a/b#1", "title": "SSO", "author": "alice"}'


def setup(tmp_path, accounts_name="accounts.csv", accounts=CSV, requests=None):
    (tmp_path / "icp.yml").write_text(ICP.replace("ACCOUNTS", accounts_name))
    (tmp_path / accounts_name).write_text(accounts)
    if requests is not None:
        (tmp_path / "r.json").write_text(requests)


def refused(result, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.output and "This is a bug" not in result.output


REQUEST_FILES = [
    pytest.param(
        f'{{"requests": [{REQUEST}], "requests": []}}',
        "r.json: the key 'requests' appears twice",
        id="requests",
    ),
    pytest.param(
        '{"requests": [{"key": "a/b#1", "author": "alice", "author": "bob"}]}',
        "r.json: requests[0]: the key 'author' appears twice in one object",
        id="author",
    ),
    pytest.param(
        '{"requests": [{"key": "a/b#1", "comments": [{"author": "x", "body": "a", "body": "b"}]}]}',
        "r.json: requests[0].comments[0]: the key 'body' appears twice",
        id="comment-body",
    ),
    pytest.param(
        '{"requests": [{"key": "a/b#1", "fields": {"Company": "Acme", "Company": "Globex"}}]}',
        "r.json: requests[0].fields: the key 'Company' appears twice",
        id="form-field",
    ),
    pytest.param(
        '{"requests": [{"key": "a/b#1", "assignee": {"x": 1, "x": 2}}]}',
        "r.json: requests[0].assignee: the key 'x' appears twice",
        id="unknown-key",
    ),
]


class TestRepeatedKeys:
    @pytest.mark.parametrize(("text", "expected"), REQUEST_FILES)
    def test_in_a_request_file(self, invoke, tmp_path, text, expected):
        setup(tmp_path, requests=text)
        refused(invoke("rank", "--input", "r.json"), expected)

    def test_in_an_accounts_json_file(self, invoke, tmp_path):
        setup(
            tmp_path,
            "accounts.json",
            '[{"id": "acme", "name": "Acme", "industry": "saas", "industry": "retail"}]',
        )
        refused(invoke("check"), "accounts.json: [0]: the key 'industry' appears twice in one object")

    def test_in_icp_triage_accounts(self, invoke, tmp_path):
        setup(tmp_path)
        value = '{"accounts": [{"id": "acme"}], "accounts": []}'
        refused(
            invoke("check", env={"ICP_TRIAGE_ACCOUNTS": value}),
            "$ICP_TRIAGE_ACCOUNTS: the key 'accounts' appears twice",
        )

    def test_distinct_keys_still_load(self, invoke, tmp_path):
        setup(tmp_path, requests=json.dumps({"requests": [json.loads(REQUEST)]}))
        result = invoke("rank", "--input", "r.json", "--format", "json")
        assert result.exit_code == 0, result.output


class TestDeepNesting:
    def test_a_request_file(self, invoke, tmp_path):
        setup(tmp_path, requests=deep_json())
        refused(invoke("rank", "--input", "r.json"), "r.json: nested deeper than 64 levels")

    def test_nesting_inside_a_request(self, invoke, tmp_path):
        setup(tmp_path, requests='{"requests": [{"key": "a/b#1", "fields": {"x": ' + deep_json(200) + "}}]}")
        refused(
            invoke("rank", "--input", "r.json"),
            "r.json: requests[0].fields.x",
            "nested deeper than 64 levels",
        )

    def test_one_level_too_deep_is_refused(self, invoke, tmp_path):
        def nested(depth: int) -> str:  # depth 4 around the field's value: {[{{
            inner = depth - 4
            return '{"requests": [{"key": "a/b#1", "fields": {"x": ' + "[" * inner + "]" * inner + "}}]}"

        setup(tmp_path, requests=nested(65))
        refused(
            invoke("rank", "--input", "r.json"),
            "r.json: requests[0].fields.x",
            "nested deeper than 64 levels",
        )
        setup(tmp_path, requests=nested(64))
        assert "nested deeper" not in invoke("rank", "--input", "r.json").output

    def test_an_accounts_file_and_the_variable(self, invoke, tmp_path):
        setup(tmp_path, "accounts.json", deep_json())
        refused(invoke("check"), "accounts.json: nested deeper than 64 levels")
        refused(
            invoke("check", env={"ICP_TRIAGE_ACCOUNTS": deep_json()}), "$ICP_TRIAGE_ACCOUNTS: nested deeper"
        )


class TestNonFiniteJson:
    @pytest.mark.parametrize("value", ["1e400", "-1e400", "NaN", "Infinity"])
    def test_an_attribute_cell(self, invoke, tmp_path, value):
        setup(tmp_path, "accounts.json", f'[{{"id": "acme", "industry": "saas", "employees": {value}}}]')
        refused(
            invoke("accounts", "--format", "json"), "accounts.json: [0].employees: expected a finite number"
        )

    def test_anywhere_in_a_request_file_the_first_is_named(self, invoke, tmp_path):
        # in a field or a key the tool does not read as a number: still no file this tool reads
        setup(
            tmp_path,
            requests='{"requests": [{"key": "a/b#1", "fields": {"Company": 1e400}}, '
            '{"key": "a/b#2", "votes": -1e999}]}',
        )
        refused(
            invoke("rank", "--input", "r.json"),
            "r.json: requests[0].fields.Company: expected a finite number",
        )

    def test_in_a_list_attribute(self, invoke, tmp_path):
        setup(tmp_path, "accounts.json", '[{"id": "acme", "industry": "saas", "tech_stack": ["aws", 1e400]}]')
        refused(invoke("accounts"), "accounts.json: [0].tech_stack[1]: expected a finite number")

    def test_a_request_estimate(self, invoke, tmp_path):
        setup(tmp_path, requests='{"requests": [{"key": "a/b#1", "estimate": 1e400}]}')
        refused(invoke("rank", "--input", "r.json"), "r.json: requests[0].estimate: expected a finite number")
