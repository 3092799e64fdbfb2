#!/usr/bin/env bash
# Feedback events through the API: BATCHES requests of 10,000 distinct events each (default 50,
# i.e. 500,000 events) posted to POST /api/v1/events by CONNECTIONS concurrent clients (default 2)
# on a catalog holding the bundled ml-latest-small. Needs curl, jq and bc.
#
#   bash bench/events.sh          (BATCHES=50 CONNECTIONS=2; SKIP_BUILD=1 to reuse jars)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT/events"
PG_PORT=55445
BATCHES="${BATCHES:-50}"
CONNECTIONS="${CONNECTIONS:-2}"

build
start_postgres events "$PG_PORT"
start_ingestion events "$PG_PORT" 18083 2g
client ingest http://localhost:18083 "$TOKEN" movielens "$PWD/data/ml-latest-small" > /dev/null

# Request bodies: event k of batch b is user (b*10000+k) % 610 + 1, a catalog movie, one of the four
# types, at a distinct microsecond, so that no event repeats another.
tail -n +2 data/ml-latest-small/movies.csv | cut -d, -f1 > "$BENCH_OUT/events/movie-ids"
for b in $(seq 0 $((BATCHES - 1))); do
    awk -v b="$b" 'BEGIN { split("impression click watch not-interested", types, " ") }
        { movies[NR] = $1 } END {
        printf "{\"events\":["
        for (k = 0; k < 10000; k++) {
            n = b * 10000 + k
            printf "%s{\"userId\":%d,\"movieId\":%d,\"type\":\"%s\",\"at\":\"2026-11-30T00:00:00.%06dZ\"}",
                (k ? "," : ""), n % 610 + 1, movies[n % NR + 1], types[n % 4 + 1], n % 1000000
        }
        printf "]}" }' "$BENCH_OUT/events/movie-ids" > "$BENCH_OUT/events/batch-$b.json"
done

post() {
    curl -sS -X POST http://localhost:18083/api/v1/events -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data-binary "@$1" -o "$1.result"
}
export -f post
export TOKEN
post "$BENCH_OUT/events/batch-0.json"   # warm-up, not timed (its events stay stored)
START=$(date +%s.%N)
ls "$BENCH_OUT"/events/batch-*.json | tail -n +2 | xargs -P "$CONNECTIONS" -I{} bash -c 'post {}'
SECONDS_TAKEN=$(echo "$(date +%s.%N) - $START" | bc)
ACCEPTED=$(cat "$BENCH_OUT"/events/batch-*.json.result | jq -s 'map(.accepted) | add')
TIMED=$(( (BATCHES - 1) * 10000 ))
printf 'events posted (timed): %d in %d requests of 10,000, %d connections\n' "$TIMED" "$((BATCHES - 1))" "$CONNECTIONS"
printf 'accepted in all: %d of %d\n' "$ACCEPTED" "$((BATCHES * 10000))"
printf 'time: %.1f s = %d events/s\n' "$SECONDS_TAKEN" "$(echo "$TIMED / $SECONDS_TAKEN" | bc)"
echo "command: bash bench/events.sh"
