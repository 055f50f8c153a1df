#!/bin/sh
# vl-boot.sh VL BZIMAGE: boot the tiny kernel under vl with a test script as
# the guest's userland, check what the guest prints, and that vl exits 0
# when the guest powers off.
#
# The guest script announces each command with a "--- name" line, so every
# check reads its own section of the console.  Time is the host's: each line
# of vl's output is stamped as it arrives, so the guest's `sleep 1` is
# measured between two of its lines by the host clock, not by the guest's
# own idea of time (a timer that runs 10x fast would fool the guest).
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 VL BZIMAGE" >&2
    exit 2
fi
VL=$1
KERNEL=$2
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/build/tests/vl-boot
LIMIT=${VL_BOOT_LIMIT:-120}
CR=$(printf '\r')
. "$TOP/tests/result.sh"

for f in "$VL" "$KERNEL"; do
    [ -f "$f" ] || { echo "$0: $f: no such file" >&2; exit 2; }
done
rm -rf "$OUT"
mkdir -p "$OUT"

cat > "$OUT/guest.sh" <<'EOF'
echo "--- uname"
uname -a
echo "--- cpuinfo"
cat /proc/cpuinfo
echo "--- arith"
echo $((6*7))
echo "--- proc"
ls /proc
echo "--- sleep"
echo "vl-boot: sleep begins"
sleep 1
echo "vl-boot: sleep ends"
echo "--- end"
EOF
"$TOP/scripts/build-initramfs.sh" --script "$OUT/guest.sh" "$OUT/initramfs.cpio.gz" ||
    { echo "$0: cannot build the initramfs" >&2; exit 2; }

now() { date +%s%N; }

# stamp: copy the console to $OUT/console, and the host time (ns since
# the start) of every line the timing checks need to $OUT/stamps
stamp() {
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%"$CR"}
        printf '%s\n' "$line" >> "$OUT/console"
        case $line in
        "qemu04: init started" | "vl-boot: "*)
            echo "$(($(now) - start)) $line" >> "$OUT/stamps" ;;
        esac
    done
}

start=$(now)
{
    timeout -k 5 "$LIMIT" "$VL" -kernel "$KERNEL" -initrd "$OUT/initramfs.cpio.gz" \
        -append console=ttyS0 -no-reboot < /dev/null 2> "$OUT/stderr"
    echo $? > "$OUT/status"
} | stamp
elapsed=$(($(now) - start))
touch "$OUT/console" "$OUT/stamps"

# section NAME: the console lines the guest printed after "--- NAME"
section() {
    awk -v s="--- $1" '$0 == s { f = 1; next } /^--- / { f = 0 } f' "$OUT/console"
}

# stamp_of TEXT: when the line TEXT appeared, in ns since the start
stamp_of() {
    awk -v s="$1" 'substr($0, index($0, " ") + 1) == s { print $1; exit }' "$OUT/stamps"
}

# seconds NS: NS nanoseconds as seconds with two decimals
seconds() {
    awk -v n="$1" 'BEGIN { printf "%.2f", n / 1e9 }'
}

# expect NAME SECTION ERE...: every pattern matches a line of the section
expect() {
    name=$1 sec=$2
    shift 2
    why=
    for re in "$@"; do
        section "$sec" | grep -qE -- "$re" || why="${why:+$why; }no line matches '$re'"
    done
    result "$name" "$why"
}

# expect_words NAME SECTION WORD...: every word appears in the section
expect_words() {
    name=$1 sec=$2
    shift 2
    why=
    words=$(section "$sec" | tr -s ' \t' '\n')
    for w in "$@"; do
        printf '%s\n' "$words" | grep -qxF -- "$w" || why="${why:+$why; }no '$w'"
    done
    result "$name" "$why"
}

status=$(cat "$OUT/status" 2>/dev/null || echo none)
case $status in
0) why= ;;
124 | 137) why="still running after $LIMIT s (killed)" ;;
*) why="exit status $status" ;;
esac
result "vl exits 0 within $LIMIT s" "$why"
if [ -s "$OUT/stderr" ]; then
    echo "    vl's stderr:"
    head -n 5 "$OUT/stderr" | sed 's/^/    /'
fi

marker=$(stamp_of "qemu04: init started")
why=
[ -n "$marker" ] || why="not on the console"
result "marker 'qemu04: init started'" "$why"
why=
bad=$(grep -E 'Kernel panic|Oops|BUG:|general protection|trap |segfault' "$OUT/console" | head -n 3)
[ -z "$bad" ] || why="the kernel reported: $bad"
result "no kernel panic, oops or user trap" "$why"

TAB=$(printf '\t')
expect "uname -a: Linux 6.1 on i686" uname '^Linux .* 6\.1\.[0-9]+ .*i686'
expect "cpuinfo: GenuineIntel, family 6" cpuinfo \
    "^vendor_id${TAB}: GenuineIntel\$" "^cpu family${TAB}: 6\$"
expect "cpuinfo: flags fpu, cx8, cmov" cpuinfo \
    "^flags${TAB}+:.* fpu( |\$)" "^flags${TAB}+:.* cx8( |\$)" "^flags${TAB}+:.* cmov( |\$)"
flags=$(section cpuinfo | grep -E "^flags${TAB}+:")
why=
if [ -z "$flags" ]; then
    why="no flags line"
elif printf '%s\n' "$flags" | grep -qwE 'mmx|sse|sse2|fxsr|sep|pse'; then
    why=$flags
fi
result "cpuinfo: no mmx, sse, fxsr, sep, pse" "$why"
expect "echo \$((6*7)) prints 42" arith '^42$'
expect_words "ls /proc" proc 1 cpuinfo meminfo version uptime interrupts self

t0=$(stamp_of "vl-boot: sleep begins")
t1=$(stamp_of "vl-boot: sleep ends")
if [ -z "$t0" ] || [ -z "$t1" ]; then
    result "sleep 1 by the host clock" "the sleep markers are not on the console"
else
    ns=$((t1 - t0))
    why=
    [ "$ns" -ge 500000000 ] && [ "$ns" -le 5000000000 ] || why="outside 0.5-5 s"
    result "sleep 1 took $(seconds "$ns") s by the host clock" "$why"
fi
why=
grep -q 'reboot: System halted' "$OUT/console" || why="no 'reboot: System halted' on the console"
grep -qx -- '--- end' "$OUT/console" || why="${why:+$why; }the script did not finish"
result "the script finished and the guest powered off" "$why"

echo "vl-boot: marker after $(seconds "${marker:-0}") s, vl done after $(seconds "$elapsed") s" \
    "(console: $OUT/console)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
