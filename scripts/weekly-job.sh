#!/usr/bin/env bash
# The weekly job: ingest what is new (optional), train with activate=if-better, then compute
# every user's top-N with the active model. Each step waits for its job and stops the chain if
# the job fails (the previous model and lists keep serving).
#
#   scripts/weekly-job.sh                          against the `make up` stack
#   WEEKLY_SOURCES="movielens=https://.../ml-latest.zip imdb=/data/imdb" scripts/weekly-job.sh
#
# Settings (environment): RECSYS_ADMIN_TOKEN, INGESTION_URL (http://localhost:8081),
# TRAINING_URL (http://localhost:8082), RECOMMENDATION_URL (http://localhost:8080),
# WEEKLY_SOURCES (space-separated source=location pairs, default none), BATCH_LIMIT (100).
set -euo pipefail
cd "$(dirname "$0")/.."

TOKEN="${RECSYS_ADMIN_TOKEN:-local-admin-token}"
INGESTION_URL="${INGESTION_URL:-http://localhost:8081}"
TRAINING_URL="${TRAINING_URL:-http://localhost:8082}"
RECOMMENDATION_URL="${RECOMMENDATION_URL:-http://localhost:8080}"
CP="platform-testing/target/classes:platform-testing/target/lib/*"
[ -d platform-testing/target/lib ] || mvn -B -q -DskipTests install -pl platform-testing -am

client() {
    java -cp "$CP" dev.recsys.testing.LocalStackClient "$@"
}

for pair in ${WEEKLY_SOURCES:-}; do
    echo "$(date -u +%FT%TZ) ingesting ${pair#*=} (${pair%%=*})"
    client ingest "$INGESTION_URL" "$TOKEN" "${pair%%=*}" "${pair#*=}"
done
echo "$(date -u +%FT%TZ) training (activate if better)"
client job "$TRAINING_URL" /api/v1/training-runs "$TOKEN" '{"activate": "if-better"}'
echo "$(date -u +%FT%TZ) batch top-${BATCH_LIMIT:-100} with the active model"
client job "$RECOMMENDATION_URL" /api/v1/batch-runs "$TOKEN" "{\"limit\": ${BATCH_LIMIT:-100}}"
echo "$(date -u +%FT%TZ) weekly job done"
