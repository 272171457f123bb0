#!/usr/bin/env bash
# `make test`: the whole suite.
#
# - Uses DATABASE_URL and CELERY_BROKER_URL when they are set.
# - Otherwise starts a throwaway PostgreSQL (initdb in a temporary folder, on a free
#   port) and Redis, if their programs are installed.
# - If they are not, runs the tests that need no server on SQLite and says which
#   tests are skipped and why. With CI=true a skipped test is a failure.
#
# The suite runs tasks eagerly in-process; the worker tests start a real Celery
# worker against TEST_BROKER_URL (the broker given, or the throwaway Redis).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh

WORK=$(mktemp -d -t aiga-test-XXXXXX)
PG_DATA=""
PG_CTL=""
REDIS_PID=""
cleanup() {
  if [ -n "$PG_DATA" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_CTL" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
    else "$PG_CTL" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true; fi
  fi
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

find_pg_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  ls /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1
}

notes=()
if [ -z "${DATABASE_URL:-}" ]; then
  INITDB=$(find_pg_bin initdb || true)
  PG_CTL=$(find_pg_bin pg_ctl || true)
  if [ -n "$INITDB" ] && [ -n "$PG_CTL" ]; then
    port=$(free_port)
    PG_DATA="$WORK/pg"
    mkdir -p "$PG_DATA"
    as_pg=()
    if [ "$(id -u)" = 0 ]; then
      # PostgreSQL refuses to run as root.
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
      chown -R postgres "$WORK"
      as_pg=(runuser -u postgres --)
    fi
    chmod 755 "$WORK"
    "${as_pg[@]}" "$INITDB" -D "$PG_DATA" -U postgres -A trust --no-sync -E UTF8 >"$WORK/initdb.log" 2>&1
    "${as_pg[@]}" "$PG_CTL" -D "$PG_DATA" -l "$WORK/pg.log" -w -o "-p $port -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/aiga"
    echo "Started a throwaway PostgreSQL on port $port."
  else
    notes+=("PostgreSQL is not installed: the suite runs on SQLite and tests marked 'postgres' are skipped (apt-get install postgresql).")
  fi
else
  echo "Using DATABASE_URL from the environment."
fi

if [ -n "${CELERY_BROKER_URL:-}" ]; then
  export TEST_BROKER_URL="$CELERY_BROKER_URL"
  echo "Using CELERY_BROKER_URL from the environment for the worker tests."
elif command -v redis-server >/dev/null 2>&1; then
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --logfile "$WORK/redis.log" >/dev/null 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do
    (echo PING; sleep 0.1) | redis-cli -p "$port" 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  export TEST_BROKER_URL="redis://127.0.0.1:$port/0"
  echo "Started a throwaway Redis on port $port."
else
  notes+=("Redis is not installed: tests marked 'worker' (a real Celery worker) are skipped (apt-get install redis-server).")
fi
# The suite itself runs tasks eagerly; only the worker tests use the broker.
unset CELERY_BROKER_URL

if [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then
  notes+=("Chromium is not installed: tests marked 'browser' are skipped (apt-get install chromium).")
fi
for n in "${notes[@]}"; do echo "NOTE: $n"; done

export AIGA_TEST_COUNTS_FILE="$WORK/counts.txt"
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
for n in "${notes[@]}"; do echo "NOTE: $n"; done
[ -f "$AIGA_TEST_COUNTS_FILE" ] && cat "$AIGA_TEST_COUNTS_FILE"
exit $status
