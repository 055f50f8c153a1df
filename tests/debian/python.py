# python.py: integers, floats, dicts, string formatting and a generator.

def lcg(seed):
    """an endless generator of pseudo-random numbers, the same everywhere"""
    while True:
        seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
        yield seed >> 33


def take(n, it):
    for _ in range(n):
        yield next(it)


# integers: big ones, division, bit operations
f = 1
for i in range(1, 301):
    f *= i
print("300! has", len(str(f)), "digits, digit sum", sum(map(int, str(f))))
print("2**521-1 mod 10**12 =", (2**521 - 1) % 10**12)
print("pow(3, 10**6, 10**9+7) =", pow(3, 10**6, 10**9 + 7))
print("divmod", divmod(-17, 5), divmod(17, -5), -17 // 5, -17 % 5)
print("bits", (0xdeadbeef << 37) ^ (1 << 100), (-1234567) >> 3, (255).bit_length(),
      bin(2023), hex(-255), int("z1", 36))
fib = [0, 1]
while len(fib) < 200:
    fib.append(fib[-1] + fib[-2])
print("fib(199) =", fib[199])

# floats
xs = [x / 1000 for x in take(10000, lcg(1))]
mean = sum(xs) / len(xs)
var = sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)
print("mean %.10f var %.10e" % (mean, var))
print("repr", repr(0.1 + 0.2), repr(1 / 3), repr(2.0 ** 0.5), repr(1e22), repr(5e-324))
print("round", round(2.675, 2), round(0.5), round(1.5), round(-2.5), round(1234.5678, -2))
print("float ops", 7.5 // 2, -7.5 % 2, float("inf") - 1e308, 1e308 * 10,
      (1e308 * 10) - (1e308 * 10) != 0, float.hex(0.1), (0.1).as_integer_ratio())
acc = 0.0
for k in range(1, 100001):
    acc += (-1) ** (k + 1) / (2 * k - 1)
print("leibniz pi %.15f" % (4 * acc))

# dicts: counting, grouping, ordering, comprehension
words = ["".join("ptkaeiou"[n % 8] for n in take(1 + n % 5, lcg(n))) for n in range(3000)]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
print("distinct", len(counts), "top", top)
groups = {}
for w in words:
    groups.setdefault(len(w), set()).add(w)
print("by length", {k: len(v) for k, v in sorted(groups.items())})
inverted = {v: k for k, v in counts.items()}
print("inverted keys", sorted(inverted)[:10], "first key", next(iter(counts)))
merged = {**{"a": 1, "b": 2}, **{"b": 3, "c": 4}}
merged |= {"d": 5}
print("merged", merged, list(merged.keys())[::-1])

# string formatting
row = ("widget", 1234.5678, -42, 0.000123)
print("%-10s|%10.2f|%+5d|%.3e" % row)
print("{:>10}|{:<10.3f}|{:^9}|{:08.3f}".format("right", 3.14159, "mid", -2.5))
name, value = "ratio", 2 / 7
print(f"{name!r:>12} = {value:.6%} {value:g} {12345678:,} {255:#06x} {3.0:e}")
print("{0}{1}{0}".format("ab", "-"), "x".join(["1", "2", "3"]), "Tab\tand\\backslash")
table = "\n".join(f"{i:3d} {i * i:6d} {i ** 0.5:10.6f}" for i in range(1, 6))
print(table)

# a generator pipeline
def primes():
    found = []
    n = 2
    while True:
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n
        n += 1


def windows(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield tuple(buf)
            buf.pop(0)


gaps = (b - a for a, b in windows(primes(), 2))
big = [g for g, _ in zip(gaps, range(3000)) if g >= 20]
print("prime gaps >= 20 among the first 3000:", len(big), max(big))
print("squares", sum(x * x for x in range(10**5)), list(x for x in range(30) if x % 7 == 3))
