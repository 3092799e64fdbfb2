#!/bin/sh
# One-shot loader of the ingestion-service image (docker compose's sample-loader, or the Kubernetes
# sample-load Job): the weekly chain (weekly.sh) with the bundled sample (/opt/recsys/sample) as its
# source, activating the trained model whatever it scores. Exits 0 when every step succeeded.
#
# Environment: INGESTION_URL, TRAINING_URL, RECOMMENDATION_URL, RECSYS_ADMIN_TOKEN,
# SAMPLE_DIR (default /opt/recsys/sample), WEEKLY_ACTIVATE (default always).
SAMPLE_DIR="${SAMPLE_DIR:-/opt/recsys/sample}"
sources="movielens=$SAMPLE_DIR"
if ls "$SAMPLE_DIR"/title.basics.tsv* > /dev/null 2>&1; then
    sources="$sources imdb=$SAMPLE_DIR"
fi
export WEEKLY_SOURCES="$sources"
export WEEKLY_ACTIVATE="${WEEKLY_ACTIVATE:-always}"
exec /opt/recsys/bin/weekly.sh
