#!/usr/bin/env bash
# Installs and starts what the tests need beyond Python packages (PostgreSQL, Chromium...).
# Each script in scripts/services.d/ is idempotent and optional: when one fails, the tests that
# need its service skip with a reason instead of failing the whole run.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
for script in "$here"/services.d/*.sh; do
  [ -e "$script" ] || continue
  echo "services: $(basename "$script")"
  bash "$script" || echo "services: $(basename "$script") failed; tests that need it will be skipped"
done
exit 0
