#!/usr/bin/env bash
# Installs the toolchain the wasmc test suite needs (Debian/Ubuntu):
#   clang + lld            C -> native and C -> wasm32-wasi
#   wasi-libc              the wasm32-wasi sysroot (/usr/lib/wasm32-wasi, /usr/include/wasm32-wasi)
#   libclang-rt-dev-wasm32 compiler-rt builtins for wasm32 (__int128 helpers etc.)
#   wabt, binaryen         wat2wasm / wasm-validate / wasm-objdump, wasm-opt
#   gcc-{aarch64,riscv64,s390x}-linux-gnu, libc6-dev-{arm64,riscv64,s390x}-cross
#                          cross C compilers and libcs for `wasmc build --target`
#   qemu-user              qemu-aarch64/-riscv64/-s390x/-x86_64: runs the
#                          cross-built programs (tests/tests/cross/)
#   make                   GNU make: its jobserver and `wasmc -j` (tests/tests/cli_jobserver.rs)
#   csmith, libcsmith-dev  random C programs (and csmith.h) for the executable
#                          fuzzing (tests/tests/fuzz_exe.rs, fuzz/src/csmith.rs)
#   zig (PyPI: ziglang)    a C toolchain that links Mach-O executables for the
#                          darwin targets (macOS headers and libSystem stubs
#                          included); `zig` is linked into /usr/local/bin.
#                          Also the wasm32-wasi C++ toolchain with exceptions
#                          (clang 22, both EH encodings; libc++, libc++abi,
#                          libunwind and wasi-libc sources) of
#                          tests/tests/cxx_programs.rs (tests/src/cxx.rs)
#   clang-19, lld-19, libclang-rt-19-dev-wasm32
#                          C -> wasm32-wasip1-threads (pthreads) with
#   rustup target wasm32-wasip1-threads
#                          Rust's build of wasi-libc with the POSIX thread
#                          model (libc.a, crt1-command.o; headers: zig's
#                          copy of wasi-libc's), tests/src/pthreads.rs
#
# Idempotent: if every needed command and file is already present, nothing is
# installed and apt-get is not even updated. Runs as root (CI) or through sudo
# when available.
set -euo pipefail

PACKAGES=(clang lld wasi-libc libclang-rt-dev-wasm32 wabt binaryen
    clang-19 lld-19 libclang-rt-19-dev-wasm32
    qemu-user gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu gcc-s390x-linux-gnu
    libc6-dev-arm64-cross libc6-dev-riscv64-cross libc6-dev-s390x-cross make
    csmith libcsmith-dev)
# Cross targets: (gcc prefix, qemu name) per Linux target of the tests.
CROSS=(aarch64-linux-gnu:aarch64 riscv64-linux-gnu:riscv64 s390x-linux-gnu:s390x)
SYSROOT="${WASI_SYSROOT:-/usr}"

missing=()
need_cmd() {
    command -v "$1" >/dev/null 2>&1 || missing+=("command $1")
}
need_file() {
    [ -e "$1" ] || missing+=("file $1")
}
need_cross() {
    local c prefix arch
    need_cmd qemu-x86_64
    for c in "${CROSS[@]}"; do
        prefix="${c%%:*}"
        arch="${c##*:}"
        need_cmd "$prefix-gcc"
        need_cmd "qemu-$arch"
        need_file "/usr/$prefix/include/stdio.h"
        need_file "/usr/$prefix/lib/libc.so.6"
    done
}

need_cmd clang
need_cmd clang++
need_cmd wasm-ld
need_cmd ld.lld
need_cmd wat2wasm
need_cmd wasm-validate
need_cmd wasm-opt
need_cmd make
need_cmd csmith
need_file /usr/include/csmith/csmith.h
need_file "$SYSROOT/lib/wasm32-wasi/libc.a"
need_file "$SYSROOT/lib/wasm32-wasi/crt1-command.o"
need_file "$SYSROOT/include/wasm32-wasi/stdio.h"
need_file "$SYSROOT/lib/wasm32-wasi/libwasi-emulated-process-clocks.a"
# compiler-rt builtins for wasm32 live in clang's resource directory
if command -v clang >/dev/null 2>&1; then
    need_file "$(clang -print-resource-dir)/lib/wasi/libclang_rt.builtins-wasm32.a"
fi
need_cross
need_clang19() {
    need_cmd clang-19
    need_cmd wasm-ld-19
    if command -v clang-19 >/dev/null 2>&1; then
        need_file "$(clang-19 -print-resource-dir)/lib/wasi/libclang_rt.builtins-wasm32.a"
    fi
}
need_clang19

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    SUDO=(false) # only needed if something is missing; then it says so below
fi

# Zig, pinned: `zig cc -target <arch>-macos` links for the darwin targets.
ZIG_VERSION=0.17.0
if [ "$(zig version 2>/dev/null || true)" != "$ZIG_VERSION" ]; then
    if [ "${SUDO[0]-}" = false ]; then
        echo "setup.sh: not root and sudo is not available; install as root: python3 -m pip install ziglang==$ZIG_VERSION" >&2
        exit 1
    fi
    ${SUDO[@]+"${SUDO[@]}"} python3 -m pip install --quiet --disable-pip-version-check \
        --root-user-action=ignore "ziglang==$ZIG_VERSION"
    zig_bin="$(python3 -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
    ${SUDO[@]+"${SUDO[@]}"} ln -sf "$zig_bin" /usr/local/bin/zig
    if [ "$(zig version 2>/dev/null || true)" != "$ZIG_VERSION" ]; then
        echo "setup.sh: zig $ZIG_VERSION is not on PATH after installing ziglang" >&2
        exit 1
    fi
    echo "setup.sh: installed zig $ZIG_VERSION"
fi

# Rust's build of wasi-libc for wasm32-wasip1-threads (tests/src/pthreads.rs):
# rustup's own download, not apt.
threads_libc="$(rustc --print sysroot)/lib/rustlib/wasm32-wasip1-threads/lib/self-contained/libc.a"
if [ ! -f "$threads_libc" ]; then
    if ! command -v rustup >/dev/null 2>&1; then
        echo "setup.sh: $threads_libc is missing and rustup is not available: install Rust's wasm32-wasip1-threads target" >&2
        exit 1
    fi
    rustup target add wasm32-wasip1-threads
    if [ ! -f "$threads_libc" ]; then
        echo "setup.sh: $threads_libc is still missing after rustup target add" >&2
        exit 1
    fi
    echo "setup.sh: installed Rust's wasm32-wasip1-threads target"
fi

if [ "${#missing[@]}" -eq 0 ]; then
    echo "setup.sh: toolchain already installed"
    exit 0
fi

echo "setup.sh: missing: ${missing[*]}"

if [ "${SUDO[0]-}" = false ]; then
    echo "setup.sh: not root and sudo is not available; install as root: apt-get install ${PACKAGES[*]}" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: apt-get not found; install these packages manually: ${PACKAGES[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
${SUDO[@]+"${SUDO[@]}"} apt-get update
${SUDO[@]+"${SUDO[@]}"} apt-get install -y --no-install-recommends "${PACKAGES[@]}"

# Verify the result instead of trusting the package names.
missing=()
need_cmd clang
need_cmd wasm-ld
need_cmd wat2wasm
need_cmd wasm-opt
need_cmd make
need_cmd csmith
need_file "$SYSROOT/lib/wasm32-wasi/libc.a"
need_file "$(clang -print-resource-dir)/lib/wasi/libclang_rt.builtins-wasm32.a"
need_cross
need_clang19
if [ "${#missing[@]}" -ne 0 ]; then
    echo "setup.sh: still missing after install: ${missing[*]}" >&2
    exit 1
fi

# Smoke test: the C -> wasm32-wasi toolchain links a program using libm.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '#include <stdio.h>\n#include <math.h>\nint main(void){printf("%%g\\n", sqrt(2.0));return 0;}\n' >"$tmp/t.c"
clang --target=wasm32-wasi --sysroot="$SYSROOT" -O2 "$tmp/t.c" -o "$tmp/t.wasm" -lm
echo "setup.sh: toolchain installed"
