//! The glue that builds wasmc's C support library for a target and links
//! executables against it.
//!
//! The C sources are embedded in the wasmc binary, so a wasmc executable is
//! all a user needs besides a C compiler. They are compiled on first use with
//! the target's C compiler and cached under the cache directory, keyed by a
//! hash of (sources, compiler, flags, target): a changed source or compiler
//! gives a fresh build, never a stale object.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

mod host_imports;
pub use host_imports::{builtin_funcs, BuiltinFunc};

/// The generated ABI header (from `wasmc_compiler::abi::c_header`).
pub const ABI_HEADER: &str = include_str!("../include/wasmc_abi.h");

/// Runtime sources: (file name, contents).
pub const SOURCES: &[(&str, &str)] = &[
    ("config.h", include_str!("c/config.h")),
    ("rt.h", include_str!("c/rt.h")),
    ("util.c", include_str!("c/util.c")),
    ("code_registry.h", include_str!("c/code_registry.h")),
    ("segments.h", include_str!("c/segments.h")),
    ("types.c", include_str!("c/types.c")),
    ("type_match.c", include_str!("c/type_match.c")),
    ("code_registry.c", include_str!("c/code_registry.c")),
    ("host_func.c", include_str!("c/host_func.c")),
    ("memory.c", include_str!("c/memory.c")),
    ("atomic_wait.c", include_str!("c/atomic_wait.c")),
    ("table.c", include_str!("c/table.c")),
    ("segments.c", include_str!("c/segments.c")),
    ("gc.h", include_str!("c/gc.h")),
    ("gc_heap.c", include_str!("c/gc_heap.c")),
    ("gc_roots.c", include_str!("c/gc_roots.c")),
    ("gc_objects.h", include_str!("c/gc_objects.h")),
    ("gc_objects.c", include_str!("c/gc_objects.c")),
    ("instance.c", include_str!("c/instance.c")),
    ("trap.c", include_str!("c/trap.c")),
    ("exceptions.c", include_str!("c/exceptions.c")),
    ("wasi.c", include_str!("c/wasi.c")),
    ("wasi_internal.h", include_str!("c/wasi_internal.h")),
    ("wasi_funcs.h", include_str!("c/wasi_funcs.h")),
    ("wasi_resolve.h", include_str!("c/wasi_resolve.h")),
    ("wasi_resolve.c", include_str!("c/wasi_resolve.c")),
    ("wasi_fdtable.c", include_str!("c/wasi_fdtable.c")),
    ("wasi_fd.c", include_str!("c/wasi_fd.c")),
    ("wasi_readdir.c", include_str!("c/wasi_readdir.c")),
    ("wasi_path.c", include_str!("c/wasi_path.c")),
    ("wasi_clock.c", include_str!("c/wasi_clock.c")),
    ("wasi_poll.c", include_str!("c/wasi_poll.c")),
    ("wasi_sock.c", include_str!("c/wasi_sock.c")),
    ("wasi_listen.c", include_str!("c/wasi_listen.c")),
    ("wasi_config.c", include_str!("c/wasi_config.c")),
    ("wasi_table.c", include_str!("c/wasi_table.c")),
    ("wasi_link.c", include_str!("c/wasi_link.c")),
    ("wasi_threads.c", include_str!("c/wasi_threads.c")),
    ("host_link.c", include_str!("c/host_link.c")),
    ("stack_size.c", include_str!("c/stack_size.c")),
    ("main.c", include_str!("c/main.c")),
    ("embed.c", include_str!("c/embed.c")),
    ("embed_exn.c", include_str!("c/embed_exn.c")),
    ("reactor.c", include_str!("c/reactor.c")),
    ("arch.c", include_str!("c/arch.c")),
    ("variant.c", include_str!("c/variant.c")),
    ("wasmc.h", include_str!("../include/wasmc.h")),
];

/// The headers `wasmc runtime` installs for embedders: the public API and the
/// generated ABI it includes.
pub const PUBLIC_HEADERS: &[(&str, &str)] = &[
    ("wasmc.h", include_str!("../include/wasmc.h")),
    ("wasmc_abi.h", ABI_HEADER),
];

/// Flags every runtime object is compiled with. Frame pointers make the trap
/// handler's backtraces reliable through runtime frames.
pub const CFLAGS: &[&str] = &[
    "-std=gnu11",
    "-O2",
    "-fno-omit-frame-pointer",
    "-fPIC",
    "-pthread",
    "-Wall",
];

/// Flags the runtime's own objects get on some targets. s390x has no frame
/// pointer: the GC's frame walk (gc_roots.c) follows the back chain through
/// the runtime's frames between an allocation and the wasm code that called
/// it, which GCC and clang store only with `-mbackchain`.
fn target_cflags(triple: &str) -> &'static [&'static str] {
    if triple.starts_with("s390x") {
        &["-mbackchain"]
    } else {
        &[]
    }
}

/// Libraries an executable links against (after the runtime).
pub const LINK_LIBS: &[&str] = &["-lm", "-pthread"];

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // `source` is the error's source: the CLI prints it after the message.
    #[error("cannot run C compiler `{cc}` (install one, e.g. `apt-get install clang` or `gcc`, or set CC / use --cc)")]
    Spawn { cc: String, source: std::io::Error },
    #[error("C compiler `{cc}` failed on {what}:\n{stderr}")]
    Failed {
        cc: String,
        what: String,
        stderr: String,
    },
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("no C toolchain for {triple}: {hint}")]
    NoToolchain { triple: String, hint: String },
    #[error("cannot run archiver `{ar}` (install binutils or llvm, or pass --ar / set AR)")]
    ArchiverSpawn { ar: String, source: std::io::Error },
    #[error("archiver `{ar}` failed:\n{stderr}")]
    ArchiverFailed { ar: String, stderr: String },
    #[error("the archiver command (--ar / AR) is empty")]
    EmptyArchiver,
}

pub type Result<T> = std::result::Result<T, Error>;

/// A C toolchain for one target.
#[derive(Clone, Debug)]
pub struct Toolchain {
    /// The compiler driver (also used to link).
    pub cc: String,
    /// Extra leading arguments (e.g. `--target=...`).
    pub args: Vec<String>,
    /// Target triple, for the cache key and messages.
    pub triple: String,
    /// A different program for the final link step (`--linker`), with its
    /// leading arguments; `cc` otherwise.
    pub linker: Option<(String, Vec<String>)>,
}

/// Split a compiler command that may carry arguments ("ccache gcc",
/// "clang --target=x").
fn split_command(cmd: &str) -> Option<(String, Vec<String>)> {
    let mut parts = cmd.split_whitespace().map(str::to_string);
    let cc = parts.next()?;
    Some((cc, parts.collect()))
}

/// Whether `prog` is an executable on `PATH` (or a path to one).
pub fn on_path(prog: &str) -> bool {
    let p = Path::new(prog);
    if p.components().count() > 1 {
        return p.is_file();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(prog).is_file()))
        .unwrap_or(false)
}

/// The GNU-style prefix of cross tools for a Linux triple
/// (`aarch64-unknown-linux-gnu` → `aarch64-linux-gnu`).
pub fn gnu_prefix(triple: &str) -> Option<String> {
    let arch = triple.split('-').next()?;
    let arch = if arch.starts_with("riscv64") {
        "riscv64"
    } else {
        arch
    };
    triple
        .contains("-linux-gnu")
        .then(|| format!("{arch}-linux-gnu"))
}

/// The oldest macOS the runtime supports, "major.minor", from
/// `WASMC_MACOS_MIN_VERSION` in the generated ABI header.
pub fn macos_min_version() -> String {
    let n: u32 = ABI_HEADER
        .lines()
        .find_map(|l| l.strip_prefix("#define WASMC_MACOS_MIN_VERSION "))
        .and_then(|v| v.trim().parse().ok())
        .expect("wasmc_abi.h defines WASMC_MACOS_MIN_VERSION");
    format!("{}.{}", n / 10000, n / 100 % 100)
}

/// A C toolchain that compiles and links for macOS from here, in this order:
/// osxcross (`o64-clang`, `oa64-clang`), clang on a Mac (the other
/// architecture), Zig (`zig cc`, which carries the macOS headers and
/// libSystem stubs). Each is told the minimum macOS version.
fn darwin_toolchain(triple: &str, host: &str) -> Option<Toolchain> {
    let arch = triple.split('-').next()?;
    let min = macos_min_version();
    let tc = |cc: &str, args| Toolchain::new(cc, args, triple);
    let osxcross = if arch == "x86_64" {
        "o64-clang"
    } else {
        "oa64-clang"
    };
    if on_path(osxcross) {
        return Some(tc(osxcross, vec![format!("-mmacosx-version-min={min}")]));
    }
    if host.contains("apple-darwin") && on_path("clang") {
        let apple_arch = if arch == "aarch64" { "arm64" } else { arch };
        return Some(tc(
            "clang",
            vec![format!("--target={apple_arch}-apple-macos{min}")],
        ));
    }
    if on_path("zig") {
        return Some(tc(
            "zig",
            vec!["cc".into(), "-target".into(), format!("{arch}-macos.{min}")],
        ));
    }
    None
}

impl Toolchain {
    /// `cc` with leading `args`, for `triple`, linking with `cc` too.
    fn new(cc: impl Into<String>, args: Vec<String>, triple: &str) -> Toolchain {
        Toolchain {
            cc: cc.into(),
            args,
            triple: triple.to_string(),
            linker: None,
        }
    }

    /// The host toolchain: `$CC_<triple>` (dashes as underscores), `$CC`, or
    /// `cc`, unless `cc` overrides it.
    pub fn host(triple: &str, cc: Option<&str>) -> Toolchain {
        let var = format!("CC_{}", triple.replace('-', "_"));
        let cc = cc
            .map(str::to_string)
            .or_else(|| std::env::var(&var).ok().filter(|s| !s.is_empty()))
            .or_else(|| std::env::var("CC").ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "cc".to_string());
        let (cc, args) = split_command(&cc).unwrap_or_else(|| ("cc".into(), Vec::new()));
        Toolchain::new(cc, args, triple)
    }

    /// The C toolchain for `triple`, found the usual way: `cc` (from `--cc`),
    /// `$CC_<triple>` (dashes or underscores), `$CC` when the target is the
    /// host, `<gnu-prefix>-gcc` / `<triple>-gcc`, for macOS the toolchains of
    /// [`darwin_toolchain`], then `clang --target=<triple>` when a sysroot for
    /// it is installed. A missing cross toolchain is an error naming what to
    /// install.
    pub fn for_target(triple: &str, host: &str, cc: Option<&str>) -> Result<Toolchain> {
        if triple == host {
            return Ok(Toolchain::host(triple, cc));
        }
        let from_env = [
            format!("CC_{}", triple.replace('-', "_")),
            format!("CC_{triple}"),
        ]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        if let Some(cmd) = cc.map(str::to_string).or(from_env) {
            let (cc, args) = split_command(&cmd).ok_or(Error::NoToolchain {
                triple: triple.into(),
                hint: "the given compiler command is empty".into(),
            })?;
            return Ok(Toolchain::new(cc, args, triple));
        }
        let gnu = gnu_prefix(triple);
        let candidates = gnu
            .iter()
            .map(|g| format!("{g}-gcc"))
            .chain([format!("{triple}-gcc")]);
        for c in candidates {
            if on_path(&c) {
                return Ok(Toolchain::new(c, Vec::new(), triple));
            }
        }
        if triple.contains("apple-darwin") {
            if let Some(tc) = darwin_toolchain(triple, host) {
                return Ok(tc);
            }
        }
        // clang can cross-compile when the target's libc is installed where
        // it looks (Debian's cross libc packages: /usr/<gnu-prefix>).
        if let Some(g) = &gnu {
            if on_path("clang") && Path::new("/usr").join(g).join("lib").is_dir() {
                let args = vec![format!("--target={g}"), "-fuse-ld=lld".into()];
                return Ok(Toolchain::new("clang", args, triple));
            }
        }
        let hint = match gnu {
            Some(g) => format!(
                "install a cross compiler (Debian/Ubuntu: apt-get install gcc-{g}), or set CC_{} or pass --cc",
                triple.replace('-', "_")
            ),
            None if triple.contains("apple-darwin") => format!(
                "linking for macOS needs a macOS-capable C toolchain: Zig's (`zig` on PATH, e.g. from `pip install ziglang`), osxcross (`o64-clang`/`oa64-clang` on PATH), Xcode's clang on a Mac, or any other given with CC_{} or --cc; `--emit obj` works without one",
                triple.replace('-', "_")
            ),
            None => format!("set CC_{} or pass --cc", triple.replace('-', "_")),
        };
        Err(Error::NoToolchain {
            triple: triple.to_string(),
            hint,
        })
    }

    /// The compiler command as a user would type it ("zig cc -target ...").
    pub fn command_line(&self) -> String {
        std::iter::once(self.cc.as_str())
            .chain(self.args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The archiver that goes with this compiler: `<prefix>-ar` for
    /// `<prefix>-gcc` (when installed), `zig ar` for zig, else `ar`.
    pub fn archiver(&self) -> String {
        if let Some(prefix) = self.cc.strip_suffix("-gcc") {
            let ar = format!("{prefix}-ar");
            if on_path(&ar) {
                return ar;
            }
        }
        if Path::new(&self.cc).file_name() == Some("zig".as_ref()) {
            return format!("{} ar", self.cc);
        }
        "ar".into()
    }

    /// Use `linker` (a command, possibly with arguments) for the link step.
    pub fn with_linker(mut self, linker: Option<&str>) -> Self {
        self.linker = linker.and_then(split_command);
        self
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.cc);
        c.args(&self.args);
        c
    }

    fn run(&self, mut cmd: Command, what: &str) -> Result<()> {
        let out = cmd.output().map_err(|source| Error::Spawn {
            cc: self.cc.clone(),
            source,
        })?;
        if !out.status.success() {
            return Err(Error::Failed {
                cc: self.cc.clone(),
                what: what.to_string(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            });
        }
        Ok(())
    }

    fn cache_key(&self, extra_flags: &[String]) -> String {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        ABI_HEADER.hash(&mut h);
        SOURCES.hash(&mut h);
        CFLAGS.hash(&mut h);
        target_cflags(&self.triple).hash(&mut h);
        extra_flags.hash(&mut h);
        self.cc.hash(&mut h);
        self.args.hash(&mut h);
        self.triple.hash(&mut h);
        format!("{:016x}", h.finish())
    }
}

/// Where compiled runtimes are cached: `$WASMC_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/wasmc`, else `$HOME/.cache/wasmc`, else the temp dir.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("WASMC_CACHE_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("wasmc");
    }
    if let Some(d) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join(".cache").join("wasmc");
    }
    std::env::temp_dir().join("wasmc-cache")
}

/// Write the runtime sources and headers into `dir`.
pub fn write_sources(dir: &Path) -> Result<()> {
    let io = |p: &Path, e| Error::Io(p.to_path_buf(), e);
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let abi = dir.join("wasmc_abi.h");
    std::fs::write(&abi, ABI_HEADER).map_err(|e| io(&abi, e))?;
    for (name, text) in SOURCES {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| io(&p, e))?;
    }
    Ok(())
}

/// A compiled runtime in the cache: its directory (which also holds the
/// sources and headers, usable as an include directory) and object files.
pub struct Runtime {
    pub dir: PathBuf,
    pub objects: Vec<PathBuf>,
}

impl Runtime {
    /// The objects without the executable driver (`main.o`), for hosts that
    /// bring their own `main`.
    pub fn library_objects(&self) -> impl Iterator<Item = &PathBuf> {
        self.objects.iter().filter(|o| !o.ends_with("main.o"))
    }
}

/// The runtime compiled for `tc`, now or earlier (cache).
/// `extra_flags` (e.g. sanitizers) become part of the cache key.
pub fn runtime(tc: &Toolchain, extra_flags: &[String]) -> Result<Runtime> {
    let dir = cache_dir().join(&tc.triple).join(tc.cache_key(extra_flags));
    let objects: Vec<PathBuf> = SOURCES
        .iter()
        .filter(|(n, _)| n.ends_with(".c"))
        .map(|(n, _)| dir.join(n.replace(".c", ".o")))
        .collect();
    if dir.join("complete").exists() {
        return Ok(Runtime { dir, objects });
    }
    // Build in a private directory and rename it into place, so concurrent
    // wasmc processes never see a half-built cache entry.
    let parent = dir.parent().expect("cache dir has a parent");
    std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".build-")
        .tempdir_in(parent)
        .map_err(|e| Error::Io(parent.to_path_buf(), e))?;
    write_sources(tmp.path())?;
    for (name, _) in SOURCES.iter().filter(|(n, _)| n.ends_with(".c")) {
        let mut cmd = tc.command();
        cmd.args(CFLAGS)
            .args(target_cflags(&tc.triple))
            .args(extra_flags)
            .arg("-I")
            .arg(tmp.path())
            .arg("-c");
        cmd.arg(tmp.path().join(name))
            .arg("-o")
            .arg(tmp.path().join(name.replace(".c", ".o")));
        tc.run(cmd, &format!("runtime-support/{name}"))?;
    }
    std::fs::write(tmp.path().join("complete"), b"")
        .map_err(|e| Error::Io(tmp.path().into(), e))?;
    let tmp = tmp.keep();
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another process won the race; its entry is equally good.
        let _ = std::fs::remove_dir_all(&tmp);
        if !dir.join("complete").exists() {
            return Err(Error::Io(
                dir,
                std::io::Error::other("could not install cache entry"),
            ));
        }
    }
    Ok(Runtime { dir, objects })
}

/// Link `objects` (module object(s) first) with the runtime into `out`.
/// `objects` may also name C sources; they are compiled with the runtime's
/// flags and its directory on the include path. With `with_main: false` the
/// executable driver is left out (the inputs bring their own `main`).
pub fn link(
    tc: &Toolchain,
    objects: &[PathBuf],
    extra_flags: &[String],
    out: &Path,
    with_main: bool,
) -> Result<()> {
    link_with_args(tc, objects, &[], extra_flags, out, with_main)
}

/// [`link`] with more linker driver arguments after `objects` (e.g.
/// [`whole_archive_args`]).
pub fn link_with_args(
    tc: &Toolchain,
    objects: &[PathBuf],
    link_args: &[String],
    extra_flags: &[String],
    out: &Path,
    with_main: bool,
) -> Result<()> {
    let rt = runtime(tc, extra_flags)?;
    let mut cmd = match &tc.linker {
        Some((l, args)) => {
            let mut c = Command::new(l);
            c.args(args);
            c
        }
        None => tc.command(),
    };
    cmd.args(CFLAGS)
        .args(extra_flags)
        .arg("-I")
        .arg(&rt.dir)
        .arg("-o")
        .arg(out)
        .args(objects)
        .args(link_args);
    if with_main {
        cmd.args(&rt.objects);
    } else {
        cmd.args(rt.library_objects());
    }
    cmd.args(LINK_LIBS);
    tc.run(cmd, "the link step")
}

/// Compile the C file `src` into the object `out` with `tc`, the runtime's
/// flags plus `extra_flags`, and the runtime's headers (`wasmc.h`) on the
/// include path: host code linked into executables (`--link`).
pub fn compile_c(tc: &Toolchain, src: &Path, out: &Path, extra_flags: &[String]) -> Result<()> {
    let rt = runtime(tc, extra_flags)?;
    let mut cmd = tc.command();
    cmd.args(CFLAGS)
        .args(extra_flags)
        .arg("-I")
        .arg(&rt.dir)
        .arg("-c")
        .arg(src)
        .arg("-o")
        .arg(out);
    tc.run(cmd, &src.display().to_string())
}

/// The arguments that link every member of the archive `lib` (not only
/// those something refers to): host function records are found through a
/// linker set, which nothing refers to by name.
pub fn whole_archive_args(tc: &Toolchain, lib: &Path) -> Vec<String> {
    if tc.triple.contains("apple") {
        vec![format!("-Wl,-force_load,{}", lib.display())]
    } else {
        vec![
            "-Wl,--whole-archive".into(),
            lib.display().to_string(),
            "-Wl,--no-whole-archive".into(),
        ]
    }
}

/// A static library of `objects` and the runtime without its executable
/// driver, for hosts that link a module by hand (`--emit lib`).
pub fn archive_with_runtime(
    tc: &Toolchain,
    objects: &[PathBuf],
    extra_flags: &[String],
    ar: &str,
    out: &Path,
) -> Result<()> {
    let rt = runtime(tc, extra_flags)?;
    let _ = std::fs::remove_file(out);
    let members: Vec<&PathBuf> = objects.iter().chain(rt.library_objects()).collect();
    archive(ar, out, &members)
}

/// `ar rcs out members...` with the archiver command `ar` (which may carry
/// arguments).
fn archive(ar: &str, out: &Path, members: &[&PathBuf]) -> Result<()> {
    let (ar_prog, ar_args) = split_command(ar).ok_or(Error::EmptyArchiver)?;
    let mut cmd = Command::new(&ar_prog);
    cmd.args(&ar_args).arg("rcs").arg(out).args(members);
    let o = cmd.output().map_err(|source| Error::ArchiverSpawn {
        ar: ar_prog.clone(),
        source,
    })?;
    if !o.status.success() {
        return Err(Error::ArchiverFailed {
            ar: ar_prog,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        });
    }
    Ok(())
}

/// Build `libwasmc_rt.a` (all runtime objects, `main.o` included: an archive
/// member is only linked when it is needed, so hosts with their own `main`
/// are unaffected) and the headers into `dir`, replacing earlier ones. `ar`
/// is a command that may carry arguments ("zig ar", "llvm-ar-14").
///
/// Everything is staged in a private directory inside `dir` and moved into
/// place only when complete: a failure leaves `dir` as it was.
/// `extra_flags` are added to the C compiler's (e.g. sanitizers), as for
/// [`runtime`].
pub fn install(tc: &Toolchain, dir: &Path, ar: &str, extra_flags: &[String]) -> Result<PathBuf> {
    split_command(ar).ok_or(Error::EmptyArchiver)?; // before building anything
    let objects = runtime(tc, extra_flags)?.objects;
    let io = |p: &Path, e| Error::Io(p.to_path_buf(), e);
    let created = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let staged = (|| {
        let tmp = tempfile::Builder::new()
            .prefix(".wasmc-runtime-")
            .tempdir_in(dir)
            .map_err(|e| io(dir, e))?;
        // Only the public headers: the internal ones (rt.h, wasi_internal.h,
        // ...) are the runtime's business, not an embedder's.
        let include = tmp.path().join("include");
        std::fs::create_dir_all(&include).map_err(|e| io(&include, e))?;
        for (name, text) in PUBLIC_HEADERS {
            let p = include.join(name);
            std::fs::write(&p, text).map_err(|e| io(&p, e))?;
        }
        let lib = tmp.path().join("libwasmc_rt.a");
        archive(ar, &lib, &objects.iter().collect::<Vec<_>>())?;
        Ok(tmp)
    })();
    let tmp = match staged {
        Ok(tmp) => tmp,
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
    };
    let (include, lib) = (dir.join("include"), dir.join("libwasmc_rt.a"));
    if include.exists() {
        std::fs::remove_dir_all(&include).map_err(|e| io(&include, e))?;
    }
    std::fs::rename(tmp.path().join("include"), &include).map_err(|e| io(&include, e))?;
    std::fs::rename(tmp.path().join("libwasmc_rt.a"), &lib).map_err(|e| io(&lib, e))?;
    Ok(lib)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every C file and header in `src/c` is embedded (a file that is not in
    /// `SOURCES` would silently not be compiled into the runtime), and every
    /// entry is a real file with the same contents.
    #[test]
    fn sources_list_every_runtime_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/c");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("src/c")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
            .filter(|n| n.ends_with(".c") || n.ends_with(".h"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = SOURCES
            .iter()
            .map(|(n, _)| n.to_string())
            .filter(|n| n != "wasmc.h")
            .collect();
        listed.sort();
        assert_eq!(on_disk, listed, "SOURCES and runtime-support/src/c differ");
        for (name, text) in SOURCES.iter().filter(|(n, _)| *n != "wasmc.h") {
            let disk = std::fs::read_to_string(dir.join(name)).expect("listed file exists");
            assert_eq!(&disk, text, "{name}");
        }
    }
}
