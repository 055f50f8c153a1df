#!/bin/sh
# doc-examples.sh: regenerate doc/examples/ from the emulator itself, then
# refresh every excerpt the documents quote from it.
#
#   scripts/doc-examples.sh        (make doc-examples: builds what it needs)
#
# It builds the demo doc/examples/src/sum.c for i386, runs it natively and
# under ./qemu-i386 with the -d logs, writes the logs and excerpts of its
# hottest translation block, asks ./dyngen --explain about the ops that
# block uses, and shows what dyngen says about doc/examples/src/gcc12-ops.c
# built with and without the op flags.
#
# NOTE: the Markdown files in doc/ hold copies of these outputs between
# "<!-- example: NAME [FIRST-LAST] -->" and "<!-- end -->": this script
# rewrites those copies from doc/examples/NAME.txt, so never edit them by
# hand.  The emulator runs with address-space randomisation off (setarch
# -R) so that host addresses stay the same from one run to the next.
set -eu

cd "$(dirname "$0")/.."
EX=doc/examples
BUILD=${BUILD:-build}
OUT=$BUILD/doc
mkdir -p "$OUT"

for f in qemu-i386 dyngen "$BUILD/op-i386.o"; do
    [ -e "$f" ] || { echo "doc-examples: $f is missing (run make qemu-i386)" >&2; exit 1; }
done

NORAND=""
if setarch "$(uname -m)" -R true 2>/dev/null; then
    NORAND="setarch $(uname -m) -R"
else
    echo "doc-examples: setarch -R does not work here: host addresses will vary" >&2
fi
QEMU="$NORAND ./qemu-i386"

# the op flags, exactly as the Makefile compiles op-i386.c
OP_CFLAGS=$(make -s --no-print-directory -f Makefile -f - print-op-cflags <<'EOF'
print-op-cflags:
	@echo $(OP_CFLAGS)
EOF
)

# 1. the demo program
DEMO=$OUT/sum
gcc -m32 -static -nostdlib -O1 -fno-pie -no-pie -fno-asynchronous-unwind-tables \
    -fno-stack-protector -fcf-protection=none -o "$DEMO" $EX/src/sum.c
objdump -d --no-show-raw-insn "$DEMO" | sed -n '/<_start>:/,$p' > $EX/sum.objdump.txt
{
    echo "\$ $DEMO"
    "$DEMO"
    echo "\$ ./qemu-i386 $DEMO"
    ./qemu-i386 "$DEMO"
    echo "\$ QEMU_STATS=1 ./qemu-i386 $DEMO"
    QEMU_STATS=1 ./qemu-i386 "$DEMO" 2>&1 >/dev/null
    echo "\$ QEMU_STATS=1 ./qemu-i386 -d nochain $DEMO"
    QEMU_STATS=1 ./qemu-i386 -d nochain "$DEMO" 2>&1 >/dev/null
} > $EX/sum.run.txt

# 2. the logs: one run per view, so each file reads on its own
$QEMU -d in_asm,op,op_opt,out_asm -D $EX/sum.log.txt "$DEMO" > /dev/null
$QEMU -d op_asm -D $EX/sum.op_asm.txt "$DEMO" > /dev/null
$QEMU -d exec -D "$OUT/sum.exec.log" "$DEMO" > /dev/null
head -n 40 "$OUT/sum.exec.log" > $EX/sum.exec.txt
$QEMU -d trace-json -D $EX/sum.trace.json "$DEMO" > /dev/null
python3 scripts/tb-explorer $EX/sum.trace.json $EX/sum.html

# 3. excerpts about the hottest block, and the ops it uses
python3 - "$EX" <<'EOF'
import json, re, sys
ex = sys.argv[1]
tbs, chains, counts = {}, [], {}
for line in open(f"{ex}/sum.trace.json"):
    e = json.loads(line)
    if e["ev"] == "tb":
        tbs[e["id"]] = e
    elif e["ev"] == "chain":
        chains.append(e)
    elif e["ev"] == "exec":
        for k, v in e["counts"].items():
            counts[int(k)] = counts.get(int(k), 0) + v
hot = max(counts, key=counts.get)
pc = "%08x" % tbs[hot]["pc"]
open(f"{ex}/loop.pc.txt", "w").write(pc + "\n")

def put(name, text):
    open(f"{ex}/{name}.txt", "w").write(text.rstrip("\n") + "\n")

# the -d in_asm,op,op_opt,out_asm record of that block
log = open(f"{ex}/sum.log.txt").read()
for rec in log.split("----------------\n"):
    if re.search(r"^IN: .*\n0x%s:" % pc, rec, re.M):
        for part in rec.split("\n\n"):
            head = part.split("\n", 1)[0]
            key = {"IN:": "in", "OP:": "op", "AFTER OPT:": "op_opt",
                   "OUT:": "out_asm"}.get(head.split(" [")[0])
            if key:
                put(f"loop.{key}", part)
        break
opasm = open(f"{ex}/sum.op_asm.txt").read()
for block in opasm.split("\n\n"):
    if block.startswith(f"---- TB {pc}:"):
        put("loop.op_asm", block)
        ops = sorted(set(re.findall(r"^    (\w+)", block, re.M)) - {"nop", "set_label"})
        put("loop.ops", "\n".join("op_" + o for o in ops))
lines = ["block  guest pc  guest bytes  host bytes  runs"]
for i, t in sorted(tbs.items()):
    lines.append("%5d  %08x  %11d  %10d  %4d" % (i, t["pc"], t["size"], t["host_size"],
                                               counts.get(i, 0)))
lines.append("")
lines.append("chained jumps (tb_add_jump):")
for c in chains:
    lines.append("  block %d (%08x) slot %d -> block %d (%08x)" % (
        c["from"], tbs[c["from"]]["pc"], c["slot"], c["to"], tbs[c["to"]]["pc"]))
put("sum.blocks", "\n".join(lines))
EOF

for op in $(cat $EX/loop.ops.txt) op_divl_EAX_T0 op_ldl_kernel_T0_A0; do
    ./dyngen --explain "$op" "$BUILD/op-i386.o" > "$EX/explain-$op.txt"
done

# 4. gcc 12 and the op flags: the same three ops built three ways
G=$OUT/gcc12
mkdir -p "$G"
build_ops() { # name, flags...
    name=$1; shift
    gcc "$@" -I. -c -o "$G/$name.o" $EX/src/gcc12-ops.c
    for op in op_check_zero op_mul_helper op_select; do
        { echo "\$ gcc $* -c gcc12-ops.c"; echo "\$ ./dyngen --explain $op gcc12-ops.o"
          ./dyngen --explain "$op" "$G/$name.o" 2>&1 || true; } > "$EX/gcc12-$name-$op.txt"
    done
}
build_ops plain -O2 -fno-pie
build_ops nosibling -O2 -fno-pie -fno-optimize-sibling-calls -fno-jump-tables
build_ops opflags $OP_CFLAGS

# 5. the documents' copies of all this
python3 - doc/tech.md doc/walkthrough.md doc/history.md <<'EOF'
import os, re, sys
pat = re.compile(r"(<!-- example: ([\w.-]+)(?: (\d+)-(\d+))? -->\n)(.*?)(<!-- end -->)", re.S)
def fill(m):
    name, first, last = m.group(2), m.group(3), m.group(4)
    path = f"doc/examples/{name}" + ("" if name.endswith(".json") else ".txt")
    lines = open(path).read().rstrip("\n").split("\n")
    span = ""
    if first:
        lines = lines[int(first) - 1:int(last)]
        span = f", lines {first}-{last}"
    body = "\n".join(lines)
    return (f"{m.group(1)}*Generated by `make doc-examples` from "
            f"[{path[4:]}]({path[4:]}){span}.*\n\n```\n{body}\n```\n{m.group(6)}")
for md in sys.argv[1:]:
    if not os.path.exists(md):
        continue
    text = open(md).read()
    new = pat.sub(fill, text)
    if new != text:
        open(md, "w").write(new)
        print(f"doc-examples: refreshed the examples in {md}")
EOF
echo "doc-examples: wrote $(ls $EX/*.txt $EX/*.json $EX/*.html | wc -l) files in $EX"
