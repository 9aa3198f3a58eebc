"""Limits on what a YAML document may make us build: alias expansion and nesting depth.

An alias (``*a``) reuses an anchored node, so nine lines of nested aliases (the "billion
laughs") stand for hundreds of millions of nodes: building them took 9.6 GB and minutes.
In the Action, ``.github/icp.yml`` can come from a pull request, so every YAML the tool
reads is measured on its composed node graph first (linear in the nodes written down,
each shared node measured once) and refused when aliases would add more than
MAX_ALIAS_NODES nodes, or when it nests deeper
than MAX_DEPTH (PyYAML composes recursively; deeper would end in a RecursionError).
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 100


class YamlTooLarge(ValueError):
    """The document expands past a bound; the message says which, for the user."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_expansion(root: yaml.Node) -> None:
    """Raise YamlTooLarge when ``root`` expands to too many nodes or nests too deep."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool, int]] = [(root, False, 1)]
    while stack:
        node, done, depth = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            # a child still on the path is an alias to its own anchor: counted once, as the
            # loaders before took it (pydantic then names the field that holds the loop)
            size[key] = 1 + sum(size.get(id(child), 1) for child in _children(node))
            continue
        if key in size:
            continue
        if key in on_path:
            continue
        if depth > MAX_DEPTH:
            raise YamlTooLarge(f"line {node.start_mark.line + 1}: nested deeper than {MAX_DEPTH} levels")
        on_path.add(key)
        stack.append((node, True, depth))
        stack.extend((child, False, depth + 1) for child in reversed(_children(node)))
    extra = size[id(root)] - len(size)
    if extra > MAX_ALIAS_NODES:
        raise YamlTooLarge(
            f"its aliases (*name) expand to over {MAX_ALIAS_NODES:,} more values ({extra:,}); "
            "refused as an alias bomb: write the values out or use fewer nested aliases"
        )


def load_bounded(text: str, loader: type[yaml.SafeLoader]) -> Any:
    """``yaml.load`` with ``loader``, after check_expansion; YamlTooLarge when refused, and
    yaml.YAMLError for a syntax error as usual."""
    instance = loader(text)
    try:
        try:
            root = instance.get_single_node()
        except RecursionError:
            raise YamlTooLarge(f"nested deeper than {MAX_DEPTH} levels") from None
        if root is None:
            return None
        check_expansion(root)
        return instance.construct_document(root)
    finally:
        instance.dispose()
