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
env -u PYTHONDONTWRITEBYTECODE "$python" -c '
import importlib, pkgutil
import icp_triage
for module in pkgutil.walk_packages(icp_triage.__path__, "icp_triage."):
    importlib.import_module(module.name)
for name in ("github", "jwt.algorithms", "requests", "yaml", "pydantic", "jinja2", "markupsafe", "rich.console", "msgspec", "typer"):
    importlib.import_module(name)
'
"$ICP_TRIAGE_PYTHON" "$GITHUB_ACTION_PATH/scripts/action_venv_check.py" stamp "$ICP_TRIAGE_VENV" "$ICP_TRIAGE_KEY"
echo "icp-triage: environment compiled and stamped for the cache."
