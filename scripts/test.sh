#!/usr/bin/env bash
# The whole test suite, with its own set-up (virtual environment, test tools, Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" "$@"
