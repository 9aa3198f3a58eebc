"""The README's command examples run, as typer runs every file in docs_src: a broken one fails CI."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _setup_blocks() -> list[list[list[str]]]:
    """The setup blocks after the Quickstart, as a user types them: each a list of commands.

    A line may chain commands with ``&&``; ``cd DIR`` changes folder as in a shell.
    """
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(), re.DOTALL)
    setup = [b for b in blocks if "icp-triage demo --write" in b or "icp-triage init" in b]
    commands: list[list[list[str]]] = []
    for block in setup:
        lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
        steps = [part.strip() for line in lines if line for part in line.split("&&")]
        commands.append([shlex.split(step) for step in steps])
    return commands


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

    def test_setup_examples_run_in_order(self, invoke, tmp_path, monkeypatch):
        """Each block runs as typed, in a fresh folder: a missing ``cd`` or file fails here."""
        blocks = _setup_blocks()
        assert len(blocks) == 2, "README lost a setup block (demo files, starter)"
        assert ["icp-triage", "demo", "--write", "my-icp"] in blocks[0]
        assert ["icp-triage", "init", "my-setup"] in blocks[1]
        for number, block in enumerate(blocks):
            monkeypatch.chdir(tmp_path)
            folder = tmp_path / f"block{number}"
            folder.mkdir()
            monkeypatch.chdir(folder)
            for command in block:
                if command[0] == "cd":
                    monkeypatch.chdir(command[1])
                    continue
                assert command[0] == "icp-triage", command
                result = invoke(*command[1:])
                assert result.exit_code == 0, f"{' '.join(command)}:\n{result.output}"
