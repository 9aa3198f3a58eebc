"""Every regex in ``src/`` on the classic worst cases at GitHub's 65,536-character body limit.

Issue 17, defect 1: ``Requested-by: a`` + 65,000 blanks + ``b`` took 76 s in ``rank``,
``wiki_text("{" * 64000)`` 25.7 s. Each pattern (and each function that replaced one) must run
in linear time: its CPU time on a worst case is bounded by a generous factor of a plain
``str.split`` of a text of the same length, measured in the same test, so the bound is on the
algorithm, not on the machine. A run past the bound is interrupted (the regex engine checks
signals), so a quadratic pattern fails in seconds instead of hanging the suite.

Coverage is enforced, not hoped for: every module-level pattern of every module is found by
import and tried; a pattern built anywhere else must be listed in ``ELSEWHERE`` with the
function that runs it, or ``test_every_regex_in_src_is_covered`` fails.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import icp_triage
from icp_triage.adapters.jira import text as jira_text
from icp_triage.core.account_index import AccountIndex
from icp_triage.core.attribution import Attributor
from icp_triage.core.models import Account, Comment, RawRequest
from icp_triage.core.numbers import parse_number
from icp_triage.core.request_text import field_value, section_pattern
from icp_triage.core.settings import AttributionSettings
from icp_triage.files.yaml_text import _UniqueKeyLoader

SIZE = 65_536
FACTOR = 4000.0
"""A linear pass costs up to ~1,000 splits of the same text (a match object per character, or
a Python loop per piece); a quadratic one on 65,536 characters tens of thousands or more (the
cases of issue 17: 50,000 to 250,000)."""


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


WORST: dict[str, str] = {
    "blanks between two letters": "a" + " " * (SIZE - 2) + "b",
    "trailer then blanks": "Requested-by: a" + " " * (SIZE - 16) + "b",
    "form section then blanks": "### Company\na" + " " * (SIZE - 14) + "b",
    "blanks": " " * SIZE,
    "tabs then a letter": "\t" * (SIZE - 1) + "x",
    "newlines": "\n" * SIZE,
    "newline blank": _fill("\n "),
    "open braces": "{" * SIZE,
    "double braces": _fill("{{a"),
    "open brackets": "[" * SIZE,
    "bracket letter bar": _fill("[a|"),
    "brackets and letters": _fill("[a"),
    "bars": "|" * SIZE,
    "letters": "a" * SIZE,
    "digits then a letter": "1" * (SIZE - 1) + "x",
    "digit comma": _fill("1,"),
    "digit dot": _fill("1."),
    "sign blanks letter": "-" + " " * (SIZE - 2) + "x",
    "letter dot": _fill("a."),
    "letter dash": _fill("a-"),
    "letter slash": _fill("a/"),
    "hashes": "#" * SIZE,
    "heading marks": _fill("### "),
    "and": _fill(" and"),
    "ampersands": _fill("& "),
    "commas": _fill(", "),
    "trailer words": _fill("requested-by"),
    "order by": _fill("order "),
    "url starts": _fill("https://"),
    "legal forms": _fill(" 有限公司"),
    "stars": _fill("*_"),
}


@functools.cache
def _module_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every compiled pattern held at module level anywhere in the package (not the database
    migrations: Alembic runs those, and they read no text)."""
    found = []
    for info in pkgutil.walk_packages(icp_triage.__path__, "icp_triage."):
        if ".migrations." in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.append((f"{info.name}.{name}", value))
    return tuple(found)


def _yaml_resolvers() -> Iterator[tuple[str, re.Pattern[str]]]:
    for first, resolvers in _UniqueKeyLoader.yaml_implicit_resolvers.items():
        for tag, pattern in resolvers:
            yield f"yaml resolver {tag} ({first!r})", pattern


_ATTRIBUTOR = Attributor([Account(id="acme", name="Acme")], AttributionSettings())
_INDEX = AccountIndex.build([Account(id="acme", name="Acme")])


def _attribute(text: str) -> object:
    return _ATTRIBUTOR.attribute(
        RawRequest(
            key="a/b#1",
            title="t",
            body=text,
            labels=["customer:" + text[:200]],
            author="someone",
            comments=[Comment(author="x", body=text)],
        ),
        detail=True,
    )


def _form_field(text: str) -> object:
    return field_value(
        RawRequest(
            key="a/b#1",
            title="t",
            body=text,
            labels=["customer:" + text[:200]],
            author="someone",
            comments=[Comment(author="x", body=text)],
        ),
        "Company",
        section_pattern("Company"),
        text.lower(),
    )


# Patterns compiled inside a function or a call (not a module attribute): per file, how many
# lines build one, and what runs them as the product does.
ELSEWHERE: dict[str, tuple[int, Callable[[str], object]]] = {
    "core/attribution.py": (1, _attribute),  # the Requested-by trailer, built from settings
    "core/request_text.py": (1, _form_field),  # an issue-form section's heading
    "adapters/jira/text.py": (1, jira_text.wiki_text),  # table cells
    "files/yaml_text.py": (3, lambda text: None),  # the YAML resolvers: tried one by one below
}

# The functions that read untrusted text through the patterns above, end to end.
FUNCTIONS: dict[str, Callable[[str], object]] = {
    "attribution (trailer, form, label, account names)": _attribute,
    "issue-form field": _form_field,
    "account list splitting": _INDEX.texts,
    "jira wiki_text": jira_text.wiki_text,
    "jira wiki_text of one line": lambda text: jira_text.wiki_text(text.replace("\n", " ")),
    "parse_number": parse_number,
}


class _TooSlow(Exception):
    pass


@contextmanager
def _cpu_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of this process's CPU time (SIGVTALRM)."""

    def stop(*_: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _split_baseline() -> float:
    """CPU seconds of a plain ``str.split`` of a 65,536-character text of short words (the
    costliest split of that length): the mean of 20, the best of 3 such means."""
    text = _fill("a ")
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(20):
            text.split()
        best = min(best, (time.process_time() - started) / 20)
    return best


def _subjects() -> list[tuple[str, Callable[[str], object]]]:
    subjects: list[tuple[str, Callable[[str], object]]] = [
        (name, (lambda p: lambda text: list(p.finditer(text)))(pattern))
        for name, pattern in [*_module_patterns(), *_yaml_resolvers()]
    ]
    return subjects + list(FUNCTIONS.items()) + [(f"built in {w}", run) for w, (_, run) in ELSEWHERE.items()]


def test_every_regex_in_src_is_covered() -> None:
    """A new ``re.compile`` (or ``re.sub(...)`` with a literal) must be a module attribute, which
    the worst-case test finds by itself, or listed in ``ELSEWHERE`` with what runs it."""
    root = Path(icp_triage.__file__).parent
    call = re.compile(r"\bre\.(?:compile|sub|subn|split|search|match|fullmatch|findall|finditer)\(")
    module_level = re.compile(r"^_?[A-Z][A-Z0-9_]*(?::[^=]*)? = re\.compile\(")
    found: dict[str, int] = {}
    for path in sorted(root.rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if call.search(line) and not module_level.match(line):
                where = path.relative_to(root).as_posix()
                found[where] = found.get(where, 0) + 1
    listed = {where: count for where, (count, _) in ELSEWHERE.items()}
    assert found == listed, "a regex the worst-case test does not try: list it in ELSEWHERE"
    names = {name for name, _ in _module_patterns()}
    assert "icp_triage.core.account_index._SEPARATOR" in names  # the scan does find them


@pytest.mark.parametrize("case", sorted(WORST))
def test_every_regex_is_linear_on_worst_cases(case: str) -> None:
    text = WORST[case]
    assert len(text) == SIZE or case in ("trailer then blanks", "form section then blanks")
    bound = FACTOR * _split_baseline()
    slow = []
    for name, run in _subjects():
        spent = 0.0
        for _ in range(2):  # a second try when the first was interrupted by chance (a GC pause)
            started = time.process_time()
            try:
                with _cpu_limit(bound):
                    run(text)
                spent = time.process_time() - started
                break
            except _TooSlow:
                spent = float("inf")
        if spent > bound:
            slow.append(name)
        elif spent > bound / 10:
            print(f"{name}: {spent:.3f} s of {bound:.3f}")
    assert not slow, (
        f"superlinear on {case!r} (over {bound:.3f} s, {FACTOR:g} splits of the same length): {slow}"
    )
