"""How GitHub names things: an issue's key (``owner/repo#12``) and an account's login.

A key is built and taken apart here only; every other room treats it as opaque text and
reaches these functions through the seam (``adapters.base.Dialect.format_key`` and
``parse_key``), so a tracker with other keys (Jira's ``PROJ-12``) needs no change there.
"""

from __future__ import annotations

import re

from icp_triage.errors import DataError

# https://docs.github.com/en/apps/creating-github-apps/registering-a-github-app/registering-a-github-app
# (an app's bot user is "<slug>[bot]"); a user login is letters, digits and single hyphens
_LOGIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38})(?:\[bot\])?$")


def issue_key(repo: str, number: int) -> str:
    """The key of issue (or pull request) ``number`` of ``repo``: ``owner/repo#12``."""
    return f"{repo}#{number}"


def split_key(key: str) -> tuple[str, int]:
    """``owner/repo#12`` -> (``owner/repo``, 12); DataError for a key that is not a GitHub issue."""
    repo, _, number = key.rpartition("#")
    if repo.count("/") != 1 or not number.isdigit():
        raise DataError(f"'{key}' is not a GitHub issue key (owner/repo#number)")
    return repo, int(number)


def normalise_key(text: str) -> str | None:
    """``Owner/Repo#012`` as GitHub spells keys (``Owner/Repo#12``); None for text that is no
    issue key."""
    repo, hash_, number = text.strip().rpartition("#")
    if not hash_ or repo.count("/") != 1 or not all(repo.split("/")) or not number.isdigit():
        return None
    return issue_key(repo, int(number))


def short_reference(key: str, beside: str) -> str:
    """``#212`` for ``acme/app#212`` shown beside ``acme/app#189``, as GitHub writes a
    reference within one repository; the whole key beside another repository's."""
    repo, hash_, number = key.rpartition("#")
    if hash_ and repo.casefold() == beside.rpartition("#")[0].casefold():
        return f"#{number}"
    return key


def is_login(login: str) -> bool:
    """Whether ``login`` (normalised: no ``@``, case-folded) can be a GitHub login or org
    name; ``check`` warns on the rest (``bob carol``, a name), which no GitHub event can ever
    carry."""
    return bool(_LOGIN.match(login))
