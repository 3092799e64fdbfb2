#!/usr/bin/env bash
# Cached (batch) recommendations at a constant request rate over a realistic user mix, against the
# `make up` stack (run `make up` first: it loads the bundled ml-latest-small).
# Each request's user is drawn in proportion to the user's ratings, so the heaviest users are asked
# for most; latency counts from when a request was due (no coordinated omission); the
# recommendation-service's RSS is sampled every 10 s. The load generator shares the machine.
#
#   bash bench/recommendations.sh [REQUESTS_PER_SECOND] [SECONDS] [LIMIT]     (default 2000 600 10)
#   EXTRA_QUERY='&diversity=0.5&novelty=0.25' bash bench/recommendations.sh 2000 60   (re-ranked lists)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${1:-2000}"
SECONDS_TO_RUN="${2:-600}"
LIMIT="${3:-10}"
PG_PORT="${PG_PORT:-55432}"
CP="platform-testing/target/classes:platform-testing/target/lib/*"
PID_FILE=.local/recommendation-service.pid
[ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { echo "the stack is not running: run 'make up' first" >&2; exit 1; }
echo "== warm-up: 30 s at $RATE req/s"
java -Dload.query="${EXTRA_QUERY:-}" -cp "$CP" dev.recsys.testing.ConstantRateLoad "jdbc:postgresql://localhost:$PG_PORT/recsys" http://localhost:8080 \
    "$RATE" 30 "$(cat "$PID_FILE")" "$LIMIT" | tail -n 3
echo "== measured: $SECONDS_TO_RUN s at $RATE req/s, limit=$LIMIT"
java -Dload.query="${EXTRA_QUERY:-}" -cp "$CP" dev.recsys.testing.ConstantRateLoad "jdbc:postgresql://localhost:$PG_PORT/recsys" http://localhost:8080 \
    "$RATE" "$SECONDS_TO_RUN" "$(cat "$PID_FILE")" "$LIMIT"
echo "command: ${EXTRA_QUERY:+EXTRA_QUERY='$EXTRA_QUERY' }bash bench/recommendations.sh $RATE $SECONDS_TO_RUN $LIMIT"
