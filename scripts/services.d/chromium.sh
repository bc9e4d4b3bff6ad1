#!/usr/bin/env bash
# Chromium for the browser tests (tests/web/test_browser.py), from Debian: never `playwright install`.
# Idempotent: does nothing when `chromium` is already on PATH. Installs without recommends (about half
# the size) plus two font packages so pages and screenshots render with real fonts. Needs root (or sudo);
# when it cannot install, the browser tests skip with a reason.
set -eu
if command -v chromium >/dev/null 2>&1; then
  echo "chromium: already installed ($(chromium --version 2>/dev/null || echo unknown version))"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "chromium: not installed and not root; browser tests will be skipped" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core fonts-liberation
echo "chromium: installed ($(chromium --version 2>/dev/null || echo unknown version))"
