//! `wasmc run [build options] app.wasm [ARGS...]`: compile as `build` does,
//! or reuse the executable from the cache (`cache.rs`), then run it.
//!
//! The cached executable has no `--dir`, `--env`, `--inherit-env` or
//! `--listen` baked in: `run` hands them to it at start through the
//! run-time variables every wasmc executable reads (`WASMC_DIRS`,
//! `WASMC_ENV_<NAME>`, `WASMC_INHERIT_ENV`, `WASMC_LISTEN`), so changing
//! them does not compile the module again, and the guest sees what a `build`
//! with the same options would give it. What does change the code
//! (`-O`, `--bounds-checks`, `--max-memory`, `--target`/`--cpu`, the C
//! toolchain, wasmc and its runtime) is part of the cache key.
//!
//! On Unix wasmc `exec`s the program: same process, stdio, signals and
//! exit status as running the built executable directly (a signal ends it
//! as it would end the executable). With `--no-cache` the program is built
//! in a temporary directory and run as a child, which is removed afterwards;
//! its exit status is passed on and a signal that ended it is raised again
//! in wasmc (else status 128+n, as a shell reports it).

use crate::{cache, CompileArgs};
use anyhow::{bail, Context, Result};
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, ExitCode};
use wasmc_compiler::{ExeConfig, Options};

pub const HELP: &str = "\
Options go before the module; everything after it is the program's.

Examples:
  wasmc run app.wasm a b c               argv = [\"app.wasm\", \"a\", \"b\", \"c\"]
  wasmc run --dir ./data::/data --env LANG=C app.wasm
  wasmc run -O0 --bounds-checks explicit app.wat
  wasmc run --no-cache app.wasm          compile afresh, touch no cache

The executable is cached under $WASMC_CACHE_DIR, else $XDG_CACHE_HOME/wasmc,
else ~/.cache/wasmc (`wasmc cache dir`; `wasmc cache clean` empties it).";

#[derive(clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    compile: CompileArgs,
    /// Compile into a temporary directory; neither read nor write the cache
    #[arg(long)]
    no_cache: bool,
    /// argv[0] of the program (default: the module's file name, as Wasmtime gives it)
    #[arg(long, value_name = "NAME")]
    argv0: Option<OsString>,
    /// The module to run (.wasm or .wat), then the program's arguments (one
    /// positional list, as in Wasmtime, so that everything after the module
    /// is the program's, options included)
    #[arg(required = true, trailing_var_arg = true, value_name = "MODULE")]
    module_and_args: Vec<OsString>,
}

pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let (input, program_args) = args
        .module_and_args
        .split_first()
        .context("no module given")?;
    let input = Path::new(input);
    let triple = args.compile.target.triple()?;
    let host = wasmc_compiler::target::host_triple();
    if triple != host {
        bail!("`wasmc run` runs programs on this machine ({host}); build for {triple} with `wasmc build --target`");
    }
    let wasm = crate::read_module(input)?;
    let config = crate::exe_config(&args.compile)?;
    let env = runtime_env(&config)?;
    // Only what cannot be given at run time is baked in.
    let baked = ExeConfig {
        max_memory: config.max_memory,
        max_gc_heap: config.max_gc_heap,
        ..ExeConfig::default()
    };
    let opts = crate::compile_options(&args.compile, Some(baked))?;
    let build = |out: &Path| -> Result<()> {
        let work = tempfile::tempdir().context("creating a temporary directory")?;
        let obj = work.path().join("module.o");
        crate::compile_file(&wasm, &opts, input, &obj)?;
        let iface = wasmc_compiler::interface::interface(&wasm)
            .map_err(|e| crate::compile_error(input, e))?;
        crate::link_executable(&iface, &obj, &args.compile, input, out)?;
        crate::set_executable(out)
    };
    let argv0 = match &args.argv0 {
        Some(a) => a.clone(),
        None => input
            .file_name()
            .context("the module path has no file name")?
            .to_os_string(),
    };
    let command = |program: &Path| {
        let mut cmd = Command::new(program);
        set_arg0(&mut cmd, &argv0);
        cmd.args(program_args);
        for (k, v) in &env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd
    };
    if args.no_cache {
        let dir = tempfile::tempdir().context("creating a temporary directory")?;
        let program = dir.path().join("program");
        build(&program)?;
        let status = command(&program)
            .status_ignoring_interrupts()
            .with_context(|| format!("cannot run {}", program.display()))?;
        drop(dir);
        return Ok(pass_on(status));
    }
    let key = cache_key(&wasm, &opts, &args.compile)?;
    let program = match cache::lookup(&key) {
        Some(p) => p,
        None => cache::insert(&key, build)?,
    };
    let err = exec(command(&program));
    if err.kind() == std::io::ErrorKind::NotFound {
        // `wasmc cache clean` removed the entry between lookup and exec.
        let program = cache::insert(&key, build)?;
        let err = exec(command(&program));
        return Err(err).with_context(|| format!("cannot run {}", program.display()));
    }
    Err(err).with_context(|| format!("cannot run {}", program.display()))
}

/// The run-time variables that give the program `config`'s directories,
/// environment and sockets (`None`: remove the variable).
fn runtime_env(config: &ExeConfig) -> Result<Vec<(OsString, Option<OsString>)>> {
    let mut env = Vec::new();
    if !config.dirs.is_empty() {
        let mut dirs = Vec::new();
        for (host, guest) in &config.dirs {
            if host.contains(';') || guest.contains(';') {
                bail!("--dir {host}::{guest}: `wasmc run` cannot pass a path containing `;`; use `wasmc build --dir`");
            }
            dirs.push(format!("{host}::{guest}"));
        }
        let mut value = OsString::from(dirs.join(";"));
        // The caller's own WASMC_DIRS come after, as after `build --dir`.
        if let Some(more) = std::env::var_os("WASMC_DIRS").filter(|v| !v.is_empty()) {
            value.push(";");
            value.push(more);
        }
        env.push(("WASMC_DIRS".into(), Some(value)));
    }
    for e in &config.envs {
        // `exe_config` accepts only NAME=VALUE, as for `build`.
        if let Some((name, value)) = e.split_once('=') {
            env.push((format!("WASMC_ENV_{name}").into(), Some(value.into())));
        }
    }
    if config.inherit_env {
        env.push(("WASMC_INHERIT_ENV".into(), Some("1".into())));
    }
    if !config.listen.is_empty() {
        env.push(("WASMC_LISTEN".into(), Some(config.listen.join(";").into())));
        env.push(("WASMC_LISTEN_FDS".into(), None));
    }
    Ok(env)
}

/// The cache key: everything that decides the bytes of the executable.
fn cache_key(wasm: &[u8], opts: &Options, args: &CompileArgs) -> Result<String> {
    let tc = args.target.toolchain()?;
    let cpu = wasmc_compiler::target::cpu_fingerprint(&opts.triple, &opts.cpu)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let codegen = format!(
        "opt={:?} inline={} multiversion={:?} bounds={:?} symbol={} triple={} cpu={cpu} config={:?}",
        opts.opt, opts.inline, opts.multiversion, opts.bounds, opts.module_symbol, opts.triple, opts.exe_config
    );
    let toolchain = format!(
        "cc={} args={:?} linker={:?} cflags={:?}",
        tc.cc,
        tc.args,
        tc.linker,
        crate::runtime_cflags()
    );
    let mut runtime = Vec::new();
    for (name, text) in wasmc_runtime_support::SOURCES
        .iter()
        .chain(wasmc_runtime_support::PUBLIC_HEADERS)
    {
        runtime.extend_from_slice(cache::key(&[name.as_bytes(), text.as_bytes()]).as_bytes());
    }
    runtime.extend_from_slice(wasmc_runtime_support::ABI_HEADER.as_bytes());
    runtime.extend_from_slice(format!("{:?}", wasmc_runtime_support::CFLAGS).as_bytes());
    runtime.extend_from_slice(format!("{:?}", wasmc_runtime_support::LINK_LIBS).as_bytes());
    // `--link` files by kind (extension) and content; what a C source
    // includes is not followed (documented).
    let mut linked = format!("allow_unresolved={}", args.allow_unresolved).into_bytes();
    for f in &args.link {
        let bytes = std::fs::read(f).with_context(|| format!("{}: cannot read", f.display()))?;
        let ext = f.extension().unwrap_or_default().as_encoded_bytes();
        linked.extend_from_slice(cache::key(&[ext, &bytes]).as_bytes());
    }
    Ok(cache::key(&[
        b"wasmc run cache 1",
        wasmc_identity().as_bytes(),
        &runtime,
        toolchain.as_bytes(),
        codegen.as_bytes(),
        &linked,
        wasm,
    ]))
}

/// wasmc's version and this very binary (size and mtime), so that a
/// rebuilt wasmc of the same version does not reuse older code.
fn wasmc_identity() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(&p).ok().map(|m| (p, m)));
    let (path, len, mtime) = match exe {
        Some((p, m)) => (
            p.display().to_string(),
            m.len(),
            m.modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos()),
        ),
        None => (String::new(), 0, 0),
    };
    format!(
        "{} {path} {len} {mtime} abi {}",
        env!("CARGO_PKG_VERSION"),
        wasmc_compiler::abi::ABI_VERSION
    )
}

#[cfg(unix)]
fn set_arg0(cmd: &mut Command, argv0: &OsStr) {
    use std::os::unix::process::CommandExt;
    cmd.arg0(argv0);
}

#[cfg(not(unix))]
fn set_arg0(_: &mut Command, _: &OsStr) {}

/// Replace wasmc with the program; returns only on failure.
#[cfg(unix)]
fn exec(mut cmd: Command) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    cmd.exec()
}

/// Without exec: run the program as a child and exit with its status.
#[cfg(not(unix))]
fn exec(mut cmd: Command) -> std::io::Error {
    match cmd.status() {
        Ok(s) => std::process::exit(s.code().unwrap_or(1)),
        Err(e) => e,
    }
}

trait StatusIgnoringInterrupts {
    /// Run to completion, with wasmc ignoring SIGINT and SIGQUIT meanwhile
    /// (as `system(3)` does): a ^C at the terminal ends the program, and
    /// wasmc then reports how it ended.
    fn status_ignoring_interrupts(&mut self) -> std::io::Result<std::process::ExitStatus>;
}

impl StatusIgnoringInterrupts for Command {
    #[cfg(unix)]
    fn status_ignoring_interrupts(&mut self) -> std::io::Result<std::process::ExitStatus> {
        let mut child = self.spawn()?;
        // SAFETY: setting a signal's disposition to SIG_IGN and back has no
        // memory-safety preconditions; wasmc installs no handlers of its own.
        let old = unsafe {
            [
                libc::signal(libc::SIGINT, libc::SIG_IGN),
                libc::signal(libc::SIGQUIT, libc::SIG_IGN),
            ]
        };
        let status = child.wait();
        // SAFETY: as above; restores what was there.
        unsafe {
            libc::signal(libc::SIGINT, old[0]);
            libc::signal(libc::SIGQUIT, old[1]);
        }
        status
    }

    #[cfg(not(unix))]
    fn status_ignoring_interrupts(&mut self) -> std::io::Result<std::process::ExitStatus> {
        self.status()
    }
}

/// wasmc's exit for a program that ended with `status`.
fn pass_on(status: std::process::ExitStatus) -> ExitCode {
    if let Some(code) = status.code() {
        return ExitCode::from(code as u8);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            // SAFETY: resetting to the default action and raising the signal
            // has no memory-safety preconditions; for a fatal signal the
            // process ends here, as the program did.
            unsafe {
                libc::signal(sig, libc::SIG_DFL);
                libc::raise(sig);
            }
            return ExitCode::from((128 + sig) as u8);
        }
    }
    ExitCode::from(1)
}
