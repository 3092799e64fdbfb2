#!/usr/bin/env bash
# Online prediction latency and throughput of model-service on loopback: a model trained on a
# generated ml-latest-small-sized catalog (610 users, 9,742 movies, ~100k ratings), then
#  - constant-rate load with hey (-q per connection): p99 for 100 movies and for 1 movie,
#  - saturation throughput with wrk.
# Needs hey and wrk (Debian packages hey, wrk).
#
#   bash bench/predictions.sh        (RATE=500 requests/s in all, CONNECTIONS=4, SKIP_BUILD=1)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT"
PG_PORT=55443
RATE="${RATE:-500}"
CONNECTIONS="${CONNECTIONS:-4}"
DATA="$BENCH_OUT/predictions-data"

build
[ -f "$DATA/ratings.csv" ] || java -jar sample-data/target/sample-data-*-SNAPSHOT.jar --out "$DATA" --preset ml-latest-small
start_postgres predictions "$PG_PORT"
start_service predictions ingestion-service "$PG_PORT" 18181 1g
start_service predictions training-service "$PG_PORT" 18182 2g
client ingest http://localhost:18181 "$TOKEN" movielens "$DATA" > /dev/null
client ingest http://localhost:18181 "$TOKEN" imdb "$DATA" > /dev/null
client job http://localhost:18182 /api/v1/training-runs "$TOKEN" '{"activate": "always"}' > "$BENCH_OUT/predictions-training.json"
start_service predictions model-service "$PG_PORT" 18183 1g

MOVIES=$(head -101 "$DATA/movies.csv" | tail -100 | cut -d, -f1 | paste -sd, -)
BODY_100="{\"userId\": 1, \"movieIds\": [$MOVIES]}"
BODY_1='{"userId": 1, "movieIds": [1]}'
URL=http://localhost:18183/api/v1/predictions
PER_CONNECTION=$(( RATE / CONNECTIONS ))

echo "warm-up"
hey -z 10s -c "$CONNECTIONS" -m POST -T application/json -d "$BODY_100" "$URL" > /dev/null
for case in 100 1; do
    body_var="BODY_$case"
    echo "== $case movie(s) per request, constant rate $RATE req/s over $CONNECTIONS connections, 30 s"
    hey -z 30s -c "$CONNECTIONS" -q "$PER_CONNECTION" -m POST -T application/json -d "${!body_var}" "$URL" \
        | grep -E "Requests/sec|Average|Fastest|Slowest|50% in|90% in|99% in|responses"
done
cat > "$BENCH_OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY_100'
LUA
echo "== saturation, 100 movies per request: wrk -t2 -c8 -d20s"
wrk -t2 -c8 -d20s --latency -s "$BENCH_OUT/post.lua" "$URL" | grep -E "Requests/sec|Latency|99%|50%"
echo "command: bash bench/predictions.sh (RATE=$RATE CONNECTIONS=$CONNECTIONS)"
