#!/usr/bin/env bash
# make test-containers: the images, docker-compose.yml and the dev overlay's pods on a real
# container engine (podman; Debian's podman 4.3 and podman-compose 1.0), as a user would start them.
#
#   1. builds the images: the Debian JRE base and a local PostgreSQL (scripts/build-debian-image.sh,
#      reused once built), the four services (make images), and loads them into podman;
#   2. compose: docker-compose.yml as written, only the PostgreSQL image substituted
#      (POSTGRES_IMAGE) and its loopback port moved off 5432 (PG_PORT, so that a PostgreSQL of this
#      machine's own may keep 5432), up with podman-compose: the sample loader finishes; over the published
#      ports, batch recommendations, predictions, the dashboard and every Swagger UI answer; each
#      compose health check passes; a restarted service serves again; PostgreSQL killed and started
#      again: the services recover without a restart and no acknowledged rating is lost; a wrong
#      database password: the service says why in its log and is never ready; `down -v` leaves nothing;
#   3. Kubernetes: the dev overlay rendered by kustomize, played with `podman kube play`
#      (scripts/containers/kube-for-podman.py says how each object is played, or why not): pods run
#      with the manifests' security contexts and take their settings from the ConfigMap and Secret,
#      pass their readiness probes, the sample-load Job and the weekly CronJob complete, and a weekly
#      run with a bad source fails its pod with the reason in its log; no pod publishes a port on the
#      host, so a PostgreSQL of this machine's own on 5432 or anything on 8080-8083 does not matter.
#
# The image builds must not touch the host outside their work directory: the host's /run/postgresql
# (owner, group, mode) is compared before and after, and scripts/test-rootfs-paths.sh runs first.
# Needs root (or password-less sudo) and Debian's package mirror the first time (podman,
# podman-compose, runc, debootstrap, curl, jq, python3-yaml). Leaves no containers, pods, volumes or
# networks behind. Logs: .local/container-tests/logs/.
#
#   scripts/test-containers.sh                 fails (exit 1) when it cannot run, saying why
#   scripts/test-containers.sh --if-possible   prints why it did not run and exits 0 (.ci/run)
#   SKIP_IMAGE_BUILD=1 scripts/test-containers.sh   reuse the image tarballs already built
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
source scripts/lib/debian-packages.sh

IF_POSSIBLE=false
[ "${1:-}" = --if-possible ] && IF_POSSIBLE=true

not_run() {
    echo "container tests NOT run: $1"
    if $IF_POSSIBLE; then exit 0; fi
    exit 1
}

if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || not_run "they need root or password-less sudo (podman as root, debootstrap)"
    exec sudo -n -E "$0" "$@"
fi
command -v kubectl >/dev/null || not_run "kubectl (1.27 or newer, as for make test) renders the dev overlay and is not installed"
if ! command -v podman >/dev/null || ! command -v podman-compose >/dev/null || ! command -v runc >/dev/null \
        || ! command -v debootstrap >/dev/null || ! command -v jq >/dev/null || ! command -v curl >/dev/null \
        || ! python3 -c 'import yaml' 2>/dev/null; then
    echo "Installing podman, podman-compose, runc, debootstrap, curl, jq and python3-yaml..."
    install_debian_packages podman podman-compose runc debootstrap curl jq python3-yaml \
        || not_run "podman and its tools could not be installed from Debian's packages"
fi

export CONTAINERS_CONF="$ROOT/scripts/containers/containers.conf"
WORK="$ROOT/.local/container-tests"
LOGS="$WORK/logs"
COMPOSE_PROJECT=recsys-ct
KUBE_NETWORK=recsys-kube
POSTGRES_IMAGE=localhost/recsys/postgres:15
# Where compose publishes PostgreSQL on the loopback (docker-compose.yml's PG_PORT); not 5432, which a
# developer's own PostgreSQL may hold, and not make up's 55432.
COMPOSE_PG_PORT="${COMPOSE_PG_PORT:-55439}"
TOKEN=local-admin-token
FAILED=0
STARTED=$(date +%s)
rm -rf "$WORK" && mkdir -p "$LOGS"

log() { echo "$(date -u +%T) $*"; }
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; FAILED=$((FAILED + 1)); }
# check DESCRIPTION COMMAND...: the command's success is the check's.
check() {
    local what=$1; shift
    if "$@" >> "$LOGS/checks.log" 2>&1; then pass "$what"; else fail "$what"; fi
}
# eventually SECONDS COMMAND...: retries every 2 s until the command succeeds.
eventually() {
    local deadline=$(($(date +%s) + $1)); shift
    until "$@" > /dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 2
    done
}
compose() {
    (cd "$WORK/compose" && POSTGRES_IMAGE=$POSTGRES_IMAGE PG_PORT=$COMPOSE_PG_PORT podman-compose -p "$COMPOSE_PROJECT" "$@") >> "$LOGS/compose.log" 2>&1
}
compose_containers() { podman ps -aq --filter "label=io.podman.compose.project=$COMPOSE_PROJECT"; }
# `down -v`, then by force whatever is left: podman-compose stops, then removes, and a container
# that keeps crashing (the wrong password below) can be started again by its restart policy in
# between, keeping its port.
compose_gone() {
    compose down -v || true
    local deadline=$(($(date +%s) + 60))
    while [ -n "$(compose_containers)" ] && [ "$(date +%s)" -lt "$deadline" ]; do
        podman rm -f -t 0 $(compose_containers) > /dev/null 2>&1 || sleep 1
    done
    podman volume rm -f $(podman volume ls -q --filter "name=${COMPOSE_PROJECT}_") > /dev/null 2>&1 || true
}
# ports_free PORT...: none of them is listened on.
ports_free() {
    local port
    for port in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 1
        fi
    done
}

# ---------------------------------------------------------------------------------------------
log "images"
# The host's /run/postgresql as it is now: the builds below must leave it so (the Debian root file
# system's var/run is a link to /run, which the host would resolve to its own).
host_run_postgresql() { if [ -e /run/postgresql ]; then stat -L -c 'owner %u:%g, mode %a' /run/postgresql; else echo absent; fi; }
HOST_RUN_POSTGRESQL="$(host_run_postgresql)"
check "image paths inside the root file system only (scripts/test-rootfs-paths.sh)" scripts/test-rootfs-paths.sh
# The two Debian images and one throwaway container say whether this machine can run the tests at
# all (debootstrap needs to chroot; some CI sandboxes forbid the namespaces a container needs).
scripts/build-debian-image.sh jre || not_run "the JRE base image could not be built with debootstrap (output above)"
scripts/build-debian-image.sh postgres || not_run "the PostgreSQL image could not be built with debootstrap (output above)"
podman load -q -i .local/images/postgres-image.tar > /dev/null
if ! podman run --rm --entrypoint /bin/true "$POSTGRES_IMAGE" > "$WORK/engine-check.log" 2>&1; then
    not_run "podman cannot start a container on this machine: $(tail -1 "$WORK/engine-check.log")"
fi
if [ "${SKIP_IMAGE_BUILD:-}" != 1 ] || [ ! -s recommendation-service/target/jib-image.tar ]; then
    IMAGE_BASE=debian scripts/build-images.sh   # the offline base: no registry is needed here
fi
check "the host's /run/postgresql is as before the image builds ($HOST_RUN_POSTGRESQL)" \
    test "$(host_run_postgresql)" = "$HOST_RUN_POSTGRESQL"
for tarball in .local/images/postgres-image.tar */target/jib-image.tar; do
    podman load -q -i "$tarball" > /dev/null
done
podman images --format '  {{.Repository}}:{{.Tag}} {{.Size}}' | grep recsys/

# ---------------------------------------------------------------------------------------------
compose_tests() {
    log "compose: docker-compose.yml with podman-compose (log: $LOGS/compose.log)"
    mkdir -p "$WORK/compose" && cp docker-compose.yml "$WORK/compose/"
    compose down -v || true
    if ! ports_free 8080 8081 8082 8083 "$COMPOSE_PG_PORT"; then
        fail "ports 8080-8083 or $COMPOSE_PG_PORT are taken (make down, or stop what listens there): compose not tested"
        return
    fi
    compose up -d
    if ! timeout 600 podman wait "${COMPOSE_PROJECT}_sample-loader_1" > "$WORK/loader-exit" 2>&1; then
        echo 124 > "$WORK/loader-exit"
    fi
    podman logs "${COMPOSE_PROJECT}_sample-loader_1" > "$LOGS/compose-sample-loader.log" 2>&1 || true
    if [ "$(cat "$WORK/loader-exit")" = 0 ]; then
        pass "the sample loader finished: $(tail -n 2 "$LOGS/compose-sample-loader.log" | head -n 1 | cut -c22-)"
    else
        fail "the sample loader did not finish (exit $(cat "$WORK/loader-exit")): $(tail -n 1 "$LOGS/compose-sample-loader.log")"
    fi

    local recs
    recs=$(curl -fsS "http://localhost:8080/api/v1/users/1/recommendations?limit=10" || echo '{}')
    check "recommendations from the batch lists on :8080 (source batch, 10 items)" \
        test "$(jq -r '.source + " " + (.items | length | tostring)' <<< "$recs")" = "batch 10"
    check "model-service predictions on :8083" test "$(curl -fsS -H 'Content-Type: application/json' \
        -d '{"userId": 1, "movieIds": [1, 2]}' http://localhost:8083/api/v1/predictions | jq '.predictions | length')" = 2
    check "the dashboard on :8080/dashboard/" sh -c 'curl -fsS http://localhost:8080/dashboard/ | grep -q "<title>"'
    for port in 8080 8081 8082 8083; do
        check "Swagger UI on :$port" sh -c "curl -fsS http://localhost:$port/q/swagger-ui/ | grep -qi swagger"
    done
    for service in postgres ingestion-service training-service model-service recommendation-service; do
        # podman runs compose health checks from systemd timers; without systemd, run each once here.
        check "compose health check of $service" podman healthcheck run "${COMPOSE_PROJECT}_${service}_1"
    done

    # When the container's process last started: a restart (by podman or its restart policy) changes it.
    # (Not the log's banner count: a service answers a moment before its banner reaches the log.)
    started() { podman inspect --format '{{.State.StartedAt}}' "${COMPOSE_PROJECT}_$1_1"; }
    # Ready, and still the same process 10 s later. After `podman restart` the first start can fail
    # (podman's DNS may not resolve "postgres" yet) and the restart policy starts it again; the
    # outage below must begin after that, or it would count the policy's restart as its own.
    settled() {
        local before
        before=$(started "$1")
        curl -fsS "http://localhost:$2/q/health/ready" > /dev/null || return 1
        sleep 10
        [ "$before" = "$(started "$1")" ] && curl -fsS "http://localhost:$2/q/health/ready" > /dev/null
    }

    podman restart "${COMPOSE_PROJECT}_recommendation-service_1" > /dev/null
    check "recommendation-service serves again after a restart" eventually 180 \
        sh -c 'curl -fsS "http://localhost:8080/api/v1/users/1/recommendations" | jq -e ".source == \"batch\""'
    check "recommendation-service is ready and stays up after the restart" eventually 120 \
        settled recommendation-service 8080

    # PostgreSQL killed and started again, the services left running.
    local movie_a movie_b service
    for service in ingestion-service training-service model-service recommendation-service; do
        started "$service" > "$WORK/started-$service"
    done
    movie_a=$(jq -r '.items[0].movieId' <<< "$recs")
    movie_b=$(jq -r '.items[1].movieId' <<< "$recs")
    rate() {
        curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
            -d "{\"ratings\": [{\"userId\": 1, \"movieId\": $1, \"rating\": 4.5}]}" http://localhost:8081/api/v1/ratings \
            | jq -e '.accepted == 1'
    }
    check "a rating is acknowledged before the outage" rate "$movie_a"
    podman kill "${COMPOSE_PROJECT}_postgres_1" > /dev/null
    sleep 3
    podman start "${COMPOSE_PROJECT}_postgres_1" > /dev/null
    check "ingestion-service takes ratings again after PostgreSQL came back" eventually 120 rate "$movie_b"
    check "both acknowledged ratings are stored" sh -c "curl -fsS 'http://localhost:8081/api/v1/users/1/ratings?limit=1000' \
        | jq -e '[.items[].movieId] | index($movie_a) != null and index($movie_b) != null'"
    check "recommendations answer again without the rated movies" eventually 120 sh -c "curl -fsS \
        'http://localhost:8080/api/v1/users/1/recommendations?limit=10' | jq -e '[.items[].movieId] | index($movie_a) == null and index($movie_b) == null'"
    for service in ingestion-service training-service model-service recommendation-service; do
        check "$service was not restarted by the outage" \
            test "$(cat "$WORK/started-$service")" = "$(started "$service")"
    done

    for service in ingestion-service training-service model-service recommendation-service; do
        podman logs "${COMPOSE_PROJECT}_${service}_1" > "$LOGS/compose-$service.log" 2>&1 || true
    done
    compose down -v
    check "down -v leaves no container" test -z "$(podman ps -aq --filter label=io.podman.compose.project=$COMPOSE_PROJECT)"
    check "down -v leaves no volume" test -z "$(podman volume ls -q --filter name=${COMPOSE_PROJECT}_)"

    # A wrong database password: the service must say so and never report ready.
    log "compose: ingestion-service with a wrong database password"
    RECSYS_DB_PASSWORD=right-password compose up -d postgres
    eventually 60 podman exec "${COMPOSE_PROJECT}_postgres_1" pg_isready -h 127.0.0.1 -U recsys -d recsys || true
    RECSYS_DB_PASSWORD=wrong-password compose up -d --no-deps ingestion-service
    local reported=false
    for _ in $(seq 1 45); do
        if podman logs "${COMPOSE_PROJECT}_ingestion-service_1" 2>&1 | grep -q 'password authentication failed for user "recsys"'; then
            reported=true
            break
        fi
        sleep 2
    done
    podman logs "${COMPOSE_PROJECT}_ingestion-service_1" > "$LOGS/compose-wrong-password.log" 2>&1 || true
    check "a wrong password is named in the service's log" $reported
    check "and the service is not ready" sh -c '! curl -fsS -o /dev/null http://localhost:8081/q/health/ready'
    compose_gone
}

# ---------------------------------------------------------------------------------------------
kube_down() {
    for yaml in "$WORK"/kube/job-*.yaml "$WORK/kube/workloads.yaml"; do
        [ -f "$yaml" ] && podman kube down "$yaml" > /dev/null 2>&1 || true
    done
    podman pod rm -f recsys-sample-load recsys-weekly recsys-weekly-bad-source > /dev/null 2>&1 || true
    podman secret rm recsys-secrets > /dev/null 2>&1 || true
    podman volume rm -f data-postgres-0 > /dev/null 2>&1 || true
    podman network rm -f "$KUBE_NETWORK" > /dev/null 2>&1 || true
}

# run_job NAME YAML: plays a Job's pod and waits for it; prints its container's exit code.
run_job() {
    podman kube play --network "$KUBE_NETWORK" "$2" >> "$LOGS/kube.log" 2>&1
    local container
    container=$(podman ps -a --filter "pod=$1" --format '{{.Names}}' | grep -v -- '-infra$' | head -n 1)
    timeout 600 podman wait "$container" 2>/dev/null || echo 124
    podman logs "$container" > "$LOGS/kube-$1.log" 2>&1 || true
}

kube_tests() {
    log "Kubernetes: the dev overlay with podman kube play (log: $LOGS/kube.log)"
    mkdir -p "$WORK/kube"
    kubectl kustomize k8s/overlays/dev > "$WORK/kube/dev.yaml"
    kubectl kustomize k8s/jobs/sample-load > "$WORK/kube/sample-load.yaml"
    python3 scripts/containers/kube-for-podman.py "$WORK/kube" "$WORK/kube/dev.yaml" "$WORK/kube/sample-load.yaml" \
        --image "postgres:16=$POSTGRES_IMAGE"
    sed 's/^/  /' "$WORK/kube/report.txt"
    kube_down
    podman network create "$KUBE_NETWORK" > /dev/null
    podman secret create recsys-secrets "$WORK/kube/secret-recsys-secrets.json" > /dev/null
    if ! podman kube play --network "$KUBE_NETWORK" "$WORK/kube/workloads.yaml" >> "$LOGS/kube.log" 2>&1; then
        fail "podman kube play started the dev overlay's pods (see $LOGS/kube.log)"
        kube_down
        return
    fi
    # As in a cluster, no pod is reachable from the host: the tests below go through podman exec.
    check "the pods publish no port on the host" test -z "$(podman ps -a --filter network=$KUBE_NETWORK --format '{{.Ports}}' | tr -d '[:space:]')"

    while IFS=$'\t' read -r pod container kind a b; do
        local probe
        if [ "$kind" = http ]; then
            probe=(podman exec "$pod-$container" curl -fsS -o /dev/null "http://localhost:$a$b")
        else
            mapfile -t command < <(jq -r '.[]' <<< "$a")
            probe=(podman exec "$pod-$container" "${command[@]}")
        fi
        check "pod $pod passes its readiness probe ($kind ${a//\"/} $b)" eventually 300 "${probe[@]}"
    done < "$WORK/kube/probes.tsv"

    local jdbc password admin
    jdbc=$(python3 -c 'import sys, yaml; print(next(d for d in yaml.safe_load_all(open(sys.argv[1])) if d["kind"] == "ConfigMap")["data"]["QUARKUS_DATASOURCE_JDBC_URL"])' "$WORK/kube/dev.yaml")
    password=$(jq -r '.["db-password"]' "$WORK/kube/secret-recsys-secrets.json" | base64 -d)
    admin=$(jq -r '.["admin-token"]' "$WORK/kube/secret-recsys-secrets.json" | base64 -d)
    for service in ingestion-service training-service model-service recommendation-service; do
        local c="$service-$service"
        check "$service runs as uid 10001" test "$(podman exec "$c" id -u)" = 10001
        check "$service has a read-only root and a writable /tmp" podman exec "$c" sh -c '! touch /probe 2>/dev/null && touch /tmp/probe'
        check "$service reads the JDBC URL from the ConfigMap" test "$(podman exec "$c" printenv QUARKUS_DATASOURCE_JDBC_URL)" = "$jdbc"
        check "$service reads the database password from the Secret" test "$(podman exec "$c" printenv QUARKUS_DATASOURCE_PASSWORD)" = "$password"
    done
    check "postgres runs as uid 999 on a read-only root" podman exec postgres-postgres sh -c 'test "$(id -u)" = 999 && ! touch /probe 2>/dev/null'

    check "the sample-load Job's container completes" test "$(run_job recsys-sample-load "$WORK/kube/job-recsys-sample-load.yaml")" = 0
    check "recommendations from the batch lists" sh -c "podman exec recommendation-service-recommendation-service \
        curl -fsS 'http://localhost:8080/api/v1/users/1/recommendations?limit=10' | jq -e '.source == \"batch\" and (.items | length) == 10'"
    check "the weekly CronJob's run completes" test "$(run_job recsys-weekly "$WORK/kube/job-recsys-weekly.yaml")" = 0
    check "  ... after training a second version" sh -c "podman exec training-service-training-service \
        curl -fsS -H 'Authorization: Bearer $admin' http://localhost:8082/api/v1/training-runs | jq -e 'length == 2'"
    # The same CronJob with a source that does not exist: the chain stops at once and the pod fails with the reason.
    python3 - "$WORK/kube/job-recsys-weekly.yaml" "$WORK/kube/job-recsys-weekly-bad-source.yaml" <<'PY'
import sys, yaml
pod = yaml.safe_load(open(sys.argv[1]))
pod["metadata"]["name"] = "recsys-weekly-bad-source"
for env in pod["spec"]["containers"][0]["env"]:
    if env["name"] == "WEEKLY_SOURCES":
        env["value"] = "movielens=/data/no-such-release"
yaml.safe_dump(pod, open(sys.argv[2], "w"))
PY
    check "a weekly run with a missing source fails its pod" test "$(run_job recsys-weekly-bad-source "$WORK/kube/job-recsys-weekly-bad-source.yaml")" = 1
    check "  ... with the reason as its last log line" sh -c "tail -n 1 '$LOGS/kube-recsys-weekly-bad-source.log' | grep -q 'weekly chain FAILED: .*no-such-release'"
    check "  ... and trains nothing" sh -c "podman exec training-service-training-service \
        curl -fsS -H 'Authorization: Bearer $admin' http://localhost:8082/api/v1/training-runs | jq -e 'length == 2'"

    for service in postgres ingestion-service training-service model-service recommendation-service; do
        podman logs "$service-$service" > "$LOGS/kube-$service.log" 2>&1 || true
    done
    kube_down
    check "nothing of the pods is left" test -z "$(podman ps -aq --filter network=$KUBE_NETWORK)$(podman volume ls -q --filter name=data-postgres-0)"
}

# Whatever happens, nothing is left running (a failed step under set -e exits through here too).
trap 'compose_gone; kube_down' EXIT
compose_tests
kube_tests
log "container tests: $FAILED failed, in $(( $(date +%s) - STARTED )) s (logs: $LOGS)"
[ "$FAILED" = 0 ]
