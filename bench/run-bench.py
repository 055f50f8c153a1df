#!/usr/bin/env python3
"""run-bench.py: times each benchmark natively, under ./qemu-i386 and under
Debian's qemu-i386 (QEMU 7.2), and reports medians and ratios.

The one thing to know: native execution is the oracle.  An untimed native
run gives the expected stdout and exit status; every timed run, native or
emulated, must reproduce both, else it is a failure, reported loudly and
kept out of the means (a fast wrong answer is a failure, not a result).
Runs alternate between the tools, one at a time (the machine has two
shared cores), so drift in the machine's load hits all columns alike.

`make bench` calls it; `bench/run-bench.py -h` lists the options.  The
exit status is 1 when a benchmark failed, after the table and files are
written.
"""

import argparse
import csv
import hashlib
import math
import os
import resource
import signal
import statistics
import subprocess
import sys
import time

STATIC = ["intloop", "fib", "qsort", "sha256", "strings", "interp",
          "bintree", "nbody", "mandel"]

# what a run's time is: "wall" (the default) or "cpu" (user + system time,
# steadier when other processes share the machine)
CLOCK = "wall"

# wall and CPU seconds of the timed native runs: far apart on a busy machine
NATIVE_LOAD = [0.0, 0.0]

# the ablation switches: what each turns off, as environment and arguments
SWITCHES = [
    ("nochain", "no block chaining",
     {"QEMU_NOCHAIN": "1"}, ["-d", "nochain"]),
    ("noflagopt", "no flag-liveness pass", {"QEMU_NOFLAGOPT": "1"}, []),
    ("nomoveopt", "no move pass", {"QEMU_NOMOVEOPT": "1"}, []),
    ("codebuf=1M", "1 MiB translation cache", {"QEMU_CODEBUF": "1M"}, []),
]

# QEMU_STATS lines shown in the counters table, with their column titles
STATS = [("guest instructions translated", "insns"),
         ("TBs translated", "TBs"),
         ("host code bytes", "code bytes"),
         ("jumps chained", "chained"),
         ("TB lookups", "lookups"),
         ("TB lookup misses", "misses"),
         ("cache flushes", "flushes")]


class Bench:
    """One benchmark: how to run it with each tool, and what it produced."""

    def __init__(self, name, native, ours, qemu, stdin=None):
        self.name = name
        self.argv = {"native": native, "ours": ours, "qemu": qemu}
        self.stdin = stdin
        self.skip = None
        self.expected = None
        self.times = {}
        self.failure = {}
        self.timed_out = set()
        self.stats = {}
        self.ablation = {}

    def status(self, tools, detail=False):
        if self.skip:
            return "SKIP (%s)" % self.skip
        problems = ["%s: %s" % (t, self.failure[t][detail]) for t in tools
                    if t in self.failure]
        words = ["FAIL " + "; ".join(problems)] if problems else []
        words += ["TIMEOUT " + t for t in tools if t in self.timed_out]
        return "; ".join(words) if words else "ok"


class Run:
    """The outcome of one execution."""

    def __init__(self, wall, cpu, code, digest, out, err, timed_out):
        self.wall = wall
        self.cpu = cpu
        self.seconds = wall if CLOCK == "wall" else cpu
        self.code = code
        self.digest = digest
        self.out = out
        self.err = err
        self.timed_out = timed_out


def clean_env(extra=None):
    """The environment for every run: none of the caller's QEMU_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QEMU_")}
    env.update(extra or {})
    return env


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def execute(argv, stdin, timeout, env):
    """Run argv once; wall time on the monotonic clock, CPU time (user +
    system) of the child, stdout hashed."""
    with open(stdin or os.devnull, "rb") as inp:
        cpu = children_cpu()
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=inp, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env,
                                    start_new_session=True)
        except OSError as e:
            return Run(0.0, 0.0, 127, "", b"", str(e).encode(), False)
        try:
            out, err = proc.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            timed_out = True
        wall = time.perf_counter() - start
    cpu = children_cpu() - cpu
    return Run(wall, cpu, proc.returncode, hashlib.sha256(out).hexdigest(),
               out, err, timed_out)


def first_line(data, limit=100):
    text = data.decode("utf-8", "replace").strip()
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= limit else line[:limit] + "..."


def first_difference(expected, got):
    """The first stdout line that differs, for the failure message."""
    want = expected.decode("utf-8", "replace").splitlines()
    have = got.decode("utf-8", "replace").splitlines()
    for i in range(max(len(want), len(have))):
        w = want[i] if i < len(want) else "<end of output>"
        h = have[i] if i < len(have) else "<end of output>"
        if w != h:
            return "line %d: expected %r, got %r" % (i + 1, w[:80], h[:80])
    return "same lines, different bytes"


def check(bench, run, timeout):
    """None if run reproduced the native run, else what went wrong, short
    (for the table) and in detail (for the log and the CSV)."""
    ref = bench.expected
    if run.timed_out:
        return "timeout", "no answer within %g s" % timeout
    if run.code != ref.code:
        how = ("killed by signal %d" % -run.code if run.code < 0
               else "exit %d" % run.code)
        msg = first_line(run.err)
        return how, "%s (native: %d)%s" % (how, ref.code,
                                           ": " + msg if msg else "")
    if run.digest != ref.digest:
        if len(run.out) > 4096 or len(ref.out) > 4096:
            return "wrong output", "wrong output (stdout checksum differs)"
        return "wrong output", "wrong output, " + first_difference(ref.out,
                                                                   run.out)
    return None


def shown(argv):
    return " ".join(argv)


def measure(bench, tools, n, timeout, log):
    """N alternating rounds; a tool that fails once is not run again."""
    ref = execute(bench.argv["native"], bench.stdin, timeout, clean_env())
    bench.expected = ref
    if ref.timed_out or ref.code != 0:
        bench.failure["native"] = check(bench, ref, timeout) or (
            "exit %d" % ref.code, "exit %d: %s" % (ref.code,
                                                   first_line(ref.err)))
        log("FAIL %s natively: %s\n     command: %s" % (
            bench.name, bench.failure["native"][1],
            shown(bench.argv["native"])))
        return
    for tool in tools:
        bench.times[tool] = []
    for _ in range(n):
        for tool in tools:
            if tool in bench.failure or tool in bench.timed_out:
                continue
            run = execute(bench.argv[tool], bench.stdin, timeout, clean_env())
            if run.timed_out:
                bench.timed_out.add(tool)
                bench.times[tool] = [math.inf]
                log("TIMEOUT %s under %s: no answer within %g s" %
                    (bench.name, tool, timeout))
                continue
            problem = check(bench, run, timeout)
            if problem:
                bench.failure[tool] = problem
                log("FAIL %s under %s: %s\n     command: %s" %
                    (bench.name, tool, problem[1], shown(bench.argv[tool])))
                continue
            bench.times[tool].append(run.seconds)
            if tool == "native":
                NATIVE_LOAD[0] += run.wall
                NATIVE_LOAD[1] += run.cpu


def median(bench, tool):
    """The median time; inf after a timeout; None when it failed or did not
    run."""
    times = bench.times.get(tool)
    if not times or tool in bench.failure:
        return None
    return statistics.median(times)


PAIRS = [("ours", "native"), ("qemu", "native"), ("ours", "qemu")]


def ratio(bench, a, b):
    """a/b when both tools ran correctly, else None."""
    ta, tb = median(bench, a), median(bench, b)
    if ta in (None, math.inf) or tb in (None, math.inf):
        return None
    return ta / tb


def ratio_cell(bench, a, b, timeout):
    """The printed ratio: a number, a bound when one side timed out, or
    '-'."""
    ta, tb = median(bench, a), median(bench, b)
    if ta == math.inf and tb not in (None, math.inf):
        return ">%.1f" % (timeout / tb)
    if tb == math.inf and ta not in (None, math.inf):
        return "<%.2f" % (ta / timeout)
    r = ratio(bench, a, b)
    return "-" if r is None else "%.2f" % r


def fmt_time(t, timeout):
    if t is None:
        return "-"
    return ">%g" % timeout if t == math.inf else "%.3f" % t


def geomean(values):
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def geomeans(benches):
    """(geomean, count) per pair, over the benchmarks where every tool ran
    correctly within the timeout, so the three means speak of the same
    programs."""
    common = [b for b in benches
              if b.times and not b.failure and not b.timed_out]
    means = []
    for x, y in PAIRS:
        values = [ratio(b, x, y) for b in common]
        means.append((None if None in values else geomean(values),
                      len(common)))
    return means


def print_table(benches, tools, timeout):
    head = "%-9s %9s %9s %9s %10s %10s %10s  %s" % (
        "benchmark", "native s", "ours s", "qemu s", "ours/nat",
        "qemu/nat", "ours/qemu", "status")
    print(head)
    print("-" * len(head))
    for b in benches:
        print("%-9s %9s %9s %9s %10s %10s %10s  %s" % (
            b.name,
            fmt_time(median(b, "native"), timeout),
            fmt_time(median(b, "ours"), timeout),
            fmt_time(median(b, "qemu"), timeout),
            *[ratio_cell(b, x, y, timeout) for x, y in PAIRS],
            b.status(["native"] + tools)))
    means = geomeans(benches)
    print("%-39s %10s %10s %10s  over the %d benchmarks every tool ran "
          "correctly in time" % ("geomean", *["%.2f" % g if g else "-"
                                      for g, _ in means], means[0][1]))


def write_csv(path, benches, tools, timeout):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["name", "native_s", "ours_s", "qemu_s", "ours/native",
                      "qemu/native", "ours/qemu", "status"])
        for b in benches:
            times = [fmt_time(median(b, t), timeout) for t in
                     ("native", "ours", "qemu")]
            ratios = [ratio_cell(b, x, y, timeout) for x, y in PAIRS]
            out.writerow([b.name] + [c if c != "-" else "" for c in
                                     times + ratios] +
                         [b.status(["native"] + tools, detail=True)])
        means = geomeans(benches)
        out.writerow(["geomean", "", "", ""] +
                     ["%.3f" % g if g else "" for g, _ in means] +
                     ["over %d benchmarks" % means[0][1]])


def chart_label(bench):
    marks = ["%s:FAIL" % t for t in ("ours", "qemu") if t in bench.failure]
    marks += ["%s:TIMEOUT" % t for t in ("ours", "qemu")
              if t in bench.timed_out]
    return bench.name + ("(%s)" % ",".join(marks) if marks else "")


def write_chart(gnuplot, script, png, benches):
    """The ratios as grouped bars, through a plain data file for gnuplot."""
    rows = [(chart_label(b), [ratio(b, x, y) for x, y in PAIRS])
            for b in benches if not b.skip and "native" not in b.failure]
    rows.append(("geomean", [g for g, _ in geomeans(benches)]))
    values = [v for _, vals in rows for v in vals if v]
    if not values:
        print("SKIP the chart: no ratio to draw")
        return
    ymin = 2.0 ** math.floor(math.log2(min(0.5, min(values) / 1.5)))
    dat = png + ".dat"
    with open(dat, "w") as f:
        for label, vals in rows:
            f.write("%s %s\n" % (label, " ".join(
                "%.4f" % v if v else "?" for v in vals)))
    cmd = [gnuplot, "-e", "datafile='%s'; outfile='%s'; ymin=%g" %
           (dat, png, ymin), script]
    res = subprocess.run(cmd, capture_output=True, text=True)
    os.unlink(dat)
    if res.returncode != 0:
        print("chart: gnuplot failed: %s" % res.stderr.strip())
    else:
        print("wrote %s" % png)


def measure_stats(benches, timeout):
    """One extra run per benchmark with QEMU_STATS=1, the counters kept."""
    for b in benches:
        if b.skip or "ours" in b.failure or "native" in b.failure:
            continue
        run = execute(b.argv["ours"], b.stdin, timeout,
                      clean_env({"QEMU_STATS": "1"}))
        for line in run.err.decode("utf-8", "replace").splitlines():
            for key, _ in STATS:
                rest = line[len(key):].split() if line.startswith(key) else []
                if rest and rest[0].isdigit():
                    b.stats[key] = int(rest[0])


def print_stats(benches):
    keys = [(k, t) for k, t in STATS if any(k in b.stats for b in benches)]
    if not keys:
        print("no translation counters (QEMU_STATS=1 printed none)")
        return
    print("translation counters of ./qemu-i386 (QEMU_STATS=1, one run):")
    print("%-9s" % "benchmark" + "".join("%13s" % t for _, t in keys))
    for b in benches:
        if b.stats:
            print("%-9s" % b.name +
                  "".join("%13s" % b.stats.get(k, "-") for k, _ in keys))


def ablate(benches, n, timeout, log):
    """Each switch, one at a time, N alternating rounds; a switch that
    fails or times out on a benchmark is not run on it again."""
    todo = [b for b in benches if median(b, "ours") not in (None, math.inf)]
    for b in todo:
        for _ in range(n):
            for name, _, env, args in SWITCHES:
                if isinstance(b.ablation.get(name), str):
                    continue
                argv = [b.argv["ours"][0]] + args + b.argv["ours"][1:]
                run = execute(argv, b.stdin, timeout, clean_env(env))
                problem = check(b, run, timeout)
                if problem:
                    b.ablation[name] = "TIMEOUT" if run.timed_out else "FAIL"
                    log("%s %s under ours with %s: %s" % (
                        b.ablation[name], b.name, name, problem[1]))
                    continue
                b.ablation.setdefault(name, []).append(run.seconds)
    return todo


def print_ablation(todo):
    """Slowdown = median with the switch / median of the plain run."""
    print("ablation: slowdown of ./qemu-i386 with one technique switched "
          "off (1.00 = no difference)")
    print("%-9s" % "benchmark" + "".join("%14s" % s[0] for s in SWITCHES))
    slow = {s[0]: [] for s in SWITCHES}
    for b in todo:
        cells = []
        for name, *_ in SWITCHES:
            times = b.ablation.get(name)
            if isinstance(times, str):
                cells.append(times)
                continue
            x = statistics.median(times) / median(b, "ours")
            slow[name].append(x)
            cells.append("%.2f" % x)
        print("%-9s" % b.name + "".join("%14s" % c for c in cells))
    print("%-9s" % "geomean" + "".join(
        "%14s" % ("%.2f" % geomean(slow[s[0]]) if slow[s[0]] else "-")
        for s in SWITCHES))
    for name, what, env, args in SWITCHES:
        how = " ".join(["%s=%s" % kv for kv in env.items()] + args)
        print("  %-11s %s (%s)" % (name, what, how))


def static_benches(bindir, ours, qemu):
    out = []
    for name in STATIC:
        prog = os.path.join(bindir, name)
        out.append(Bench(name, [prog], [ours, prog], [qemu, prog]))
    return out


def find(root, candidates):
    for c in candidates:
        if os.path.isfile(os.path.join(root, c)):
            return os.path.join(root, c)
    return None


def sysroot_benches(sysroot, srcdir, bindir, data_mb, ours, qemu):
    """gzip, bzip2 and lua from a sysroot of Debian i386 packages."""
    benches = []
    root = os.path.abspath(sysroot)
    present = os.path.isdir(root)
    ldso = find(root, ["lib/ld-linux.so.2", "usr/lib/ld-linux.so.2",
                       "lib/i386-linux-gnu/ld-linux.so.2"])
    libpath = ":".join(os.path.join(root, d) for d in
                       ["lib/i386-linux-gnu", "usr/lib/i386-linux-gnu",
                        "lib", "usr/lib"])
    data = os.path.join(bindir, "data-%dm.txt" % data_mb)
    progs = [
        ("gzip", ["bin/gzip", "usr/bin/gzip"], ["-9", "-c"], data),
        ("bzip2", ["bin/bzip2", "usr/bin/bzip2"], ["-9", "-c"], data),
        ("lua", ["usr/bin/lua5.4", "usr/bin/lua5.3"], ["-"],
         os.path.join(srcdir, "loop.lua")),
    ]
    for name, paths, args, stdin in progs:
        prog = find(root, paths) if ldso else None
        native = [ldso, "--library-path", libpath, prog] + args
        b = Bench(name, native, [ours, "-L", root, prog] + args,
                  [qemu, "-L", root, prog] + args, stdin)
        if not present:
            b.skip = "no sysroot at %s" % sysroot
        elif not ldso:
            b.skip = "no ld-linux.so.2 in %s" % sysroot
        elif not prog:
            b.skip = "none of %s in %s" % (", ".join(paths), sysroot)
        benches.append(b)
    return benches


def make_data(bindir, data_mb, log):
    """The compressors' input, made again when gendata is newer."""
    data = os.path.join(bindir, "data-%dm.txt" % data_mb)
    gendata = os.path.join(bindir, "gendata")
    if os.path.exists(data) and \
            os.path.getmtime(data) >= os.path.getmtime(gendata):
        return
    log("generating %s (%d MB)" % (data, data_mb))
    with open(data + ".tmp", "wb") as f:
        subprocess.run([gendata, str(data_mb)], stdout=f, check=True)
    os.rename(data + ".tmp", data)


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=5, help="timed runs per tool")
    p.add_argument("--only", default="", help="comma-separated benchmarks")
    p.add_argument("--ours", default="./qemu-i386")
    p.add_argument("--qemu", default="/usr/bin/qemu-i386",
                   help="Debian's qemu-i386 (package qemu-user)")
    p.add_argument("--bindir", default="build/bench")
    p.add_argument("--srcdir", default=os.path.join(here, "src"))
    p.add_argument("--sysroot", default="build/sysroot")
    p.add_argument("--data-mb", type=int, default=4,
                   help="size of the gzip/bzip2 input")
    p.add_argument("--timeout", type=float, default=120,
                   help="seconds before a run counts as too slow")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                   help="time a run by the wall clock or by its CPU time")
    p.add_argument("--ablate", action="store_true")
    p.add_argument("--no-stats", action="store_true")
    p.add_argument("--csv", default=os.path.join(here, "results.csv"))
    p.add_argument("--png", default=os.path.join(here, "ratios.png"))
    p.add_argument("--gnuplot", default="gnuplot")
    p.add_argument("--chart-script", default=os.path.join(here, "ratios.gp"))
    return p.parse_args()


def which(prog):
    for d in os.environ.get("PATH", "").split(":"):
        if os.access(os.path.join(d, prog), os.X_OK):
            return os.path.join(d, prog)
    return None


def main():
    global CLOCK
    a = parse_args()
    CLOCK = a.clock
    start = time.perf_counter()

    def log(msg):
        print(msg, flush=True)

    tools = ["native", "ours"]
    if os.access(a.qemu, os.X_OK):
        tools.append("qemu")
    else:
        log("SKIP the qemu column: %s not found (Debian package qemu-user; "
            "apt-get install qemu-user)" % a.qemu)
    benches = static_benches(a.bindir, a.ours, a.qemu)
    benches += sysroot_benches(a.sysroot, a.srcdir, a.bindir, a.data_mb,
                               a.ours, a.qemu)
    if a.only:
        wanted = a.only.split(",")
        unknown = [w for w in wanted if w not in [b.name for b in benches]]
        if unknown:
            sys.exit("unknown benchmark(s): %s (known: %s)" % (
                ", ".join(unknown), ", ".join(b.name for b in benches)))
        benches = [b for b in benches if b.name in wanted]
    if any(b.name in ("gzip", "bzip2") and not b.skip for b in benches):
        make_data(a.bindir, a.data_mb, log)

    log("%d timed runs per tool, alternating; %s time; timeout %g s per run"
        % (a.n, "wall-clock" if CLOCK == "wall" else "CPU", a.timeout))
    for b in benches:
        if b.skip:
            log("SKIP %s (%s)" % (b.name, b.skip))
            continue
        t0 = time.perf_counter()
        measure(b, tools, a.n, a.timeout, log)
        log("  %-8s %5.1f s  %s" % (b.name, time.perf_counter() - t0,
                                     b.status(tools)))
    if not a.no_stats:
        measure_stats(benches, a.timeout)

    print()
    print_table(benches, tools[1:], a.timeout)
    failures = [b for b in benches if b.failure]
    if failures:
        print("\n%d benchmark(s) FAILED (wrong output, crash or bad exit "
              "status): %s" % (len(failures),
                                ", ".join(b.name for b in failures)))
    wall, cpu = NATIVE_LOAD
    if CLOCK == "wall" and cpu > 0 and wall > 1.25 * cpu:
        print("\nNOTE: the machine was busy: the native runs took %.1fx their "
              "CPU time in wall time,\nso these ratios are noisy; rerun on an "
              "idle machine or with CLOCK=cpu" % (wall / cpu))
    if not a.no_stats:
        print()
        print_stats(benches)
    write_csv(a.csv, benches, tools[1:], a.timeout)
    print("\nwrote %s" % a.csv)
    if which(a.gnuplot):
        write_chart(a.gnuplot, a.chart_script, a.png, benches)
    else:
        print("SKIP the chart: gnuplot not found "
              "(apt-get install gnuplot-nox)")
    if a.ablate:
        print()
        print_ablation(ablate(benches, a.n, a.timeout, log))
    print("\nthe suite took %.0f s" % (time.perf_counter() - start))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
