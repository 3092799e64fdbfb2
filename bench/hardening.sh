#!/usr/bin/env bash
# The second hardening round's targets (issue 33), against the `make up` stack (run `make up` first; it
# loads the bundled ml-latest-small). Each part prints what it measured:
#
#   overflow  a scenario whose variation counts multiply past 2^63 (8 titles x 200 years x 1,000 runtimes
#             x 4,096 genre, director, writer and actor lists; 211 KB): the answer's status and time, then
#             model-service's liveness (target: 400 within 50 ms, the service healthy)
#   frozen    500 req/s of cached recommendations for 45 s with PostgreSQL frozen (SIGSTOP of the
#             postmaster and every backend) from second 5 to second 35 (target: 0 errors, p99 <= 25 ms,
#             no request over 1 s; run it on a warm stack: right after `make up` every user's first list
#             reads the database); a line per second shows when the slow requests came
#             (LOAD_CONNECTIONS: the load's concurrent connections, default 32)
#   cancel    a 6,000,000-row ratings file (generated) ingested, cancelled 2 s in: the time from the
#             cancel request to CANCELLED and the catalog's rating count before and after (target:
#             within 2 s, count unchanged)
#   zipbomb   a zip whose ratings.csv expands about 400 times (1.8 GB): the time from the request to FAILED and
#             the reason (target: within 2 s)
#
#   bash bench/hardening.sh [overflow|frozen|cancel|zipbomb ...]     (default: all four)
set -euo pipefail
cd "$(dirname "$0")/.."
TOKEN="${RECSYS_ADMIN_TOKEN:-local-admin-token}"
PG_PORT="${PG_PORT:-55432}"
PGDATA="${PGDATA_DIR:-.local/pgdata}"
WORK=.local/inbox/hardening    # make up lets ingestion read under .local/inbox/
CP="platform-testing/target/classes:platform-testing/target/lib/*"
for tool in jq curl psql python3; do
    command -v "$tool" > /dev/null || { echo "bench: needs $tool" >&2; exit 1; }
done
curl -sf localhost:8080/q/health/ready > /dev/null || { echo "the stack is not running: run 'make up' first" >&2; exit 1; }
mkdir -p "$WORK"
sql() { PGPASSWORD=postgres psql -h localhost -p "$PG_PORT" -U postgres -d recsys -Atc "$1"; }
now_ms() { date +%s%3N; }
admin() { curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

overflow() {
    echo "== overflow: a scenario with more combinations than a long holds"
    python3 - "$WORK/overflow.json" <<'PY'
import json, sys
lists = [["Drama"]] * 4096
people = [["Someone"]] * 4096
body = {"base": {"title": "Planned", "genres": ["Drama"]},
        "variations": {"titles": [f"Title {i}" for i in range(8)], "years": list(range(1870, 2070)),
                       "runtimes": list(range(1, 1001)), "genres": lists, "directors": people,
                       "writers": people, "actors": people}}
json.dump(body, open(sys.argv[1], "w"))
PY
    echo "body: $(stat -c %s "$WORK/overflow.json") bytes"
    for attempt in 1 2 3; do
        curl -sS -o "$WORK/overflow-answer.json" -w "attempt $attempt: HTTP %{http_code} in %{time_total} s\n" \
            -H 'Content-Type: application/json' --data-binary @"$WORK/overflow.json" localhost:8083/api/v1/scenarios
    done
    echo "answer: $(jq -c '{status, detail}' "$WORK/overflow-answer.json")"
    curl -sS -o /dev/null -w "model-service liveness afterwards: HTTP %{http_code} in %{time_total} s\n" localhost:8083/q/health/live
}

# The postmaster first (so it forks no new backend meanwhile), then every process it started.
postgres_signal() {
    local postmaster
    postmaster=$(head -n 1 "$PGDATA/postmaster.pid")
    if [ "$1" = STOP ]; then
        kill -STOP "$postmaster"
        pkill -STOP -P "$postmaster" || true
    else
        pkill -CONT -P "$postmaster" || true
        kill -CONT "$postmaster"
    fi
}

frozen() {
    echo "== frozen: 500 req/s for 45 s, PostgreSQL frozen from second 5 to second 35"
    trap 'postgres_signal CONT' EXIT
    java -Dload.perSecond=true -Dload.connections="${LOAD_CONNECTIONS:-32}" -cp "$CP" \
        dev.recsys.testing.ConstantRateLoad "jdbc:postgresql://localhost:$PG_PORT/recsys" \
        http://localhost:8080 500 45 "$(cat .local/recommendation-service.pid)" 10 > "$WORK/frozen.log" 2>&1 &
    local load=$!
    sleep 7    # the load tool reads the user mix from the database first (about 2 s)
    postgres_signal STOP
    echo "frozen at $(date +%T)"
    sleep 30
    postgres_signal CONT
    echo "thawed at $(date +%T)"
    trap - EXIT
    wait "$load"
    grep -v '^RSS' "$WORK/frozen.log"
}

cancel() {
    echo "== cancel: a 6,000,000-row ratings file, cancelled 2 s into the ingestion"
    if [ ! -f "$WORK/big/ratings.csv" ]; then
        java -jar sample-data/target/sample-data-*-SNAPSHOT.jar --out "$WORK/big" --users 60000 --movies 10000 \
            --ratings 6000000 --no-imdb > /dev/null
    fi
    echo "ratings file: $(( $(wc -l < "$WORK/big/ratings.csv") - 1 )) rows"
    local before id started cancelled status=RUNNING
    before=$(sql "SELECT count(*) FROM catalog.ratings")
    id=$(admin -X POST localhost:8081/api/v1/ingestions \
        -d "{\"source\": \"movielens\", \"location\": \"$PWD/$WORK/big\"}" | jq -r .id)
    started=$(now_ms)
    sleep 2
    echo "progress when cancelled: $(admin "localhost:8081/api/v1/ingestions/$id" | jq -c '.progress // .status')"
    cancelled=$(now_ms)
    admin -o /dev/null -w "cancel answered HTTP %{http_code}\n" -X POST "localhost:8081/api/v1/ingestions/$id/cancel"
    while [ "$status" = RUNNING ] || [ "$status" = QUEUED ]; do
        status=$(admin "localhost:8081/api/v1/ingestions/$id" | jq -r .status)
        [ $(( $(now_ms) - cancelled )) -lt 60000 ] || break
        sleep 0.05
    done
    echo "ingestion $id: $status $(( $(now_ms) - cancelled )) ms after the cancel ($(( cancelled - started )) ms after the start)"
    echo "ratings in the catalog: $before before, $(sql "SELECT count(*) FROM catalog.ratings") after"
}

zipbomb() {
    echo "== zipbomb: ratings.csv expanding about 400 times"
    python3 - "$WORK/bomb.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("movies.csv", "movieId,title,genres\n1,Toy Story (1995),Animation\n")
    with z.open("ratings.csv", "w", force_zip64=True) as f:
        f.write(b"userId,movieId,rating,timestamp\n")
        line = b"1,1,4.0,964982703\n" * 50_000
        for _ in range(2_000):          # about 1.9 GB
            f.write(line)
PY
    echo "archive: $(stat -c %s "$WORK/bomb.zip") bytes"
    local id started status=RUNNING
    started=$(now_ms)
    id=$(admin -X POST localhost:8081/api/v1/ingestions \
        -d "{\"source\": \"movielens\", \"location\": \"$PWD/$WORK/bomb.zip\"}" | jq -r .id)
    while [ "$status" = RUNNING ] || [ "$status" = QUEUED ]; do
        status=$(admin "localhost:8081/api/v1/ingestions/$id" | jq -r .status)
        [ $(( $(now_ms) - started )) -lt 60000 ] || break
        sleep 0.05
    done
    echo "ingestion $id: $status $(( $(now_ms) - started )) ms after the request"
    echo "reason: $(admin "localhost:8081/api/v1/ingestions/$id" | jq -r '.error // .message // .')"
}

PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || PARTS=(overflow frozen cancel zipbomb)
for part in "${PARTS[@]}"; do
    "$part"
done
echo "command: bash bench/hardening.sh ${PARTS[*]}"
