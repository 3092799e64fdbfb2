#!/usr/bin/env bash
# Builds a local image without a Docker daemon or a registry: Debian bookworm (minbase) from Debian's
# mirror with debootstrap, written as a `docker save`-format tarball (load it with `podman load -i`
# or `docker load -i`; Jib builds the service images on the jre one as a tar:// base image).
#
#   scripts/build-debian-image.sh jre [OUT]        OpenJDK 17 (headless JRE), curl for health checks
#                                                  and scripts, libgomp for PyTorch: the services' base.
#                                                  default OUT: .local/images/base-image.tar
#   scripts/build-debian-image.sh postgres [OUT]   PostgreSQL 15 behaving like the postgres:16 image
#                                                  for what the project uses (POSTGRES_DB/USER/PASSWORD,
#                                                  PGDATA, uid 999, pg_isready): the container tests'
#                                                  stand-in where no registry is reachable.
#                                                  default OUT: .local/images/postgres-image.tar
#
# Needs root (debootstrap chroots) and Debian's mirror (DEBIAN_MIRROR). A tarball is reused until deleted.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/rootfs-paths.sh

KIND="${1:?usage: $0 jre|postgres [OUT]}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
case "$KIND" in
    jre)
        OUT="${2:-.local/images/base-image.tar}"
        TAG="recsys/base-jre:17"
        PACKAGES="openjdk-17-jre-headless,curl,ca-certificates,libgomp1" ;;
    postgres)
        OUT="${2:-.local/images/postgres-image.tar}"
        TAG="recsys/postgres:15"
        PACKAGES="postgresql-15" ;;
    *) echo "error: unknown image '$KIND' (jre or postgres)" >&2; exit 2 ;;
esac

if [ -s "$OUT" ]; then
    echo "$KIND image: $OUT (exists; delete it to rebuild)"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "error: building the $KIND image needs root (debootstrap); run as root, or use a registry image (see docs/deployment.md)" >&2
    exit 1
fi
command -v debootstrap >/dev/null || { echo "error: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
echo "$(date -u +%T) debootstrap bookworm + $PACKAGES (a minute or two)"
debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOTFS" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }

case "$KIND" in
    jre)
        JAVA_HOME_DIR="$(cd "$ROOTFS" && ls -d usr/lib/jvm/java-17-openjdk-* | head -1)"
        CONFIG='"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/'"$JAVA_HOME_DIR"'","LANG=C.UTF-8"]' ;;
    postgres)
        # The postgres user gets uid/gid 999, like the official image, so the dev overlay's
        # runAsUser: 999 owns the data; Debian's own cluster is dropped (the entrypoint makes one).
        old_uid="$(chroot "$ROOTFS" id -u postgres)"
        old_gid="$(chroot "$ROOTFS" id -g postgres)"
        if [ "$old_uid" != 999 ]; then
            if chroot "$ROOTFS" getent passwd 999 >/dev/null; then echo "error: uid 999 is taken in the image" >&2; exit 1; fi
            chroot "$ROOTFS" usermod -u 999 postgres
            chroot "$ROOTFS" groupmod -g 999 postgres
            find "$ROOTFS" -xdev \( -uid "$old_uid" -o -gid "$old_gid" \) -exec chown -h 999:999 {} +
        fi
        # Every path written below is checked by rootfs_path: none may go through a symbolic link, which
        # the host would resolve on its own file system (var/run -> /run is the host's /run here).
        cluster_data=$(rootfs_path "$ROOTFS" var/lib/postgresql/15)
        cluster_config=$(rootfs_path "$ROOTFS" etc/postgresql/15)
        entrypoint=$(rootfs_path "$ROOTFS" usr/local/bin/docker-entrypoint.sh)
        pgdata=$(rootfs_path "$ROOTFS" var/lib/postgresql/data)
        socket_dir=$(rootfs_path "$ROOTFS" run/postgresql)   # /var/run/postgresql in the image: var/run -> /run
        rm -rf "$cluster_data" "$cluster_config"
        install -m 755 scripts/containers/postgres-entrypoint.sh "$entrypoint"
        install -d -o 999 -g 999 -m 700 "$pgdata"
        install -d -o 999 -g 999 -m 2775 "$socket_dir"
        CONFIG='"Env":["PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","PGDATA=/var/lib/postgresql/data","LANG=C.UTF-8"],
 "Entrypoint":["/usr/local/bin/docker-entrypoint.sh"],"Cmd":["postgres"],"ExposedPorts":{"5432/tcp":{}},
 "Volumes":{"/var/lib/postgresql/data":{}},"StopSignal":"SIGINT"' ;;
esac
# What a runtime image does not need: package caches and lists, docs, man pages. (rm -rf removes a link
# among the entries, never what it points at; the directories themselves are checked for links.)
for dir in var/cache/apt var/lib/apt/lists usr/share/doc usr/share/man var/log tmp; do
    dir=$(rootfs_path "$ROOTFS" "$dir")
    rm -rf "${dir:?}"/*
done

echo "$(date -u +%T) writing the image tarball"
mkdir -p "$WORK/image"
tar --numeric-owner --sort=name -C "$ROOTFS" -cf "$WORK/image/layer.tar" .
DIFF_ID="sha256:$(sha256sum "$WORK/image/layer.tar" | cut -d' ' -f1)"
cat > "$WORK/image/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{$CONFIG},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},
 "history":[{"created_by":"scripts/build-debian-image.sh $KIND: debootstrap bookworm $PACKAGES"}]}
JSON
CONFIG_ID="$(sha256sum "$WORK/image/config.json" | cut -d' ' -f1)"
mv "$WORK/image/config.json" "$WORK/image/$CONFIG_ID.json"
cat > "$WORK/image/manifest.json" <<JSON
[{"Config":"$CONFIG_ID.json","RepoTags":["$TAG"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$OUT")"
tar -C "$WORK/image" -cf "$OUT.partial" manifest.json "$CONFIG_ID.json" layer.tar
mv "$OUT.partial" "$OUT"
echo "$(date -u +%T) $KIND image $TAG: $OUT ($(du -h "$OUT" | cut -f1))"
