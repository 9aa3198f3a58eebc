#!/usr/bin/env bash
# action.yml's "Install icp-triage" step: use the venv actions/cache restored when it is
# whole, else build it (with uv where it can, else pip) and stamp it for the cache.
#
# Reads ICP_TRIAGE_PYTHON, ICP_TRIAGE_VENV and ICP_TRIAGE_KEY (the prepare step's outputs),
# ICP_TRIAGE_VERSION (the `version` input), GITHUB_ACTION_PATH, RUNNER_TEMP and
# GITHUB_OUTPUT; writes the outputs bin (the venv's scripts directory) and built (true when
# this run installed: action_finish.sh then compiles and stamps the venv after the run, and
# it is saved). Untrusted text never reaches here: every value comes through the
# environment and is quoted.
set -euo pipefail

venv="$ICP_TRIAGE_VENV"
bin="$venv/bin"
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) bin="$venv/Scripts" ;; esac
scripts="$GITHUB_ACTION_PATH/scripts"

target="$GITHUB_ACTION_PATH"
expected=""
case "$ICP_TRIAGE_VERSION" in
  "") expected="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/src/icp_triage/__init__.py")" ;;
  -*) echo "::error title=icp-triage::the version input must be a version or a pip requirement, not an option"; exit 2 ;;
  [0-9]*) target="icp-triage==$ICP_TRIAGE_VERSION" ;;
  *) target="$ICP_TRIAGE_VERSION" ;;
esac

# The version check: the venv's own icp-triage starts and names the expected version.
starts() {
  local found
  found="$("$bin/icp-triage" --version 2>/dev/null)" || return 1
  case "$found" in "icp-triage ${expected:+$expected }"*) echo "$found" ;; *) return 1 ;; esac
}

if [ -d "$venv" ]; then
  if why="$("$ICP_TRIAGE_PYTHON" "$scripts/action_venv_check.py" check "$venv" "$ICP_TRIAGE_KEY")" \
    && found="$(starts)"; then
    echo "icp-triage: restored environment is whole ($found); nothing to install."
    { echo "bin=$bin"; echo "built=false"; } >> "$GITHUB_OUTPUT"
    exit 0
  fi
  echo "::warning title=icp-triage::the restored environment is broken (${why:-icp-triage does not start}); rebuilding it"
  rm -rf "$venv"
fi

started=$SECONDS
uv_bin="$(command -v uv || true)"
if [ -z "$uv_bin" ]; then
  # uv is a single binary in a wheel: pip fetches it in about a second, and it then installs
  # icp-triage's dependencies several times faster than pip would.
  uv_dir="$RUNNER_TEMP/icp-triage-uv"
  if "$ICP_TRIAGE_PYTHON" -m pip install --quiet --disable-pip-version-check --no-input --no-cache-dir \
    --no-deps --no-compile --only-binary=:all: --target "$uv_dir" uv >/dev/null 2>&1 \
    && [ -x "$uv_dir/bin/uv" ]; then
    uv_bin="$uv_dir/bin/uv"
  fi
fi

if [ -n "$uv_bin" ]; then
  echo "icp-triage: installing $target with uv into a new environment"
  export UV_PYTHON_DOWNLOADS=never
  "$uv_bin" venv --quiet --python "$ICP_TRIAGE_PYTHON" "$venv"
  if [ -z "$ICP_TRIAGE_VERSION" ] && [ "$bin" = "$venv/bin" ]; then
    # The action's own checkout: its dependencies straight from pyproject.toml, and the
    # package (pure Python, data files inside it) copied in with a console script, rather
    # than built into a wheel first: the build (an isolated setuptools run) would be a third
    # of a cold install. Windows runners (Scripts\, .exe launchers) take the usual path.
    "$uv_bin" pip install --quiet --python "$bin/python" -r "$GITHUB_ACTION_PATH/pyproject.toml"
    site="$("$bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    cp -R "$GITHUB_ACTION_PATH/src/icp_triage" "$site/icp_triage"
    find "$site/icp_triage" -name __pycache__ -prune -exec rm -rf {} +
    printf '#!%s\nimport sys\nfrom icp_triage.console import main\nsys.exit(main())\n' "$bin/python" > "$bin/icp-triage"
    chmod +x "$bin/icp-triage"
  else
    "$uv_bin" pip install --quiet --python "$bin/python" "$target"
  fi
else
  echo "icp-triage: installing $target with pip into a new environment (uv is not available)"
  # A venv without its own pip is created in 0.1 s instead of 3 s and is 25 MB smaller;
  # the runner's pip (22.3+) installs into it with --python. Else the venv's own pip.
  if "$ICP_TRIAGE_PYTHON" -c 'import sys, pip; sys.exit(tuple(int(x) for x in pip.__version__.split(".")[:2]) < (22, 3))' 2>/dev/null; then
    "$ICP_TRIAGE_PYTHON" -m venv --without-pip "$venv"
    "$ICP_TRIAGE_PYTHON" -m pip --python "$bin/python" install --quiet --compile "$target"
  else
    "$ICP_TRIAGE_PYTHON" -m venv "$venv"
    "$bin/python" -m pip install --quiet --compile "$target"
  fi
fi
if ! found="$(starts)"; then
  echo "::error title=icp-triage::the installed icp-triage does not start or is not version ${expected:-requested}"
  exit 1
fi
echo "icp-triage: installed $found in $((SECONDS - started)) s."
{ echo "bin=$bin"; echo "built=true"; } >> "$GITHUB_OUTPUT"
