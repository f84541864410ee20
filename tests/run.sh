#!/usr/bin/env bash
# The project's test command (README): installs what the tests need, then runs them all
# (`--all`: also the build, browser and Quarto tests that a plain `pytest` leaves out).
# Works on a fresh Debian machine as root (CI) or as a user with sudo for the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The whole dependency tree, pinned with hashes (requirements.lock), then the package itself.
python3 -m pip install -q --require-hashes -r requirements.lock
python3 -m pip install -q --no-deps -e .
exec python3 -m pytest --all "$@"
