#!/usr/bin/env bash
# Shared set-up for the quick start: a virtual environment with the project installed (editable).
# Usage: scripts/setup.sh [--test]   (--test adds the test tools and Debian's chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)${1:+-test}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install --quiet -e '.[test]'
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  touch "$stamp"
fi
if [ "${1:-}" = "--test" ] && { [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/noto ]; }; then
  # Browser tests drive Debian's chromium (Playwright cannot download its own browser here).
  if [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-color-emoji) >/dev/null
  elif command -v sudo >/dev/null; then
    (sudo apt-get update -qq && sudo apt-get install -y -qq chromium fonts-noto-color-emoji) >/dev/null
  else
    echo "note: /usr/bin/chromium is missing and cannot be installed without root; browser tests will be skipped" >&2
  fi
fi
