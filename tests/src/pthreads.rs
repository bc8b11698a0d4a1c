//! C programs with pthreads for `wasm32-wasip1-threads` (wasi-libc built
//! with its POSIX thread model, on the wasi-threads `thread-spawn` import).
//!
//! No Debian package has such a wasi-libc (bookworm's `wasi-libc` is from
//! 2022 and single-threaded), so the toolchain is put together from pieces
//! that install from the registries:
//! - the compiler: Debian's `clang-19` and `wasm-ld-19` (`WASMC_TEST_CLANG19`,
//!   `WASMC_TEST_WASM_LD19` override them);
//! - libc: the `libc.a` and `crt1-command.o` Rust ships for its
//!   `wasm32-wasip1-threads` target (`rustup target add
//!   wasm32-wasip1-threads`: upstream wasi-libc built with
//!   `THREAD_MODEL=posix`); `WASMC_TEST_WASI_THREADS_LIB` overrides the
//!   directory;
//! - headers: wasi-libc's own, as zig ships them (`lib/libc/include/
//!   wasm-wasi-musl` over `generic-musl`, the order `zig cc` uses);
//! - compiler-rt builtins: clang-19's `libclang_rt.builtins-wasm32.a`.
//!
//! Linked the way wasi-threads requires: the memory is shared, imported
//! (`env.memory`, every thread's instance imports the same one) and
//! exported; wasi-libc exports `wasi_thread_start`.
//!
//! Not in wasi-libc: `pthread_exit` and cancellation (a wasm thread cannot
//! unwind its own stack), so the programs end threads by returning.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::{run_command, zig_info};

/// Maximum linear memory of the programs: 256 MiB (thread stacks are
/// allocated in it, 128 KiB each by default).
pub const PTHREAD_MAX_MEMORY: u64 = 256 << 20;

fn tool(var: &str, default: &str) -> OsString {
    std::env::var_os(var).unwrap_or_else(|| default.into())
}

fn clang19() -> OsString {
    tool("WASMC_TEST_CLANG19", "clang-19")
}

fn run_tool(cmd: Command, what: &str) -> crate::Output {
    let shown = format!("{cmd:?}");
    let out = run_command(cmd, b"");
    assert!(
        out.status.success(),
        "{what} failed (run scripts/setup.sh to install the toolchain): {shown}\n{out:?}"
    );
    out
}

/// Where Rust's `wasm32-wasip1-threads` self-contained libc is.
fn threads_libc_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = std::env::var_os("WASMC_TEST_WASI_THREADS_LIB") {
            return PathBuf::from(dir);
        }
        let mut cmd = Command::new(tool("RUSTC", "rustc"));
        cmd.args(["--print", "sysroot"]);
        let out = run_tool(cmd, "rustc --print sysroot");
        let dir = Path::new(out.stdout_str().trim())
            .join("lib/rustlib/wasm32-wasip1-threads/lib/self-contained");
        assert!(
            dir.join("libc.a").is_file(),
            "{} has no libc.a: run `rustup target add wasm32-wasip1-threads` (scripts/setup.sh does)",
            dir.display()
        );
        dir
    })
}

/// clang-19's compiler-rt builtins for wasm32.
fn builtins() -> &'static PathBuf {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut cmd = Command::new(clang19());
        cmd.arg("-print-resource-dir");
        let out = run_tool(cmd, "clang-19 -print-resource-dir");
        let lib = Path::new(out.stdout_str().trim()).join("lib/wasi/libclang_rt.builtins-wasm32.a");
        assert!(
            lib.is_file(),
            "{} is missing: install libclang-rt-19-dev-wasm32 (scripts/setup.sh does)",
            lib.display()
        );
        lib
    })
}

/// Compiles the C program `src` to a `wasm32-wasip1-threads` command module
/// `out` (-O2), linked as wasi-threads requires.
pub fn compile_c_wasm_threads(src: &Path, out: &Path) {
    let headers = zig_info().1.join("libc/include");
    let obj = out.with_extension("o");
    let mut cc = Command::new(clang19());
    cc.args(["--target=wasm32-wasip1-threads", "-pthread", "-O2", "-w"])
        .arg("-nostdinc")
        .arg("-isystem")
        .arg(resource_include())
        .arg("-isystem")
        .arg(headers.join("wasm-wasi-musl"))
        .arg("-isystem")
        .arg(headers.join("generic-musl"))
        .arg("-c")
        .arg(src)
        .arg("-o")
        .arg(&obj);
    run_tool(
        cc,
        &format!("compiling {} for wasm32-wasip1-threads", src.display()),
    );

    let libc = threads_libc_dir();
    let mut ld = Command::new(tool("WASMC_TEST_WASM_LD19", "wasm-ld-19"));
    ld.arg(libc.join("crt1-command.o"))
        .arg(&obj)
        .arg(libc.join("libc.a"))
        .arg(builtins())
        .args(["--shared-memory", "--import-memory", "--export-memory"])
        .arg(format!("--max-memory={PTHREAD_MAX_MEMORY}"))
        .arg("-o")
        .arg(out);
    run_tool(ld, &format!("linking {}", out.display()));
}

/// clang-19's own headers (`stddef.h`, `stdatomic.h`, ...), needed because of
/// `-nostdinc`.
fn resource_include() -> PathBuf {
    builtins()
        .ancestors()
        .nth(3)
        .expect("resource dir above lib/wasi/<lib>")
        .join("include")
}
