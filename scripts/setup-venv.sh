#!/usr/bin/env bash
# Creates .venv and installs the pinned dependencies from requirements.lock.
# Says clearly what is missing on the system (Python 3.11+, Pango for WeasyPrint).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "ERROR: python3 is not installed. Install Python 3.11 or newer (apt-get install python3 python3-venv)." >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "ERROR: Python 3.11 or newer is needed; found $("$PYTHON" --version)." >&2
  exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "ERROR: the Python venv module is missing. Install it: apt-get install python3-venv" >&2
  exit 1
fi

missing=()
if command -v ldconfig >/dev/null 2>&1; then
  # Read the list once: `ldconfig -p | grep -q` can fail under pipefail when grep stops
  # reading early (SIGPIPE), which would report Pango missing when it is there.
  libraries=$(ldconfig -p)
  grep -q 'libpango-1.0' <<<"$libraries" || missing+=("libpango-1.0-0")
  grep -q 'libpangoft2-1.0' <<<"$libraries" || missing+=("libpangoft2-1.0-0")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "ERROR: WeasyPrint (invoice PDFs) needs Pango, which is not installed." >&2
  echo "       Install it with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

stamp=.venv/.requirements.lock.sha
want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Installing dependencies into .venv from requirements.lock ..."
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
echo "$want" > "$stamp"
