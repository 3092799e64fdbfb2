# Shared steps of the benchmark scripts: a fresh embedded PostgreSQL and an ingestion-service.
BENCH_OUT="${BENCH_OUT:-$PWD/bench/out}"
CP="platform-testing/target/classes:platform-testing/target/lib/*"
TOKEN=bench-token
for tool in jq bc; do
    command -v "$tool" > /dev/null || { echo "bench: needs $tool (Debian package $tool)" >&2; exit 1; }
done
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

build() {
    [ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -DskipTests install
}

client() {
    java -cp "$CP" dev.recsys.testing.LocalStackClient "$@"
}

# start_postgres NAME PORT: a fresh database directory each run
start_postgres() {
    rm -rf "$BENCH_OUT/$1-pgdata"
    java -cp "$CP" dev.recsys.testing.LocalPostgres "$BENCH_OUT/$1-pgdata" "$2" recsys > "$BENCH_OUT/$1-postgres.log" 2>&1 &
    PIDS+=($!)
    client wait-port localhost "$2" 90
    sleep 1
}

# start_ingestion NAME PG_PORT HTTP_PORT HEAP
start_ingestion() {
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$2/recsys" QUARKUS_DATASOURCE_USERNAME=postgres \
        QUARKUS_DATASOURCE_PASSWORD=postgres QUARKUS_HTTP_PORT="$3" RECSYS_ADMIN_TOKEN="$TOKEN" \
        RECSYS_INGESTION_ALLOWED_DIRS="$BENCH_OUT,$PWD/data" \
        java "-Xmx$4" -XX:+ExitOnOutOfMemoryError -Xlog:gc*:file="$BENCH_OUT/$1-gc.log" -jar ingestion-service/target/quarkus-app/quarkus-run.jar \
        > "$BENCH_OUT/$1-ingestion-service.log" 2>&1 &
    PIDS+=($!)
    INGESTION_PID=$!
    client wait-healthy "http://localhost:$3" 120
}

# start_service NAME SERVICE PG_PORT HTTP_PORT HEAP: any of the four services
start_service() {
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$3/recsys" QUARKUS_DATASOURCE_USERNAME=postgres \
        QUARKUS_DATASOURCE_PASSWORD=postgres QUARKUS_HTTP_PORT="$4" RECSYS_ADMIN_TOKEN="$TOKEN" \
        RECSYS_INGESTION_ALLOWED_DIRS="$BENCH_OUT" java "-Xmx$5" -XX:+ExitOnOutOfMemoryError -jar "$2/target/quarkus-app/quarkus-run.jar" > "$BENCH_OUT/$1-$2.log" 2>&1 &
    PIDS+=($!)
    client wait-healthy "http://localhost:$4" 120
}

# seconds between startedAt and finishedAt of a job JSON file
job_seconds() {
    echo "$(date -d "$(jq -r .finishedAt "$1")" +%s.%N) - $(date -d "$(jq -r .startedAt "$1")" +%s.%N)" | bc
}
