"""Hostile inputs shared by the hardening tests and the memory/time bound test (issue 16)."""

from __future__ import annotations


def alias_bomb(levels: int = 9, width: int = 9, *, key: str = "x") -> str:
    """The "billion laughs": each level an anchored list of ``width`` aliases to the last."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{refs}]")
    lines.append(f"{key}: *l{levels - 1}")
    return "\n".join(lines) + "\n"


def deep_json(depth: int = 1000) -> str:
    return "[" * depth + "]" * depth


def deep_yaml(depth: int = 1000) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"
