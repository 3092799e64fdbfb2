#!/usr/bin/env bash
# Lists that learn from a user's ratings at once (issue 28), against the `make up` stack (run
# `make up` first; it loads the bundled ml-latest-small). For each of USERS new users (ids above every
# user in the catalog): POST 10 ratings of movies a Toy Story fan would rate (drawn from the 200
# most-rated), then poll their list until it is scored from those ratings ("source": "live",
# "folded": true): the time from the POST's answer to the changed list. Then every new user's list is
# read REPEAT times, one request at a time, for its latency (curl's time_total, loopback).
#
#   bash bench/live-lists.sh [USERS] [REPEAT]     (default 20 25)
set -euo pipefail
cd "$(dirname "$0")/.."
USERS="${1:-20}"
REPEAT="${2:-25}"
TOKEN="${RECSYS_ADMIN_TOKEN:-local-admin-token}"
PG_PORT="${PG_PORT:-55432}"
for tool in jq curl psql; do
    command -v "$tool" > /dev/null || { echo "bench: needs $tool" >&2; exit 1; }
done
curl -sf localhost:8080/q/health/ready > /dev/null || { echo "the stack is not running: run 'make up' first" >&2; exit 1; }
sql() { PGPASSWORD=postgres psql -h localhost -p "$PG_PORT" -U postgres -d recsys -Atc "$1"; }
FIRST=$(( $(sql "SELECT coalesce(max(user_id), 0) FROM catalog.ratings") + 1000 ))
mapfile -t POPULAR < <(sql "SELECT movie_id FROM catalog.ratings GROUP BY movie_id ORDER BY count(*) DESC LIMIT 200")
now_ms() { date +%s%3N; }
DELAYS=()
for ((u = 0; u < USERS; u++)); do
    user=$((FIRST + u))
    body=$(for ((k = 0; k < 10; k++)); do
        echo "{\"userId\": $user, \"movieId\": ${POPULAR[$(( (u * 7 + k * 13) % 200 ))]}, \"rating\": $(( 3 + (u + k) % 3 ))}"
    done | jq -s '{ratings: .}')
    curl -sf -X POST localhost:8081/api/v1/ratings -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d "$body" > /dev/null
    posted=$(now_ms)
    while true; do
        list=$(curl -sf "localhost:8080/api/v1/users/$user/recommendations?limit=10")
        if [ "$(jq -r '.source + "/" + (.folded|tostring)' <<< "$list")" = "live/true" ]; then
            break
        fi
        [ $(( $(now_ms) - posted )) -lt 10000 ] || { echo "user $user: no live list within 10 s" >&2; exit 1; }
    done
    DELAYS+=($(( $(now_ms) - posted )))
done
LATENCIES=()
for ((r = 0; r < REPEAT; r++)); do
    for ((u = 0; u < USERS; u++)); do
        LATENCIES+=("$(curl -sf -o /dev/null -w '%{time_total}' "localhost:8080/api/v1/users/$((FIRST + u))/recommendations?limit=10")")
    done
done
sorted_delays=$(printf '%s\n' "${DELAYS[@]}" | sort -n)
sorted_latencies=$(printf '%s\n' "${LATENCIES[@]}" | sort -g)
pick() { awk -v q="$2" '{ v[NR] = $1 } END { i = int(NR * q); if (i < 1) i = 1; if (i > NR) i = NR; print v[i] }' <<< "$1"; }
echo "movies in the catalog: $(sql 'SELECT count(*) FROM catalog.movies')"
echo "POST /ratings answered -> live list: median $(pick "$sorted_delays" 0.5) ms, max $(pick "$sorted_delays" 1) ms over $USERS new users"
echo "live list latency: p50 $(awk '{print $1*1000}' <<< "$(pick "$sorted_latencies" 0.5)") ms, p99 $(awk '{print $1*1000}' <<< "$(pick "$sorted_latencies" 0.99)") ms over ${#LATENCIES[@]} requests (one at a time)"
echo "command: bash bench/live-lists.sh $*"
