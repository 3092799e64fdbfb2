#!/usr/bin/env bash
# Cached recommendations inside a running experiment, against the `make up` stack: half the users
# are served by another model version (trained here with activate=never when the registry has only
# one), a batch run computes each variant's lists, then bench/recommendations.sh measures the
# same constant-rate load as outside an experiment. The experiment is stopped at the end.
#
#   bash bench/experiment-recommendations.sh [REQUESTS_PER_SECOND] [SECONDS] [LIMIT]   (default 2000 120 10)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${1:-2000}"
SECONDS_TO_RUN="${2:-120}"
LIMIT="${3:-10}"
TOKEN="${RECSYS_ADMIN_TOKEN:-local-admin-token}"
AUTH=(-H "Authorization: Bearer $TOKEN")
JSON=(-H 'Content-Type: application/json')
REC=http://localhost:8080
command -v jq > /dev/null || { echo "bench: needs jq (Debian package jq)" >&2; exit 1; }
curl -sf "$REC/q/health/ready" > /dev/null || { echo "the stack is not running: run 'make up' first" >&2; exit 1; }

# wait_for URL: polls a job until it is no longer QUEUED or RUNNING; prints its final JSON
wait_for() {
    local job
    while job=$(curl -sf "${AUTH[@]}" "$1") && [[ $(jq -r .status <<< "$job") =~ ^(QUEUED|RUNNING)$ ]]; do sleep 2; done
    jq -c '{id, status, modelVersion}' <<< "$job"
    [ "$(jq -r .status <<< "$job")" = SUCCEEDED ] || { echo "job failed: $job" >&2; exit 1; }
}

active=$(curl -sf http://localhost:8083/api/v1/models/active | jq .version)
candidate=$(curl -sf 'http://localhost:8083/api/v1/models?limit=20' | jq --argjson a "$active" \
    '[.[] | select(.version != $a) | .version] | first // empty')
if [ -z "$candidate" ]; then
    echo "== training a second version (activate=never) for the candidate variant"
    run=$(curl -sf "${AUTH[@]}" "${JSON[@]}" -d '{"activate":"never"}' http://localhost:8082/api/v1/training-runs | jq .id)
    candidate=$(wait_for "http://localhost:8082/api/v1/training-runs/$run" | jq .modelVersion)
fi
echo "== experiment: control = active version $active, candidate = version $candidate, 50/50"
experiment=$(curl -sf "${AUTH[@]}" "${JSON[@]}" "$REC/api/v1/experiments" -d "{\"name\":\"bench: v$candidate vs active\",
    \"variants\":[{\"name\":\"control\",\"model\":\"active\",\"share\":50},
                  {\"name\":\"candidate\",\"model\":\"$candidate\",\"share\":50}]}" | jq .id)
trap 'curl -s -o /dev/null "${AUTH[@]}" -X POST "$REC/api/v1/experiments/$experiment/stop"' EXIT
echo "== batch run with per-variant lists"
batch=$(curl -sf "${AUTH[@]}" "${JSON[@]}" -d '{}' "$REC/api/v1/batch-runs" | jq .id)
wait_for "$REC/api/v1/batch-runs/$batch"
echo "== served (users 1-20): variant, source, model version"
for user in $(seq 1 20); do
    curl -sf "$REC/api/v1/users/$user/recommendations?limit=1" | jq -r '"\(.variant) \(.source) \(.modelVersion)"'
done | sort | uniq -c
bash bench/recommendations.sh "$RATE" "$SECONDS_TO_RUN" "$LIMIT"
echo "command: bash bench/experiment-recommendations.sh $RATE $SECONDS_TO_RUN $LIMIT"
