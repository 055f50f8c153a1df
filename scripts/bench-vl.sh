#!/bin/sh
# bench-vl.sh [-n N] [VL [BZIMAGE]]: how long vl takes to boot the tiny
# kernel to its init marker and to power-off, against Debian's
# qemu-system-i386 (QEMU 7.2) on the same kernel and initramfs.
#
# Every run is timed by the host's wall clock from the start of the
# emulator to the moment a console line appears: "qemu04: init started"
# (the initramfs's /init is running) and "reboot: System halted" (the
# kernel's last words after `poweroff -f`).  vl exits there; QEMU without
# ACPI halts the CPU and waits, so it is killed when that line appears.
# Power-off for vl is its exit, so its teardown counts against it.
# The table shows the median of N runs (default 5) of each.
# Defaults: VL=./vl, BZIMAGE from scripts/build-kernel.sh (built if missing).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
n=5
if [ "${1-}" = -n ]; then
    [ $# -ge 2 ] || { echo "usage: $0 [-n N] [VL [BZIMAGE]]" >&2; exit 2; }
    n=$2
    shift 2
fi
vl=${1:-$top/vl}
kernel=${2:-$("$here/build-kernel.sh" | tail -n 1)}
out=$top/build/bench-vl
limit=120
ram=64
append=console=ttyS0
marker="qemu04: init started"
halted="reboot: System halted"

[ -x "$vl" ] || { echo "bench-vl: $vl: not an executable (make vl)" >&2; exit 2; }
[ -f "$kernel" ] || { echo "bench-vl: $kernel: no such file" >&2; exit 2; }
mkdir -p "$out"
echo true > "$out/guest.sh"
"$here/build-initramfs.sh" --script "$out/guest.sh" "$out/initramfs.cpio.gz"
initrd=$out/initramfs.cpio.gz

qemu="qemu-system-i386"
"$here/install-deps.sh" qemu-system-x86 ||
    echo "bench-vl: cannot install qemu-system-x86: the QEMU row is skipped" >&2
command -v "$qemu" > /dev/null || qemu=

now() { date +%s%N; }

# boot_once NAME KILL_AT_HALT CMD...: one boot; appends the ns to the
# marker and to power-off to $out/NAME.marker and $out/NAME.off
boot_once() {
    name=$1 kill_at_halt=$2
    shift 2
    rm -f "$out/console.fifo"
    mkfifo "$out/console.fifo"
    t_marker="" t_halt=""
    start=$(now)
    timeout -k 5 "$limit" "$@" < /dev/null > "$out/console.fifo" 2>&1 &
    pid=$!
    : > "$out/$name.console"
    while IFS= read -r line; do
        printf '%s\n' "$line" >> "$out/$name.console"
        case $line in
        *"$marker"*) [ -n "$t_marker" ] || t_marker=$(now) ;;
        *"$halted"*)
            t_halt=$(now)
            [ "$kill_at_halt" = no ] || kill "$pid" 2> /dev/null || true ;;
        esac
    done < "$out/console.fifo"
    wait "$pid" || true
    t_end=$(now)
    rm -f "$out/console.fifo"
    if [ -z "$t_marker" ] || [ -z "$t_halt" ]; then
        echo "bench-vl: $name did not boot to power-off; its console ends:" >&2
        tail -n 5 "$out/$name.console" >&2
        exit 1
    fi
    [ "$kill_at_halt" = no ] && t_off=$t_end || t_off=$t_halt
    echo $((t_marker - start)) >> "$out/$name.marker"
    echo $((t_off - start)) >> "$out/$name.off"
}

# median FILE: the median of the numbers in FILE, as seconds
median() {
    sort -n "$1" | awk '{ v[NR] = $1 }
        END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.3f", m / 1e9 }'
}

rm -f "$out"/*.marker "$out"/*.off
qemu_machine="-M isapc -cpu pentium2 -m $ram -nographic -no-reboot"
echo "bench-vl: $n boots each, alternating, of -kernel $kernel -initrd $initrd -append $append"
echo "  $vl -m $ram -no-reboot"
[ -z "$qemu" ] || echo "  $qemu $qemu_machine"
i=0
while [ "$i" -lt "$n" ]; do
    boot_once vl no "$vl" -kernel "$kernel" -initrd "$initrd" -append "$append" \
        -m "$ram" -no-reboot
    # the machine options are the words of $qemu_machine
    # shellcheck disable=SC2086
    [ -z "$qemu" ] || boot_once qemu yes "$qemu" $qemu_machine -kernel "$kernel" \
        -initrd "$initrd" -append "$append"
    i=$((i + 1))
done

echo
echo "median of $n boots, seconds (host wall clock)"
printf '%-26s %10s %13s\n' "" "to marker" "to power-off"
printf '%-26s %10s %13s\n' "vl" "$(median "$out/vl.marker")" "$(median "$out/vl.off")"
if [ -n "$qemu" ]; then
    printf '%-26s %10s %13s\n' "QEMU 7.2 $qemu" \
        "$(median "$out/qemu.marker")" "$(median "$out/qemu.off")"
    printf '%-26s %10s %13s\n' "ratio vl / QEMU" \
        "$(awk -v a="$(median "$out/vl.marker")" -v b="$(median "$out/qemu.marker")" \
            'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v a="$(median "$out/vl.off")" -v b="$(median "$out/qemu.off")" \
            'BEGIN { printf "%.2f", a / b }')"
fi
