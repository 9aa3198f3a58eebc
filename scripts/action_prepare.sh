#!/usr/bin/env bash
# action.yml's "Prepare the install" step: find Python 3.10+, name the venv and its cache key.
#
# Reads ICP_TRIAGE_VERSION (the `version` input, through env:), GITHUB_ACTION_PATH,
# RUNNER_TEMP and GITHUB_OUTPUT; writes the outputs python, venv, key and cacheable. A
# `version` that is a pip requirement (a URL or path) can change behind the same text, so
# only the action's own checkout and plain versions are cached.
set -euo pipefail

python_bin=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    python_bin="$(command -v "$candidate")"
    break
  fi
done
if [ -z "$python_bin" ]; then
  echo "::error title=icp-triage::no Python 3.10 or newer on this runner"
  exit 1
fi

venv="$RUNNER_TEMP/icp-triage-venv"
cacheable=false
if [ -z "$ICP_TRIAGE_VERSION" ] || [[ "$ICP_TRIAGE_VERSION" =~ ^[0-9][0-9A-Za-z.!+]*$ ]]; then
  cacheable=true
fi
key="$("$python_bin" "$GITHUB_ACTION_PATH/scripts/action_cache_key.py" "$venv")"
{
  echo "python=$python_bin"
  echo "venv=$venv"
  echo "key=$key"
  echo "cacheable=$cacheable"
} >> "$GITHUB_OUTPUT"
