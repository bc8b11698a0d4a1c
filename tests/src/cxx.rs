//! C++ with exceptions and C with setjmp/longjmp, built for wasm32-wasi with
//! a real toolchain: zig's clang (`zig c++` / `zig cc`, PyPI `ziglang`,
//! installed by `scripts/setup.sh`), which emits both wasm exception
//! encodings ([`EhEncoding`]).
//!
//! Why zig: Debian's clang 19 has no `-wasm-use-legacy-eh=false` (the exnref
//! encoding), and Debian's wasm32 libc++abi is built without exceptions.
//! Zig 0.17 ships clang 22 and the LLVM 22 sources of libc++, libc++abi,
//! libunwind and wasi-libc, and builds libc++/libc++abi/wasi-libc itself;
//! but it builds them for wasm with `-fno-exceptions` (libc++abi's
//! `cxa_noexception.cpp`: no `__cxa_throw`). So the suite builds its own
//! *EH support*, once, shared by every test ([`eh_support`]):
//! - `<encoding>.o`, one relocatable object (`wasm-ld -r`) per encoding:
//!   all of libc++abi with `cxa_exception.cpp` and `cxa_personality.cpp`,
//!   the members of libc++ that throw for the program ([`LIBCXX_SOURCES`]:
//!   `std::string`, `std::stoi`, ...), libunwind's `Unwind-wasm.c`
//!   (`_Unwind_RaiseException`, `_Unwind_CallPersonality`,
//!   `__wasm_lpad_context`), all compiled from zig's own sources with
//!   `-fwasm-exceptions` in the configuration `zig c++` gives user code,
//!   and `cxx/support/eh_tags.S`, the `__cpp_exception` and `__c_longjmp`
//!   tags, which no library of the toolchain defines;
//! - `libc++.a`: zig's, copied from zig's cache.
//!
//! A C++ program is compiled with `zig c++ -c`, then linked with
//! `-nostdlib++` (zig's libc++abi is not linked at all) followed by
//! `<encoding>.o` and `libc++.a`: every symbol the object defines is defined
//! before lld reads the archive, so lld never takes a no-exceptions member
//! that the object replaces. (Linking the object next to zig's archives
//! does not work: zig puts its archives first on the wasm-ld command line,
//! and lld fetches a member as soon as a symbol it defines is referenced,
//! even if a later part of the same object defines it too.)
//!
//! setjmp/longjmp (`-mllvm -wasm-enable-sjlj`) needs `__wasm_setjmp`,
//! `__wasm_setjmp_test` and `__wasm_longjmp`: zig's wasi-libc has them
//! (`rt.c`); a C program links only the tags (`eh_tags.o`).
//!
//! Limit: the other members of zig's libc++.a stay built without
//! exceptions (iostreams, locale, regex, random, ...), so a throw *inside*
//! them (e.g. an iostream with an exception mask) aborts with "... was
//! thrown in -fno-exceptions mode" (`cxx/libcxx_internal_throw.cpp`).
//! Throws in header code (`std::vector::at`, `std::function`, user code),
//! in the recompiled members and in libc++abi (`operator new`,
//! `dynamic_cast`, `typeid`) work. Recompiling the rest too is possible,
//! but they have static initializers (the standard streams) that every
//! program would then carry, as the object is linked whole.
//!
//! The support is cached under `target/<profile>/cxx-eh-support/<key>/`
//! (the key hashes zig's version, the sources, the flags and the support
//! files) and built under a file lock, so parallel test processes build it
//! once; the first build also fills zig's own cache (libc++, wasi-libc),
//! which can take minutes, hence its longer timeout.

use std::collections::hash_map::DefaultHasher;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use crate::{run_command, run_command_timeout, source_path, timeout, Output};

/// The two binary encodings of wasm exception handling clang can emit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EhEncoding {
    /// WebAssembly 3.0: `try_table`, `throw_ref`, exnref
    /// (`-mllvm -wasm-use-legacy-eh=false`).
    Exnref,
    /// The legacy proposal: `try`/`catch`/`rethrow`/`delegate` (clang 22's
    /// default).
    Legacy,
}

impl EhEncoding {
    pub const ALL: [EhEncoding; 2] = [EhEncoding::Exnref, EhEncoding::Legacy];

    pub fn as_str(self) -> &'static str {
        match self {
            EhEncoding::Exnref => "exnref",
            EhEncoding::Legacy => "legacy",
        }
    }

    fn llvm_flag(self) -> &'static str {
        match self {
            EhEncoding::Exnref => "-wasm-use-legacy-eh=false",
            EhEncoding::Legacy => "-wasm-use-legacy-eh=true",
        }
    }
}

impl fmt::Display for EhEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// libc++abi sources compiled with exceptions (`$ZIG_LIB/libcxxabi/src/`):
/// the set zig builds for wasm32-wasi, with `cxa_exception.cpp` and
/// `cxa_personality.cpp` instead of `cxa_noexception.cpp`.
const LIBCXXABI_SOURCES: &[&str] = &[
    "abort_message.cpp",
    "cxa_aux_runtime.cpp",
    "cxa_default_handlers.cpp",
    "cxa_demangle.cpp",
    "cxa_exception.cpp",
    "cxa_exception_storage.cpp",
    "cxa_guard.cpp",
    "cxa_handlers.cpp",
    "cxa_personality.cpp",
    "cxa_vector.cpp",
    "cxa_virtual.cpp",
    "fallback_malloc.cpp",
    "private_typeinfo.cpp",
    "stdlib_exception.cpp",
    "stdlib_new_delete.cpp",
    "stdlib_stdexcept.cpp",
    "stdlib_typeinfo.cpp",
];

/// libc++ sources (`$ZIG_LIB/libcxx/src/`) recompiled with exceptions: the
/// members of zig's libc++.a that throw for the program (std::string and
/// std::stoi & co., vector/optional/any/variant/function/shared_ptr
/// errors, bad_alloc, system_error) and have no static initializers (they
/// are linked whether used or not). The rest of libc++.a stays zig's,
/// built without exceptions (see the module docs).
const LIBCXX_SOURCES: &[&str] = &[
    "any.cpp",
    "functional.cpp",
    "memory.cpp",
    "new_helpers.cpp",
    "optional.cpp",
    "string.cpp",
    "system_error.cpp",
    "variant.cpp",
    "vector.cpp",
];

/// Bumped when the way the support is built changes in a way the key does
/// not see (the key already covers the sources, flags and zig's version).
const SUPPORT_RECIPE: u32 = 3;

/// The first build (zig building libc++ and wasi-libc into its cache) takes
/// minutes on a loaded 2-core machine.
const FIRST_BUILD_TIMEOUT: Duration = Duration::from_secs(1200);

fn zig() -> OsString {
    std::env::var_os("WASMC_TEST_ZIG").unwrap_or_else(|| "zig".into())
}

fn run_zig(args: &[OsString], limit: Duration, what: &str) -> Output {
    let mut cmd = Command::new(zig());
    cmd.args(args);
    let out = run_command_timeout(cmd, b"", limit);
    assert!(
        out.status.success(),
        "zig failed {what} (run scripts/setup.sh to install the toolchain):\n{out:?}"
    );
    out
}

/// `zig version` and zig's `lib_dir` (where the libc++abi, libunwind and
/// wasi-libc sources are).
pub(crate) fn zig_info() -> &'static (String, PathBuf) {
    static INFO: OnceLock<(String, PathBuf)> = OnceLock::new();
    INFO.get_or_init(|| {
        let version = run_zig(&["version".into()], timeout(), "printing its version");
        let env = run_zig(&["env".into()], timeout(), "printing its environment");
        let env = env.stdout_str();
        let lib_dir = env
            .lines()
            .find_map(|l| l.trim().strip_prefix(".lib_dir = \""))
            .and_then(|rest| rest.strip_suffix("\","))
            .unwrap_or_else(|| panic!("no .lib_dir in `zig env`:\n{env}"));
        (
            version.stdout_str().trim().to_string(),
            PathBuf::from(lib_dir),
        )
    })
}

/// Flags common to every wasm compile: the target, EH in the given
/// encoding, -O2, no warnings (the programs are tests, not lint targets).
fn wasm_flags(enc: EhEncoding) -> Vec<OsString> {
    [
        "-target",
        "wasm32-wasi",
        "-mcpu=generic+exception_handling",
        "-O2",
        "-w",
        "-mllvm",
        enc.llvm_flag(),
    ]
    .iter()
    .map(OsString::from)
    .collect()
}

/// `-fwasm-exceptions` for C++, the setjmp/longjmp lowering for C.
fn lang_flags(cxx: bool) -> Vec<OsString> {
    if cxx {
        vec!["-fwasm-exceptions".into()]
    } else {
        vec!["-mllvm".into(), "-wasm-enable-sjlj".into()]
    }
}

/// The directory the support objects are cached in (`target/<profile>/cxx-eh-support`).
fn support_root() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let deps = exe.parent().expect("test executable has a directory");
    let profile = if deps.ends_with("deps") {
        deps.parent().expect("deps has a parent")
    } else {
        deps
    };
    profile.join("cxx-eh-support")
}

fn support_key(version: &str, lib_dir: &Path, tags: &[u8]) -> String {
    let mut h = DefaultHasher::new();
    SUPPORT_RECIPE.hash(&mut h);
    version.hash(&mut h);
    lib_dir.hash(&mut h);
    tags.hash(&mut h);
    for enc in EhEncoding::ALL {
        wasm_flags(enc).hash(&mut h);
        for job in support_jobs(lib_dir, Path::new(""), enc) {
            job.src.hash(&mut h);
            job.flags.hash(&mut h);
        }
    }
    format!("zig-{version}-{:016x}", h.finish())
}

/// One compile of the support: (source, output, extra flags).
struct Job {
    src: PathBuf,
    out: PathBuf,
    flags: Vec<OsString>,
}

fn support_jobs(lib_dir: &Path, dir: &Path, enc: EhEncoding) -> Vec<Job> {
    let mut jobs = Vec::new();
    let inc = |p: &str| {
        let mut f = OsString::from("-I");
        f.push(lib_dir.join(p));
        f
    };
    let abi_flags: Vec<OsString> = vec![
        "-std=c++23".into(),
        "-fwasm-exceptions".into(),
        "-DNDEBUG".into(),
        "-D_LIBCXXABI_BUILDING_LIBRARY".into(),
        "-D_LIBCPP_BUILDING_LIBRARY".into(),
        "-D_LIBCXXABI_HAS_NO_THREADS".into(),
        inc("libcxxabi/include"),
        inc("libcxx/src"),
    ];
    for src in LIBCXXABI_SOURCES {
        jobs.push(Job {
            src: lib_dir.join("libcxxabi/src").join(src),
            out: dir.join(enc.as_str()).join(src.replace(".cpp", ".o")),
            flags: abi_flags.clone(),
        });
    }
    let cxx_flags: Vec<OsString> = vec![
        "-std=c++23".into(),
        "-fwasm-exceptions".into(),
        "-DNDEBUG".into(),
        "-D_LIBCPP_BUILDING_LIBRARY".into(),
        "-DLIBCXX_BUILDING_LIBCXXABI".into(),
        inc("libcxx/src"),
    ];
    for src in LIBCXX_SOURCES {
        jobs.push(Job {
            src: lib_dir.join("libcxx/src").join(src),
            out: dir
                .join(enc.as_str())
                .join(format!("libcxx-{}", src.replace(".cpp", ".o"))),
            flags: cxx_flags.clone(),
        });
    }
    jobs.push(Job {
        src: lib_dir.join("libunwind/src/Unwind-wasm.c"),
        out: dir.join(enc.as_str()).join("Unwind-wasm.o"),
        flags: vec![
            "-fwasm-exceptions".into(),
            "-D_LIBUNWIND_HIDE_SYMBOLS".into(),
            inc("libunwind/include"),
        ],
    });
    jobs.push(Job {
        src: source_path("cxx/support/eh_tags.S"),
        out: dir.join(enc.as_str()).join("eh_tags.o"),
        flags: Vec::new(),
    });
    jobs
}

fn run_job(job: &Job, enc: EhEncoding) {
    let is_cxx = job.src.extension().is_some_and(|e| e == "cpp");
    let mut args: Vec<OsString> = vec![if is_cxx { "c++" } else { "cc" }.into()];
    args.extend(wasm_flags(enc));
    args.extend(job.flags.iter().cloned());
    args.extend([
        "-c".into(),
        job.src.clone().into(),
        "-o".into(),
        job.out.clone().into(),
    ]);
    run_zig(
        &args,
        FIRST_BUILD_TIMEOUT,
        &format!("compiling the EH support {} ({enc})", job.src.display()),
    );
}

fn objects_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "o"))
        .collect();
    v.sort();
    v
}

fn build_support(lib_dir: &Path, tmp: &Path) {
    let jobs: Vec<(Job, EhEncoding)> = EhEncoding::ALL
        .iter()
        .flat_map(|&enc| {
            fs::create_dir_all(tmp.join(enc.as_str())).expect("create support dir");
            support_jobs(lib_dir, tmp, enc)
                .into_iter()
                .map(move |j| (j, enc))
        })
        .collect();
    // Two compiles at a time: the machines have two cores.
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((job, enc)) = jobs.get(i) else { break };
                run_job(job, *enc);
            });
        }
    });
    // zig's libc++.a, copied out of zig's cache: the programs link with
    // -nostdlib++ (no zig libc++abi at all) and name it themselves.
    copy_zig_libcxx(tmp);
    for enc in EhEncoding::ALL {
        // One relocatable object per encoding, linked whole into every C++
        // program ahead of libc++.a: it defines every libc++abi symbol and
        // those of the recompiled libc++ members, so lld never takes them
        // from an archive.
        let parts = objects_in(&tmp.join(enc.as_str()));
        let mut args: Vec<OsString> = vec!["wasm-ld".into(), "-r".into(), "-o".into()];
        args.push(tmp.join(format!("{enc}.o")).into());
        args.extend(parts.iter().map(OsString::from));
        run_zig(
            &args,
            timeout(),
            &format!("combining the EH support ({enc})"),
        );
        // Link a small program: checks the support.
        let support = EhSupport {
            dir: tmp.to_path_buf(),
            enc,
        };
        let smoke = source_path("cxx/support/smoke.cpp");
        link_wasm(&smoke, &tmp.join(format!("smoke-{enc}.wasm")), &support);
    }
}

/// Links a trivial C++ program the ordinary way (no exceptions, the same
/// target, CPU and optimization flags), which makes zig build its libc++.a
/// (minutes, the first time: hence the long timeout), and copies that
/// archive from the command line zig prints (`ZIG_VERBOSE_LINK=1`).
fn copy_zig_libcxx(tmp: &Path) {
    // No exception_handling CPU feature: clang refuses it with
    // -fno-exceptions; zig's libc++ has no EH instructions either way.
    let mut args: Vec<OsString> = [
        "c++",
        "-target",
        "wasm32-wasi",
        "-O2",
        "-w",
        "-fno-exceptions",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    args.push(source_path("cxx/support/probe.cpp").into());
    args.extend(["-o".into(), tmp.join("probe.wasm").into()]);
    let mut cmd = Command::new(zig());
    cmd.args(&args).env("ZIG_VERBOSE_LINK", "1");
    let out = run_command_timeout(cmd, b"", FIRST_BUILD_TIMEOUT);
    assert!(
        out.status.success(),
        "zig failed linking the libc++ probe (run scripts/setup.sh):\n{out:?}"
    );
    let stderr = out.stderr_str();
    let libcxx = stderr
        .split_whitespace()
        .find(|w| w.ends_with("/libc++.a"))
        .unwrap_or_else(|| panic!("no libc++.a on zig's link command line:\n{out:?}"));
    fs::copy(libcxx, tmp.join("libc++.a"))
        .unwrap_or_else(|e| panic!("copy {libcxx} into the EH support: {e}"));
}

/// The built support for one encoding (see the module docs).
pub struct EhSupport {
    dir: PathBuf,
    enc: EhEncoding,
}

impl EhSupport {
    /// What a C++ program links after its own object: the combined runtime
    /// object, then zig's libc++.a.
    fn cxx_inputs(&self) -> Vec<PathBuf> {
        vec![
            self.dir.join(format!("{}.o", self.enc)),
            self.dir.join("libc++.a"),
        ]
    }

    /// What a C setjmp/longjmp program links: only the tag definitions.
    fn c_inputs(&self) -> Vec<PathBuf> {
        vec![self.dir.join(self.enc.as_str()).join("eh_tags.o")]
    }
}

/// The EH support for `enc`, built on first use (see the module docs), to
/// be linked into every wasm C++ or setjmp/longjmp program.
pub fn eh_support(enc: EhEncoding) -> EhSupport {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let (version, lib_dir) = zig_info();
        let tags_path = source_path("cxx/support/eh_tags.S");
        let mut key_input = fs::read(&tags_path).expect("read eh_tags.S");
        for f in ["cxx/support/smoke.cpp", "cxx/support/probe.cpp"] {
            key_input.extend(fs::read(source_path(f)).expect("read support source"));
        }
        let root = support_root();
        fs::create_dir_all(&root).expect("create support root");
        let dir = root.join(support_key(version, lib_dir, &key_input));
        let lock = fs::File::create(root.join("lock")).expect("create lock file");
        lock.lock().expect("lock the EH support directory");
        if !dir.join("ok").is_file() {
            // Under the lock, any tmp-* is left over from an interrupted
            // build and any other zig-* from an older toolchain or recipe.
            for e in fs::read_dir(&root).expect("read support root").flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("tmp-") || name.starts_with("zig-") {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
            let tmp = root.join(format!("tmp-{}", std::process::id()));
            build_support(lib_dir, &tmp);
            fs::write(tmp.join("ok"), b"").expect("write ok stamp");
            fs::rename(&tmp, &dir).expect("move the EH support in place");
        }
        lock.unlock().expect("unlock");
        dir
    });
    EhSupport {
        dir: dir.clone(),
        enc,
    }
}

/// Compiles `src` to an object, then links it with `-nostdlib++` and the
/// support's inputs (zig's own libc++abi is never linked).
fn link_wasm(src: &Path, out: &Path, support: &EhSupport) {
    let enc = support.enc;
    let cxx = src.extension().is_some_and(|e| e == "cpp");
    let driver: OsString = if cxx { "c++" } else { "cc" }.into();
    let what = format!(
        "building {} to wasm32-wasi ({enc} exceptions)",
        src.display()
    );
    let obj = out.with_extension("o");
    let mut args: Vec<OsString> = vec![driver.clone()];
    args.extend(wasm_flags(enc));
    args.extend(lang_flags(cxx));
    if cxx {
        args.push("-std=c++17".into());
    }
    args.extend(["-c".into(), src.into(), "-o".into(), obj.clone().into()]);
    run_zig(&args, timeout(), &what);

    let mut args: Vec<OsString> = vec![driver];
    args.extend(wasm_flags(enc));
    args.extend(lang_flags(cxx));
    args.push(obj.into());
    if cxx {
        args.push("-nostdlib++".into());
        args.extend(support.cxx_inputs().into_iter().map(OsString::from));
    } else {
        args.extend(support.c_inputs().into_iter().map(OsString::from));
    }
    // The wasm keeps its name section; zig's libraries carry DWARF.
    args.extend(["-Wl,--strip-debug".into(), "-o".into(), out.into()]);
    run_zig(&args, timeout(), &what);
}

/// Compiles and links a C++ program (`.cpp`, with `-fwasm-exceptions`) or a
/// C program (`.c`, with setjmp/longjmp lowered to wasm exceptions) to a
/// wasm32-wasi module with `enc` exceptions.
pub fn compile_eh_wasm(src: &Path, out: &Path, enc: EhEncoding) {
    link_wasm(src, out, &eh_support(enc));
}

/// The same program natively, with the host's clang++ (libstdc++) or clang.
pub fn compile_eh_native(src: &Path, out: &Path) {
    let cxx = src.extension().is_some_and(|e| e == "cpp");
    let mut cmd = Command::new(if cxx { "clang++" } else { "clang" });
    if cxx {
        cmd.arg("-std=c++17");
    }
    cmd.args(["-O2", "-w"]).arg(src).arg("-o").arg(out);
    let out = run_command(cmd, b"");
    assert!(
        out.status.success(),
        "native compile of {} failed:\n{out:?}",
        src.display()
    );
}
