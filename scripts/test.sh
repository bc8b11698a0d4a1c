#!/usr/bin/env bash
# The test command (README "Test"): installs what the tests need, then runs
# every test of the workspace. CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# The integration tests drive the real `wasmc` binary.
cargo build --workspace --locked

# Static gates: rustfmt, clippy -D warnings, the C warning gate (gcc + clang).
bash scripts/lint.sh
if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --workspace --locked --no-fail-fast "$@"
else
    cargo test --workspace --locked --no-fail-fast "$@"
fi
