#!/usr/bin/env bash
# Installs and starts what the tests need beyond Python packages. Idempotent; safe to rerun.
# Each service is optional: tests that need a missing one are skipped with a reason.
set -u
echo "services: nothing beyond Python packages is needed yet"
