#!/bin/sh
# run-debian-tests.sh QEMU SYSROOT GENDATA: real programs from Debian's i386
# archive, each run natively and under QEMU on the same input.
#
# The native side runs the very same i386 binary, through the sysroot's own
# ld-linux.so.2 with --library-path (busybox-static runs directly); the
# emulated side is `QEMU -L SYSROOT`.  Each check runs once per side in a
# fresh directory of its own and compares stdout, stderr, the exit status
# and the files it names.  GENDATA writes the generated text input.
# When the sysroot cannot be made (no archive), every check is SKIPped
# with the reason; that is the only way this exits 0 without passing.
set -u

if [ $# -ne 3 ]; then
    echo "usage: $0 QEMU SYSROOT GENDATA" >&2
    exit 2
fi
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
QEMU=$(abs "$1")
S=$(abs "$2")
GENDATA=$(abs "$3")
TOP=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$TOP/tests/debian
OUT=$TOP/build/tests/debian
TIMEOUT=${TIMEOUT:-300}
TIMEOUT_CMD=$(command -v timeout)
DATA_MB=10

PACKAGES=$(cat "$HERE/packages")
. "$TOP/tests/result.sh"

mkdir -p "$OUT"
if ! "$TOP/scripts/make-sysroot.sh" "$S" $PACKAGES 2>"$OUT.sysroot.log"; then
    n=$(grep -c '^check ' "$0")
    echo "SKIP check-debian: no sysroot: $(tail -n 1 "$OUT.sysroot.log")"
    echo "0 passed, 0 failed, $n skipped"
    exit 0
fi
LIBPATH=$S/lib/i386-linux-gnu:$S/usr/lib/i386-linux-gnu
# perl and python look for their libraries where the host keeps its own
NATIVE_ENV="PERL5LIB=$S/usr/lib/i386-linux-gnu/perl-base PYTHONHOME=$S/usr"
# uname says i686 natively too, as it does under the emulator
NATIVE=
if setarch i686 true 2>/dev/null; then
    NATIVE="$(command -v setarch) i686"
fi

# prog PATH ARGS...: a program of the sysroot on the side being run ($side)
prog() {
    prog_path=$S$1
    shift
    if [ "$side" = qemu ]; then
        "$TIMEOUT_CMD" "$TIMEOUT" "$QEMU" -L "$S" "$prog_path" "$@"
    elif [ "$prog_path" = "$S/bin/busybox" ]; then
        # shellcheck disable=SC2086
        "$TIMEOUT_CMD" "$TIMEOUT" $NATIVE "$prog_path" "$@"
    else
        # shellcheck disable=SC2086
        env $NATIVE_ENV "$TIMEOUT_CMD" "$TIMEOUT" $NATIVE "$S/lib/ld-linux.so.2" \
            --library-path "$LIBPATH" "$prog_path" "$@"
    fi
}

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'; }

# same NAME WHAT NATIVE QEMU: compare one result of the two runs, show the
# start of the difference.
same() {
    if [ ! -e "$3" ] || [ ! -e "$4" ]; then
        echo "    $1: $2 missing (native: $(test -e "$3" && echo yes || echo no)," \
            "qemu: $(test -e "$4" && echo yes || echo no))"
        return 1
    fi
    cmp -s "$3" "$4" && return 0
    echo "    $1: $2 differs (native vs qemu):"
    if [ "$(head -c 4000 "$3" | tr -d '\000' | wc -c)" -eq "$(head -c 4000 "$3" | wc -c)" ]; then
        diff -u --label native --label qemu "$3" "$4" | head -n 20 | sed 's/^/    /'
    else
        cmp "$3" "$4" 2>&1 | sed 's/^/    /'
    fi
    return 1
}

# check NAME FILES: run t_NAME on both sides, each in NAME.SIDE.d with its
# stdout, stderr and status in NAME.SIDE.out .err .status; compare those
# and the FILES it made.
check() {
    name=$1 files=$2
    times=
    for side in native qemu; do
        d=$OUT/$name.$side
        rm -rf "$d.d"
        mkdir -p "$d.d"
        t0=$(now)
        (cd "$d.d" && "t_$name" </dev/null >"$d.out" 2>"$d.err")
        echo $? >"$d.status"
        times="$times $side $(secs "$t0" "$(now)")s"
    done
    why=
    for f in out err status; do
        same "$name" "$f" "$OUT/$name.native.$f" "$OUT/$name.qemu.$f" ||
            why="not as native"
    done
    for f in $files; do
        same "$name" "$f" "$OUT/$name.native.d/$f" "$OUT/$name.qemu.d/$f" ||
            why="not as native"
    done
    result "$name ($times )" "$why"
}

# busybox sh with only busybox's applets on PATH
t_busybox() {
    mkdir bin work
    for a in sh find sort md5sum tar touch wc cat ls sed awk basename pwd \
        tr head grep diff cmp gzip mkdir; do
        ln -s "$S/bin/busybox" "bin/$a"
    done
    cd work && PATH=$(cd ../bin && pwd) prog /bin/busybox sh "$HERE/busybox.sh"
    echo "busybox sh: status $?"
    cp tree.tar ../tree.tar
}

# compress PROG ARGS: compress the data, then decompress and compare
compress() {
    zip=$1
    shift
    prog "$zip" "$@" -c "$DATA" >data.z
    echo "compress: status $?"
    prog "$zip" -d -c data.z >data.back
    echo "decompress: status $?"
    cmp data.back "$DATA" && echo "round trip identical"
    rm -f data.back
}
t_gzip() { compress /bin/gzip -9; }
t_bzip2() { compress /bin/bzip2 -9; }
# -6 is xz's default level; one thread, as xz 5.4 uses by default
t_xz() { compress /usr/bin/xz -6 -T1; }
# four compressing threads, one 1 MiB block each at a time: the output
# depends on the block size only, so it is the same bytes natively
t_xz_threads() { compress /usr/bin/xz -6 -T4 --block-size=1MiB; }

# coreutils, grep, sed and gawk in pipelines over the generated text
t_text() {
    prog /usr/bin/wc "$DATA"
    prog /bin/cat "$DATA" | prog /usr/bin/tr -s ' .' '\n\n' | prog /bin/grep -v '^$' |
        prog /usr/bin/sort --parallel=4 -S 4M | prog /usr/bin/uniq -c | prog /usr/bin/sort -k1,1nr -k2 |
        prog /usr/bin/head -n 15
    prog /bin/grep -c -E '^(ren|sol)[a-z]* .*chen' "$DATA"
    prog /bin/grep -n -o -E '\<qua[a-z]{6,}\>' "$DATA" | prog /usr/bin/tail -n 5
    prog /bin/sed -n -e 's/^\([a-z]*\) \([a-z]*\) .*/\2 \1/p' "$DATA" |
        prog /usr/bin/cut -c 1-12 | prog /usr/bin/md5sum
    prog /usr/bin/gawk '{ n[NF]++; w += NF; c += length($0) }
        END { PROCINFO["sorted_in"] = "@ind_num_asc"
              for (k in n) printf "%d words: %d lines\n", k, n[k]
              printf "%d lines, %d words, %.4f words per line, %.6e chars\n",
                  NR, w, w / NR, c }' "$DATA"
    prog /usr/bin/head -c 200000 "$DATA" | prog /usr/bin/gawk -v OFS=, '
        { for (i = 1; i <= NF; i++) { s = $i; gsub(/[aeiou]/, "", s)
              len[length(s)]++; if (length($i) > 10) long[$i] = NR } }
        END { for (l in len) t += len[l] * l
              printf "consonant mean %.5f\n", t / NR
              PROCINFO["sorted_in"] = "@ind_str_asc"
              for (w in long) print w, long[w] }' | prog /usr/bin/head -n 10
    prog /usr/bin/seq 1 7919 1000000 | prog /usr/bin/factor | prog /usr/bin/tail -n 3
    prog /usr/bin/od -A d -t x1z -N 48 "$DATA"
    prog /usr/bin/printf '%08.3f|%x|%5s|%e\n' 3.14159 255 ab 1e-7
    prog /usr/bin/stat -c '%s bytes, %F' "$DATA"
    prog /usr/bin/tac "$DATA" | prog /usr/bin/nl | prog /usr/bin/fold -w 60 |
        prog /usr/bin/sha1sum
    prog /usr/bin/paste -d: "$HERE/busybox.sh" "$HERE/lua.lua" | prog /usr/bin/sha256sum
    prog /usr/bin/split -l 20000 -d "$DATA" part.
    prog /usr/bin/wc -l part.*
    prog /bin/cat part.* | cmp - "$DATA" && echo "split and cat identical"
    rm -f part.*
}
t_lua() { prog /usr/bin/lua5.4 "$HERE/lua.lua"; }
t_perl() { prog /usr/bin/perl "$HERE/perl.pl"; }
t_python3() { prog /usr/bin/python3.11 "$HERE/python.py"; }

t_sqlite3() {
    awk -f "$HERE/sqlite-rows.awk" >rows.sql
    prog /usr/bin/sqlite3 orders.db <rows.sql
    echo "insert: status $?"
    prog /usr/bin/sqlite3 orders.db <"$HERE/sqlite.sql"
    echo "queries: status $?"
    rm rows.sql
}

if [ ! -x "$QEMU" ]; then
    echo "$0: $QEMU: not an executable" >&2
    exit 2
fi
DATA=$OUT/data-${DATA_MB}m.txt
[ -s "$DATA" ] && [ "$DATA" -nt "$GENDATA" ] || "$GENDATA" $DATA_MB >"$DATA"

check busybox tree.tar
check gzip data.z
check bzip2 data.z
check xz data.z
check xz_threads data.z
check text ""
check lua ""
check sqlite3 orders.db
check perl ""
check python3 ""

echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
