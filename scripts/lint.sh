#!/usr/bin/env bash
# The checks CI runs beside the test suite: ruff (lint and format) and import-linter (the layers, no cycles).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/ruff check feedback_app tests bench scripts
.venv/bin/ruff format --check feedback_app tests bench scripts
.venv/bin/lint-imports --no-cache
