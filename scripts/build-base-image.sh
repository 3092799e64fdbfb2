#!/usr/bin/env bash
# Builds the services' base image without a Docker daemon: Debian bookworm (minbase) with
# OpenJDK 17 (headless JRE), curl for health checks and scripts, and libgomp for PyTorch, written as
# a `docker save`-format tarball that Jib builds the service images on (tar:// base image).
#
#   scripts/build-base-image.sh [OUT]      default OUT: .local/images/base-image.tar
#
# Needs root (debootstrap chroots) and Debian's mirror. The tarball is reused until deleted.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT="${1:-.local/images/base-image.tar}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="openjdk-17-jre-headless,curl,ca-certificates,libgomp1"

if [ -s "$OUT" ]; then
    echo "base image: $OUT (exists; delete it to rebuild)"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "error: building the base image needs root (debootstrap); run as root, or pass -Djib.from.image=<image with a Java 17 JRE and curl> to Maven" >&2
    exit 1
fi
command -v debootstrap >/dev/null || { echo "error: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
echo "$(date -u +%T) debootstrap bookworm + $PACKAGES (a few minutes)"
debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOTFS" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
# What a runtime image does not need: package caches and lists, docs, man pages.
rm -rf "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* \
    "$ROOTFS"/var/log/* "$ROOTFS"/tmp/*
JAVA_HOME_DIR="$(cd "$ROOTFS" && ls -d usr/lib/jvm/java-17-openjdk-* | head -1)"

echo "$(date -u +%T) writing the image tarball"
mkdir -p "$WORK/image"
tar --numeric-owner --sort=name -C "$ROOTFS" -cf "$WORK/image/layer.tar" .
DIFF_ID="sha256:$(sha256sum "$WORK/image/layer.tar" | cut -d' ' -f1)"
cat > "$WORK/image/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/$JAVA_HOME_DIR","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},
 "history":[{"created_by":"scripts/build-base-image.sh: debootstrap bookworm $PACKAGES"}]}
JSON
CONFIG_ID="$(sha256sum "$WORK/image/config.json" | cut -d' ' -f1)"
mv "$WORK/image/config.json" "$WORK/image/$CONFIG_ID.json"
cat > "$WORK/image/manifest.json" <<JSON
[{"Config":"$CONFIG_ID.json","RepoTags":["recsys/base-jre:17"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$OUT")"
tar -C "$WORK/image" -cf "$OUT.partial" manifest.json "$CONFIG_ID.json" layer.tar
mv "$OUT.partial" "$OUT"
echo "$(date -u +%T) base image: $OUT ($(du -h "$OUT" | cut -f1))"
