#!/usr/bin/env bash
# The tag genome at ml-25m size: 13,816 movies x 1,128 tags = 15.6M genome-scores.csv rows (generated,
# relevance skewed low like the real file), loaded by ingestion-service with a 512 MB heap onto a
# fresh PostgreSQL, embedding off (bench/embed-catalog.sh times that): streaming keeps only each
# movie's top 10 tags with relevance >= 0.5.
#
#   bash bench/genome.sh            (SKIP_BUILD=1 to reuse the built jars)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT"
PG_PORT=55443
HTTP_PORT=18092
DATA="$BENCH_OUT/genome"
MOVIES=13816
TAGS=1128

if [ "${SKIP_BUILD:-}" != 1 ]; then
    mvn -B -q package -pl ingestion-service,platform-testing -am -DskipTests -Djib.skip=true
fi
if [ ! -f "$DATA/genome-scores.csv" ]; then
    mkdir -p "$DATA"
    awk -v m="$MOVIES" 'BEGIN { print "movieId,title,genres"; for (i = 1; i <= m; i++) print i ",Movie " i " (2000),Drama" }' > "$DATA/movies.csv"
    awk -v t="$TAGS" 'BEGIN { print "tagId,tag"; for (i = 1; i <= t; i++) print i ",genome tag " i }' > "$DATA/genome-tags.csv"
    awk -v m="$MOVIES" -v t="$TAGS" 'BEGIN { print "movieId,tagId,relevance"
        for (i = 1; i <= m; i++) for (j = 1; j <= t; j++) { x = ((i * 7919 + j * 104729) % 10007) / 10007; printf "%d,%d,%.17g\n", i, j, x * x * x } }' \
        > "$DATA/genome-scores.csv"
fi
ROWS=$(( $(wc -l < "$DATA/genome-scores.csv") - 1 ))

start_postgres genome "$PG_PORT"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PG_PORT/recsys" QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_DATASOURCE_PASSWORD=postgres QUARKUS_HTTP_PORT="$HTTP_PORT" RECSYS_ADMIN_TOKEN="$TOKEN" \
    RECSYS_INGESTION_ALLOWED_DIRS="$BENCH_OUT" RECSYS_INGESTION_EMBED_TEXTS=false \
    java -Xmx512m -XX:+ExitOnOutOfMemoryError -Xlog:gc*:file="$BENCH_OUT/genome-gc.log" \
    -jar ingestion-service/target/quarkus-app/quarkus-run.jar > "$BENCH_OUT/genome-ingestion-service.log" 2>&1 &
PIDS+=($!)
client wait-healthy "http://localhost:$HTTP_PORT" 120
client ingest "http://localhost:$HTTP_PORT" "$TOKEN" movielens "$DATA" > "$BENCH_OUT/genome-job.json"
printf 'genome-scores.csv rows: %d (%s MB)\n' "$ROWS" "$(( $(stat -c %s "$DATA/genome-scores.csv") / 1000000 ))"
printf 'whole job (movies + genome): %.1f s; genome-scores %s\n' "$(job_seconds "$BENCH_OUT/genome-job.json")" \
    "$(jq -c '.counts["genome-scores"]' "$BENCH_OUT/genome-job.json")"
printf 'peak heap: %s\n' "$(grep -o '[0-9]*M->[0-9]*M' "$BENCH_OUT/genome-gc.log" | cut -d- -f1 | sort -n | tail -1)"
echo "command: bash bench/genome.sh"
