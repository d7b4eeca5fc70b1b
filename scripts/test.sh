#!/usr/bin/env bash
# The whole truth, as CI runs it: lint and the import layers; every test on SQLite; the tests that touch the
# database again on PostgreSQL; the queue tests on Redis over PostgreSQL (the scaled mode); and the tests marked
# `clock` again at each awkward instant of tests/clock.py. A server that doesn't answer is started if this machine can; otherwise it is skipped with
# a clear line, or fails the run when STORYDESK_REQUIRE_SERVICES=1.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${STORYDESK_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/storydesk}
REDIS_TEST_URL=${STORYDESK_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
require=${STORYDESK_REQUIRE_SERVICES:-0}
# Each pytest-xdist worker has its own data folder, SQLite files and PostgreSQL test database.
PARALLEL=(-n "${JOBS:-auto}" --dist worksteal)
status=0
started=$SECONDS

service_up() { $PY scripts/service_check.py "$1" "$2"; }

ensure() {  # ensure NAME URL START-COMMAND
  service_up "$1" "$2" && return 0
  if [ -n "$3" ]; then
    echo "$1 is not answering at $2; starting it."
    bash -c "$3" >/dev/null 2>&1 || true
    for _ in $(seq 1 20); do service_up "$1" "$2" && return 0; sleep 0.5; done
  fi
  return 1
}

run_suite() {  # run_suite LABEL [env…] -- [pytest args…]
  local label=$1; shift
  local began=$SECONDS
  echo; echo "=== $label ==="
  env "$@" || status=1
  echo "($label: $((SECONDS - began)) s)"
}

run_suite "lint (ruff)" .venv/bin/ruff check .

run_suite "layers and import cycles (import-linter)" .venv/bin/lint-imports

run_suite "tests on SQLite" $PY -m pytest -q "${PARALLEL[@]}"

pg_start='command -v pg_ctlcluster && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -1) main start'
if ensure postgres "$PG_URL" "$pg_start"; then
  # The tests that never touch the database proved themselves on SQLite already.
  run_suite "tests that touch the database, on PostgreSQL ($PG_URL)" DATABASE_URL="$PG_URL" \
    $PY -m pytest -q "${PARALLEL[@]}" --database-only
elif [ "$require" = 1 ]; then
  echo "FAILED: no PostgreSQL at $PG_URL (STORYDESK_REQUIRE_SERVICES=1)"; status=1
else
  echo "skipped: no PostgreSQL at $PG_URL"
fi

redis_start='command -v redis-server && mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'
if ensure redis "$REDIS_TEST_URL" "$redis_start"; then
  # The scaled mode as it runs: RedisHuey and Redis caches over PostgreSQL (SQLite when there is none).
  scaled_db=()
  service_up postgres "$PG_URL" && scaled_db=(DATABASE_URL="$PG_URL")
  run_suite "queue tests on Redis ($REDIS_TEST_URL${scaled_db:+ with PostgreSQL})" "${scaled_db[@]}" \
    REDIS_URL="$REDIS_TEST_URL" STORYDESK_QUEUE_NAME="storydesk-test-$$" $PY -m pytest -q -m queue
elif [ "$require" = 1 ]; then
  echo "FAILED: no Redis at $REDIS_TEST_URL (STORYDESK_REQUIRE_SERVICES=1)"; status=1
else
  echo "skipped: no Redis at $REDIS_TEST_URL"
fi

echo; echo "The tests marked clock run once more at each of these instants:"
$PY -c "from tests.clock import INSTANTS; [print(f'  {k:<20} {v.isoformat()}') for k, v in INSTANTS.items()]"
run_suite "pinned clock: the tests marked clock at every instant" $PY -m pytest -q "${PARALLEL[@]}" --every-instant

echo; echo "make test: $((SECONDS - started)) s, $([ $status = 0 ] && echo passed || echo FAILED)"
exit $status
