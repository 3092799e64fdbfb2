#!/usr/bin/env bash
# Builds the four service images as tarballs without a Docker daemon (Jib):
#   <service>/target/jib-image.tar, named recsys/<service>:<version>
# Load one with `docker load -i`, `kind load image-archive` or `ctr -n k8s.io images import`.
#
# The base image (a Java 17 JRE and curl), first that applies:
#   BASE_IMAGE=registry/java17:tag scripts/build-images.sh   any such image
#   IMAGE_BASE=debian scripts/build-images.sh                 the local Debian base (root; no registry)
#   scripts/build-images.sh    Docker Hub's eclipse-temurin:17-jre pinned by digest when Docker Hub
#                              answers (no root needed), else the local Debian base
set -euo pipefail
cd "$(dirname "$0")/.."

# eclipse-temurin:17-jre (Ubuntu; has curl), its multi-arch index pinned by digest. Not pulled on the
# machine this was written on (no registry there); refresh with
#   docker buildx imagetools inspect eclipse-temurin:17-jre
TEMURIN_17_JRE="eclipse-temurin:17-jre@sha256:13cc28a6cc72a38ce1f00c906be3580c1a3e604b8984d694f369a96742abc93b"

SERVICES="ingestion-service,training-service,model-service,recommendation-service"
debian_base() {
    if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
        echo "error: the local Debian base image needs root (debootstrap), and ${1}." >&2
        echo "       Build on a registry image instead: BASE_IMAGE=<image with a Java 17 JRE and curl> make images" >&2
        exit 1
    fi
    if [ "$(id -u)" = 0 ]; then
        scripts/build-debian-image.sh jre .local/images/base-image.tar
    else
        sudo -n scripts/build-debian-image.sh jre .local/images/base-image.tar
    fi
    base="tar://$PWD/.local/images/base-image.tar"
}

if [ -n "${BASE_IMAGE:-}" ]; then
    base="$BASE_IMAGE"
elif [ "${IMAGE_BASE:-}" = debian ]; then
    debian_base "IMAGE_BASE=debian asks for it"
elif [ "$(curl -s -o /dev/null -m 10 -w '%{http_code}' https://registry-1.docker.io/v2/ || true)" = 401 ]; then
    base="registry://$TEMURIN_17_JRE"   # Docker Hub answers (401: log in for a token): Jib pulls it itself
else
    echo "Docker Hub is not reachable: building the local Debian base instead"
    debian_base "Docker Hub is not reachable from here"
fi

echo "$(date -u +%T) building the images on $base"
mvn -B -q -DskipTests -Djib.skip=false -Drecsys.image.base="$base" install -pl "$SERVICES" -am
for service in ${SERVICES//,/ }; do
    echo "  $service/target/jib-image.tar ($(du -h "$service/target/jib-image.tar" | cut -f1))"
done
