#!/bin/sh
# build-kernel.sh: build vl's guest kernel, Linux 6.1 from Debian's
# linux-source-6.1, as `make ARCH=i386 tinyconfig` plus scripts/kernel.config.
#
# The result is cached outside the clone, keyed by the hash of the fragment
# and of this script, so a machine builds it once (about 4 minutes on 2
# cores): $XDG_CACHE_HOME/qemu04/kernel-KEY/{bzImage,vmlinux,config}.
# Progress goes to stderr; the last line on stdout is the bzImage's path.
# The build fails loudly, naming the option, if any line of the fragment
# did not take effect (a dependency Kconfig silently refused).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/kernel.config
src_tar=/usr/src/linux-source-6.1.tar.xz
jobs=${JOBS:-2}

key=$(cat "$fragment" "$0" | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/qemu04
out=$cache/kernel-$key

if [ -f "$out/bzImage" ] && [ -f "$out/vmlinux" ]; then
    echo "$out/bzImage"
    exit 0
fi

"$here/install-deps.sh" linux-source-6.1 build-essential bc bison flex \
    libelf-dev libssl-dev cpio xz-utils >&2

mkdir -p "$cache"
exec 9>"$cache/kernel.lock"
flock 9
# another build may have finished while this one waited for the lock
if [ -f "$out/bzImage" ] && [ -f "$out/vmlinux" ]; then
    echo "$out/bzImage"
    exit 0
fi

build=$cache/build-$key
log=$cache/build-$key.log
rm -rf "$build" "$out.tmp"
mkdir -p "$build"
trap 'rm -rf "$build"' EXIT
echo "build-kernel: unpacking $src_tar" >&2
tar -xJf "$src_tar" -C "$build" --strip-components=1

# config_check: every line of the fragment must be in .config as written
config_check() {
    bad=
    n=0
    while IFS= read -r line; do
        case "$line" in
        CONFIG_*=*)
            grep -qxF "$line" "$build/.config" || bad="$bad ${line%%=*}" ;;
        "# CONFIG_"*" is not set")
            opt=${line#\# }
            opt=${opt%% *}
            ! grep -q "^$opt=" "$build/.config" || bad="$bad $opt" ;;
        *) continue ;;
        esac
        n=$((n + 1))
    done <"$fragment"
    if [ -n "$bad" ]; then
        echo "build-kernel: error: kernel.config options that did not take effect:$bad" >&2
        for opt in $bad; do
            grep -E "^(# )?$opt[= ]" "$build/.config" >&2 || echo "  $opt: absent" >&2
        done
        exit 1
    fi
    echo "build-kernel: all $n options of kernel.config took effect" >&2
}

cd "$build"
echo "build-kernel: configuring (log: $log)" >&2
{
    make ARCH=i386 tinyconfig
    ARCH=i386 scripts/kconfig/merge_config.sh -m .config "$fragment"
    make ARCH=i386 olddefconfig
} >"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
config_check

echo "build-kernel: building with -j$jobs (log: $log)" >&2
make ARCH=i386 -j"$jobs" bzImage >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }

mkdir -p "$out.tmp"
cp arch/x86/boot/bzImage vmlinux "$out.tmp/"
cp .config "$out.tmp/config"
mv "$out.tmp" "$out"
echo "$out/bzImage"
