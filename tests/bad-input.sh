#!/bin/sh
# bad-input.sh QEMU: what qemu-i386 must do with a program it cannot run.
# Each case must end with exactly one line on stderr starting "qemu-i386:"
# and a non-zero exit status below 128 (an error, not a crash).
#
# The broken ELF files are made here from a small static i386 program by
# overwriting header fields in place (little-endian, offsets from the ELF
# specification: e_machine at 18, e_phoff at 28, e_phnum at 44, program
# headers of 32 bytes with p_vaddr at +8 and p_memsz at +20).
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
OUT=$TOP/build/tests/bad-input
CC=${CC:-gcc}
. "$TOP/tests/result.sh"

# poke FILE OFFSET BYTES...: overwrite bytes (given in octal) at OFFSET.
poke() {
    file=$1 off=$2
    shift 2
    bytes=
    for b in "$@"; do
        bytes="$bytes\\$b"
    done
    # the format string is the escapes themselves
    # shellcheck disable=SC2059
    printf "$bytes" | dd of="$file" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

# u32 FILE OFFSET: a little-endian 32-bit field.
u32() {
    od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '
}

# bad NAME ARGS...: run QEMU ARGS and judge its stderr and status.
bad() {
    name=$1
    shift
    timeout 10 "$QEMU" "$@" < /dev/null > "$OUT/out" 2> "$OUT/err"
    status=$?
    lines=$(wc -l < "$OUT/err")
    why=
    if [ "$status" -eq 0 ]; then
        why="exit status 0"
    elif [ "$status" -ge 128 ]; then
        why="exit status $status (signal or timeout)"
    elif [ "$lines" -ne 1 ]; then
        why="$lines lines on stderr"
    elif ! head -n 1 "$OUT/err" | grep -q '^qemu-i386:'; then
        why="stderr does not start with qemu-i386:"
    fi
    result "$name" "$why" || head -n 5 "$OUT/err" | sed 's/^/    /'
}

rm -rf "$OUT"
mkdir -p "$OUT/dir"
if [ ! -x "$QEMU" ]; then
    echo "$0: $QEMU: not an executable" >&2
    exit 2
fi
printf 'int main(void) { return 0; }\n' > "$OUT/prog.c"
if ! $CC -m32 -static -o "$OUT/good" "$OUT/prog.c" ||
   ! $CC -o "$OUT/elf64" "$OUT/prog.c" ||
   ! $CC -m32 -c -o "$OUT/object.o" "$OUT/prog.c"; then
    echo "$0: cannot build the test programs" >&2
    exit 2
fi
printf 'this is not a program\n' > "$OUT/text"
: > "$OUT/empty"

cp "$OUT/good" "$OUT/arm"
poke "$OUT/arm" 18 050 000                      # e_machine = EM_ARM (40)

head -c 30 "$OUT/good" > "$OUT/short-ehdr"
phoff=$(u32 "$OUT/good" 28)
head -c $((phoff + 40)) "$OUT/good" > "$OUT/short-phdrs"

cp "$OUT/good" "$OUT/bad-phoff"
poke "$OUT/bad-phoff" 28 377 377 377 177        # e_phoff = 0x7fffffff

cp "$OUT/good" "$OUT/many-phdrs"
poke "$OUT/many-phdrs" 44 377 377               # e_phnum = 65535

# The first program header of a static i386 program is a PT_LOAD at file
# offset 0: move it to the last page below 4 GiB and make it 64 KiB long.
if [ "$(u32 "$OUT/good" "$phoff")" != 1 ] ||
   [ "$(u32 "$OUT/good" $((phoff + 4)))" != 0 ]; then
    echo "$0: the first program header is not a PT_LOAD at offset 0" >&2
    exit 2
fi
cp "$OUT/good" "$OUT/above-4g"
poke "$OUT/above-4g" $((phoff + 8)) 000 360 377 377     # p_vaddr 0xfffff000
poke "$OUT/above-4g" $((phoff + 12)) 000 360 377 377    # p_paddr
poke "$OUT/above-4g" $((phoff + 20)) 000 000 001 000    # p_memsz 0x10000

bad "missing file" "$OUT/no-such-file"
bad "directory" "$OUT/dir"
bad "text file" "$OUT/text"
bad "empty file" "$OUT/empty"
bad "64-bit ELF" "$OUT/elf64"
bad "relocatable object" "$OUT/object.o"
bad "ELF for ARM" "$OUT/arm"
bad "truncated ELF header" "$OUT/short-ehdr"
bad "truncated program headers" "$OUT/short-phdrs"
bad "corrupted e_phoff" "$OUT/bad-phoff"
bad "65535 program headers" "$OUT/many-phdrs"
bad "segment above 4 GiB" "$OUT/above-4g"
bad "unknown option" -no-such-option "$OUT/good"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
