"""``icp-triage config schema`` and the modeline of the starter file: editors validate icp.yml.

The schema is generated from the models ``check`` validates with, so what the editor flags
and what ``check`` refuses agree on every key and type; the copy shipped in the package is
the command's output byte for byte (regenerate it with
``icp-triage config schema > src/icp_triage/config/icp.schema.json``).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from icp_triage import __version__
from icp_triage.files.yaml_text import parse_yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def schema(invoke) -> dict:
    result = invoke("config", "schema")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _problems(schema: dict, text: str) -> list[str]:
    return [e.message for e in _validator(schema).iter_errors(parse_yaml(text, label="icp.yml"))]


class TestConfigSchema:
    def test_shipped_copy_is_what_the_command_prints(self, invoke):
        shipped = resources.files("icp_triage.config").joinpath("icp.schema.json").read_text("utf-8")
        assert invoke("config", "schema").stdout == shipped

    def test_the_starter_and_the_demo_configs_are_valid(self, schema, invoke, tmp_path):
        invoke("init", "starter")
        invoke("demo", "--write", "demo")
        for name in ("starter/icp.yml", "demo/icp.yml"):
            assert _problems(schema, (tmp_path / name).read_text()) == [], name

    def test_an_editor_flags_a_misspelt_section_and_a_wrong_type(self, schema, invoke, tmp_path):
        """What check refuses, the editor underlines as it is typed."""
        invoke("init")
        good = (tmp_path / "icp.yml").read_text()
        misspelt = good.replace("\nranking:", "\nrankng:") if "\nranking:" in good else good + "rankng: {}\n"
        assert any("rankng" in p for p in _problems(schema, misspelt))
        wrong = good.replace("weight: 3}", "weight: ten}", 1)
        assert wrong != good
        assert any("'ten'" in p for p in _problems(schema, wrong))
        (tmp_path / "icp.yml").write_text(wrong)
        assert invoke("check").exit_code == 2  # and check says the same

    def test_every_section_check_knows_is_described(self, schema):
        sections = set(schema["properties"])
        assert {"profile", "accounts", "source", "attribution", "ranking", "tagging", "service"} <= sections
        assert schema["required"] == ["profile"]
        assert schema["additionalProperties"] is False


class TestStarterModeline:
    def test_init_names_this_versions_schema_on_the_first_line(self, invoke, tmp_path):
        invoke("init")
        first = (tmp_path / "icp.yml").read_text().splitlines()[0]
        url = f"https://raw.githubusercontent.com/icp-triage/icp-triage/v{__version__}/src/icp_triage/config/icp.schema.json"
        assert first == f"# yaml-language-server: $schema={url}"
        # the URL names the file as it sits in the repository at that tag
        assert (ROOT / url.split(f"/v{__version__}/", 1)[1]).is_file()
