#!/usr/bin/env python3
"""Multi-versioned code (`--cpu baseline+x86-64-v3`, the x86-64 default:
hot functions copied; and `--multiversion all`) against the single-CPU
baseline build (`--cpu baseline`): executable and .text sizes of every bench
kernel, and the run time of some kernels built with -msimd128 for the
baseline, for `baseline+x86-64-v3` hot and all (automatic choice: variant 1
on an x86-64-v3 machine), for the hot build with WASMC_CPU_VARIANT=0
forced, and for `--cpu native`.

Interleaved rounds and medians of the child's user+sys CPU time, as
scripts/bench/run.py measures (see there why). Every run must print the
checksum of the baseline build.

  scripts/bench/cpu_variants.py                    # chacha20 sha256, 5 rounds
  scripts/bench/cpu_variants.py --rounds 3 matmul  # other kernels

Environment: WASMC (default target/release/wasmc, else target/debug/wasmc),
CLANG (clang), WASI_SYSROOT (/usr), OUT (target/bench-variants).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = ROOT / "scripts" / "bench"
MULTI = "baseline+x86-64-v3"


def wasmc_bin():
    if os.environ.get("WASMC"):
        return os.environ["WASMC"]
    for p in ("release", "debug"):
        b = ROOT / "target" / p / "wasmc"
        if b.exists():
            return str(b)
    sys.exit("no wasmc binary: cargo build -p wasmc")


def check(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(map(str, argv))} failed:\n{r.stderr}")
    return r.stdout


def text_size(exe):
    """Bytes of .text (size -A) of an executable or object."""
    for line in check(["size", "-A", str(exe)]).splitlines():
        f = line.split()
        if f and f[0] == ".text":
            return int(f[1])
    return 0


def timed(argv, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode != 0:
        sys.exit(f"{argv} failed: {r.stderr.decode(errors='replace')}")
    return cpu, r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kernels", nargs="*", default=["chacha20", "sha256"])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--arg", help="argument passed to every kernel (default: its own)")
    a = ap.parse_args()
    wasmc = wasmc_bin()
    clang = os.environ.get("CLANG", "clang")
    sysroot = os.environ.get("WASI_SYSROOT", "/usr")
    out = Path(os.environ.get("OUT", ROOT / "target" / "bench-variants"))
    out.mkdir(parents=True, exist_ok=True)

    ALL = MULTI + " all"
    configs = [("baseline", ["--cpu", "baseline"], {}), (MULTI, ["--cpu", MULTI], {}),
               (ALL, ["--cpu", MULTI, "--multiversion", "all"], {}),
               (MULTI + " variant 0", ["--cpu", MULTI], {"WASMC_CPU_VARIANT": "0"}),
               ("native", ["--cpu", "native"], {})]
    sized = ["baseline", MULTI, ALL]
    print("## Sizes (plain and -msimd128 modules of every kernel)\n")
    print("Executable bytes, and `.text` bytes of the module's own object (`--emit obj`: the\n"
          "compiled wasm code, without the runtime).\n")
    print("| kernel | module | " + " | ".join(f"exe {n}" for n in sized) + " | "
          + " | ".join(f"code {n}" for n in sized) + " |")
    print("|---|---|" + "---|" * (2 * len(sized)))
    exes = {}
    totals = [0] * (2 * len(sized))
    for src in sorted(BENCH.glob("*.c")):
        k = src.stem
        for flavour, extra in (("wasm", []), ("simd", ["-msimd128"])):
            w = out / f"{k}.{flavour}.wasm"
            check([clang, "--target=wasm32-wasi", f"--sysroot={sysroot}", "-O2", "-w", *extra,
                   str(src), "-o", str(w), "-lm"])
            sizes = []
            for name, flags, _ in configs:
                if name.endswith("variant 0"):
                    exes[(k, flavour, name)] = exes[(k, flavour, MULTI)]
                    continue
                exe = out / f"{k}.{flavour}.{name.replace('+', '_').replace(' ', '_')}"
                if name != "native" or flavour == "simd":
                    check([wasmc, "build", str(w), "-o", str(exe), *flags])
                    exes[(k, flavour, name)] = exe
                if name in sized:
                    sizes.append(exe)
            objs = []
            for name, flags, _ in configs:
                if name in sized:
                    o = out / f"{k}.{flavour}.{name.replace('+', '_').replace(' ', '_')}.o"
                    check([wasmc, "build", str(w), "--emit", "obj", "-o", str(o), *flags])
                    objs.append(o)
            row = [exe.stat().st_size for exe in sizes] + [text_size(o) for o in objs]
            totals = [t + r for t, r in zip(totals, row)]
            print(f"| {k} | {flavour} | " + " | ".join(map(str, row)) + " |")
    n = len(sized)
    cells = [f"{totals[i]}" + (f" ({totals[i] / totals[i - i % n]:.2f}x)" if i % n else "")
             for i in range(2 * n)]
    print("| **all** | | " + " | ".join(cells) + " |\n")

    print(f"## Run time, -msimd128, user+sys s, median of {a.rounds} interleaved rounds\n")
    names = [c[0] for c in configs]
    times = {(k, n): [] for k in a.kernels for n in names}
    want = {}
    for r in range(a.rounds):
        for k in a.kernels:
            order = names[r % len(names):] + names[:r % len(names)]
            for n in order:
                env = dict(os.environ)
                env.pop("WASMC_CPU_VARIANT", None)
                env.update(next(c[2] for c in configs if c[0] == n))
                argv = [str(exes[(k, "simd", n)])] + ([a.arg] if a.arg else [])
                t, stdout = timed(argv, env)
                if want.setdefault(k, stdout) != stdout:
                    sys.exit(f"{k} {n}: output differs from the baseline build's")
                times[(k, n)].append(t)
    print("| kernel | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for k in a.kernels:
        base = statistics.median(times[(k, "baseline")])
        cells = [f"{statistics.median(times[(k, n)]):.2f} ({statistics.median(times[(k, n)]) / base:.2f}x)"
                 for n in names]
        print(f"| {k} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
