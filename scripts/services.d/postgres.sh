#!/usr/bin/env bash
# PostgreSQL 15 for the corpus store tests (tests/corpus, PostgreSQL half of the store suite).
# Idempotent: installs the server only when pg_ctlcluster is missing (apt-get update once), starts
# the first cluster, and creates the role and database `newsproof` / `newsproof_test`.
# Tests read the DSN from NEWSPROOF_TEST_PG (default printed below) and skip when it is unreachable.
set -eu
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "postgres: not root; PostgreSQL tests will be skipped" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends postgresql
fi
cluster="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1" "$2}')"
if [ -z "$cluster" ]; then
  echo "postgres: no cluster found; PostgreSQL tests will be skipped" >&2; exit 1
fi
set -- $cluster
if ! pg_lsclusters -h | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $4}' | grep -q online; then
  $SUDO pg_ctlcluster "$1" "$2" start
fi
port="$(pg_lsclusters -h | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $3}')"
run_sql() { $SUDO runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA -c "$1"; }
if [ "$(run_sql "SELECT 1 FROM pg_roles WHERE rolname='newsproof'")" != "1" ]; then
  run_sql "CREATE ROLE newsproof LOGIN PASSWORD 'newsproof' CREATEDB"
fi
for db in newsproof newsproof_test; do
  if [ "$(run_sql "SELECT 1 FROM pg_database WHERE datname='$db'")" != "1" ]; then
    run_sql "CREATE DATABASE $db OWNER newsproof"
  fi
done
echo "postgres: ready; NEWSPROOF_TEST_PG=postgresql://newsproof:newsproof@127.0.0.1:$port/newsproof_test"
