#!/usr/bin/env bash
# The local stack without Docker: embedded PostgreSQL plus the services that exist, with the
# bundled MovieLens ml-latest-small (or DATA=dir|zip|url) loaded. Used by `make up` and `make down`.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=.local
LOGS="$STATE/logs"
# Files to ingest go here (or under data/, or DATA's directory): ingestion may read nothing else of the stack's
# state, so neither the database's files nor the logs.
INBOX="$STATE/inbox"
# The services listen on this address only: 127.0.0.1 keeps the open endpoints off the network; HOST=0.0.0.0 to share.
HOST="${HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-55432}"
TOKEN="${RECSYS_ADMIN_TOKEN:-local-admin-token}"
CP="platform-testing/target/classes:platform-testing/target/lib/*"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true

# service name, port
SERVICES=("ingestion-service 8081" "training-service 8082" "model-service 8083" "recommendation-service 8080")

start() {
    local name=$1; shift
    if [ -f "$STATE/$name.pid" ] && kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
        echo "  $name already running (pid $(cat "$STATE/$name.pid"))"
        return
    fi
    nohup "$@" > "$LOGS/$name.log" 2>&1 &
    echo $! > "$STATE/$name.pid"
    echo "  $name started (pid $!, log $LOGS/$name.log)"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

client() {
    java -cp "$CP" dev.recsys.testing.LocalStackClient "$@"
}

up() {
    mkdir -p "$LOGS" "$INBOX"
    echo "Building (mvn install, tests skipped)..."
    mvn -B -q -DskipTests install
    for entry in "${SERVICES[@]}" "postgres $PG_PORT"; do
        read -r name port <<< "$entry"
        if ! { [ -f "$STATE/$name.pid" ] && kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; } && port_in_use "$port"; then
            echo "error: port $port (for $name) is already in use by another process; stop it and run make up again" >&2
            exit 1
        fi
    done
    echo "Starting:"
    start postgres java -cp "$CP" dev.recsys.testing.LocalPostgres "$STATE/pgdata" "$PG_PORT" recsys
    client wait-port localhost "$PG_PORT" 90

    # Ingestion reads local files only under allowed directories: the stack's inbox, data/ and DATA's.
    local allowed="$PWD/$INBOX,$PWD/data${RECSYS_INGESTION_ALLOWED_DIRS:+,$RECSYS_INGESTION_ALLOWED_DIRS}"
    if [ -n "${DATA:-}" ] && [ -e "$DATA" ]; then
        if [ -d "$DATA" ]; then allowed="$allowed,$(cd "$DATA" && pwd)"; else allowed="$allowed,$(cd "$(dirname "$DATA")" && pwd)"; fi
    fi
    # -XX:+ExitOnOutOfMemoryError: a service that runs out of heap exits (and is restarted by make up) instead of
    # keeping a socket open that answers nothing, as the container images do.
    for entry in "${SERVICES[@]}"; do
        read -r name port <<< "$entry"
        start "$name" env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PG_PORT/recsys" \
            QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
            QUARKUS_HTTP_HOST="$HOST" QUARKUS_HTTP_PORT="$port" RECSYS_ADMIN_TOKEN="$TOKEN" RECSYS_INGESTION_ALLOWED_DIRS="$allowed" \
            java -Xmx2g -XX:+ExitOnOutOfMemoryError -jar "$name/target/quarkus-app/quarkus-run.jar"
    done
    for entry in "${SERVICES[@]}"; do
        read -r name port <<< "$entry"
        client wait-healthy "http://localhost:$port" 120 \
            || { echo "$name is not ready; the end of $LOGS/$name.log:" >&2; tail -n 20 "$LOGS/$name.log" >&2; exit 1; }
    done

    # The bundled MovieLens ml-latest-small unless DATA names another release (dir, zip or URL),
    # through the weekly chain: ingest, train (activate if better), batch top-100.
    local data="${DATA:-$PWD/data/ml-latest-small}" sources
    sources="movielens=$data"
    if ls "$data"/title.*.tsv* > /dev/null 2>&1; then sources="$sources imdb=$data"; fi
    echo "Loading $data, training and computing every user's top-100 (log: $LOGS/weekly-chain.log)..."
    # pipefail: the chain's exit status is the pipeline's.
    if ! WEEKLY_SOURCES="$sources" RECSYS_ADMIN_TOKEN="$TOKEN" java -cp "$CP" dev.recsys.client.WeeklyChain \
            | tee "$LOGS/weekly-chain.log" | sed 's/^/  /'; then
        echo "error: loading the sample failed (see above and $LOGS/)" >&2
        exit 1
    fi

    cat <<MSG

The stack is up on $HOST (admin token: $TOKEN; files to ingest: $INBOX/ or data/).
  Dashboard           http://localhost:8080/dashboard/
  recommendation-service http://localhost:8080/api/v1/users/1/recommendations
                      Swagger UI http://localhost:8080/q/swagger-ui
  ingestion-service   http://localhost:8081/api/v1/catalog/stats
                      Swagger UI http://localhost:8081/q/swagger-ui
  training-service    http://localhost:8082/api/v1/training-runs
                      Swagger UI http://localhost:8082/q/swagger-ui
  model-service       http://localhost:8083/api/v1/models/active
                      Swagger UI http://localhost:8083/q/swagger-ui
  PostgreSQL          jdbc:postgresql://localhost:$PG_PORT/recsys (user postgres, password postgres)
  Logs                $LOGS/
Try:  curl http://localhost:8080/api/v1/users/1/recommendations
      curl http://localhost:8081/api/v1/movies/1
      curl -H 'Content-Type: application/json' -d '{"userId": 1, "movieIds": [1, 2, 3]}' http://localhost:8083/api/v1/predictions
Stop: make down
MSG
}

down() {
    for name in ingestion-service training-service model-service recommendation-service postgres; do
        if [ -f "$STATE/$name.pid" ]; then
            local pid
            pid=$(cat "$STATE/$name.pid")
            if kill "$pid" 2>/dev/null; then
                for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
                echo "stopped $name"
            fi
            rm -f "$STATE/$name.pid"
        fi
    done
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
