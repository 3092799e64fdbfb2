#!/usr/bin/env bash
# The image build writes only inside its root file system: rootfs_path (scripts/lib/rootfs-paths.sh)
# refuses a path that goes through a symbolic link, and scripts/build-debian-image.sh writes under
# $ROOTFS through it only. Needs no root and no network; run by make test and scripts/test-containers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/rootfs-paths.sh

T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
FAILED=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; FAILED=$((FAILED + 1)); }

# A root file system laid out like Debian's: var/run an absolute link (here to a stand-in for the
# host's /run, so that a wrong answer changes nothing on this machine), bin a relative one.
ROOTFS="$T/rootfs"
mkdir -p "$ROOTFS"/{run,var/lib,usr/bin,usr/local/bin} "$T/host-run"
ln -s "$T/host-run" "$ROOTFS/var/run"
ln -s usr/bin "$ROOTFS/bin"

if out=$(rootfs_path "$ROOTFS" var/run/postgresql 2> "$T/err"); then
    fail "var/run/postgresql is refused (got $out)"
elif grep -qF "var/run/postgresql: /var/run in the image is a symbolic link (to $T/host-run)" "$T/err"; then
    pass "var/run/postgresql is refused, naming the link: $(cat "$T/err")"
else
    fail "var/run/postgresql is refused with the link named (got: $(cat "$T/err"))"
fi
if dir=$(rootfs_path "$ROOTFS" /run/postgresql) && [ "$dir" = "$ROOTFS/run/postgresql" ]; then
    install -d -m 2775 "$dir"
    if [ -d "$ROOTFS/run/postgresql" ] && [ -z "$(ls -A "$T/host-run")" ]; then
        pass "run/postgresql is made inside the root file system, nothing outside"
    else
        fail "run/postgresql is made inside the root file system, nothing outside"
    fi
else
    fail "run/postgresql is accepted as $ROOTFS/run/postgresql"
fi
for refused in bin/sh ../etc/passwd usr/../../etc var/run; do
    if out=$(rootfs_path "$ROOTFS" "$refused" 2>/dev/null); then
        fail "$refused is refused (got $out)"
    else
        pass "$refused is refused"
    fi
done
if dir=$(rootfs_path "$ROOTFS" usr/local/bin/not-yet-there) && [ "$dir" = "$ROOTFS/usr/local/bin/not-yet-there" ]; then
    pass "a path not made yet, without links, is accepted"
else
    fail "a path not made yet, without links, is accepted"
fi

# The build script joins nothing to $ROOTFS by hand: every path under it goes through rootfs_path
# (or chroot, tar -C, find, which do not follow the links).
if grep -nE '\$\{?ROOTFS\}?"?/' scripts/build-debian-image.sh > "$T/joined"; then
    fail "scripts/build-debian-image.sh writes \$ROOTFS/... without rootfs_path: $(tr '\n' ' ' < "$T/joined")"
else
    pass "scripts/build-debian-image.sh names every path under \$ROOTFS through rootfs_path"
fi

echo "rootfs path tests: $FAILED failed"
[ "$FAILED" = 0 ]
