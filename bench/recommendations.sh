#!/usr/bin/env bash
# Latency of cached (batch) recommendations at a constant 2,000 req/s, against the `make up` stack
# (run `make up` first; every service shares the machine with the load generator).
# Needs hey (Debian package hey).
#
#   bash bench/recommendations.sh [userId]
set -euo pipefail
USER_ID="${1:-2}"
URL="http://localhost:8080/api/v1/users/$USER_ID/recommendations"
curl -sf "$URL" | grep -q '"source":"batch"' || { echo "no batch list for user $USER_ID: run 'make up' first" >&2; exit 1; }
hey -z 15s -c 8 "$URL" > /dev/null
echo "== cached recommendations (limit 10), constant 2,000 req/s = 8 connections x 250, 20 s"
hey -z 20s -c 8 -q 250 "$URL" | grep -E "Requests/sec|Slowest|50% in|90% in|99% in|responses"
echo "command: bash bench/recommendations.sh $USER_ID"
