#!/usr/bin/env bash
# action.yml's "Finish the icp-triage environment" step, after the run, only when this job
# built the venv: compile its bytecode and stamp it, so the cache keeps a whole venv that no
# later run compiles anything in.
#
# The first run has compiled what it imported (on the way, as Python does); importing every
# icp-triage module and the libraries it loads lazily compiles the rest that a run can use,
# in about a second after the issue is tagged, instead of compiling all of site-packages
# (2 s more, for files such as pygments' lexers that no run loads) before it.
# Reads ICP_TRIAGE_PYTHON, ICP_TRIAGE_VENV, ICP_TRIAGE_KEY and GITHUB_ACTION_PATH.
set -euo pipefail

python="$ICP_TRIAGE_VENV/bin/python"
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) python="$ICP_TRIAGE_VENV/Scripts/python" ;; esac
# Best effort: a module that cannot be imported here (an optional extra) is left to compile
# when used; the tagged issue's job never fails for it.
env -u PYTHONDONTWRITEBYTECODE "$python" -c '
import importlib, pkgutil
import icp_triage
names = [
    m.name
    for m in pkgutil.walk_packages(icp_triage.__path__, "icp_triage.", onerror=lambda _name: None)
    if not m.name.startswith("icp_triage.service")  # the service extra: never in the Action
]
names += ["github", "jwt.algorithms", "requests", "yaml", "pydantic", "jinja2", "markupsafe", "rich.console", "msgspec", "typer"]
for name in names:
    try:
        importlib.import_module(name)
    except Exception:
        pass
' || true
"$ICP_TRIAGE_PYTHON" "$GITHUB_ACTION_PATH/scripts/action_venv_check.py" stamp "$ICP_TRIAGE_VENV" "$ICP_TRIAGE_KEY"
echo "icp-triage: environment compiled and stamped for the cache."
