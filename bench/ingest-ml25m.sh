#!/usr/bin/env bash
# Ingestion throughput at ml-25m scale: 25M generated ratings (162,541 users, 62,423 movies) loaded
# by ingestion-service, against `psql \copy` of the same ratings.csv into a bare table in the same
# PostgreSQL, in the same run. Needs psql (Debian package postgresql-client) and bc.
#
#   bash bench/ingest-ml25m.sh            (SKIP_BUILD=1 to reuse the built jars)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT"
PG_PORT=55441
DATA="$BENCH_OUT/ml25m"

build
if [ ! -f "$DATA/ratings.csv" ]; then
    java -jar sample-data/target/sample-data-*-SNAPSHOT.jar --out "$DATA" --preset ml-25m --no-imdb
fi
RATINGS=$(( $(wc -l < "$DATA/ratings.csv") - 1 ))

start_postgres ingest "$PG_PORT"
start_ingestion ingest "$PG_PORT" 18081 3g
client ingest http://localhost:18081 "$TOKEN" movielens "$DATA" > "$BENCH_OUT/ingest-ml25m-job.json"
INGEST_S=$(job_seconds "$BENCH_OUT/ingest-ml25m-job.json")
LOADED=$(jq .counts.ratings.inserted "$BENCH_OUT/ingest-ml25m-job.json")

export PGPASSWORD=postgres
PSQL=(psql -q -h localhost -p "$PG_PORT" -U postgres -d recsys -v ON_ERROR_STOP=1)
"${PSQL[@]}" -c "CREATE TABLE bare_ratings (user_id integer, movie_id integer, rating real, ts bigint)"
COPY_START=$(date +%s.%N)
"${PSQL[@]}" -c "\\copy bare_ratings FROM '$DATA/ratings.csv' WITH (FORMAT csv, HEADER true)"
COPY_S=$(echo "$(date +%s.%N) - $COPY_START" | bc)

INGEST_RATE=$(echo "$LOADED / $INGEST_S" | bc)
COPY_RATE=$(echo "$RATINGS / $COPY_S" | bc)
printf 'ratings in file:            %d\n' "$RATINGS"
printf 'ingestion-service job:      %d ratings inserted in %.1f s (whole job: movies, links, tags, users too) = %d rows/s\n' "$LOADED" "$INGEST_S" "$INGEST_RATE"
printf 'psql \\copy to bare table:   %.1f s = %d rows/s\n' "$COPY_S" "$COPY_RATE"
printf 'ratio:                      %.0f%% (target >= 70%%)\n' "$(echo "100 * $INGEST_RATE / $COPY_RATE" | bc -l)"
printf 'peak heap: %s\n' "$(grep -o '[0-9]*M->[0-9]*M' "$BENCH_OUT/ingest-gc.log" | cut -d- -f1 | sort -n | tail -1)"
echo "command: bash bench/ingest-ml25m.sh"
