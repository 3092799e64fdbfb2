#!/usr/bin/env bash
# Embedding ml-latest-small's movie texts (9,742 movies, the bundled data/ml-latest-small) from scratch,
# then the same ingestion again, which embeds nothing: ingestion-service on a fresh PostgreSQL. The
# embedding figure is the phase's own log line (build the texts, store them, embed the new ones).
#
#   bash bench/embed-catalog.sh            (SKIP_BUILD=1 to reuse the built jars)
#   CPUS=1 bash bench/embed-catalog.sh     (the service sees this many cores: one embedding thread each)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT"
PG_PORT=55442
HTTP_PORT=18091
RELEASE="$PWD/data/ml-latest-small"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "${SKIP_BUILD:-}" != 1 ]; then
    # package, not install (nothing lands in ~/.m2); no image.
    mvn -B -q package -pl ingestion-service,platform-testing -am -DskipTests -Djib.skip=true
fi
start_postgres embed "$PG_PORT"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PG_PORT/recsys" QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_DATASOURCE_PASSWORD=postgres QUARKUS_HTTP_PORT="$HTTP_PORT" RECSYS_ADMIN_TOKEN="$TOKEN" \
    RECSYS_INGESTION_ALLOWED_DIRS="$PWD/data" \
    java -Xmx1g -XX:+ExitOnOutOfMemoryError ${CPUS:+-XX:ActiveProcessorCount=$CPUS} -jar ingestion-service/target/quarkus-app/quarkus-run.jar \
    > "$BENCH_OUT/embed-ingestion-service.log" 2>&1 &
PIDS+=($!)
client wait-healthy "http://localhost:$HTTP_PORT" 120

for run in first rerun; do
    client ingest "http://localhost:$HTTP_PORT" "$TOKEN" movielens "$RELEASE" > "$BENCH_OUT/embed-$run-job.json"
    printf '%-6s ingestion: %5.1f s in all; texts %s; embeddings %s\n' "$run" "$(job_seconds "$BENCH_OUT/embed-$run-job.json")" \
        "$(jq -c .counts.texts "$BENCH_OUT/embed-$run-job.json")" "$(jq -c .counts.embeddings "$BENCH_OUT/embed-$run-job.json")"
done
grep -o 'Loaded the text embedder.*\|Movie texts:.*' "$BENCH_OUT/embed-ingestion-service.log"
echo "cores seen by the service: ${CPUS:-$(nproc)}; load average before: $LOAD_BEFORE"
echo "command: ${CPUS:+CPUS=$CPUS }bash bench/embed-catalog.sh"
