#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# It makes a virtual environment with Python >= 3.11, numpy and pytest.
# AUTOGRADER_ROOT replaces /autograder (tests point it at a temporary folder).
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"

recent_enough() {
  command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

PYTHON=""
for candidate in python3 python3.13 python3.12 python3.11; do
  if recent_enough "$candidate"; then PYTHON="$candidate"; break; fi
done
if [ -z "$PYTHON" ]; then  # Gradescope's Ubuntu 22.04 image has Python 3.10
  apt-get update -qq
  apt-get install -y -qq python3.11 python3.11-venv
  PYTHON=python3.11
fi

# --system-site-packages: reuse what the image already has when it is recent enough.
"$PYTHON" -m venv --system-site-packages "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/source/requirements.txt"
