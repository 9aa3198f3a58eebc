"""icp.yml: finding it, validating it, and the one-paragraph errors with path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from icp_triage.config.loader import find_config, line_map, load_config, parse_config
from icp_triage.core.fit import score_fit
from icp_triage.core.models import Account
from icp_triage.errors import ConfigError

MINIMAL = "profile:\n  criteria:\n    - {attribute: industry, in: [saas]}\n"


def parse(text: str):
    return parse_config(text, label="icp.yml", path=Path("icp.yml"))


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    return str(caught.value)


class TestDefaults:
    def test_minimal_profile_gets_design_defaults(self):
        config = parse(MINIMAL).config
        profile = config.profile
        assert (profile.name, profile.version) == ("ICP", "1")
        assert (profile.tiers.A, profile.tiers.B, profile.tiers.C) == (80, 60, 40)
        assert profile.min_coverage == 0.5
        assert profile.icp_tiers == ["A", "B"]
        assert profile.criteria[0].weight == 1
        assert config.ranking.weight_by == "accounts"
        assert config.ranking.unknown_fit == 0.5
        assert (config.ranking.core_share, config.ranking.opportunistic_share) == (0.6, 0.3)
        assert config.attribution.form_field == "Company"
        assert config.attribution.label_prefix == "customer:"
        assert config.attribution.strengths == {
            "author": 1.0,
            "field": 1.0,
            "label": 1.0,
            "trailer": 1.0,
            "comment": 0.5,
            "reaction": 0.3,
        }
        assert config.tagging.disclose == "tier-only"

    def test_design_example_parses(self):
        text = """\
profile:
  name: Mid-market B2B SaaS
  version: "2026-11"
  criteria:
    - {attribute: industry, in: [saas, fintech], weight: 3}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 2}
    - {attribute: arr, range: {min: 10000000, max: 100000000}, weight: 2}
    - {attribute: tech_stack, any_of: [aws, gcp, azure], weight: 1}
  anti:
    - {attribute: churn_risk, in: [high], penalty: 30}
    - {attribute: support_tickets_90d, range: {min: 50}, disqualify: true}
accounts: accounts.csv
source:
  github: {repo: acme/product, query: "label:feature-request"}
attribution: {form_field: Company, label_prefix: "customer:"}
ranking: {weight_by: arr}
tagging: {labels: true, comment: true, disclose: tier-only}
"""
        config = parse(text).config
        assert [c.kind for c in config.profile.criteria] == ["in", "range", "range", "any_of"]
        assert config.profile.total_weight == 8
        assert config.ranking.weight_by == "arr"

    def test_partial_strengths_keep_the_other_defaults(self):
        config = parse(MINIMAL + "attribution: {strengths: {reaction: 0.1}}\n").config
        assert config.attribution.strengths["reaction"] == 0.1
        assert config.attribution.strengths["comment"] == 0.5


class TestPlainScalars:
    """Values are read as YAML 1.2 reads them: what a user types in a list is what is matched."""

    def fit_of(self, criterion: str, **attributes: object) -> float | None:
        config = parse(f"profile:\n  criteria:\n    - {criterion}\n").config
        return score_fit(Account(id="x", attributes=attributes), config.profile).fit

    def test_country_codes_are_not_booleans(self):
        # YAML 1.1 reads NO as false: Norway would never match its own criterion
        assert self.fit_of("{attribute: region, in: [NO, SE, DK]}", region="NO") == 100
        assert self.fit_of("{attribute: region, in: [NO, SE, DK]}", region="FI") == 0

    def test_yes_and_on_are_words(self):
        assert self.fit_of("{attribute: sso, equals: yes}", sso="yes") == 100
        assert self.fit_of("{attribute: mode, in: [on, off]}", mode="off") == 100

    def test_codes_with_a_leading_zero_and_times_stay_text(self):
        # YAML 1.1 reads 0111 as the octal 73 and 12:30 as 750
        assert self.fit_of("{attribute: sic, in: [0111, 0112]}", sic="0111") == 100
        assert self.fit_of("{attribute: slot, equals: 12:30}", slot="12:30") == 100

    def test_numbers_booleans_and_typed_settings_still_read(self):
        config = parse(
            "profile:\n  version: 2026-11-01\n  criteria:\n"
            "    - {attribute: employees, range: {min: 1_000, max: 1e4}, weight: 2.5}\n"
            "  anti:\n    - {attribute: churn, in: [high], disqualify: yes}\n"
            "    - {attribute: risk, exists: true, penalty: 0x0A}\n"
        ).config
        profile = config.profile
        assert profile.version == "2026-11-01"  # a version, not a date object
        criterion = profile.criteria[0]
        assert criterion.range is not None
        assert (criterion.range.min, criterion.range.max, criterion.weight) == (1000, 10000, 2.5)
        assert profile.anti[0].disqualify is True
        assert profile.anti[1].exists is True
        assert profile.anti[1].penalty == 10


class TestAttributeNames:
    def test_a_criterion_written_as_the_exports_header_finds_its_column(self):
        from icp_triage.adapters.accounts import parse_csv

        config = parse(
            "profile:\n  criteria:\n"
            "    - {attribute: Industry, in: [saas]}\n"
            "    - {attribute: Tech Stack, any_of: [aws]}\n"
            "    - {attribute: ARR, range: {min: 10}}\n"
        ).config
        (account,) = parse_csv("id,Industry,tech-stack,ARR\nacme,SaaS,aws,100\n", label="accounts.csv")
        fit = score_fit(account, config.profile)
        assert [(c.attribute, c.status) for c in fit.criteria] == [
            ("industry", "met"),
            ("tech_stack", "met"),
            ("arr", "met"),
        ]
        assert fit.fit == 100

    def test_a_blank_attribute_name_is_an_error_naming_it(self):
        message = error_of("profile:\n  criteria:\n    - {attribute: ' - ', in: [x]}\n")
        assert "profile.criteria[0].attribute" in message


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                "profile:\n  criteria:\n    - {attribute: employees, range: {min: ten}}\n",
                "icp.yml: profile.criteria[0].range.min: expected a number, got 'ten' (line 3)",
            ),
            (  # a negative size would plan more work into a sprint than it holds
                MINIMAL + "planning:\n  sizes: {s: 2, m: -3}\n",
                "icp.yml: planning.sizes.m: must be >= 0.0, got -3 (line 5)",
            ),
            (
                MINIMAL + "  critera: []\n",
                "icp.yml: profile.critera: unknown key 'critera' (did you mean 'criteria'?) (line 4)",
            ),
            (
                MINIMAL + "rankng: {weight_by: arr}\n",
                "icp.yml: rankng: unknown key 'rankng' (did you mean 'ranking'?) (line 4)",
            ),
            (  # issue 17: a real key in the wrong section said "(did you mean 'weight_by'?)"
                MINIMAL + "weight_by: accounts\n",
                "icp.yml: weight_by: weight_by belongs under ranking: (line 4)",
            ),
            (
                MINIMAL + "  weight_by: accounts\n",
                "icp.yml: profile.weight_by: weight_by belongs under ranking: (line 4)",
            ),
            (
                "profile:\n  criteria:\n    - {attribute: '', in: [a]}\n",
                "icp.yml: profile.criteria[0].attribute: must not be empty (line 3)",
            ),
            ("profile: 3\n", "icp.yml: profile: expected a mapping (key: value), got 3 (line 1)"),
            ("accounts: a.csv\n", "icp.yml: profile: required, but missing (line 1)"),
        ],
    )
    def test_message(self, text, message):
        assert error_of(text) == message

    def test_several_problems_are_counted(self):
        text = "profile:\n  criteria:\n    - {attribute: x, in: [a], weight: -1}\n  tiers: {A: 200}\nranking: {weight_by: x}\n"
        assert error_of(text) == (
            "icp.yml: profile.criteria[0].weight: must be > 0.0, got -1 (line 3). "
            "2 more problems: profile.tiers.A, ranking.weight_by"
        )

    def test_empty_yaml_document(self):
        assert (
            error_of("# only a comment\n")
            == "icp.yml: the file has no settings; it needs at least a 'profile' section"
        )

    def test_top_level_scalar(self):
        assert (
            error_of("hello\n")
            == "icp.yml: expected a mapping at the top level (profile:, accounts:, ...), got str 'hello'"
        )

    def test_yaml_syntax_error_has_line_and_column(self):
        assert error_of("profile:\n  criteria: [\n").startswith("icp.yml: line 3, column 1: not valid YAML:")


class TestFindConfig:
    def test_explicit_path_wins(self, tmp_path: Path):
        (tmp_path / "icp.yml").write_text(MINIMAL)
        assert find_config(Path("other.yml"), cwd=tmp_path) == Path("other.yml")

    def test_icp_yml_then_github(self, tmp_path: Path):
        (tmp_path / ".github").mkdir()
        (tmp_path / ".github" / "icp.yml").write_text(MINIMAL)
        assert find_config(None, cwd=tmp_path) == tmp_path / ".github" / "icp.yml"
        (tmp_path / "icp.yml").write_text(MINIMAL)
        assert find_config(None, cwd=tmp_path) == tmp_path / "icp.yml"

    def test_none_found(self, tmp_path: Path):
        with pytest.raises(ConfigError) as caught:
            find_config(None, cwd=tmp_path)
        assert "no icp.yml found (looked for ./icp.yml and ./.github/icp.yml)" in str(caught.value)

    def test_paths_inside_are_relative_to_the_file(self, tmp_path: Path):
        (tmp_path / "conf").mkdir()
        (tmp_path / "conf" / "icp.yml").write_text(MINIMAL + "accounts: data/a.csv\n")
        loaded = load_config(tmp_path / "conf" / "icp.yml")
        assert loaded.resolve("data/a.csv") == tmp_path / "conf" / "data" / "a.csv"
        assert loaded.resolve(str(tmp_path / "x.csv")) == tmp_path / "x.csv"


class TestLineMap:
    def test_keys_and_items(self):
        lines = line_map("a:\n  b:\n    - x\n    - y\n")
        assert lines[("a",)] == 1
        assert lines[("a", "b")] == 2
        assert lines[("a", "b", 1)] == 4

    def test_broken_yaml_gives_no_lines(self):
        assert line_map("a: [\n") == {}
