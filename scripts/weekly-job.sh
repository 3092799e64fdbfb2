#!/usr/bin/env bash
# The weekly job against a running stack (make up by default): ingest WEEKLY_SOURCES (if any),
# train with activate=if-better, wait until the recommendation service serves the active version,
# then compute every user's top-N. The first step that fails stops the chain with its reason and
# exit status 1 (the previous model and lists keep serving). The same chain (dev.recsys.client.WeeklyChain)
# runs in the Kubernetes CronJob and docker compose's sample-loader.
#
#   scripts/weekly-job.sh                          against the `make up` stack
#   WEEKLY_SOURCES="movielens=https://.../ml-latest.zip imdb=/data/imdb" scripts/weekly-job.sh
#
# Settings (environment): RECSYS_ADMIN_TOKEN (default: make up's), INGESTION_URL (http://localhost:8081),
# TRAINING_URL (http://localhost:8082), RECOMMENDATION_URL (http://localhost:8080),
# WEEKLY_SOURCES (space-separated source=location pairs, default none), WEEKLY_ACTIVATE (if-better | always),
# BATCH_LIMIT (100), WEEKLY_READY_SECONDS (600).
set -euo pipefail
cd "$(dirname "$0")/.."

CP="platform-testing/target/classes:platform-testing/target/lib/*"
[ -d platform-testing/target/lib ] || mvn -B -q -DskipTests install -pl platform-testing -am
RECSYS_ADMIN_TOKEN="${RECSYS_ADMIN_TOKEN:-local-admin-token}" exec java -cp "$CP" dev.recsys.client.WeeklyChain
