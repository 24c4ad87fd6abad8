#!/usr/bin/env bash
# Re-extract user-facing strings, update both catalogues, fill Swedish from the given dict files, compile.
# Usage: tools/update_catalogues.sh [siru_exchange/translations/pending/*.py ...]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
"$VENV/bin/pybabel" extract -q -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".venv .venv-eval node_modules" \
  -o siru_exchange/translations/messages.pot . 2>/dev/null || \
"$VENV/bin/pybabel" extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".venv .venv-eval node_modules" \
  -o siru_exchange/translations/messages.pot . >/dev/null 2>&1
"$VENV/bin/pybabel" update -i siru_exchange/translations/messages.pot -d siru_exchange/translations \
  --no-fuzzy-matching >/dev/null 2>&1
for f in "$@"; do "$VENV/bin/python" tools/fill_catalogue.py "$f"; done
"$VENV/bin/python" tools/fill_catalogue.py /dev/null 2>/dev/null || true
"$VENV/bin/pybabel" compile -d siru_exchange/translations >/dev/null 2>&1
