# rootfs_path ROOTFS PATH: prints ROOTFS/PATH, for writing into a root file system being built, and
# fails (status 1, saying which link) when any existing directory on the way is a symbolic link.
# Followed from the host, a link points at the host's file system: in Debian's root file system
# var/run -> /run, so "$ROOTFS/var/run/postgresql" is the host's /run/postgresql. Name the path the
# image itself would resolve to (run/postgresql), or change it from inside with chroot.
rootfs_path() {
    local rootfs=$1 path=${2#/} walked="" part
    local -a parts
    case "/$path/" in
        */../*|*/./*) echo "error: $path: a path inside the image may not contain . or .. components" >&2; return 1 ;;
    esac
    IFS=/ read -r -a parts <<< "$path"
    for part in "${parts[@]}"; do
        [ -n "$part" ] || continue
        walked="${walked:+$walked/}$part"
        if [ -L "$rootfs/$walked" ]; then
            echo "error: $path: /$walked in the image is a symbolic link (to $(readlink "$rootfs/$walked")); followed" \
                "from outside the image it could lead out of it: name the path without links" >&2
            return 1
        fi
    done
    printf '%s/%s\n' "$rootfs" "$path"
}
