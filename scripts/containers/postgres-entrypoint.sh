#!/bin/sh
# Entrypoint of the local PostgreSQL image (scripts/build-debian-image.sh postgres), doing what the
# project relies on from the official postgres image: on an empty PGDATA, initdb with POSTGRES_USER
# (default postgres) and POSTGRES_PASSWORD, password logins over TCP, and the database POSTGRES_DB;
# then PostgreSQL in the foreground. Started as root it hands the data to postgres (uid 999) and
# drops to it; started as 999 (Kubernetes runAsUser) it needs no root at all.
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "error: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
        exit 1
    fi
    user="${POSTGRES_USER:-postgres}"
    mkdir -p "$PGDATA"
    chmod 700 "$PGDATA"
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 > /dev/null
    rm -f "$pwfile"
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    database="${POSTGRES_DB:-$user}"
    if [ "$database" != postgres ]; then
        # A socket-only server while the database is created: nobody connects half-initialised.
        pg_ctl --silent --wait --options="-c listen_addresses=''" start
        psql --quiet --username="$user" --dbname=postgres --set=ON_ERROR_STOP=1 \
            --command="CREATE DATABASE \"$database\""
        pg_ctl --silent --wait --mode=fast stop
    fi
    echo "initialised $PGDATA (user $user, database $database)"
fi

if [ "${1:-postgres}" = postgres ]; then
    shift 2>/dev/null || true
    exec postgres "$@"
fi
exec "$@"
