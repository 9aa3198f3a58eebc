"""The README's command examples run, as typer runs every file in docs_src: a broken one fails CI."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _setup_commands() -> list[list[str]]:
    """The ``icp-triage ...`` lines of the block that follows the Quickstart."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(), re.DOTALL)
    block = next(b for b in blocks if "demo --write" in b)
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("icp-triage ")]


def _demo_block() -> list[str]:
    """The lines the README shows under ``$ icp-triage demo``, without the prompt and the elision."""
    block = re.search(r"```text\n\$ icp-triage demo\n(.*?)```", README.read_text(), re.DOTALL)
    assert block, "README.md lost its demo output"
    return [line.rstrip() for line in block.group(1).splitlines() if line.strip() != "..."]


class TestReadme:
    def test_demo_output_is_what_demo_prints(self, invoke):
        """Every line shown is printed, in that order (a pipe gets the 140-column layout)."""
        result = invoke("demo")
        assert result.exit_code == 0
        printed = iter(line.rstrip() for line in result.output.splitlines())
        for line in _demo_block():
            assert line in printed, f"README shows a line demo no longer prints:\n{line}"

    def test_quickstart_has_the_two_commands(self):
        text = README.read_text()
        assert "pip install . && icp-triage demo" in text
        assert "pip install -e '.[dev]' && python -m pytest" in text

    def test_setup_examples_run_in_order(self, invoke, tmp_path):
        commands = _setup_commands()
        assert ["demo", "--write", "my-icp"] in commands
        for args in commands:
            if args[:1] == ["check"] or args[:1] == ["rank"]:
                args = [*args, "--config", "my-icp/icp.yml"]
            if args[:1] == ["rank"]:
                args = [a if a != "requests.json" else "my-icp/requests.json" for a in args]
            result = invoke(*args)
            assert result.exit_code == 0, f"icp-triage {' '.join(args)}:\n{result.output}"
