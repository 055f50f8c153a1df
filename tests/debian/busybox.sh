# busybox.sh: the busybox sh check, run in an empty directory by
# busybox-static's own sh with only busybox applets on PATH.
set -e

# a directory tree with fixed contents and times, so tar's bytes are fixed
mkdir -p tree/a/b tree/c
i=0
while [ $i -lt 60 ]; do
    d=tree/a
    [ $((i % 3)) -eq 0 ] && d=tree/a/b
    [ $((i % 5)) -eq 0 ] && d=tree/c
    echo "item $i square $((i * i)) mod7 $((i * i % 7))" >"$d/f$i.txt"
    i=$((i + 1))
done
printf 'line %s\n' one two three >tree/c/words
find tree -exec touch -d '2003-07-01 12:00:00' {} +

echo "files: $(find tree -type f | wc -l), dirs: $(find tree -type d | wc -l)"
find tree -name 'f1*.txt' | sort
find tree -type f | sort | while read -r f; do md5sum "$f"; done | md5sum

# arithmetic, functions, case, loops
fib() {
    a=0 b=1 n=$1
    while [ "$n" -gt 0 ]; do
        t=$((a + b)) a=$b b=$t n=$((n - 1))
    done
    echo "$a"
}
for n in 10 20 30 40; do
    echo "fib($n) = $(fib $n)"
done
echo "arith: $(( (17 * 23) % 11 + (1 << 10) - -5 / 2 )) $(( 0x7fffffff + 1 )) $((-7 % 3))"
for w in apple 42 tree/a x.txt; do
    case $w in
    [0-9]*) echo "$w: number" ;;
    */*) echo "$w: path" ;;
    *.txt) echo "$w: text" ;;
    *) echo "$w: word" ;;
    esac
done

# subshells, pipes and redirection
(cd tree/c && echo "in $(pwd | sed 's|.*/tree|tree|'): $(ls | wc -l) entries")
echo "still in $(basename "$(pwd)" | sed 's/.*/top/')"
x=outer
(x=inner; echo "subshell sees $x")
echo "parent keeps $x"
cat tree/a/*.txt tree/a/b/*.txt | sort -t' ' -k6,6n -k2,2n | head -4
cat tree/a/*.txt | awk '{ s += $4 } END { print "sum of squares", s }'
exec 3>fd3.out
echo "through fd 3" >&3
exec 3>&-
cat fd3.out
echo "to stderr" >&2
{ echo first; echo second; } >group.out 2>&1
cat group.out | tr a-z A-Z
cat <<END | sed 's/^/here: /'
a here-document with $((6 * 7)) inside
END
false || echo "false failed as it should"
if ! grep -q nothing tree/c/words; then echo "grep -q: no match"; fi
sh -c 'exit 7' || echo "child exit status $?"

# tar of the directory, listed, extracted and compared
tar cf tree.tar tree
tar tf tree.tar | sort | md5sum
mkdir out
tar xf tree.tar -C out
diff -r tree out/tree && echo "tar round trip identical"
gzip -c tree.tar >tree.tar.gz
gzip -dc tree.tar.gz | cmp - tree.tar && echo "gzip round trip identical"
