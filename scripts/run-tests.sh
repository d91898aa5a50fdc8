#!/usr/bin/env bash
# The whole suite: lint, then pytest on SQLite, then on PostgreSQL when it is reachable
# (required when CI=true). Run by `make test` and so by .ci/run.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${CPI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/cpi}"
PG_HOST=$(python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(p.hostname or '127.0.0.1')" "$PG_URL")
PG_PORT=$(python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(p.port or 5432)" "$PG_URL")

pg_up() {
  "$BIN/python" - "$PG_URL" <<'PY'
import sys, urllib.parse as u, psycopg
p = u.urlsplit(sys.argv[1])
try:
    psycopg.connect(host=p.hostname, port=p.port or 5432, user=p.username or "postgres",
                    password=p.password or None, dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
PY
}

echo "== ruff (format and lint)"
"$BIN/ruff" format --check connecting_people tests bench scripts || exit 1
"$BIN/ruff" check connecting_people tests bench || exit 1

echo "== mypy (django-stubs, over the package)"
"$BIN/mypy" || exit 1

# Each pass ends by listing its 15 slowest steps (set-ups included), so the suite's length can be watched.
# When both run, each walks every page for half of the roles (`--walk-share`, tests/conftest.py): the walk
# checks templates, the same on both databases, and is the longest browser test.
# The two databases' runs go side by side (each is one process; the machine has at least two cores), each
# with its own temporary folder; PostgreSQL's output is shown when both have finished.
if ! pg_up 2>/dev/null && [ "${CI:-}" = "true" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not answering; starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  sleep 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pg_pid=""
if pg_up; then
  echo "== tests on PostgreSQL ($PG_HOST:$PG_PORT), started in the background"
  DATABASE_URL="$PG_URL" "$BIN/pytest" -q --durations=15 --walk-share=1/2 --basetemp="$work/postgresql" "$@" >"$work/postgresql.log" 2>&1 &
  pg_pid=$!
elif [ "${CI:-}" = "true" ]; then
  echo "FAILED: PostgreSQL at $PG_HOST:$PG_PORT is unreachable, and CI=true requires the suite to run on it." >&2
  exit 1
else
  echo "SKIPPED: PostgreSQL at $PG_HOST:$PG_PORT is unreachable; set CPI_TEST_POSTGRES_URL or start it to run the suite there too."
fi

share=()
[ -n "$pg_pid" ] && share=(--walk-share=0/2)
echo "== tests on SQLite"
env -u DATABASE_URL "$BIN/pytest" -q --durations=15 "${share[@]}" --basetemp="$work/sqlite" "$@"
sqlite_rc=$?
pg_rc=0
if [ -n "$pg_pid" ]; then
  wait "$pg_pid"
  pg_rc=$?
  echo "== tests on PostgreSQL ($PG_HOST:$PG_PORT)"
  cat "$work/postgresql.log"
fi
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
