"""Non-finite totals and values are refused, and JSON output never holds NaN or Infinity
(issue 16, defect 6; ``weight: true`` from defect 14)."""

from __future__ import annotations

import json

import pytest


def strict_loads(text: str):
    def refuse(constant: str):
        raise AssertionError(f"JSON output holds {constant}")

    return json.loads(text, parse_constant=refuse)


def setup(tmp_path, criteria: str, accounts: str, name: str = "a.csv") -> None:
    (tmp_path / "icp.yml").write_text(f"profile:\n  criteria:\n{criteria}accounts: {name}\n")
    (tmp_path / name).write_text(accounts)


def refused(result, expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "This is a bug" not in result.output


TWO = "    - {attribute: industry, in: [saas], weight: W}\n    - {attribute: employees, range: {min: 1}, weight: W}\n"


class TestWeights:
    def test_weights_that_add_up_to_infinity(self, invoke, tmp_path):
        setup(tmp_path, TWO.replace("W", "1e308"), "id,industry,employees\nacme,saas,10\n")
        refused(invoke("check"), "icp.yml: profile: the criteria's weights add up to inf points")

    def test_large_finite_weights_still_give_tier_a(self, invoke, tmp_path):
        setup(tmp_path, TWO.replace("W", "1e300"), "id,industry,employees\nacme,saas,10\n")
        result = invoke("accounts", "--format", "json")
        assert result.exit_code == 0, result.output
        [acme] = strict_loads(result.stdout)
        assert (acme["tier"], acme["fit"]) == ("A", 100.0)

    @pytest.mark.parametrize("field", ["weight", "penalty"])
    def test_a_boolean_is_not_a_number_of_points(self, invoke, tmp_path, field):
        criteria = TWO.replace("W", "true" if field == "weight" else "1")
        anti = "  anti:\n    - {attribute: churn, in: [high], penalty: true}\n" if field == "penalty" else ""
        setup(tmp_path, criteria + anti, "id,industry,employees\nacme,saas,10\n")
        refused(invoke("check"), "expected a number of points, got true")


class TestAttributeValues:
    @pytest.mark.parametrize("cell", ["1e400", "-1e400", "1e999k"])
    def test_a_csv_cell_too_large_for_a_float(self, invoke, tmp_path, cell):
        setup(tmp_path, TWO.replace("W", "1"), f"id,industry,employees\nacme,saas,{cell}\n")
        refused(
            invoke("accounts", "--format", "json"), "a.csv: row 2, column employees: expected a finite number"
        )

    @pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
    def test_a_yaml_value(self, invoke, tmp_path, value):
        setup(
            tmp_path, TWO.replace("W", "1"), f"- {{id: acme, industry: saas, employees: {value}}}\n", "a.yml"
        )
        refused(invoke("accounts", "--format", "json"), "a.yml: [0].employees: expected a finite number")

    def test_the_largest_finite_values_give_strict_json(self, invoke, tmp_path):
        setup(tmp_path, TWO.replace("W", "1e305"), "id,industry,employees,arr\nacme,saas,1.7e308,1e15\n")
        (tmp_path / "r.json").write_text(
            '{"requests": [{"key": "a/b#1", "fields": {"Company": "acme"}, "estimate": 1e308}]}'
        )
        (tmp_path / "icp.yml").write_text(
            (tmp_path / "icp.yml").read_text()
            + "ranking: {weight_by: arr}\nattribution: {form_field: Company}\n"
        )
        for args in (("accounts", "--format", "json"), ("rank", "--input", "r.json", "--format", "json")):
            result = invoke(*args)
            assert result.exit_code == 0, result.output
            strict_loads(result.stdout)

    def test_an_arr_whose_sums_would_overflow(self, invoke, tmp_path):
        setup(tmp_path, TWO.replace("W", "1"), "id,industry,employees,arr\nacme,saas,10,1e308\n")
        refused(invoke("check"), "a.csv: row 2, column arr: arr is over 1e+15, more than any company earns")
