#!/bin/sh
# make-sysroot.sh DIR PACKAGE...: a sysroot of Debian i386 packages for
# `qemu-i386 -L DIR`, made without installing anything.
#
# The packages and their whole dependency closure (Depends and Pre-Depends,
# as apt-cache resolves them for i386) are fetched with apt-get download
# into $XDG_CACHE_HOME/qemu04/debs and unpacked with dpkg -x into DIR.
# What is already unpacked (DIR/.debs lists it) is skipped, and a run for
# packages that complete runs already unpacked returns at once: remove DIR
# to follow newer versions in the archive.  Absolute symlinks are made
# relative, so they point inside DIR under -L and natively alike.
# Exits non-zero with one clear line when the archive cannot be reached.
set -eu

usage() { echo "usage: $0 DIR PACKAGE..." >&2; exit 2; }
die() { echo "make-sysroot: $*" >&2; exit 1; }

[ $# -ge 2 ] || usage
dir=$1
shift
debs=${XDG_CACHE_HOME:-$HOME/.cache}/qemu04/debs
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

apt_update() {
    # a partly failed update (a mirror mid-sync) may still have the lists
    $SUDO apt-get update -q >"$tmp/update.log" 2>&1 || true
}

# why apt could not reach the archive, if it said
apt_error() {
    grep -m 1 -E '^(W|E):' "$tmp/update.log" 2>/dev/null | cut -c 1-200
}

# DIR/.debs/packages: what complete runs were asked for, one a line
done=1
for p in "$@"; do
    grep -qxF "$p" "$dir/.debs/packages" 2>/dev/null || done=
done
[ -z "$done" ] || exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! dpkg --print-foreign-architectures | grep -qx i386; then
    $SUDO dpkg --add-architecture i386 || die "cannot add the i386 architecture"
    apt_update
fi

specs=
for p in "$@"; do
    case "$p" in *:*) specs="$specs $p" ;; *) specs="$specs $p:i386" ;; esac
done

# the closure, one name a line: i386 packages with their suffix, and the
# architecture-independent ones (apt-cache prints those bare, like the host's)
closure() {
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
        --no-breaks --no-replaces --no-enhances $specs 2>/dev/null |
        grep -v '^[ <]' | sort -u >"$tmp/names" || return 1
    [ -s "$tmp/names" ] || return 1
    grep ':i386$' "$tmp/names" || true
    bare=$(grep -v : "$tmp/names" | while read -r n; do
        grep -qxF "$n:i386" "$tmp/names" || echo "$n"; done)
    [ -z "$bare" ] || apt-cache show --no-all-versions $bare 2>/dev/null |
        awk '/^Package:/ { p = $2 } /^Architecture: all$/ { print p }'
    return 0
}

# apt-get download runs as the unprivileged _apt user: into a directory it
# can write, then moved into the cache
fetch() {
    rm -rf "$tmp/dl"
    mkdir -p "$tmp/dl"
    chmod 755 "$tmp"
    chmod 777 "$tmp/dl"
    (cd "$tmp/dl" && apt-get download -q "$@" >"$tmp/dl.log" 2>&1) || return 1
    mv "$tmp"/dl/*.deb "$debs/"
}

# a link to /x inside DIR points to DIR/x, relative to where the link is
fix_links() {
    find "$dir" -type l -lname '/*' | while read -r link; do
        target=$(readlink "$link")
        rel=$(realpath -s -m --relative-to="$(dirname "$link")" "$dir$target")
        ln -sfn "$rel" "$link"
    done
}

mkdir -p "$debs" "$dir/.debs"
dir=$(cd "$dir" && pwd)

closure >"$tmp/pkgs" || { apt_update; closure >"$tmp/pkgs"; } ||
    die "no i386 package lists (is the Debian archive reachable?) $(apt_error)"

# name, version and architecture are in the .deb file name apt would use
apt-get download --print-uris $(cat "$tmp/pkgs") 2>/dev/null |
    awk '{ print $2 }' >"$tmp/files"
[ "$(wc -l <"$tmp/files")" -eq "$(wc -l <"$tmp/pkgs")" ] ||
    die "cannot find every package of$specs in the i386 package lists"

missing=
for f in $(cat "$tmp/files"); do
    [ -f "$debs/$f" ] && continue
    case "$f" in
    *_i386.deb) missing="$missing ${f%%_*}:i386" ;;
    *) missing="$missing ${f%%_*}" ;;
    esac
done
if [ -n "$missing" ]; then
    echo "make-sysroot: downloading$missing" >&2
    fetch $missing || { apt_update; fetch $missing; } ||
        die "apt-get download failed (is the Debian archive reachable?): $(tail -1 "$tmp/dl.log")"
fi

new=0
for f in $(cat "$tmp/files"); do
    [ -e "$dir/.debs/$f" ] && continue
    dpkg -x "$debs/$f" "$dir" || die "dpkg -x $f failed"
    : >"$dir/.debs/$f"
    new=$((new + 1))
done
if [ "$new" -gt 0 ]; then
    fix_links
    # the guest's ld.so must not read the host's cache of amd64 libraries
    mkdir -p "$dir/etc"
    [ -e "$dir/etc/ld.so.cache" ] || : >"$dir/etc/ld.so.cache"
    echo "make-sysroot: $new packages unpacked into $dir" >&2
fi
{ cat "$dir/.debs/packages" 2>/dev/null || true; printf '%s\n' "$@"; } |
    sort -u >"$tmp/asked"
mv "$tmp/asked" "$dir/.debs/packages"
