#!/usr/bin/env bash
# The static gates of the test command (scripts/test.sh runs this):
#   1. rustfmt:  cargo fmt --all --check
#   2. clippy:   every crate and target, warnings are errors
#   3. C warnings: every C file of the runtime (and the wast host, which the
#      CLI embeds) compiled with gcc AND clang, -Wall -Wextra -Wshadow
#      -Wconversion -Werror, once as configured by default and once with
#      -DWASMC_PORTABLE=1 (the POSIX fallbacks macOS runs).
# Run it alone with `bash scripts/lint.sh`; `LINT_SKIP_RUST=1` runs only the C
# gate (quick, no cargo).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${LINT_SKIP_RUST:-}" ]; then
    echo "lint: cargo fmt --all --check"
    cargo fmt --all --check
    echo "lint: cargo clippy --workspace --all-targets -- -D warnings"
    cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
fi

# Same language level and defines as the real runtime build (runtime-support's
# CFLAGS), plus the warning set. -c with -O2 (not -fsyntax-only): gcc's
# flow-based warnings such as -Wmaybe-uninitialized only run when optimising.
WARN=(-std=gnu11 -O2 -pthread -fno-omit-frame-pointer -fPIC
    -Wall -Wextra -Wshadow -Wconversion -Werror)
mapfile -t C_FILES < <(git ls-files -- 'runtime-support/src/c/*.c' 'cli/src/*.c' 'cli/src/**/*.c')
if [ "${#C_FILES[@]}" -eq 0 ]; then
    echo "lint: no C files found (run from a git checkout)" >&2
    exit 1
fi
failed=0
for cc in gcc clang; do
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "lint: $cc not found (scripts/setup.sh installs it)" >&2
        exit 1
    fi
    for variant in "" "-DWASMC_PORTABLE=1"; do
        echo "lint: $cc ${variant:-(default)} over ${#C_FILES[@]} C files"
        for f in "${C_FILES[@]}"; do
            if ! "$cc" "${WARN[@]}" ${variant:+"$variant"} -Iruntime-support/include \
                -Iruntime-support/src/c -c -o /dev/null "$f"; then
                echo "lint: $cc $variant: $f has warnings" >&2
                failed=1
            fi
        done
    done
done
# config.h must refuse configurations that cannot work (its #error lines;
# 48 KiB of host stack reserve is refused by rt.h's assertion against
# WASMC_HOST_STACK_RESERVE_MIN, room for an unchecked wasm frame).
for bad in -DWASMC_HOST_STACK_RESERVE=1024 -DWASMC_HOST_STACK_RESERVE=49152 \
    -DWASMC_DEFAULT_STACK_SIZE=300000 \
    -DWASMC_WASI_MAX_FDS=2 -DWASMC_MAX_BACKTRACE=0; do
    if gcc -std=gnu11 "$bad" -Iruntime-support/include -fsyntax-only \
        runtime-support/src/c/util.c 2>/dev/null; then
        echo "lint: runtime-support/src/c/config.h accepted $bad" >&2
        failed=1
    fi
done
if [ "$failed" -ne 0 ]; then
    exit 1
fi
echo "lint: all gates passed"
