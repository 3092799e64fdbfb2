#!/usr/bin/env bash
# Batch top-100 for every user at ml-25m scale (162,541 users x 62,423 movies), database write
# included, and live top-N latency over 62k movies. Uses the generated release of
# bench/ingest-ml25m.sh (generated here if missing); trains first, by default one epoch at
# dimension 64; TRAINING_BODY='{"activate": "always"}' times a default run (tuning, early stopping).
# Needs hey (Debian package hey).
#
#   bash bench/batch-ml25m.sh          (SKIP_BUILD=1 to reuse jars)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
mkdir -p "$BENCH_OUT"
PG_PORT=55444
DATA="$BENCH_OUT/ml25m"

build
[ -f "$DATA/ratings.csv" ] || java -jar sample-data/target/sample-data-*-SNAPSHOT.jar --out "$DATA" --preset ml-25m --no-imdb
start_postgres batch "$PG_PORT"
start_service batch ingestion-service "$PG_PORT" 18281 3g
client ingest http://localhost:18281 "$TOKEN" movielens "$DATA" > /dev/null
kill "${PIDS[-1]}"
start_service batch training-service "$PG_PORT" 18282 8g
ONE_EPOCH='{"epochs": 1, "embeddingDim": 64, "activate": "always"}'
client job http://localhost:18282 /api/v1/training-runs "$TOKEN" "${TRAINING_BODY:-$ONE_EPOCH}" \
    > "$BENCH_OUT/batch-training.json"
printf 'training run: %.1f s\n' "$(job_seconds "$BENCH_OUT/batch-training.json")"
kill "${PIDS[-1]}"
start_service batch recommendation-service "$PG_PORT" 18280 4g
sleep 5

echo "== live top-10 over all movies (no batch lists yet), constant 20 req/s, 2 connections, 20 s"
curl -s http://localhost:18280/api/v1/users/1000/recommendations | jq -c '{source}'
hey -z 5s -c 2 http://localhost:18280/api/v1/users/1000/recommendations > /dev/null
hey -z 20s -c 2 -q 10 http://localhost:18280/api/v1/users/1000/recommendations \
    | grep -E "Requests/sec|50% in|90% in|99% in|Slowest|responses"

echo "== batch top-100 for every user"
client job http://localhost:18280 /api/v1/batch-runs "$TOKEN" '{"limit": 100}' > "$BENCH_OUT/batch-run.json"
printf 'users: %s, model version %s, job time %.1f s (scoring and database write)\n' \
    "$(jq .users "$BENCH_OUT/batch-run.json")" "$(jq .modelVersion "$BENCH_OUT/batch-run.json")" \
    "$(job_seconds "$BENCH_OUT/batch-run.json")"
grep -o "Batch run .*" "$BENCH_OUT/batch-recommendation-service.log" | tail -1
echo "command: bash bench/batch-ml25m.sh"
