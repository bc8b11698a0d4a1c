#!/usr/bin/env python3
"""What wasmc's -O levels cost and buy: each benchmark kernel (the scalar
wasm32 build of scripts/bench/*.c) built with `wasmc build -O0`, `-O1` and
`-O2`, with the compile time of each level and the run time of its
executable, side by side in one run.

Compile time: user+sys CPU and wall of `wasmc build` (the link with cc
included; `--emit obj` with --obj-only), median of --builds builds. Run time:
the kernels' executables in interleaved rounds (as run.py does: round r runs
every level of every kernel, in an order rotated by r), medians of user+sys
CPU time; every level's output must equal the native build's. `--module
X.wasm` (repeatable) adds compile-only rows for other modules (e.g. a big
one from scripts/bigmodule.py).

  scripts/bench/opt_levels.py                  # all kernels, 5 rounds
  scripts/bench/opt_levels.py json vm --rounds 3
  scripts/bench/opt_levels.py --publish        # also docs/bench/opt_levels.md

Environment as run.py (WASMC, CLANG, WASI_SYSROOT, OUT; default OUT
target/bench-opt/). Python standard library only.
"""

import argparse
import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

LEVELS = ["-O0", "-O1", "-O2"]


def compile_times(wasmc, wasm, exe, level, builds, obj_only):
    """Median (cpu, wall) seconds of `builds` builds of `wasm` at `level`."""
    walls, cpus = [], []
    argv = [str(wasmc), "build", level, str(wasm), "-o", str(exe)]
    if obj_only:
        argv += ["--emit", "obj"]
    for _ in range(builds):
        wall, cpu, out, st = bench.timed(argv)
        if st != 0:
            sys.exit(f"opt_levels.py: {' '.join(argv)} failed ({st}): {out[:400]!r}")
        walls.append(wall)
        cpus.append(cpu)
    return bench.median(cpus), bench.median(walls)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("filters", nargs="*", help="kernels whose name contains one of these")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--builds", type=int, default=3, help="builds per level for compile time")
    ap.add_argument("--arg", help="argument passed to every kernel")
    ap.add_argument("--module", action="append", default=[], help="compile-only module")
    ap.add_argument("--obj-only", action="store_true", help="time `--emit obj` (no link)")
    ap.add_argument("--publish", action="store_true", help="copy the table to docs/bench/")
    ap.add_argument("--note", default="", help="a sentence added to the table")
    a = ap.parse_args()
    out = Path(os.environ.get("OUT", bench.ROOT / "target" / "bench-opt"))
    out.mkdir(parents=True, exist_ok=True)
    wasmc = bench.find_wasmc()
    clang = os.environ.get("CLANG", "clang")
    sysroot = os.environ.get("WASI_SYSROOT", "/usr")
    kernels = sorted(p.stem for p in bench.BENCH.glob("*.c"))
    if a.filters:
        kernels = [k for k in kernels if any(f in k for f in a.filters)]
    cmds, ctime, sizes = {}, {}, {}
    for k in kernels:
        d = out / k
        d.mkdir(parents=True, exist_ok=True)
        bench.log(f"building {k}")
        src = bench.BENCH / f"{k}.c"
        bench.run_checked([clang, "-O2", "-w", str(src), "-o", str(d / "native"), "-lm"])
        wasm = d / "wasm.wasm"
        bench.run_checked([clang, "--target=wasm32-wasi", f"--sysroot={sysroot}", "-O2", "-w",
                           str(src), "-o", str(wasm), "-lm"])
        cmds[k] = {"native": [str(d / "native")]}
        for lv in LEVELS:
            exe = d / f"wasmc{lv}"
            ctime[(k, lv)] = compile_times(wasmc, wasm, exe, lv, a.builds, a.obj_only)
            if a.obj_only:
                bench.run_checked([str(wasmc), "build", lv, str(wasm), "-o", str(exe)])
            sizes[(k, lv)] = exe.stat().st_size
            cmds[k][lv] = [str(exe)]
    for m in a.module:
        for lv in LEVELS:
            ctime[(m, lv)] = compile_times(wasmc, m, out / f"module{lv}", lv, a.builds, a.obj_only)
    extra = [a.arg] if a.arg else []
    _, cpus, _, failures, live = bench.measure(cmds, a.rounds, extra)
    if failures:
        print("\n".join(failures), file=sys.stderr)
    med = {k: {v: bench.median(t) for v, t in cpus[k].items() if t} for k in live}

    lines = [
        "# wasmc -O levels: compile time and run time",
        "",
        f"`scripts/bench/opt_levels.py --rounds={a.rounds} --builds={a.builds}"
        f"{' --obj-only' if a.obj_only else ''}`, {time.strftime('%Y-%m-%d')}, "
        f"{bench.version([str(wasmc), '--version'])}, {bench.cpu_model()}. "
        "Compile: median user+sys CPU seconds of `wasmc build` "
        f"({'object only' if a.obj_only else 'including the cc link'}). Run: median "
        "user+sys CPU seconds, ratio to the native clang -O2 build." + (f" {a.note}" if a.note else ""),
        "",
        "| kernel | compile -O0 | -O1 | -O2 | run -O0 | -O1 | -O2 | -O2 vs native | exe bytes -O0 / -O1 / -O2 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for k in kernels:
        c = [f"{ctime[(k, lv)][0]:.3f}" for lv in LEVELS]
        if k in med:
            r = [f"{med[k][lv]:.3f}" for lv in LEVELS]
            vs = f"{med[k]['-O2'] / med[k]['native']:.2f}×"
        else:
            r, vs = ["failed"] * 3, "–"
        s = " / ".join(str(sizes[(k, lv)]) for lv in LEVELS)
        lines.append(f"| {k} | {' | '.join(c)} | {' | '.join(r)} | {vs} | {s} |")
    for m in a.module:
        c = [f"{ctime[(m, lv)][0]:.3f}" for lv in LEVELS]
        lines.append(f"| `{Path(m).name}` (compile only) | {' | '.join(c)} | | | | | |")
    if live:
        g = {lv: bench.geomean([med[k][lv] / med[k]["native"] for k in live]) for lv in LEVELS}
        gc = {lv: bench.geomean([ctime[(k, lv)][0] for k in kernels]) for lv in LEVELS}
        lines += [
            "",
            "Geomeans over the kernels: run time vs native "
            + ", ".join(f"{lv} {g[lv]:.2f}×" for lv in LEVELS)
            + "; compile CPU "
            + ", ".join(f"{lv} {gc[lv]:.3f} s" for lv in LEVELS)
            + ".",
        ]
    text = "\n".join(lines) + "\n"
    (out / "opt_levels.md").write_text(text)
    print(text)
    if a.publish:
        dest = bench.ROOT / "docs" / "bench" / "opt_levels.md"
        shutil.copy(out / "opt_levels.md", dest)
        bench.log(f"published {dest}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
