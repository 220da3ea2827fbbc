#!/usr/bin/env bash
# Run a command with TEST_POSTGRES_URL pointing at a throwaway PostgreSQL cluster on loopback.
# Installs the server from Debian's packages when it is missing and we are root; stops it afterwards.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed; install it (apt-get install postgresql) or run 'make test-sqlite'." >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(pg_bin)

DATA=$(mktemp -d /tmp/intro-etiquette-pg.XXXXXX)
PORT=${TEST_POSTGRES_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$DATA"; fi

as_pg "$BIN/initdb" -D "$DATA/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
stop() { as_pg "$BIN/pg_ctl" -D "$DATA/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DATA"; }
trap stop EXIT
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres intro_etiquette_test

export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/intro_etiquette_test"
"$@"
