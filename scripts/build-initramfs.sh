#!/bin/sh
# build-initramfs.sh [--script FILE] OUT.cpio.gz: vl's guest userland, a
# gzipped cpio of Debian's busybox-static:i386 and a shell-script /init.
#
# /init mounts proc, sys and devtmpfs, prints "qemu04: init started", then
# runs FILE (copied in as /test.sh) and powers off, or without --script
# gives an interactive shell on the console and powers off when it exits.
# The package is fetched and unpacked by make-sysroot.sh, never installed.
# /dev/console comes from the kernel's built-in initramfs, which the
# kernel unpacks before this one.
set -eu

usage() { echo "usage: $0 [--script FILE] OUT.cpio.gz" >&2; exit 2; }

script=
case "${1-}" in
--script) [ $# -ge 2 ] || usage; script=$2; shift 2 ;;
esac
[ $# -eq 1 ] || usage
out=$1
[ -z "$script" ] || [ -f "$script" ] || { echo "error: $script: no such file" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
"$here/install-deps.sh" cpio gzip >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/make-sysroot.sh" "$tmp/pkg" busybox-static >&2
root=$tmp/root
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
    "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root" "$root/etc"
cp "$tmp/pkg/bin/busybox" "$root/bin/busybox"

cat >"$root/init" <<'EOF'
#!/bin/busybox sh
# the applet links are made here, so the image needs no host-run busybox
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "qemu04: init started"
if [ -f /test.sh ]; then
    sh /test.sh
else
    setsid cttyhack sh
fi
poweroff -f
EOF
chmod 755 "$root/init"
[ -z "$script" ] || install -m 755 "$script" "$root/test.sh"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
