#!/bin/sh
# One-shot loader of the ingestion-service image (docker compose's sample-loader, or a Kubernetes
# Job): ingests the bundled sample (/opt/recsys/sample), trains and activates a model, and computes
# every user's top-N. Exits 0 when every step succeeded.
#
# Environment: INGESTION_URL, TRAINING_URL, RECOMMENDATION_URL, RECSYS_ADMIN_TOKEN,
# SAMPLE_DIR (default /opt/recsys/sample).
set -eu

INGESTION_URL="${INGESTION_URL:-http://ingestion-service:8081}"
TRAINING_URL="${TRAINING_URL:-http://training-service:8082}"
RECOMMENDATION_URL="${RECOMMENDATION_URL:-http://recommendation-service:8080}"
SAMPLE_DIR="${SAMPLE_DIR:-/opt/recsys/sample}"
: "${RECSYS_ADMIN_TOKEN:?RECSYS_ADMIN_TOKEN must be set}"

log() { echo "$(date -u +%FT%TZ) $*"; }

# run_job BASE_URL PATH BODY: starts a job, polls it until it ends, fails the script if it failed.
run_job() {
    response=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $RECSYS_ADMIN_TOKEN" \
        -H 'Content-Type: application/json' -d "$3" "$1$2")
    code=$(echo "$response" | tail -n 1)
    body=$(echo "$response" | sed '$d')
    if [ "$code" != 202 ]; then
        log "refused (HTTP $code): $body"
        exit 1
    fi
    id=$(echo "$body" | grep -o '"id" *: *[0-9]*' | head -n 1 | grep -o '[0-9]*$')
    log "started $1$2/$id"
    while true; do
        sleep 2
        job=$(curl -sS -H "Authorization: Bearer $RECSYS_ADMIN_TOKEN" "$1$2/$id")
        status=$(echo "$job" | grep -o '"status" *: *"[A-Z]*"' | head -n 1 | grep -o '[A-Z]*"$' | tr -d '"')
        case "$status" in
            SUCCEEDED) log "done: $job"; return 0 ;;
            FAILED|CANCELLED) log "failed: $job"; exit 1 ;;
        esac
    done
}

log "loading MovieLens from $SAMPLE_DIR"
run_job "$INGESTION_URL" /api/v1/ingestions "{\"source\":\"movielens\",\"location\":\"$SAMPLE_DIR\"}"
if ls "$SAMPLE_DIR"/title.basics.tsv* > /dev/null 2>&1; then
    log "loading IMDb from $SAMPLE_DIR"
    run_job "$INGESTION_URL" /api/v1/ingestions "{\"source\":\"imdb\",\"location\":\"$SAMPLE_DIR\"}"
fi
log "training (activate always)"
run_job "$TRAINING_URL" /api/v1/training-runs '{"activate":"always"}'
log "computing every user's top-100"
# The recommendation service loads the new model within seconds (LISTEN/NOTIFY); it is ready
# again once it has.
tries=0
until curl -fs -o /dev/null "$RECOMMENDATION_URL/q/health/ready"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
        log "recommendation-service has not loaded the model after 120 s"
        exit 1
    fi
    sleep 2
done
run_job "$RECOMMENDATION_URL" /api/v1/batch-runs '{"limit":100}'
log "sample loaded: try $RECOMMENDATION_URL/api/v1/users/1/recommendations"
