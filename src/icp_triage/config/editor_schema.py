"""The JSON Schema of ``icp.yml`` for editors, generated from the pydantic models.

VS Code (the YAML extension) and JetBrains IDEs read a ``# yaml-language-server: $schema=``
line and then validate and complete the file as it is typed. The schema is what pydantic
derives from ``Config``, so it cannot drift from what ``check`` accepts; the rules a schema
cannot state (exactly one criterion kind, repository names, cross-field checks) stay with
``check``. A copy ships in the package as ``icp.schema.json`` (the tests keep it equal).
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_FILE = "icp.schema.json"
# Where the starter file's modeline points: the schema of the installed version, as tagged.
SCHEMA_URL = (
    "https://raw.githubusercontent.com/icp-triage/icp-triage/v{version}/src/icp_triage/config/icp.schema.json"
)


def icp_schema() -> dict[str, Any]:
    """``icp.yml``'s JSON Schema (draft 2020-12), titled and described for an editor's hover."""
    from icp_triage.config.schema import Config

    body = Config.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "icp.yml",
        "description": (
            "icp-triage configuration: the Ideal Customer Profile, the accounts, where requests "
            "come from and what is written back. `icp-triage check` validates the rest."
        ),
        **{k: v for k, v in body.items() if k not in ("title", "description")},
    }


def icp_schema_text() -> str:
    """The schema as the package ships it and ``config schema`` prints it (stable key order)."""
    return json.dumps(icp_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_url(version: str) -> str:
    """The modeline's URL for ``version``."""
    return SCHEMA_URL.format(version=version)
