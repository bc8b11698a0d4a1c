#!/usr/bin/env python3
"""Generate a big, realistic, runnable WebAssembly module, deterministically.

Why: compile speed and peak memory only show their shape (linear or not) on
modules of tens of megabytes, like real big applications: tens of thousands
of small and medium functions, a few huge ones, a big function table and
big data segments. This script builds one from real clang output instead of
random bytes, so the code is what compilers really see.

How:
  1. The *base* module: the twelve benchmark kernels of scripts/bench/*.c,
     each compiled with clang -O2 for wasm32-wasi with its `main` renamed,
     linked with a small driver whose `main` runs the kernel named by argv[1]
     (`big.wasm json 1` behaves like the json kernel with argument 1). Or any
     module given with --base (it must define its memory, not import it).
  2. Every defined function body of the base is appended COPIES more times,
     byte for byte. The copies' calls still name the original functions, so
     every body stays valid without rewriting it; all copies (and the huge
     functions) sit in an extra funcref table with an active element
     segment, as a big application's function-pointer table would.
  3. HUGE generated functions, each a state machine with CASES cases (a
     `br_table` over nested blocks, arithmetic on locals, memory loads and
     stores per case), like an interpreter loop or generated parser.
  4. DATA megabytes of deterministic pseudo-random bytes in SEGMENTS active
     data segments, placed above the base's memory (whose minimum grows to
     cover them), as big read-only tables would be.
  5. A name section naming every function (the base's name, else `fN`;
     `NAME.cK` for copy K; `huge_N`), as toolchains emit it. Custom
     sections of the base (debug info) are dropped.

The base program still runs unchanged: `wasmc build big.wasm -o big &&
./big json 1` prints what the json kernel prints.

Knobs (defaults give about 64 MB):
  --scale S      multiply copies, huge functions and data by S (1x/2x/4x
                 scaling runs); default 1
  --copies N     copies of the base's functions at scale 1 (default 1100)
  --huge N       huge functions at scale 1 (default 8)
  --cases N      cases per huge function (default 4000, ~100 KB of code each)
  --data-mb N    data megabytes at scale 1 (default 16)
  --segments N   number of generated data segments (default 16)
  --seed N       seed of the data bytes and of the case mix (default 1)
  --base FILE    base module instead of the kernels
  --work DIR     where the kernel objects and base.wasm are built
                 (default: next to the output)
  --clang CLANG  clang for the base (default clang; WASI_SYSROOT or /usr)

The output depends only on the knobs and (for the default base) on clang's
output; the same clang gives byte-identical modules. Needs Python 3.9+.

  scripts/bigmodule.py -o target/bigmod/big.wasm            # ~64 MB
  scripts/bigmodule.py --scale 0.25 -o target/bigmod/q.wasm # ~16 MB
"""

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNELS = ["chacha20", "crc32", "jacobi", "json", "lu", "lz77", "matmul",
           "nbody", "recursion", "sha256", "sieve_hash", "vm"]

DRIVER = r"""
#include <stdio.h>
#include <string.h>
#define K(n) int main_##n(int, char **);
KERNELS_DECL
int main(int argc, char **argv) {
    static const struct { const char *n; int (*f)(int, char **); } ks[] = {
#define E(n) {#n, main_##n},
KERNELS_TABLE
    };
    if (argc < 2) { fprintf(stderr, "usage: %s KERNEL [ARG]\n", argv[0]); return 2; }
    for (unsigned i = 0; i < sizeof ks / sizeof ks[0]; i++)
        if (!strcmp(argv[1], ks[i].n)) return ks[i].f(argc - 1, argv + 1);
    fprintf(stderr, "unknown kernel %s\n", argv[1]);
    return 2;
}
"""


# --- LEB128 -----------------------------------------------------------------

def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    items = list(items)
    return uleb(len(items)) + b"".join(items)


def name(s):
    b = s.encode()
    return uleb(len(b)) + b


class Reader:
    def __init__(self, data, pos=0):
        self.d, self.p = data, pos

    def byte(self):
        b = self.d[self.p]
        self.p += 1
        return b

    def uleb(self):
        n = shift = 0
        while True:
            b = self.byte()
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return n

    def bytes(self, n):
        b = self.d[self.p:self.p + n]
        self.p += n
        return b

    def name(self):
        return self.bytes(self.uleb()).decode("utf-8", "replace")

    def reftype(self):
        b = self.byte()
        if b in (0x63, 0x64):  # (ref null? ht): a heap type, s33
            self.uleb()

    def valtype(self):
        b = self.d[self.p]
        if b in (0x63, 0x64):
            self.reftype()
        else:
            self.byte()

    def limits(self):
        flags = self.byte()
        lo = self.uleb()
        hi = self.uleb() if flags & 1 else None
        if flags & 0x08:
            self.uleb()
        return flags, lo, hi


def die(msg):
    sys.exit(f"bigmodule: {msg}")


# --- the base module --------------------------------------------------------

def build_base(work, clang):
    sysroot = os.environ.get("WASI_SYSROOT", "/usr")
    work.mkdir(parents=True, exist_ok=True)
    cc = [clang, "--target=wasm32-wasi", f"--sysroot={sysroot}", "-O2"]
    objs = []
    for k in KERNELS:
        o = work / f"{k}.o"
        subprocess.run(cc + [f"-Dmain=main_{k}", "-c", str(ROOT / "scripts/bench" / f"{k}.c"),
                            "-o", str(o)], check=True)
        objs.append(str(o))
    drv = work / "driver.c"
    drv.write_text(DRIVER.replace("KERNELS_DECL", " ".join(f"K({k})" for k in KERNELS))
                   .replace("KERNELS_TABLE", " ".join(f"E({k})" for k in KERNELS)))
    base = work / "base.wasm"
    subprocess.run(cc + [str(drv)] + objs + ["-o", str(base)], check=True)
    return base


def sections(wasm):
    if wasm[:8] != b"\0asm\x01\0\0\0":
        die("base is not a binary wasm module (version 1)")
    r = Reader(wasm, 8)
    out = []
    while r.p < len(wasm):
        sid = r.byte()
        size = r.uleb()
        out.append((sid, r.bytes(size)))
    return out


def func_names(payload):
    """Function names of a `name` custom section payload (after its name)."""
    r = Reader(payload)
    names = {}
    while r.p < len(payload):
        sub = r.byte()
        size = r.uleb()
        end = r.p + size
        if sub == 1:
            for _ in range(r.uleb()):
                i = r.uleb()
                names[i] = r.name()
        r.p = end
    return names


# --- generated code ---------------------------------------------------------

I32_OPS = [0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x76, 0x77]  # add sub mul and or xor shl shr_u rotl


def huge_body(cases, rng):
    """A state machine: (param $x i32) (result i32), locals $acc $n $t.

    block $exit
      loop $top
        block $c(K-1) ... block $c0
          $n == 0 -> br $exit; $n -= 1
          br_table on $acc % K
        end  ;; case 0: arithmetic, a load or store, br $top
        ...
    """
    b = bytearray()
    b += vec([uleb(3) + b"\x7f"])                          # 3 i32 locals
    b += b"\x20\x00\x21\x01"                               # acc = x
    b += b"\x20\x00\x41" + sleb(1023) + b"\x71\x21\x02"    # n = x & 1023
    b += b"\x02\x40\x03\x40"                               # block, loop
    b += b"\x02\x40" * cases
    b += b"\x20\x02\x45\x0d" + uleb(cases + 1)             # n == 0: br_if exit
    b += b"\x20\x02\x41\x01\x6b\x21\x02"                   # n -= 1
    b += b"\x20\x01\x41" + sleb(cases) + b"\x70"           # acc rem_u K
    b += b"\x0e" + uleb(cases) + b"".join(uleb(i) for i in range(cases)) + uleb(cases - 1)
    for i in range(cases):
        b += b"\x0b"                                       # end of block c_i
        for _ in range(1 + rng.randrange(3)):
            b += b"\x20\x01\x41" + sleb(rng.randrange(-(1 << 20), 1 << 20))
            b.append(rng.choice(I32_OPS))
            b += b"\x21\x01"                               # acc = acc OP c
        kind = rng.randrange(4)
        if kind == 0:                                      # t = load(x & 0xfff0 + off)
            b += b"\x20\x00\x41" + sleb(0xFFF0) + b"\x71"
            b += b"\x28\x02" + uleb(rng.randrange(0, 4096, 4)) + b"\x21\x03"
            b += b"\x20\x01\x20\x03\x73\x21\x01"           # acc ^= t
        elif kind == 1:                                    # store(x & 0xfff0 + off, acc)
            b += b"\x20\x00\x41" + sleb(0xFFF0) + b"\x71\x20\x01"
            b += b"\x36\x02" + uleb(rng.randrange(0, 4096, 4))
        elif kind == 2:                                    # acc = select(acc, t, acc < x)
            b += b"\x20\x01\x20\x03\x20\x01\x20\x00\x49\x1b\x21\x01"
        b += b"\x0c" + uleb(cases - 1 - i)                 # br $top
    b += b"\x0b\x0b"                                       # end loop, end block $exit
    b += b"\x20\x01\x0b"                                   # acc, end
    return uleb(len(b)) + bytes(b)


# --- assembling -------------------------------------------------------------

def generate(base, a):
    scale = a.scale
    copies = max(0, round(a.copies * scale))
    huge = max(0, round(a.huge * scale))
    data_bytes = max(0, round(a.data_mb * scale * (1 << 20)))
    rng = random.Random(a.seed)

    secs = sections(base)
    by_id = {}
    for sid, p in secs:
        if sid != 0:
            by_id[sid] = p
    for need in (1, 3, 5, 10):
        if need not in by_id:
            die(f"base has no section {need} (types, functions, a defined memory and code are needed)")

    # Types: count them, append (i32) -> i32 for the huge functions.
    r = Reader(by_id[1])
    ntypes = r.uleb()
    for _ in range(ntypes):
        form = r.byte()
        if form != 0x60:
            die("base uses recursion groups or GC types (only plain function types are handled)")
        for _ in range(2):
            for _ in range(r.uleb()):
                r.valtype()
    huge_type = ntypes
    types = uleb(ntypes + 1) + by_id[1][len(uleb(ntypes)):] + b"\x60\x01\x7f\x01\x7f"

    # Imports: how many functions and tables precede the defined ones.
    nimp_funcs = nimp_tables = 0
    if 2 in by_id:
        r = Reader(by_id[2])
        for _ in range(r.uleb()):
            r.name(), r.name()
            kind = r.byte()
            if kind == 0x00:
                r.uleb()
                nimp_funcs += 1
            elif kind == 0x01:
                r.reftype(); r.limits()
                nimp_tables += 1
            elif kind == 0x02:
                die("base imports its memory")
            elif kind == 0x03:
                r.valtype(); r.byte()
            elif kind == 0x04:
                r.byte(); r.uleb()
            else:
                die(f"import kind {kind:#x} not handled")

    r = Reader(by_id[3])
    ndef = r.uleb()
    ftypes = [r.uleb() for _ in range(ndef)]

    r = Reader(by_id[10])
    if r.uleb() != ndef:
        die("function and code sections disagree")
    bodies = []
    for _ in range(ndef):
        start = r.p
        size = r.uleb()
        r.p += size
        bodies.append(by_id[10][start:r.p])

    # Memory: the base's single defined memory grows to hold the new data.
    r = Reader(by_id[5])
    if r.uleb() != 1:
        die("base must define exactly one memory")
    flags, lo, hi = r.limits()
    if flags & ~0x01:
        die("only a plain 32-bit unshared memory is handled")
    data_base = lo * 65536
    pages = lo + (data_bytes + 65535) // 65536
    if hi is not None:
        hi = max(hi, pages)
    memory = vec([(b"\x01" + uleb(pages) + uleb(hi)) if hi is not None else (b"\x00" + uleb(pages))])

    # Functions: originals, then the copies, then the huge ones.
    first_new = nimp_funcs + ndef
    nnew = copies * ndef + huge
    functions = vec(uleb(t) for t in ftypes * (copies + 1) + [huge_type] * huge)
    code = bytearray(uleb(ndef + nnew))
    for _ in range(copies + 1):
        for body in bodies:
            code += body
    for _ in range(huge):
        code += huge_body(a.cases, rng)

    # An extra table holding every new function, filled by one segment.
    ntables = 0
    table_entries = b""
    if 4 in by_id:
        r = Reader(by_id[4])
        ntables = r.uleb()
        table_entries = by_id[4][r.p:]
    table_index = nimp_tables + ntables
    tables = uleb(ntables + 1) + table_entries + b"\x70\x01" + uleb(nnew) + uleb(nnew)
    nelems = 0
    elem_entries = b""
    if 9 in by_id:
        r = Reader(by_id[9])
        nelems = r.uleb()
        elem_entries = by_id[9][r.p:]
    seg = b"\x02" + uleb(table_index) + b"\x41\x00\x0b\x00" + vec(uleb(first_new + i) for i in range(nnew))
    elems = uleb(nelems + 1) + elem_entries + seg

    # Data: the base's segments, then the generated ones.
    ndata = 0
    data_entries = b""
    if 11 in by_id:
        r = Reader(by_id[11])
        ndata = r.uleb()
        data_entries = by_id[11][r.p:]
    nseg = min(a.segments, data_bytes) if data_bytes else 0
    data = bytearray(uleb(ndata + nseg) + data_entries)
    drng = random.Random(a.seed * 7919 + 1)
    off = data_base
    for i in range(nseg):
        n = data_bytes // nseg + (1 if i < data_bytes % nseg else 0)
        # Half random bytes, half a repeated table-like pattern.
        half = n // 2
        body = drng.randbytes(half)
        pat = bytes(range(256)) * (((n - half) + 255) // 256)
        body += pat[:n - half]
        data += b"\x00\x41" + sleb(off) + b"\x0b" + uleb(n) + body
        off += n

    # Names: the base's (or fN), with a suffix per copy.
    names = {}
    for sid, p in secs:
        if sid == 0:
            r = Reader(p)
            if r.name() == "name":
                names = func_names(p[r.p:])
    fnames = []
    for i in range(nimp_funcs):
        if i in names:
            fnames.append((i, names[i]))
    for k in range(copies + 1):
        for j in range(ndef):
            i = nimp_funcs + j
            n = names.get(i, f"f{i}")
            fnames.append((nimp_funcs + k * ndef + j, n if k == 0 else f"{n}.c{k}"))
    for h in range(huge):
        fnames.append((first_new + copies * ndef + h, f"huge_{h}"))
    sub = vec(uleb(i) + name(n) for i, n in fnames)
    name_payload = name("name") + b"\x01" + uleb(len(sub)) + sub

    # Reassemble in section order; custom sections other than names dropped.
    replaced = {1: types, 3: functions, 4: tables, 5: memory, 9: elems, 10: bytes(code),
                11: bytes(data)}
    if 12 in by_id:
        replaced[12] = uleb(ndata + nseg)
    order = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]
    out = bytearray(b"\0asm\x01\0\0\0")
    for sid in order:
        p = replaced.get(sid, by_id.get(sid))
        if p is None:
            continue
        out.append(sid)
        out += uleb(len(p))
        out += p
    out.append(0)
    out += uleb(len(name_payload))
    out += name_payload
    stats = dict(functions=nimp_funcs + ndef + nnew, copies=copies, huge=huge,
                 code=len(code), data=data_bytes, total=len(out))
    return bytes(out), stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See the module docstring for the design.")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--copies", type=int, default=1100)
    ap.add_argument("--huge", type=int, default=8)
    ap.add_argument("--cases", type=int, default=4000)
    ap.add_argument("--data-mb", type=float, default=16)
    ap.add_argument("--segments", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base")
    ap.add_argument("--work")
    ap.add_argument("--clang", default=os.environ.get("WASMC_TEST_CLANG", "clang"))
    a = ap.parse_args()
    if a.cases < 1 or a.segments < 1 or a.scale < 0:
        die("--cases and --segments must be >= 1, --scale >= 0")
    out = Path(a.output)
    work = Path(a.work) if a.work else out.parent / "bigmodule-base"
    base = Path(a.base) if a.base else build_base(work, a.clang)
    wasm, st = generate(base.read_bytes(), a)
    tmp = out.with_suffix(out.suffix + ".tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_bytes(wasm)
    tmp.replace(out)
    print(f"{out}: {st['total'] / 1e6:.1f} MB, {st['functions']} functions "
          f"({st['copies']} copies of the base, {st['huge']} huge), "
          f"code {st['code'] / 1e6:.1f} MB, data {st['data'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
