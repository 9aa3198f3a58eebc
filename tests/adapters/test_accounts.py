"""The accounts loader: CSV rules, numbers, lists, JSON/YAML records and the env var."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.adapters.accounts import (
    ENV_VAR,
    _unique,
    build_account,
    load_accounts,
    parse_accounts,
    parse_csv,
)
from icp_triage.core.models import Account
from icp_triage.core.numbers import parse_number
from icp_triage.errors import ConfigError, DataError

HEADER = "id,name,domains,github_logins,aliases,arr,industry,employees,tech_stack"


def csv_one(row: str, header: str = HEADER):
    (account,) = parse_csv(f"{header}\n{row}\n", label="accounts.csv")
    return account


class TestCsvNumbers:
    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ('"1,200"', 1200),
            ("1200.0", 1200),
            ("$12M", 12_000_000),
            ("1.5k", 1500),
            ('"$1,200,000"', 1_200_000),
            ("€300k", 300_000),
        ],
    )
    def test_arr_spellings(self, cell, expected):
        assert csv_one(f"acme,Acme,,,,{cell},,,").arr == expected

    def test_attribute_numbers(self):
        account = csv_one('acme,Acme,,,,,saas,"1,200",')
        assert account.attributes["employees"] == 1200
        assert isinstance(account.attributes["employees"], int)

    def test_text_that_is_not_a_number_stays_text(self):
        assert csv_one("acme,Acme,,,,,saas,ten,").attributes["employees"] == "ten"

    def test_a_dot_grouped_number_stays_text(self):
        # "1.200" is 1200 in European notation and 1.2 in English: neither is guessed
        assert csv_one('acme,Acme,,,,,saas,"1.200",').attributes["employees"] == "1.200"

    def test_a_dot_grouped_arr_is_an_error_naming_the_row(self):
        with pytest.raises(DataError) as caught:
            csv_one('acme,Acme,,,,"€45.000",saas,,')
        assert str(caught.value).startswith(
            "accounts.csv: row 2, column arr: expected a number for arr (such as 120000, 1,200 or $1.2M), "
            "got '€45.000'"
        )

    def test_a_zip_code_stays_text(self):
        assert csv_one("acme,Acme,02139", header="id,name,zip").attributes["zip"] == "02139"

    def test_an_id_that_looks_like_a_number_stays_text(self):
        assert csv_one("007,Bond", header="id,name").id == "007"

    def test_booleans(self):
        account = csv_one("a,TRUE,false", header="id,soc2,gdpr")
        assert account.attributes == {"soc2": True, "gdpr": False}


class TestCsvCells:
    def test_empty_cells_are_unknown(self):
        account = csv_one("acme,,,,,,,,")
        assert account.name is None
        assert account.arr is None
        assert account.domains == ()
        assert account.attributes == {}
        assert account.attribute("industry") is None

    def test_semicolon_lists(self):
        account = csv_one("acme,Acme,acme.io; acme.com,alice;bob,ACME Corp,,saas,300,aws; gcp ;")
        assert account.domains == ("acme.io", "acme.com")
        assert account.github_logins == ("alice", "bob")
        assert account.aliases == ("ACME Corp",)
        assert account.attributes["tech_stack"] == ["aws", "gcp"]

    def test_domains_and_logins_may_be_comma_separated(self):
        # no domain, login or org holds a comma, so "acme.com, acme.io" is two, not one dropped
        account = csv_one('acme,"Acme, Inc.","acme.com, acme.io","bob, carol","Acme, Inc.",,,,')
        assert account.domains == ("acme.com", "acme.io")
        assert account.github_logins == ("bob", "carol")
        assert account.aliases == ("Acme, Inc.",)  # a name holds commas: aliases split at ';' only

    def test_json_domains_may_be_comma_separated(self):
        (account,) = parse_accounts(
            '[{"id": "a", "domains": "a.com, a.io", "github_orgs": ["x, y"], "aliases": "A, Inc."}]',
            label="a.json",
            kind="json",
        )
        assert (account.domains, account.github_orgs, account.aliases) == (
            ("a.com", "a.io"),
            ("x", "y"),
            ("A, Inc.",),
        )

    def test_a_single_list_value_is_one_item(self):
        assert csv_one("acme,Acme,acme.io,,,,,,").domains == ("acme.io",)

    def test_unknown_columns_become_attributes(self):
        account = csv_one("acme,EU,Enterprise,3", header="id,Region,Plan Tier,support-tickets-90d")
        assert account.attributes == {"region": "EU", "plan_tier": "Enterprise", "support_tickets_90d": 3}

    def test_header_names_are_normalised(self):
        account = csv_one("acme,Acme,acme.io", header=" ID ,Name,Domains")
        assert (account.id, account.name, account.domains) == ("acme", "Acme", ("acme.io",))

    def test_blank_rows_are_skipped(self):
        accounts = parse_csv("id\na\n\n,\nb\n", label="x.csv")
        assert [a.id for a in accounts] == ["a", "b"]

    def test_fewer_cells_than_columns_is_refused_naming_the_missing_columns(self):
        """A short row is as suspect as a long one (a lost separator shifts the cells after
        it), so both are refused; empty cells are how a row says a value is unknown."""
        with pytest.raises(DataError, match=r"row 2: 1 cell but the header has 3 columns .*name, industry"):
            csv_one("acme", header="id,name,industry")
        assert csv_one("acme,,", header="id,name,industry").attributes == {}

    def test_quoted_cell_over_two_lines(self):
        accounts = parse_csv('id,name\na,"Acme\nEurope"\nb,B\n', label="x.csv")
        assert [(a.id, a.name) for a in accounts] == [("a", "Acme\nEurope"), ("b", "B")]

    def test_a_quote_inside_an_unquoted_cell_is_text(self):
        assert csv_one('a,27" monitors', header="id,name").name == '27" monitors'

    def test_a_cell_over_128_kib_is_read(self):
        # long CRM notes: the csv module refuses a cell over 128 KiB unless told otherwise
        notes = "x" * 300_000
        account = csv_one(f'acme,"{notes}"', header="id,notes")
        assert account.attributes["notes"] == notes

    def test_quoted_cell_with_comma(self):
        assert csv_one('acme,"Acme, Inc."', header="id,name").name == "Acme, Inc."


class TestCsvErrors:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("id,name\nacme,A\nACME,B\n", "x.csv: row 3: duplicate id 'ACME' (first seen at x.csv: row 2)"),
            ("name\nAcme\n", "x.csv: row 1 (header): no 'id' column (columns found: name)"),
            ("id,name\n,Acme\n", "x.csv: row 2: the account has no id"),
            ("id\na,b\n", "x.csv: row 2: 2 cells but the header has 1 columns"),
            (
                "id,name,industry\nacme,Acme,saas\nglobex\n",
                "x.csv: row 3: 1 cell but the header has 3 columns (the last 2 missing: name, industry)",
            ),
            ("id,arr\na,lots\n", "x.csv: row 2, column arr: expected a number for arr"),
            ("id,arr\na,-5\n", "x.csv: row 2, column arr: arr must not be negative, got '-5'"),
            ("id,,x\na,b,c\n", "x.csv: row 1 (header): column 2 has no name"),
            ("id,Name,name\na,b,c\n", "x.csv: row 1 (header): column 'name' appears twice"),
            (
                'id,name\nacme,"Acme\nglobex,Globex\n',
                "x.csv: row 2: not valid CSV (unexpected end of data); a quoted cell that starts on this row "
                "is never closed",
            ),
            ('id,name\na,A\nb,"Acme" Inc\n', "x.csv: row 3: not valid CSV (',' expected after '\"')"),
            ('id,"name\n', "x.csv: row 1 (header): not valid CSV (unexpected end of data)"),
        ],
    )
    def test_errors_name_the_row(self, text, message):
        with pytest.raises(DataError) as caught:
            parse_csv(text, label="x.csv")
        assert str(caught.value).startswith(message)

    @pytest.mark.parametrize(
        ("text", "message", "line"),
        [
            (
                'id,notes,arr\na,"one\ntwo\nthree",1\nb,x,ten\n',
                "x.csv: row 3 (line 5), column arr: expected a number for arr",
                None,
            ),
            (
                'id,notes,arr\na,"one\ntwo\nthree",ten\nb,x,1\n',
                "x.csv: row 2, column arr: expected a number",
                None,
            ),
            (
                'id,notes\na,"one\ntwo"\nA,x\n',
                "x.csv: row 3 (line 4): duplicate id 'A' (first seen at x.csv: row 2)",
                None,
            ),
            ('id,notes\na,"one\ntwo"\nb,"x" y\n', "x.csv: row 3 (line 4): not valid CSV", 4),
        ],
    )
    def test_after_a_cell_over_several_lines_the_row_is_the_spreadsheet_row(self, text, message, line):
        # the row a spreadsheet shows (a multi-line cell is one row), and the text line too
        with pytest.raises(DataError) as caught:
            parse_csv(text, label="x.csv")
        assert str(caught.value).startswith(message)
        if line is not None:
            assert caught.value.line == line


class TestRecords:
    def test_json_list(self):
        text = json.dumps([{"id": "a", "Name": "A", "arr": "$1M", "Industry": "saas", "domains": ["a.io"]}])
        (account,) = parse_accounts(text, label="a.json", kind="json")
        assert (account.name, account.arr, account.domains) == ("A", 1_000_000, ("a.io",))
        assert account.attributes == {"industry": "saas"}

    def test_object_with_accounts_list_and_nested_attributes(self):
        text = "accounts:\n  - id: a\n    attributes: {Tech Stack: [aws], employees: 300}\n"
        (account,) = parse_accounts(text, label="a.yml", kind="yaml")
        assert account.attributes == {"tech_stack": ["aws"], "employees": 300}

    def test_numbers_as_ids_and_names(self):
        (account,) = parse_accounts('[{"id": 7, "name": 12}]', label="a.json", kind="json")
        assert (account.id, account.name) == ("7", "12")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                '{"id": "a"}',
                "a.json: expected a list of accounts (or an object with an 'accounts' list), got dict",
            ),
            ('[{"id": "a"}, 3]', "a.json: [1]: expected an object with an 'id', got int"),
            ('[{"name": "a"}]', "a.json: [0]: the account has no id"),
            ('[{"id": {"x": 1}}]', "a.json: [0].id: expected text, got a mapping"),
            ('[{"id": true}]', "a.json: [0].id: expected text, got True"),
            ('[{"id": "a", "name": ["x"]}]', "a.json: [0].name: expected text, got a list"),
            (
                '[{"id": "a", "domains": {"x": 1}}]',
                "a.json: [0].domains: expected a list or ';'-separated text",
            ),
            ('[{"id": "a", "aliases": [["x"]]}]', "a.json: [0].aliases: expected a list of text"),
            (
                '[{"id": "a", "attributes": 3}]',
                "a.json: [0].attributes: expected a mapping (key: value), got 3",
            ),
            ('[{"id": "a", "arr": true}]', "a.json: [0].arr: expected a number for arr, got True"),
            ('{"accounts": [{"id": "a"}, {"id": "A"}]}', "a.json: accounts[1]: duplicate id 'A'"),
            ('[{"id": "a",}]', "a.json: line 1, column 13: not valid JSON"),
        ],
    )
    def test_errors(self, text, message):
        with pytest.raises(DataError) as caught:
            parse_accounts(text, label="a.json", kind="json")
        assert str(caught.value).startswith(message)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                '[{"id": "a", "Tech Stack": ["aws"], "tech_stack": ["gcp"]}]',
                "a.json: [0]: the keys 'Tech Stack' and 'tech_stack' are one attribute, 'tech_stack'",
            ),
            ('[{"id": "a"}, {"id": "b", "ARR": 5, "arr": "$1M"}]', "a.json: [1]: the keys 'ARR' and 'arr'"),
            (
                '{"accounts": [{"id": "a", "Name": "A", "name": "B"}]}',
                "a.json: accounts[0]: the keys 'Name' and 'name'",
            ),
            (
                '[{"id": "a", "industry": "saas", "attributes": {"Industry": "retail"}}]',
                "a.json: [0].attributes: the key 'industry' is also a top-level key of the record",
            ),
            (
                '[{"id": "a", "attributes": {"Tech-Stack": "aws", "tech stack": "gcp"}}]',
                "a.json: [0].attributes: the keys 'Tech-Stack' and 'tech stack' are one attribute",
            ),
        ],
    )
    def test_keys_that_are_one_attribute_are_refused(self, text, message):
        # one value would silently replace the other; a CSV with two such columns is refused too
        with pytest.raises(DataError) as caught:
            parse_accounts(text, label="a.json", kind="json")
        assert str(caught.value).startswith(message)

    def test_a_path_containing_row_is_not_a_csv_row(self):
        with pytest.raises(DataError) as caught:
            parse_accounts('[{"id": "a", "arr": "lots"}]', label="/data/growth/a.json", kind="json")
        assert str(caught.value).startswith("/data/growth/a.json: [0].arr: expected a number")


class TestLoadAccounts:
    def test_file_by_suffix(self, tmp_path: Path):
        (tmp_path / "a.yaml").write_text("- {id: a}\n")
        (tmp_path / "b.json").write_text('[{"id": "b"}]')
        (tmp_path / "c.txt").write_text("id\nc\n")
        for name, expected in (("a.yaml", "a"), ("b.json", "b"), ("c.txt", "c")):
            assert [a.id for a in load_accounts(tmp_path / name, env={})] == [expected]

    def test_bom_is_accepted(self, tmp_path: Path):
        (tmp_path / "a.csv").write_bytes("\ufeffid,name\nacme,Acme\n".encode())
        (account,) = load_accounts(tmp_path / "a.csv", env={})
        assert account.id == "acme"

    @pytest.mark.parametrize("text", ["\ufeffid,name\nacme,Acme\n", '\ufeff[{"id": "acme"}]'])
    def test_bom_in_the_env_var_is_accepted(self, text):
        # a secret pasted from an Excel "CSV UTF-8" export starts with a byte-order mark
        (account,) = load_accounts(None, env={ENV_VAR: text})
        assert account.id == "acme"

    def test_env_csv_wins_over_the_file(self, tmp_path: Path):
        (tmp_path / "a.csv").write_text("id\nfrom-file\n")
        accounts = load_accounts(tmp_path / "a.csv", env={ENV_VAR: "id,arr\nfrom-env,$2M\n"})
        assert [(a.id, a.arr) for a in accounts] == [("from-env", 2_000_000)]

    def test_env_json(self):
        accounts = load_accounts(None, env={ENV_VAR: '  [{"id": "a"}, {"id": "b"}]'})
        assert [a.id for a in accounts] == ["a", "b"]

    def test_env_json_object(self):
        accounts = load_accounts(None, env={ENV_VAR: '{"accounts": [{"id": "a"}]}'})
        assert [a.id for a in accounts] == ["a"]

    def test_blank_env_is_not_set(self, tmp_path: Path):
        (tmp_path / "a.csv").write_text("id\nfrom-file\n")
        assert [a.id for a in load_accounts(tmp_path / "a.csv", env={ENV_VAR: "  \n"})] == ["from-file"]

    def test_env_errors_name_the_variable(self):
        with pytest.raises(DataError) as caught:
            load_accounts(None, env={ENV_VAR: "name\nacme\n"})
        assert (
            str(caught.value) == "$ICP_TRIAGE_ACCOUNTS: row 1 (header): no 'id' column (columns found: name)"
        )

    def test_neither_file_nor_env(self):
        with pytest.raises(ConfigError) as caught:
            load_accounts(None, env={}, config_label="icp.yml")
        assert "icp.yml: accounts: no accounts file is configured" in str(caught.value)


# parse_csv reads a row by position (``_Layout``); the straightforward way it replaced built
# a record of the row's cells and handed it to build_account. The two must agree on every
# file: the same accounts, or the same error.
def _reference_cell(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    if ";" in text:
        return [p.strip() for p in text.split(";") if p.strip()] or None
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    number = parse_number(text)
    return text if number is None else number


def _reference_parse_csv(text: str, *, label: str) -> list[Account]:
    reader = csv.reader(io.StringIO(text), strict=True)
    columns = ["_".join(h.strip().lower().replace("-", " ").split()) for h in next(reader)]
    accounts: list[tuple[str, Account]] = []
    ended = reader.line_num  # the line the header ended on
    for number, row in enumerate(reader, start=2):  # the spreadsheet's row: the header is row 1
        line, ended = ended + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        record: dict[str, Any] = {}
        for col, cell in zip(columns, row, strict=False):
            if col in ("id", "name", "arr"):
                record[col] = cell.strip() or None
            elif col == "aliases":
                record[col] = tuple(p.strip() for p in cell.split(";") if p.strip())
            elif col in ("domains", "github_logins", "github_orgs"):
                record[col] = tuple(p.strip() for p in re.split("[;,]", cell) if p.strip())
            else:
                record[col] = _reference_cell(cell)
        where = f"{label}: row {number}" + ("" if line == number else f" (line {line})")
        accounts.append((where, build_account(record, where=where)))
    return _unique(accounts, label=label)


_CSV_COLUMNS = st.lists(
    st.sampled_from(
        ["name", "Domains", "github_logins", "github-orgs", "aliases", "arr", "attributes", "industry",
         "employees", "tech stack", "soc2"]
    ),
    unique_by=lambda c: "_".join(c.lower().replace("-", " ").split()),
    max_size=8,
)  # fmt: skip
_CSV_CELLS = st.sampled_from(
    ["", " ", "acme", " Acme Inc. ", "007", "1,200", "$12M", "1.5k", "-5", "02139", "lots", "TRUE",
     "false", "a;b", ";", " x ; ;y", "acme.io; acme.com", "acme.io, acme.com", " a ,; b,", "1e999", "0", "١٢", "saas", "\n"]
)  # fmt: skip


def _outcome(parse: Any, text: str) -> Any:
    try:
        return [
            (a.model_dump(), {k: type(v) for k, v in a.attributes.items()})
            for a in parse(text, label="x.csv")
        ]
    except DataError as exc:
        return str(exc)


class TestCsvFastPathAgrees:
    @given(
        columns=_CSV_COLUMNS,
        id_at=st.integers(0, 8),
        rows=st.lists(st.lists(_CSV_CELLS, max_size=9), max_size=6),
    )
    @settings(max_examples=400, deadline=None)
    def test_same_accounts_or_error_as_record_by_record(self, columns, id_at, rows):
        at = min(id_at, len(columns))
        columns.insert(at, "id")
        # a row of another length than the header is refused before parsing (tested apart)
        rows = [(row + [""] * len(columns))[: len(columns)] for row in rows]
        for n, row in enumerate(rows):
            if len(row) > at and row[at].strip():
                row[at] += f"-{n}"  # mostly unique ids, so most files load
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([columns, *rows])
        text = out.getvalue()
        assert _outcome(parse_csv, text) == _outcome(_reference_parse_csv, text)

    def test_each_account_gets_its_own_list(self):
        # repeated cells are typed once per file; a list must still not be shared
        a, b = parse_csv("id,tech_stack,tier\na,aws;gcp,1\nb,aws;gcp,1\n", label="x.csv")
        assert a.attributes == b.attributes == {"tech_stack": ["aws", "gcp"], "tier": 1}
        assert a.attributes["tech_stack"] is not b.attributes["tech_stack"]
