#!/usr/bin/env python3
"""A/B comparison of two sets of `wasmc build` flags on the benchmark kernels.

Each kernel (scripts/bench/<name>.c) is compiled once to wasm32-wasi with
clang -O2 (add --simd for -msimd128), built twice with wasmc (flags A and
flags B), and both executables are run alternately for ROUNDS rounds; both
must print the same output. Prints the median user+sys CPU time of each, the
ratio A/B, executable sizes and the geomean of the ratios.

  scripts/bench/ab.py --b=--no-inline json vm lz77       # inlining's effect
  scripts/bench/ab.py --a='--cpu baseline+x86-64-v3' --simd chacha20 sha256
  scripts/bench/ab.py --wasmc-a=/tmp/wasmc-before json recursion  # a compiler change

Environment: WASMC (default target/release/wasmc, else target/debug/wasmc;
--wasmc-a builds A with another binary, e.g. one from before a change),
CLANG (clang), WASI_SYSROOT (/usr). Python standard library only.
"""

import argparse
import math
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def wasmc_path():
    if "WASMC" in os.environ:
        return os.environ["WASMC"]
    for p in ("target/release/wasmc", "target/debug/wasmc"):
        if (ROOT / p).exists():
            return str(ROOT / p)
    sys.exit("ab.py: no wasmc binary; build it or set WASMC")


def cpu_time(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"ab.py: {shlex.join(argv)} exited with {r.returncode}")
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return t, r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kernels", nargs="+")
    ap.add_argument("--a", default="", help="wasmc build flags of A (default: none)")
    ap.add_argument("--b", default="", help="wasmc build flags of B (default: none)")
    ap.add_argument("--simd", action="store_true", help="compile the kernels with -msimd128")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--stat", choices=("median", "min"), default="median",
                    help="per-executable statistic (min: on a shared, noisy machine, where "
                         "interference only adds time)")
    ap.add_argument("--wasmc-a", default=None, help="wasmc binary of A (default: that of B)")
    args = ap.parse_args()
    wasmc = wasmc_path()
    binary = {"a": args.wasmc_a or wasmc, "b": wasmc}
    clang = os.environ.get("CLANG", "clang")
    sysroot = os.environ.get("WASI_SYSROOT", "/usr")
    work = Path(tempfile.mkdtemp(prefix="wasmc-ab-"))
    exes = {}
    for k in args.kernels:
        src = ROOT / "scripts" / "bench" / f"{k}.c"
        wasm = work / f"{k}.wasm"
        subprocess.run([clang, "--target=wasm32-wasi", f"--sysroot={sysroot}", "-O2", "-w",
                        *(["-msimd128"] if args.simd else []), str(src), "-o", str(wasm), "-lm"],
                       check=True)
        for side, flags in (("a", args.a), ("b", args.b)):
            exe = work / f"{k}.{side}"
            subprocess.run([binary[side], "build", *shlex.split(flags), str(wasm), "-o", str(exe)],
                           check=True)
            exes[(k, side)] = str(exe)
    times = {key: [] for key in exes}
    for r in range(args.rounds):
        for k in args.kernels:
            outs = set()
            # Alternate which side runs first, so neither always follows the
            # other (caches, frequency).
            for side in ("a", "b") if r % 2 == 0 else ("b", "a"):
                t, out = cpu_time([exes[(k, side)]])
                times[(k, side)].append(t)
                outs.add(out)
            if len(outs) != 1:
                sys.exit(f"ab.py: {k}: A and B print different output")
    print(f"A: {binary['a']} build {args.a or '(no flags)'}; "
          f"B: {binary['b']} build {args.b or '(no flags)'}; "
          f"{args.rounds} rounds, {args.stat} user+sys CPU time")
    print("| kernel | A | B | A/B | size A | size B |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    stat = statistics.median if args.stat == "median" else min
    for k in args.kernels:
        a = stat(times[(k, "a")])
        b = stat(times[(k, "b")])
        ratios.append(a / b)
        sa, sb = (os.path.getsize(exes[(k, s)]) for s in ("a", "b"))
        print(f"| {k} | {a:.3f} s | {b:.3f} s | {a / b:.3f} | {sa} | {sb} |")
    print(f"geomean A/B: {math.exp(sum(map(math.log, ratios)) / len(ratios)):.3f}")


if __name__ == "__main__":
    main()
