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


ICP = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
accounts: accounts.csv
"""
ACCOUNTS = "id,name,industry\nacme,Acme,saas\n"
REQUESTS = '{"requests": [{"key": "a/b#1", "title": "SSO", "author": "x"}]}'


def hostile_setups() -> dict[str, dict[str, str]]:
    """Each hostile input among the hardening tests as the files of one project folder."""
    bomb_accounts = "\n".join(
        ["anchors:", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"  - &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
        + ["accounts:", "  - {id: b, name: B, tech_stack: *l8}"]
    )
    with_yaml_accounts = ICP.replace("accounts.csv", "accounts.yml")
    return {
        "icp-alias-bomb": {"icp.yml": ICP + alias_bomb(), "accounts.csv": ACCOUNTS, "r.json": REQUESTS},
        "accounts-alias-bomb": {
            "icp.yml": with_yaml_accounts,
            "accounts.yml": bomb_accounts,
            "r.json": REQUESTS,
        },
        "icp-deep-yaml": {"icp.yml": deep_yaml(100_000), "accounts.csv": ACCOUNTS, "r.json": REQUESTS},
        "requests-deep-json": {"icp.yml": ICP, "accounts.csv": ACCOUNTS, "r.json": deep_json(100_000)},
        "requests-duplicate-keys": {
            "icp.yml": ICP,
            "accounts.csv": ACCOUNTS,
            "r.json": '{"requests": [{"key": "a/b#1"}], "requests": []}',
        },
        "requests-huge-number": {
            "icp.yml": ICP,
            "accounts.csv": ACCOUNTS,
            "r.json": '{"requests": [{"key": "a/b#1", "estimate": 1' + "0" * 100_000 + "}]}",
        },
        "weights-overflow": {
            "icp.yml": ICP.replace("weight: 3", "weight: 1e308")
            + "    - {attribute: x, exists: true, weight: 1e308}\n",
            "accounts.csv": ACCOUNTS,
            "r.json": REQUESTS,
        },
        "accounts-deep-json": {
            "icp.yml": ICP.replace("accounts.csv", "a.json"),
            "a.json": deep_json(100_000),
            "r.json": REQUESTS,
        },
        "accounts-huge-cell": {
            "icp.yml": ICP,
            "accounts.csv": "id,name,industry,employees\nacme,Acme,saas,1e400\n",
            "r.json": REQUESTS,
        },
    }
