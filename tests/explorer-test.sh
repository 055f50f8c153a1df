#!/bin/sh
# explorer-test.sh: scripts/tb-explorer on real traces, checked in a real
# browser.  Runs the walkthrough's demo and the mandel demo under
# ./qemu-i386 -d trace-json, builds the pages, loads them in headless
# Chromium and checks from the resulting DOM that selecting a block (by
# #tb=ID, and by a scripted click on its row with #click=ID) shows that
# block's joined view; saves a screenshot to build/explorer.png.
#
#   tests/explorer-test.sh SUM_BINARY MANDEL_BINARY    (make check-explorer)
#
# NOTE: without Chromium (and no way to install it) the test prints SKIP
# with the reason and fails nothing; it never passes silently.
set -eu

cd "$(dirname "$0")/.."
SUM=$1
MANDEL=$2
OUT=build/explorer
rm -rf "$OUT"
mkdir -p "$OUT"
fail=0

say() { printf '%s\n' "$*"; }
bad() { say "FAIL explorer: $*"; fail=1; }

if ! command -v chromium > /dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y chromium > "$OUT/apt.log" 2>&1 ||
            { apt-get update > /dev/null 2>&1 && apt-get install -y chromium >> "$OUT/apt.log" 2>&1; } || true
    elif command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
        sudo apt-get install -y chromium > "$OUT/apt.log" 2>&1 || true
    fi
fi
if ! command -v chromium > /dev/null 2>&1; then
    say "SKIP explorer: chromium is not installed and could not be installed" \
        "(apt-get install chromium as root; see $OUT/apt.log)"
    exit 0
fi

# chromium URL [extra options...]: the DOM after the page's script ran
browse() {
    page_url=$1; shift
    profile=$(mktemp -d "$OUT/profile.XXXXXX")
    timeout 90 chromium --headless=new --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --user-data-dir="$profile" "$@" "$page_url" 2> "$profile.log"
}

# the block id, its pc in hex, of the n-th most-run block of a trace
nth_block() { # trace n
    python3 - "$1" "$2" <<'PY'
import json, sys
tbs, counts = {}, {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["ev"] == "tb":
        tbs[e["id"]] = e["pc"]
    elif e["ev"] == "exec":
        for k, v in e["counts"].items():
            counts[int(k)] = counts.get(int(k), 0) + v
ids = sorted(tbs, key=lambda i: (-counts.get(i, 0), i))
i = ids[min(int(sys.argv[2]), len(ids) - 1)]
print(i, "%08x" % tbs[i])
PY
}

# the text of <pre id="view"> in a dumped DOM
view_of() { python3 -c '
import html, re, sys
m = re.search(r"<pre id=\"view\">(.*?)</pre>", sys.stdin.read(), re.S)
print(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))) if m else "")'; }

check_page() { # name binary top rank
    name=$1 prog=$2 top=$3 rank=$4
    ./qemu-i386 -d trace-json -D "$OUT/$name.json" "$prog" > "$OUT/$name.out"
    python3 scripts/tb-explorer --top "$top" "$OUT/$name.json" "$OUT/$name.html"
    set -- $(nth_block "$OUT/$name.json" "$rank")
    id=$1 pc=$2
    url="file://$(pwd)/$OUT/$name.html"
    for how in tb click; do
        browse "$url#$how=$id" --dump-dom > "$OUT/$name.$how.dom" || true
        view=$(view_of < "$OUT/$name.$how.dom")
        case "$view" in
        "---- TB $pc: "*) ;;
        *) bad "$name: #$how=$id did not show block $id at $pc" \
               "(view begins: $(printf '%s' "$view" | head -c 60))"; continue ;;
        esac
        printf '%s\n' "$view" | grep -q "check_exit" ||
            bad "$name: the view of block $id has no micro-ops"
        grep -q "<tr data-id=\"$id\" class=\"[^\"]*sel" "$OUT/$name.$how.dom" ||
            bad "$name: #$how=$id did not highlight the row of block $id"
    done
    nodes=$(grep -o '<g class="node' "$OUT/$name.html" | wc -l)
    [ "$nodes" -ge 1 ] && [ "$nodes" -le "$top" ] ||
        bad "$name: $nodes blocks in the graph, expected 1 to $top"
    grep -q '<script src=\|<link \|https\?://' "$OUT/$name.html" &&
        bad "$name: the page refers to something outside itself"
    say "explorer $name: block $id at $pc selected by #tb and by a click; $nodes graph nodes"
}

check_page sum "$SUM" 40 0
check_page mandel "$MANDEL" 30 3

browse "file://$(pwd)/$OUT/sum.html#tb=$(nth_block "$OUT/sum.json" 0 | cut -d' ' -f1)" \
    --screenshot="$(pwd)/build/explorer.png" --window-size=1200,900 > /dev/null || true
[ -s build/explorer.png ] || bad "no screenshot in build/explorer.png"

[ $fail = 0 ] && say "PASS explorer (screenshot: build/explorer.png)"
exit $fail
