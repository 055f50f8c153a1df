#!/bin/sh
# vl-bad-input.sh VL BZIMAGE: what vl must do with a machine it cannot boot.
# Each case must end with exactly one line on stderr starting "vl:" and an
# exit status from 1 to 127 (an error, not a crash or a timeout), before
# the guest runs: a guest that fails later tells the user nothing.
#
# The bad kernels are made here from the good BZIMAGE.  The protected-mode
# part of a bzImage starts after (setup_sects + 1) * 512 bytes (setup_sects
# is the byte at 0x1f1) and is syssize * 16 bytes long (syssize, 32 bits at
# 0x1f4), so a file cut anywhere before its end is a truncated kernel.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 VL BZIMAGE" >&2
    exit 2
fi
VL=$1
KERNEL=$2
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/build/tests/vl-bad-input
LIMIT=30
. "$TOP/tests/result.sh"

for f in "$VL" "$KERNEL"; do
    [ -f "$f" ] || { echo "$0: $f: no such file" >&2; exit 2; }
done
rm -rf "$OUT"
mkdir -p "$OUT/dir"

# field FILE OFFSET WIDTH: an unsigned little-endian field
field() {
    od -An -tu"$3" -j "$2" -N"$3" "$1" | tr -d ' '
}

# run ARGS...: run vl on ARGS, the console on ttyS0 and a kernel panic
# ending vl at once; sets status
run() {
    timeout -k 5 "$LIMIT" "$VL" -append "console=ttyS0 panic=1" -no-reboot "$@" \
        < /dev/null > "$OUT/out" 2> "$OUT/err"
    status=$?
}

# refusal_why: why the last run was not a clean refusal (empty if it was)
refusal_why() {
    lines=$(wc -l < "$OUT/err")
    if [ "$status" -eq 0 ]; then
        echo "exit status 0"
    elif [ "$status" -eq 124 ]; then
        echo "still running after $LIMIT s (killed)"
    elif [ "$status" -ge 128 ]; then
        echo "exit status $status (a signal)"
    elif [ "$lines" -ne 1 ]; then
        echo "$lines lines on stderr"
    elif ! head -n 1 "$OUT/err" | grep -q '^vl:'; then
        echo "stderr does not start with vl:"
    fi
}

# show: the streams of the run that failed
show() {
    [ ! -s "$OUT/err" ] || head -n 5 "$OUT/err" | sed 's/^/    stderr: /'
    [ ! -s "$OUT/out" ] || tail -n 3 "$OUT/out" | sed 's/^/    console: /'
}

# bad NAME ARGS...: vl ARGS must refuse to start
bad() {
    name=$1
    shift
    run "$@"
    why=$(refusal_why)
    [ -n "$why" ] || name="$name: $(head -n 1 "$OUT/err")"
    result "$name" "$why" || show
}

# refused_or_boots NAME ARGS...: vl ARGS may refuse to start, or boot the
# guest to the init marker and exit 0 when it powers off; anything else
# means vl set up a machine the kernel cannot use
refused_or_boots() {
    name=$1
    shift
    run "$@"
    why=$(refusal_why)
    if [ -z "$why" ]; then
        name="$name: refused: $(head -n 1 "$OUT/err")"
    elif [ "$status" -eq 0 ] && grep -q '^qemu04: init started' "$OUT/out"; then
        why=
        name="$name: boots"
    else
        why="neither refused nor booted ($why)"
    fi
    result "$name" "$why" || show
}

setup=$(($(field "$KERNEL" $((0x1f1)) 1)))
[ "$setup" -ne 0 ] || setup=4
setup=$(((setup + 1) * 512))
payload=$(($(field "$KERNEL" $((0x1f4)) 4) * 16))
head -c $((setup / 2)) "$KERNEL" > "$OUT/cut-in-setup"
head -c $((setup + payload / 2)) "$KERNEL" > "$OUT/cut-in-payload"
: > "$OUT/empty"
head -c 40000000 /dev/urandom > "$OUT/random-40M"

printf 'true\n' > "$OUT/guest.sh"
"$TOP/scripts/build-initramfs.sh" --script "$OUT/guest.sh" "$OUT/initramfs.cpio.gz" ||
    { echo "$0: cannot build the initramfs" >&2; exit 2; }
# the same initramfs padded with zeros to 14 MB (the kernel skips zeros
# after an archive): with -m 32 the top of RAM is 18-32 MiB, inside the
# kernel's decompression area at 16 MiB, so it must go elsewhere or be refused
cp "$OUT/initramfs.cpio.gz" "$OUT/initramfs-14M"
head -c 13000000 /dev/zero >> "$OUT/initramfs-14M"

bad "missing kernel file" -kernel "$OUT/missing"
bad "kernel is a directory" -kernel "$OUT/dir"
bad "kernel is an empty file" -kernel "$OUT/empty"
bad "kernel is /etc/passwd" -kernel /etc/passwd
bad "kernel is an x86_64 ELF program" -kernel "$VL"
bad "bzImage cut in its setup code" -kernel "$OUT/cut-in-setup"
bad "bzImage cut in its compressed kernel" -kernel "$OUT/cut-in-payload"
bad "no -kernel" -m 32
bad "unknown option" -kernel "$KERNEL" -bogus
bad "stray argument" -kernel "$KERNEL" bogus
bad "-m 16: too little RAM" -kernel "$KERNEL" -m 16
bad "-m abc" -kernel "$KERNEL" -m abc
bad "missing initrd file" -kernel "$KERNEL" -initrd "$OUT/missing"
bad "initrd of 40 MB with -m 32" -kernel "$KERNEL" -initrd "$OUT/random-40M" -m 32
refused_or_boots "initrd of 14 MB with -m 32" -kernel "$KERNEL" \
    -initrd "$OUT/initramfs-14M" -m 32

rm -f "$OUT/random-40M" "$OUT/initramfs-14M"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
