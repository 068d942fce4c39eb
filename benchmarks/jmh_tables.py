#!/usr/bin/env python3
"""Markdown tables of docs/performance.md from JMH JSON results (-rf json), any number of files.

Iterations of the same benchmark and size are pooled across files (passes). Each cell is the
median ns/op with the interquartile range of the one-second iterations, which a burst of load from
another process moves less than a mean; ratios are of medians, with the range
[p25(a)/p75(b), p75(a)/p25(b)]. With -prof perfnorm, instructions per operation are shown too.
"""
import collections
import json
import statistics
import sys

SIZES = ["16", "64", "1024", "16384"]
OPS = ["encrypt", "decrypt", "roundTrip"]
COLUMNS = [
    ("fieldcrypt String", "FieldcryptBench.{}String"),
    ("JDK String, same format", "JdkAesGcmBench.{}String"),
    ("Tink String, +base64", "TinkAesGcmBench.{}String"),
    ("Jasypt String", "JasyptBench.{}String"),
    ("fieldcrypt byte[]", "FieldcryptBench.{}Bytes"),
    ("JDK byte[] (floor)", "JdkAesGcmBench.{}Bytes"),
    ("Tink byte[]", "TinkAesGcmBench.{}Bytes"),
]


def quantile(xs, q):
    xs = sorted(xs)
    i = (len(xs) - 1) * q
    lo, hi = int(i), min(int(i) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (i - lo)


def load(paths):
    raw = collections.defaultdict(list)
    instr = collections.defaultdict(list)
    alloc = collections.defaultdict(list)
    for path in paths:
        for b in json.load(open(path)):
            name = ".".join(b["benchmark"].split(".")[-2:])
            key = name + "@" + b.get("params", {}).get("size", "")
            raw[key] += [x for it in b["primaryMetric"]["rawData"] for x in it]
            sm = b.get("secondaryMetrics", {})
            if "instructions" in sm:
                instr[key].append(sm["instructions"]["score"])
            if "gc.alloc.rate.norm" in sm:
                alloc[key].append(sm["gc.alloc.rate.norm"]["score"])
    stats = {}
    for key, xs in raw.items():
        stats[key] = {
            "med": statistics.median(xs),
            "p25": quantile(xs, 0.25),
            "p75": quantile(xs, 0.75),
            "n": len(xs),
            "instr": statistics.mean(instr[key]) if instr[key] else None,
        }
    return stats


def cell(s):
    if s is None:
        return "–"
    return f"{s['med']:,.0f} [{s['p25']:,.0f}–{s['p75']:,.0f}]"


def ratio(a, b):
    if a is None or b is None:
        return "–"
    r, lo, hi = a["med"] / b["med"], a["p25"] / b["p75"], a["p75"] / b["p25"]
    fmt = "{:.0f}" if r >= 10 else "{:.2f}"
    text = f"{fmt.format(r)} [{fmt.format(lo)}–{fmt.format(hi)}]"
    if a["instr"] and b["instr"]:
        text += f", instr {a['instr'] / b['instr']:.2f}"
    return text


def main(paths):
    s = load(paths)
    get = lambda pattern, op, size: s.get(pattern.format(op) + "@" + size)
    for op in OPS:
        print(f"\n**{op}**, ns/op: median [interquartile range]\n")
        print("| size | " + " | ".join(c[0] for c in COLUMNS) + " |")
        print("|---:|" + "---:|" * len(COLUMNS))
        for size in SIZES:
            print(f"| {size} | " + " | ".join(cell(get(c[1], op, size)) for c in COLUMNS) + " |")
    print("\n**Ratios** of medians [range from the interquartile ranges], instr = ratio of"
          " instructions per operation\n")
    print("| op | size | fieldcrypt / JDK floor, byte[] (bar ≤ 1.25) | fieldcrypt / JDK same format,"
          " String | Tink / fieldcrypt, String (bar ≥ 1.0) | Tink / fieldcrypt, byte[] |"
          " Jasypt / fieldcrypt, String (bar ≥ 100) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for op in OPS:
        for size in SIZES:
            fs, fb = get("FieldcryptBench.{}String", op, size), get("FieldcryptBench.{}Bytes", op, size)
            print(f"| {op} | {size} | "
                  + " | ".join([
                      ratio(fb, get("JdkAesGcmBench.{}Bytes", op, size)),
                      ratio(fs, get("JdkAesGcmBench.{}String", op, size)),
                      ratio(get("TinkAesGcmBench.{}String", op, size), fs),
                      ratio(get("TinkAesGcmBench.{}Bytes", op, size), fb),
                      ratio(get("JasyptBench.{}String", op, size), fs),
                  ]) + " |")
    others = sorted(k for k in s if k.startswith(("RotationBench", "ColumnsBench")))
    if others:
        print("\n**Rotation and columns** (64-byte values), ns/op: median [interquartile range]\n")
        print("| benchmark | ns/op | instructions/op |")
        print("|---|---:|---:|")
        for k in others:
            instr = f"{s[k]['instr']:,.0f}" if s[k]["instr"] else "–"
            print(f"| {k.rstrip('@')} | {cell(s[k])} | {instr} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: jmh_tables.py RESULT.json...")
    main(sys.argv[1:])
