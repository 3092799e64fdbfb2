#!/usr/bin/env bash
# Builds the four service images as tarballs without a Docker daemon (Jib):
#   <service>/target/jib-image.tar, named recsys/<service>:<version>
# Load one with `docker load -i`, `kind load image-archive` or `ctr -n k8s.io images import`.
#
#   scripts/build-images.sh                 base image from scripts/build-debian-image.sh jre (needs root)
#   BASE_IMAGE=registry/java17:tag scripts/build-images.sh   any image with a Java 17 JRE and curl
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES="ingestion-service,training-service,model-service,recommendation-service"
if [ -n "${BASE_IMAGE:-}" ]; then
    base="$BASE_IMAGE"
else
    scripts/build-debian-image.sh jre .local/images/base-image.tar
    base="tar://$PWD/.local/images/base-image.tar"
fi

echo "$(date -u +%T) building the images on $base"
mvn -B -q -DskipTests -Djib.skip=false -Drecsys.image.base="$base" install -pl "$SERVICES" -am
for service in ${SERVICES//,/ }; do
    echo "  $service/target/jib-image.tar ($(du -h "$service/target/jib-image.tar" | cut -f1))"
done
