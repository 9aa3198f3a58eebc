"""Outcome errors name the file, row and column; from the secret they name no account or value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icp_triage.adapters.accounts import ENV_VAR, load_accounts
from icp_triage.adapters.outcomes import load_outcomes
from icp_triage.config.loader import parse_config
from icp_triage.core.outcomes import OutcomeSettings
from icp_triage.errors import ConfigError, DataError

CSV = "id,name,industry,nps\nacme,Acme,saas,40\n\nglobex,Globex,mining,-300\n"


def load(path: Path | None, env: dict[str, str]) -> None:
    accounts = load_accounts(path, env=env)
    load_outcomes(accounts, OutcomeSettings(), path=path, env=env)


def test_a_csv_error_names_the_spreadsheet_row(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text(CSV)
    with pytest.raises(DataError) as caught:
        load(path, {})
    assert str(caught.value) == (
        f"{path}: row 4, column nps (account 'globex'): -300 is out of range (-100..100)"
    )
    assert caught.value.exit_code == 2


def test_a_json_error_names_the_record(tmp_path):
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps([{"id": "acme", "won": "won"}, {"id": "globex", "won": "perhaps"}]))
    with pytest.raises(
        DataError, match=r"accounts.json: \[1\], column won \(account 'globex'\): expected won/lost"
    ):
        load(path, {})


def test_from_the_secret_the_error_names_neither_account_nor_value():
    with pytest.raises(DataError) as caught:
        load(None, {ENV_VAR: CSV})
    message = str(caught.value)
    assert "account 2, column nps" in message
    assert "globex" not in message and "300" not in message


class TestConfig:
    def test_outcomes_and_validation_sections_load(self):
        text = "profile: {criteria: [{attribute: x, exists: true}]}\noutcomes: {retained: Renewed 2025, weights: {nps: 2}}\nvalidation: {max_share: 0.4}\n"
        config = parse_config(text, label="icp.yml", path=Path("icp.yml")).config
        assert config.outcomes.column("retained") == "renewed_2025"
        assert config.outcomes.weight("nps") == 2 and config.outcomes.weight("won") == 1
        assert config.validation.max_share == 0.4

    @pytest.mark.parametrize(
        ("section", "where"),
        [
            ("outcomes: {revenue: x}", "outcomes.revenue"),
            ("outcomes: {weights: {happiness: 1}}", "outcomes.weights"),
            ("validation: {max_share: 2}", "validation.max_share"),
        ],
    )
    def test_mistakes_name_the_path(self, section, where):
        text = f"profile: {{criteria: [{{attribute: x, exists: true}}]}}\n{section}\n"
        with pytest.raises(ConfigError, match=rf"icp.yml.*{where}"):
            parse_config(text, label="icp.yml", path=Path("icp.yml"))
