#!/usr/bin/env bash
# Side-by-side benchmarks: the same C programs compiled natively (clang -O2)
# and to wasm32-wasi, then run as wasmc executables (guard and explicit
# bounds checks) and, when `wasmtime` is on PATH, under Wasmtime as a peer
# (`cargo install wasmtime-cli --locked`; 48.0.8 is the newest that builds
# with rustc 1.95), precompiled with `wasmtime compile` so that run time, not
# JIT time, is compared. Everything is measured in one
# hyperfine run per program, so the ratios compare like with like.
#
#   scripts/bench.sh            # all programs, default sizes
#   RUNS=10 scripts/bench.sh    # more runs per command
#
# Results: a markdown table per program under target/bench/, and a summary of
# mean times relative to native on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get install -y --no-install-recommends hyperfine
fi
bash scripts/setup.sh
cargo build --release -p wasmc
WASMC=target/release/wasmc
OUT=target/bench
mkdir -p "$OUT"
RUNS=${RUNS:-5}

for src in scripts/bench/*.c; do
    name=$(basename "$src" .c)
    clang -O2 -w "$src" -o "$OUT/$name.native" -lm
    clang --target=wasm32-wasi --sysroot=/usr -O2 -w "$src" -o "$OUT/$name.wasm" -lm
    $WASMC build "$OUT/$name.wasm" -o "$OUT/$name.guard" --bounds-checks guard
    $WASMC build "$OUT/$name.wasm" -o "$OUT/$name.explicit" --bounds-checks explicit
    cmds=("$OUT/$name.native" "$OUT/$name.guard" "$OUT/$name.explicit")
    names=(native wasmc-guard wasmc-explicit)
    if command -v wasmtime >/dev/null 2>&1; then
        # Precompiled (.cwasm) so that run time, not JIT time, is compared.
        wasmtime compile "$OUT/$name.wasm" -o "$OUT/$name.cwasm"
        cmds+=("wasmtime run --allow-precompiled $OUT/$name.cwasm")
        names+=(wasmtime-aot)
    fi
    args=()
    for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
    hyperfine -N --warmup 1 --runs "$RUNS" --export-markdown "$OUT/$name.md" \
        --export-json "$OUT/$name.json" "${args[@]}" >/dev/null
    python3 - "$OUT/$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["mean"]
print(f"{sys.argv[2]}: " + ", ".join(f"{x['command']} {x['mean']:.3f}s ({x['mean']/base:.2f}x)" for x in r))
PY
done

# Compile speed: the largest test program, all cores vs one.
big=$(ls -S "$OUT"/*.wasm | head -1)
hyperfine -N --warmup 1 --runs "$RUNS" --export-markdown "$OUT/compile.md" \
    -n "wasmc build (all cores)" "$WASMC build $big -o $OUT/compile.out" \
    -n "wasmc build -j1" "$WASMC build -j1 $big -o $OUT/compile.out"
