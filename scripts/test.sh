#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine (Python 3.11), then run them all.
# Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright; Playwright's own
# browser download is never used.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests…"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# A virtual environment keeps the pinned versions away from the system's Python (Debian marks it
# externally managed); AFTERSHOCK_VENV chooses another place for it.
VENV="${AFTERSHOCK_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
"$VENV/bin/python" -m ruff check .
# Two workers (the machine's two cores), one test file per worker at a time, so module fixtures (a
# Streamlit server, a browser) are shared within a file; AFTERSHOCK_TEST_WORKERS=0 runs in one process.
"$VENV/bin/python" -m pytest -n "${AFTERSHOCK_TEST_WORKERS:-2}" --dist loadfile "$@"
