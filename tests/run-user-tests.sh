#!/bin/sh
# run-user-tests.sh QEMU: the native oracle.  Builds tests/test-i386.c and
# every tests/user/*.c as static i386 programs, runs each natively and under
# QEMU, and compares stdout, stderr and the exit status.
#
# The native side runs under `setarch i686`, so that uname reports what the
# emulator reports.  Each program runs in a scratch directory of its own.
# Prints PASS/FAIL per program and ends with "N passed, N failed".
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 QEMU" >&2
    exit 2
fi
case $1 in
/*) QEMU=$1 ;;
*) QEMU=$(pwd)/$1 ;;
esac
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/build/tests/user
TIMEOUT=${TIMEOUT:-60}
CC=${CC:-gcc}
NATIVE=
if setarch i686 true 2>/dev/null; then
    NATIVE="setarch i686"
fi

. "$TOP/tests/result.sh"

# build NAME SRC FLAGS...: compile SRC into $OUT/NAME; the log on failure.
build() {
    name=$1 src=$2
    shift 2
    if ! $CC -m32 -static "$@" -o "$OUT/$name" "$src" -lm \
            > "$OUT/$name.build.log" 2>&1; then
        sed 's/^/    /' "$OUT/$name.build.log" | head -n 20
        return 1
    fi
}

# run SIDE NAME CMD...: run in a fresh scratch directory, keep the streams.
run() {
    side=$1 name=$2
    shift 2
    dir=$OUT/$name.$side.d
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && timeout "$TIMEOUT" "$@" < /dev/null \
        > "$OUT/$name.$side.out" 2> "$OUT/$name.$side.err")
    echo $? > "$OUT/$name.$side.status"
}

# same NAME STREAM: compare one stream of the two runs, show the start of
# the difference.
same() {
    if cmp -s "$OUT/$1.native.$2" "$OUT/$1.qemu.$2"; then
        return 0
    fi
    echo "    $1: $2 differs (native vs qemu):"
    diff -u --label native --label qemu "$OUT/$1.native.$2" \
        "$OUT/$1.qemu.$2" | head -n 20 | sed 's/^/    /'
    return 1
}

check() {
    name=$1
    bin=$OUT/$name
    # $NATIVE is empty or "setarch i686": split on purpose
    # shellcheck disable=SC2086
    run native "$name" $NATIVE "$bin"
    run qemu "$name" "$QEMU" "$bin"
    why=
    if [ "$(cat "$OUT/$name.qemu.status")" = 124 ]; then
        echo "    $name: timed out after ${TIMEOUT}s under qemu"
    fi
    for stream in out err status; do
        same "$name" $stream || why="not as native"
    done
    result "$name" "$why"
}

mkdir -p "$OUT"
if [ ! -x "$QEMU" ]; then
    echo "$0: $QEMU: not an executable" >&2
    exit 2
fi

if build test-i386 "$TOP/tests/test-i386.c" -fno-pie -no-pie -O1; then
    check test-i386
else
    result test-i386 "does not build"
fi
for src in "$TOP"/tests/user/*.c; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .c)
    if build "$name" "$src" -O1; then
        check "$name"
    else
        result "$name" "does not build"
    fi
done

# threads again with a small code buffer: flushes while the threads run
if [ -x "$OUT/threads" ]; then
    cp "$OUT/threads" "$OUT/threads-flush"
    export QEMU_CODEBUF=256K
    check threads-flush
    unset QEMU_CODEBUF
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
