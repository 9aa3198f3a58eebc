"""PyGithub without PyJWT's start-up cost: ``jwt`` is imported when first used, which
icp-triage never does.

``github.Auth`` imports PyJWT at the top for GitHub App authentication (signing a JWT with
the App's private key), and PyJWT imports ``cryptography``'s X.509 and key modules: a third
or more of PyGithub's import time (40-100 ms on a 2-core runner), paid by every Action run
before its first request. icp-triage authenticates with a token only. So ``jwt`` is first
registered as a stand-in module that imports the real one on its first attribute access:
code that does use App authentication still gets the real module, a moment later.
(``importlib.util.LazyLoader`` would do the same, but on Python 3.11 the ``import jwt``
statement itself reads the module's ``__spec__`` and so loads it at once.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any


class _Deferred(types.ModuleType):
    """Stands in ``sys.modules`` for a module not imported yet; the first attribute it lacks
    imports the real module in its place and answers from it."""

    def __getattr__(self, name: str) -> Any:
        real = self.__dict__.get("_deferred_real")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_deferred_real"] = real
        return getattr(real, name)


def defer_pyjwt() -> None:
    """Stand ``jwt`` in until used, unless it is imported already (or not installed)."""
    if "jwt" in sys.modules or importlib.util.find_spec("jwt") is None:
        return
    sys.modules["jwt"] = _Deferred("jwt")
