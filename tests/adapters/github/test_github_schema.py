"""Every query the adapter can send is valid against GitHub's published schema, and the
fake enforces GitHub's pagination rules."""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLNamedType,
    get_named_type,
    is_enum_type,
    is_input_object_type,
    is_object_type,
    parse,
    validate,
)

from fakes.github_schema import check_limits, require_published, subset_schema
from icp_triage.adapters.github.queries import ALL_QUERIES, ORG_BATCH, user_orgs_query


@pytest.mark.parametrize("name", sorted(ALL_QUERIES))
def test_query_is_valid_against_the_published_schema(name):
    schema = require_published()
    assert validate(schema, parse(ALL_QUERIES[name])) == []


@pytest.mark.parametrize("name", sorted(ALL_QUERIES))
def test_query_respects_the_node_limit_at_full_page_size(name):
    schema = require_published()
    variables = {"first": 100, "withComments": True, "withReactions": True, "withLabels": True}
    assert check_limits(schema, parse(ALL_QUERIES[name]), variables) == []


def test_the_subset_schema_matches_the_published_one():
    """The fallback the fake uses without npm must not accept what GitHub would refuse."""
    published = require_published()
    for name, mine in subset_schema().type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Boolean", "ID", "Float"):
            continue
        theirs = published.get_type(name)
        assert isinstance(theirs, GraphQLNamedType), f"{name} is not in GitHub's schema"
        if is_object_type(mine) or is_input_object_type(mine):
            for field_name, field in mine.fields.items():  # type: ignore[union-attr]
                assert field_name in theirs.fields, f"{name}.{field_name}"  # type: ignore[union-attr]
                other = theirs.fields[field_name]  # type: ignore[union-attr]
                assert str(field.type) == str(other.type), f"{name}.{field_name}"
                for arg, spec in getattr(field, "args", {}).items():
                    assert str(spec.type) == str(other.args[arg].type), f"{name}.{field_name}({arg})"
        if is_enum_type(mine):
            assert set(mine.values) <= set(theirs.values), name  # type: ignore[attr-defined]


class TestFakeEnforcesGithubRules:
    def post(self, client, query, variables=None):
        return client.graphql(query, variables or {}, what="testing the fake")

    def test_a_misspelt_field_is_refused(self, fake, client):
        response = self.post(
            client, '{ repository(owner: "a", name: "b") { isues(first: 1) { totalCount } } }'
        )
        assert "Cannot query field 'isues'" in response.errors[0]["message"]
        fake.graphql.rejected.clear()

    def test_a_connection_without_first_or_last_is_refused(self, fake, client):
        response = self.post(client, '{ repository(owner: "a", name: "b") { issues { totalCount } } }')
        assert "must provide a `first` or `last`" in response.errors[0]["message"]
        fake.graphql.rejected.clear()

    def test_more_than_100_per_page_is_refused(self, fake, client):
        query = 'query($n: Int!) { repository(owner: "a", name: "b") { issues(first: $n) { totalCount } } }'
        response = self.post(client, query, {"n": 101})
        assert "exceeds the `first` limit of 100" in response.errors[0]["message"]
        fake.graphql.rejected.clear()

    def test_more_than_500000_possible_nodes_is_refused(self, fake, client):
        block = "issues(first: 100) { nodes { comments(first: 100) { totalCount } labels(first: 100) { totalCount } } }"
        aliases = " ".join(f"a{i}: {block}" for i in range(25))
        response = self.post(client, f'{{ repository(owner: "a", name: "b") {{ {aliases} }} }}')
        assert "exceeds the maximum limit of 500,000" in response.errors[0]["message"]
        fake.graphql.rejected.clear()

    def test_org_queries_have_a_batch_limit(self):
        with pytest.raises(ValueError):
            user_orgs_query(ORG_BATCH + 1)


def test_the_duplicate_state_reason_is_added_only_where_the_sdl_declares_it():
    """schema.json lacks ``stateReason(enableDuplicate:)`` and DUPLICATE; the fake adds them
    only when the package's schema.graphql has them, so it never invents GitHub's API."""
    import copy

    from fakes.github_schema import _with_duplicate_reason

    data = {
        "__schema": {
            "types": [
                {"name": "Issue", "fields": [{"name": "stateReason", "args": []}]},
                {"name": "IssueStateReason", "enumValues": [{"name": "COMPLETED"}]},
            ]
        }
    }
    assert _with_duplicate_reason(copy.deepcopy(data), "enum IssueStateReason { COMPLETED }") == data
    amended = _with_duplicate_reason(copy.deepcopy(data), "stateReason(enableDuplicate: Boolean = false)")
    issue, reasons = amended["__schema"]["types"]
    assert [a["name"] for a in issue["fields"][0]["args"]] == ["enableDuplicate"]
    assert [v["name"] for v in reasons["enumValues"]] == ["COMPLETED", "DUPLICATE"]


def test_named_types_are_reachable():
    assert get_named_type(subset_schema().query_type.fields["repository"].type).name == "Repository"  # type: ignore[union-attr]
