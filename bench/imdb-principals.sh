#!/usr/bin/env bash
# IMDb streaming filter with the heap capped at 1 GB: a generated title.principals.tsv.gz of about
# 90M rows (62k catalog titles plus 9M titles in no catalog) filtered onto an ml-25m-sized catalog.
#
#   bash bench/imdb-principals.sh          (EXTRA_TITLES=9000000 by default; SKIP_BUILD=1 to reuse jars)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT"
PG_PORT=55442
EXTRA_TITLES="${EXTRA_TITLES:-9000000}"
DATA="$BENCH_OUT/imdb-$EXTRA_TITLES"

build
if [ ! -f "$DATA/title.principals.tsv.gz" ]; then
    java -jar sample-data/target/sample-data-*-SNAPSHOT.jar --out "$DATA" --users 1000 --movies 62423 \
        --ratings 20000 --imdb-extra-titles "$EXTRA_TITLES"
fi
mkdir -p "$DATA/movielens" "$DATA/imdb"
for f in movies.csv links.csv ratings.csv; do ln -sf "$DATA/$f" "$DATA/movielens/$f"; done
for f in title.principals.tsv.gz name.basics.tsv.gz; do ln -sf "$DATA/$f" "$DATA/imdb/$f"; done
ROWS=$(( $(zcat "$DATA/title.principals.tsv.gz" | wc -l) - 1 ))

start_postgres imdb "$PG_PORT"
start_ingestion imdb "$PG_PORT" 18082 1g
client ingest http://localhost:18082 "$TOKEN" movielens "$DATA/movielens" > /dev/null
client ingest http://localhost:18082 "$TOKEN" imdb "$DATA/imdb" > "$BENCH_OUT/imdb-job.json"
SECONDS_TAKEN=$(job_seconds "$BENCH_OUT/imdb-job.json")
RSS_KB=$(grep VmHWM "/proc/$INGESTION_PID/status" | grep -o '[0-9]*')
printf 'principals rows:     %d (%s bytes gzipped)\n' "$ROWS" "$(stat -c %s "$DATA/title.principals.tsv.gz")"
printf 'job (principals + names, filtered to the catalog): %.1f s = %d rows/s\n' "$SECONDS_TAKEN" "$(echo "$ROWS / $SECONDS_TAKEN" | bc)"
printf 'credits stored: %s\n' "$(jq -c .counts.credits "$BENCH_OUT/imdb-job.json")"
printf 'heap limit: -Xmx1g; peak heap before a GC: %s; process peak RSS: %d MB\n' \
    "$(grep -o '[0-9]*M->[0-9]*M' "$BENCH_OUT/imdb-gc.log" | cut -d- -f1 | sort -n | tail -1)" "$((RSS_KB / 1024))"
echo "command: bash bench/imdb-principals.sh"
