#!/usr/bin/env bash
# TMDB metadata at The Movies Dataset's size: a generated movies_metadata.csv of 45,466 rows (3 shifted, 45
# repeated ids), a 190 MB credits.csv and 46,419 keyword rows, loaded onto a generated ml-latest-small-sized
# catalog with the heap capped at 1 GB; then the same files again (nothing may change), and the catalog
# questions' answers compared with a recomputation from the files (bench/tmdb-check.py, csv + ast.literal_eval).
#
#   bash bench/tmdb.sh         (SKIP_BUILD=1 to reuse jars; EMBED=false to leave out the text embedding phase)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT"
PG_PORT=55446
HTTP_PORT=18083
DATA="$BENCH_OUT/tmdb-movies-dataset"

build
if [ ! -f "$DATA/tmdb/credits.csv" ]; then
    java -jar sample-data/target/sample-data-*-SNAPSHOT.jar --out "$DATA/ml" --preset ml-latest-small --no-imdb > /dev/null
    java -jar sample-data/target/sample-data-*-SNAPSHOT.jar --out "$DATA/tmdb" --preset tmdb-movies-dataset
fi

start_postgres tmdb "$PG_PORT"
RECSYS_INGESTION_EMBED_TEXTS="${EMBED:-true}" start_ingestion tmdb "$PG_PORT" "$HTTP_PORT" 1g
client ingest "http://localhost:$HTTP_PORT" "$TOKEN" movielens "$DATA/ml" > /dev/null
client ingest "http://localhost:$HTTP_PORT" "$TOKEN" tmdb "$DATA/tmdb" > "$BENCH_OUT/tmdb-job.json"
FIRST=$(job_seconds "$BENCH_OUT/tmdb-job.json")
RSS_KB=$(grep VmHWM "/proc/$INGESTION_PID/status" | grep -o '[0-9]*')
client ingest "http://localhost:$HTTP_PORT" "$TOKEN" tmdb "$DATA/tmdb" > "$BENCH_OUT/tmdb-again.json"
AGAIN=$(job_seconds "$BENCH_OUT/tmdb-again.json")

printf 'files: %s\n' "$(cd "$DATA/tmdb" && for f in *.csv; do printf '%s %d MB, ' "$f" $(( $(stat -c %s "$f") / 1000000 )); done)"
printf 'first load: %s, %.1f s (text embedding %s)\n' "$(jq -r .status "$BENCH_OUT/tmdb-job.json")" "$FIRST" "${EMBED:-true}"
printf '  counts: %s\n' "$(jq -c '.counts | with_entries(select(.key | startswith("tmdb") or . == "movies" or . == "embeddings"))' "$BENCH_OUT/tmdb-job.json")"
printf '  first rejects: %s\n' "$(jq -c '[.rejects[:3][] | "\(.file | split("/") | last) line \(.line): \(.reason)"]' "$BENCH_OUT/tmdb-job.json")"
printf 'same files again: %.1f s, %s\n' "$AGAIN" \
    "$(jq -c '[.counts | to_entries[] | select(.key | startswith("tmdb")) | .value.inserted + .value.updated] | add | "\(.) rows inserted or updated"' "$BENCH_OUT/tmdb-again.json")"
printf 'heap limit: -Xmx1g; peak heap before a GC: %s; process peak RSS: %d MB\n' \
    "$(grep -o '[0-9]*M->[0-9]*M' "$BENCH_OUT/tmdb-gc.log" | cut -d- -f1 | sort -n | tail -1)" "$((RSS_KB / 1024))"
python3 bench/tmdb-check.py "$DATA/tmdb" "http://localhost:$HTTP_PORT"
echo "command: bash bench/tmdb.sh"
