#!/usr/bin/env bash
# Runs the four image tarballs (make images) the way a cluster would, without a container engine:
# each image's layers unpacked into a root filesystem, mounted read-only with a tmpfs on /tmp,
# the entrypoint started as the image's user (10001) with the image's environment, against an
# embedded PostgreSQL. Then the ingestion image's sample loader loads, trains and batches, and
# a recommendation request must answer from the batch lists. Needs root (mount, chroot) and python3.
#
#   scripts/smoke-test-images.sh            exits 0 when the images work; logs in .local/image-smoke/
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "error: needs root (mount, chroot)" >&2; exit 1; }
WORK="$PWD/.local/image-smoke"
PG_PORT=55499
TOKEN=smoke-admin-token
CP="platform-testing/target/classes:platform-testing/target/lib/*"
SERVICES=("ingestion-service 8081" "training-service 8082" "model-service 8083" "recommendation-service 8080")
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 2
    for root in "$WORK"/*/rootfs; do
        for m in tmp dev proc ""; do umount -l "$root/$m" 2>/dev/null || true; done
    done
}
trap cleanup EXIT

cleanup
rm -rf "$WORK"
mkdir -p "$WORK/logs"

# unpack SERVICE: the image's layers, in order, into $WORK/SERVICE/rootfs; prints the image config path.
unpack() {
    local dir="$WORK/$1"
    mkdir -p "$dir/image" "$dir/rootfs"
    tar -xf "$1/target/jib-image.tar" -C "$dir/image"
    python3 - "$dir/image" "$dir/rootfs" <<'PY'
import json, subprocess, sys
image, rootfs = sys.argv[1], sys.argv[2]
manifest = json.load(open(f"{image}/manifest.json"))[0]
for layer in manifest["Layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", f"{image}/{layer}", "-C", rootfs], check=True)
config = json.load(open(f"{image}/{manifest['Config']}"))["config"]
with open(f"{image}/../env", "w") as out:
    for entry in config.get("Env", []):
        out.write(entry + "\n")
with open(f"{image}/../entrypoint", "w") as out:
    out.write("\n".join(config["Entrypoint"]) + "\n")
with open(f"{image}/../user", "w") as out:
    out.write(config.get("User", "0:0") + "\n")
PY
    local root="$dir/rootfs"
    mount --bind "$root" "$root" && mount -o remount,bind,ro "$root"
    mount --bind /proc "$root/proc" && mount --bind /dev "$root/dev"
    mount -t tmpfs -o size=2g,mode=1777 tmpfs "$root/tmp"
}

# run_in SERVICE LOG [ENV=VALUE...] [-- COMMAND...]: the image's entrypoint (or COMMAND) in its root.
run_in() {
    local service=$1 log=$2; shift 2
    local dir="$WORK/$service" extra=() cmd=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do extra+=("$1"); shift; done
    [ $# -gt 0 ] && { shift; cmd=("$@"); }
    [ ${#cmd[@]} -gt 0 ] || mapfile -t cmd < "$dir/entrypoint"
    mapfile -t env < "$dir/env"
    # exec: the caller's background PID is the service's own, so that cleanup stops it.
    exec env -i "${env[@]}" "${extra[@]}" chroot --userspec="$(cat "$dir/user")" "$dir/rootfs" \
        sh -c 'cd /deployments && exec "$@"' sh "${cmd[@]}" > "$WORK/logs/$log.log" 2>&1
}

echo "$(date -u +%T) unpacking the images"
for entry in "${SERVICES[@]}"; do read -r name _ <<< "$entry"; unpack "$name"; done

java -cp "$CP" dev.recsys.testing.LocalPostgres "$WORK/pgdata" "$PG_PORT" recsys > "$WORK/logs/postgres.log" 2>&1 &
PIDS+=($!)
java -cp "$CP" dev.recsys.testing.LocalStackClient wait-port localhost "$PG_PORT" 90

echo "$(date -u +%T) starting the services as user 10001 on read-only roots"
for entry in "${SERVICES[@]}"; do
    read -r name port <<< "$entry"
    ( run_in "$name" "$name" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PG_PORT/recsys" \
        QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres RECSYS_ADMIN_TOKEN="$TOKEN" ) &
    PIDS+=($!)
done
for entry in "${SERVICES[@]}"; do
    read -r name port <<< "$entry"
    java -cp "$CP" dev.recsys.testing.LocalStackClient wait-healthy "http://localhost:$port" 180
done

echo "$(date -u +%T) running the sample loader of the ingestion image"
( run_in ingestion-service sample-loader RECSYS_ADMIN_TOKEN="$TOKEN" INGESTION_URL=http://localhost:8081 \
    TRAINING_URL=http://localhost:8082 RECOMMENDATION_URL=http://localhost:8080 -- /opt/recsys/bin/load-sample.sh ) \
    || { tail -20 "$WORK/logs/sample-loader.log"; exit 1; }

answer=$(curl -fsS "http://localhost:8080/api/v1/users/1/recommendations?limit=3")
echo "$answer"
echo "$answer" | grep -q '"source":"batch"' || { echo "error: recommendations did not come from the batch lists" >&2; exit 1; }
curl -fsS http://localhost:8080/dashboard/ | grep -q "<title>Recommender dashboard</title>" \
    || { echo "error: the dashboard is not served" >&2; exit 1; }
echo "$(date -u +%T) the images work; logs in $WORK/logs"
