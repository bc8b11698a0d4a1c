//! `wasmc`: the command-line driver. Reads `.wasm`/`.wat`, compiles with the
//! compiler library, links with runtime-support. Errors go to stderr as
//! `error: <file>: <reason>` with exit status 1; no partial output file is
//! ever left behind (outputs are written to a temporary file next to the
//! destination and renamed into place).

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wasmc_compiler::{BoundsChecks, ExeConfig, OptLevel, Options};

mod cache;
mod header;
mod jobs;
mod link;
mod run;
mod wast;

const EXAMPLES: &str = "\
Examples:
  wasmc build hello.wasm -o hello            compile and link a native executable
  wasmc build app.wat --bounds-checks explicit
  wasmc build app.wasm --dir ./data::/data --env LANG=C
  wasmc build lib.wasm --emit obj -o lib.o   relocatable object only
  wasmc build app.wasm --link host.c         imports defined with WASMC_HOST_FUNC
  wasmc build lib.wasm --emit obj --header lib.h   a reactor and C wrappers of its exports
  wasmc run --dir . app.wasm arg1 arg2       compile (or reuse from the cache) and run
  wasmc runtime --out-dir rt/                libwasmc_rt.a + headers for linking by hand
  wasmc validate app.wasm";

#[derive(Parser)]
#[command(name = "wasmc", version, about = "Ahead-of-time WebAssembly compiler: .wasm in, native executable out", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Compile a module to a native executable (or object file)
    #[command(after_help = EXAMPLES)]
    Build(BuildArgs),
    /// Compile a module (or reuse it from the cache) and run it
    #[command(after_help = run::HELP, override_usage = "wasmc run [OPTIONS] <MODULE> [ARGS]...")]
    Run(run::RunArgs),
    /// Manage the cache of compiled programs and runtimes
    Cache {
        #[command(subcommand)]
        command: cache::CacheCmd,
    },
    /// Check that a module is valid WebAssembly that wasmc accepts
    Validate {
        /// Input module (.wasm or .wat)
        input: PathBuf,
    },
    /// Run WebAssembly spec test scripts (.wast) through the real pipeline
    Wast {
        /// Scripts to run
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Memory bounds-check strategy for every module
        #[arg(long, value_enum, default_value = "guard")]
        bounds_checks: Bounds,
        /// Optimisation level of every module (as for `build`)
        #[arg(short = 'O', default_value = "2", value_parser = clap::value_parser!(u8).range(0..=2))]
        opt: u8,
        #[command(flatten)]
        target: TargetArgs,
        /// Command that runs the host for a foreign target (default: qemu-<arch> -L /usr/<gnu-prefix>, or $WASMC_RUNNER)
        #[arg(long, value_name = "CMD")]
        runner: Option<String>,
        /// Scripts run in parallel (default: all cores)
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Print the protocol request of each failure
        #[arg(short, long)]
        verbose: bool,
    },
    /// List the supported targets and what is tested for each
    Targets,
    /// Write the runtime support library (libwasmc_rt.a) and its headers
    Runtime {
        /// Directory to write into
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// Target triple to build it for (default: the host); the C
        /// toolchain is found as for `build --target`
        #[arg(long, value_name = "TRIPLE")]
        target: Option<String>,
        /// C compiler to build it with (default: found for the target; $CC or
        /// cc on the host)
        #[arg(long)]
        cc: Option<String>,
        /// Archiver (default: $AR, or the toolchain's: <prefix>-ar for
        /// <prefix>-gcc, `zig ar` for zig, else ar)
        #[arg(long)]
        ar: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Emit {
    /// A linked native executable
    Exe,
    /// A relocatable object file with the module descriptor
    Obj,
    /// A static library: the object and the runtime (without its `main`)
    Lib,
}

#[derive(Clone, Copy, ValueEnum)]
enum MultiversionArg {
    /// The functions with the densest loops, within an eighth of the module's code (at least 64 KiB, at most 1 MiB of wasm)
    Hot,
    /// Every function
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum Bounds {
    /// Reserve 4 GiB + guard per memory; out-of-bounds accesses fault (64-bit targets)
    Guard,
    /// Compare every memory access against the memory's size
    Explicit,
}

impl From<Bounds> for BoundsChecks {
    fn from(b: Bounds) -> Self {
        match b {
            Bounds::Guard => BoundsChecks::Guard,
            Bounds::Explicit => BoundsChecks::Explicit,
        }
    }
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Input module (.wasm or .wat)
    input: PathBuf,
    /// Output file (default: the input's file stem; `.o` added for --emit obj, lib<stem>.a for --emit lib)
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// What to produce
    #[arg(long, value_enum, default_value = "exe")]
    emit: Emit,
    /// Write a C header with typed wrappers of the module's exports (with --emit obj or lib)
    #[arg(long, value_name = "FILE")]
    header: Option<PathBuf>,
    #[command(flatten)]
    compile: CompileArgs,
}

/// The options `build` and `run` share: code generation, what is baked into
/// the executable, the target and the compilation threads.
#[derive(clap::Args)]
struct CompileArgs {
    /// Optimisation level: 0 (fastest compile), 1 (Cranelift's optimizations per function), 2 (also whole-module passes, loop-head placement and, on x86-64 without --cpu, x86-64-v3 copies of hot functions)
    #[arg(short = 'O', default_value = "2", value_parser = clap::value_parser!(u8).range(0..=2))]
    opt: u8,
    /// At -O2, do not copy small and single-call-site functions into their callers (exact backtraces, smaller code)
    #[arg(long)]
    no_inline: bool,
    /// With --cpu A+B: which functions the further CPUs get their own copy of (hot: the loop-dense ones, within an eighth of the module's code, at most 1 MiB of wasm; all: every function)
    #[arg(long, value_enum, default_value = "hot")]
    multiversion: MultiversionArg,
    /// Memory bounds-check strategy
    #[arg(long, value_enum, default_value = "guard")]
    bounds_checks: Bounds,
    /// Grant the program a host directory, seen by the guest as GUEST (default: HOST); repeatable
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Set an environment variable for the program; repeatable
    #[arg(long = "env", value_name = "NAME=VALUE")]
    envs: Vec<String>,
    /// Pass the host environment through to the program (before --env entries)
    #[arg(long)]
    inherit_env: bool,
    /// Give the program a listening TCP socket on ADDR:PORT (numeric IPv4 or [IPv6]) for sock_accept; repeatable
    #[arg(long = "listen", value_name = "ADDR:PORT")]
    listen: Vec<String>,
    /// Upper bound on linear memory size in bytes (suffixes K, M, G accepted)
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_memory: Option<u64>,
    /// Size of the GC heap (struct and array objects) of each store in bytes (suffixes K, M, G; default 1G)
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_gc_heap: Option<u64>,
    /// Symbol name of the module descriptor in the object
    #[arg(long, value_name = "NAME", default_value = wasmc_compiler::abi::DEFAULT_MODULE_SYMBOL)]
    module_symbol: String,
    #[command(flatten)]
    target: TargetArgs,
    /// Threads compiling functions (default: all cores; under `make -jN`, as many as its jobserver grants)
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Link host functions for the module's imports: a C source, object or archive registering them with WASMC_HOST_FUNC (wasmc.h); repeatable
    #[arg(long = "link", value_name = "FILE")]
    link: Vec<PathBuf>,
    /// Build even if imports are provided by nothing; calling one traps
    #[arg(long)]
    allow_unresolved: bool,
}

/// Target selection, shared by `build` and `wast`.
#[derive(clap::Args, Clone)]
struct TargetArgs {
    /// Target triple (default: the host); see `wasmc targets`
    #[arg(long, value_name = "TRIPLE")]
    target: Option<String>,
    /// CPU: `baseline` (the target's portable baseline), `native` (this machine), or a preset such as x86-64-v3; `A+B` compiles a variant for each and picks at start-up. Default: baseline+x86-64-v3 at -O2 on x86-64 (hot functions also for AVX2/BMI2 machines), else baseline
    #[arg(long, value_name = "CPU")]
    cpu: Option<String>,
    /// CPU features to add or remove, e.g. +avx2,-bmi2 (Cranelift names, see `wasmc targets --features`)
    #[arg(long, value_name = "+X,-Y", allow_hyphen_values = true)]
    cpu_features: Option<String>,
    /// C compiler for the runtime and the link (default: --target's usual cross compiler, $CC_<triple>, $CC or cc)
    #[arg(long)]
    cc: Option<String>,
    /// Compiler driver for the final link step (default: the C compiler)
    #[arg(long)]
    linker: Option<String>,
}

impl TargetArgs {
    fn triple(&self) -> Result<wasmc_compiler::Triple> {
        parse_target(self.target.as_deref())
    }

    /// The CPU(s) to compile for at `opt`: `--cpu` and `--cpu-features`, or
    /// without either the default ([`wasmc_compiler::target::default_cpu`]).
    fn cpu(&self, opt: OptLevel) -> Result<wasmc_compiler::CpuSpec> {
        let features = match &self.cpu_features {
            Some(f) => wasmc_compiler::CpuSpec::parse_features(f)?,
            None => Vec::new(),
        };
        let default = match (&self.cpu, &self.cpu_features) {
            (None, None) => wasmc_compiler::target::default_cpu(&self.triple()?, opt),
            _ => None,
        };
        Ok(match self.cpu.as_deref().or(default) {
            Some(cpu) => wasmc_compiler::CpuSpec::with_cpus(cpu, features)?,
            None => wasmc_compiler::CpuSpec {
                features,
                ..Default::default()
            },
        })
    }

    fn toolchain(&self) -> Result<wasmc_runtime_support::Toolchain> {
        Ok(toolchain_for(&self.triple()?, self.cc.as_deref())?.with_linker(self.linker.as_deref()))
    }
}

/// `--target`: one of `wasmc targets`, or the host.
fn parse_target(target: Option<&str>) -> Result<wasmc_compiler::Triple> {
    match target {
        Some(t) => {
            let triple = wasmc_compiler::target::parse_triple(t)?;
            if !wasmc_compiler::target::TARGETS
                .iter()
                .any(|k| k.triple == triple.to_string())
            {
                bail!("unsupported target `{t}`; `wasmc targets` lists the supported ones");
            }
            Ok(triple)
        }
        None => Ok(wasmc_compiler::target::host_triple()),
    }
}

/// The C toolchain for `triple` (`cc` overrides the search).
fn toolchain_for(
    triple: &wasmc_compiler::Triple,
    cc: Option<&str>,
) -> Result<wasmc_runtime_support::Toolchain> {
    let host = wasmc_compiler::target::host_triple().to_string();
    Ok(wasmc_runtime_support::Toolchain::for_target(
        &triple.to_string(),
        &host,
        cc,
    )?)
}

fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let (num, mult) = match s.chars().last() {
        Some('K' | 'k') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M' | 'm') => (&s[..s.len() - 1], 1 << 20),
        Some('G' | 'g') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("`{s}` is not a size in bytes (e.g. 65536, 64K, 256M, 4G)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Cmd::Build(_) | Cmd::Run(_)) {
        jobs::connect();
    }
    let r = match cli.command {
        Cmd::Build(args) => build(&args),
        Cmd::Run(args) => match run::run(&args) {
            Ok(code) => return code,
            Err(e) => Err(e),
        },
        Cmd::Cache { command } => cache::command(&command),
        Cmd::Validate { input } => validate(&input),
        Cmd::Wast {
            files,
            bounds_checks,
            opt,
            target,
            runner,
            jobs,
            verbose,
        } => wast_config(bounds_checks, opt_level(opt), &target, runner, verbose)
            .and_then(|cfg| run_wast(&files, &cfg, jobs)),
        Cmd::Targets => {
            list_targets();
            Ok(())
        }
        Cmd::Runtime {
            out_dir,
            target,
            cc,
            ar,
        } => runtime(&out_dir, target.as_deref(), cc.as_deref(), ar.as_deref()),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Read a module, converting text format when the input is `.wat` (or is
/// not a binary module).
fn read_module(input: &Path) -> Result<Vec<u8>> {
    let bytes =
        std::fs::read(input).with_context(|| format!("{}: cannot read", input.display()))?;
    // A `.wasm` file is always binary; otherwise binary if it starts with the
    // magic, else text.
    let ext = input.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext == "wasm" || bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    // The folded legacy `try` of the spec's text format, unfolded (the text
    // parser knows only the flat form).
    let bytes = std::str::from_utf8(&bytes)
        .ok()
        .and_then(wast::legacy_try::rewrite)
        .map_or(bytes, String::into_bytes);
    wat::Parser::new()
        .parse_bytes(Some(input), &bytes)
        .map(|c| c.into_owned())
        .map_err(|e| anyhow::anyhow!("{}: {}", input.display(), e.to_string().trim_end()))
}

fn compile_error(input: &Path, e: wasmc_compiler::CompileError) -> anyhow::Error {
    anyhow::anyhow!("{}: {}", input.display(), e)
}

fn validate(input: &Path) -> Result<()> {
    let wasm = read_module(input)?;
    wasmc_compiler::validate(&wasm).map_err(|e| compile_error(input, e))?;
    Ok(())
}

fn build(args: &BuildArgs) -> Result<()> {
    let wasm = read_module(&args.input)?;
    let config = exe_config(&args.compile)?;
    let exe = args.emit == Emit::Exe || config != ExeConfig::default();
    let opts = compile_options(&args.compile, exe.then_some(config))?;
    let output = match &args.output {
        Some(o) => o.clone(),
        None => {
            let stem = args.input.file_stem().context("input has no file name")?;
            let mut p = PathBuf::from(stem);
            match args.emit {
                Emit::Obj => p.set_extension("o"),
                Emit::Lib => {
                    p = PathBuf::from(format!("lib{}.a", stem.to_string_lossy()));
                    true
                }
                Emit::Exe => false,
            };
            p
        }
    };
    link::check_build_args(
        args.emit == Emit::Exe,
        &args.compile.link,
        args.compile.allow_unresolved,
        args.header.as_deref(),
    )?;
    // The object goes straight to a file as it is serialised: the output's
    // temporary file (`--emit obj`, renamed only on success) or `module.o`
    // in a work directory.
    let out_dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp_out = tempfile::Builder::new()
        .prefix(".wasmc-")
        .tempfile_in(&out_dir)
        .with_context(|| format!("cannot create a file in {}", out_dir.display()))?;
    let work = tempfile::tempdir().context("creating a temporary directory")?;
    let obj = match args.emit {
        Emit::Obj => tmp_out.path().to_path_buf(),
        Emit::Lib | Emit::Exe => work.path().join("module.o"),
    };
    compile_file(&wasm, &opts, &args.input, &obj)?;
    let iface =
        wasmc_compiler::interface::interface(&wasm).map_err(|e| compile_error(&args.input, e))?;
    match args.emit {
        Emit::Obj => {}
        Emit::Lib => {
            let tc = args.compile.target.toolchain()?;
            wasmc_runtime_support::archive_with_runtime(
                &tc,
                &[obj],
                &runtime_cflags(),
                &tc.archiver(),
                tmp_out.path(),
            )
            .context("writing the library")?;
        }
        Emit::Exe => {
            link_executable(&iface, &obj, &args.compile, &args.input, tmp_out.path())?;
        }
    }
    let header = match &args.header {
        Some(h) => Some(link::stage_header(
            h,
            &iface,
            &args.compile.module_symbol,
            &args.input,
        )?),
        None => None,
    };
    tmp_out
        .persist(&output)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", output.display(), e.error))?;
    if let (Some(tmp), Some(h)) = (header, &args.header) {
        tmp.persist(h)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", h.display(), e.error))?;
    }
    if args.emit == Emit::Exe {
        set_executable(&output)?;
    }
    Ok(())
}

/// The level `-O N` names (clap keeps N within 0..=2).
fn opt_level(n: u8) -> OptLevel {
    match n {
        0 => OptLevel::None,
        1 => OptLevel::Speed,
        _ => OptLevel::SpeedAndSize,
    }
}

/// The compiler's options from the command line (`exe_config`: what to
/// embed for an executable). Connects to a make jobserver if there is one.
fn compile_options(args: &CompileArgs, exe_config: Option<ExeConfig>) -> Result<Options> {
    let mut opts = Options {
        opt: opt_level(args.opt),
        inline: !args.no_inline,
        multiversion: match args.multiversion {
            MultiversionArg::Hot => wasmc_compiler::Multiversion::Hot,
            MultiversionArg::All => wasmc_compiler::Multiversion::All,
        },
        bounds: args.bounds_checks.into(),
        module_symbol: args.module_symbol.clone(),
        triple: args.target.triple()?,
        cpu: args.target.cpu(opt_level(args.opt))?,
        exe_config,
        ..Options::default()
    };
    jobs::configure(&mut opts, args.jobs);
    Ok(opts)
}

/// Compile `wasm` (read from `input`, for messages) into the object file
/// `path` (created or truncated; its permissions are kept), written as it
/// is serialised.
fn compile_file(wasm: &[u8], opts: &Options, input: &Path, path: &Path) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let r = wasmc_compiler::compile_to(wasm, opts, &mut out);
    jobs::report(opts);
    r.map_err(|e| compile_error(input, e))
}

/// Link a module object (the file `obj`) with the runtime and the `--link`
/// host functions into the executable `out`; `iface` (the module's imports
/// and exports) says what the host functions must provide. `input` names
/// the module in messages.
fn link_executable(
    iface: &wasmc_compiler::interface::Interface,
    obj: &Path,
    args: &CompileArgs,
    input: &Path,
    out: &Path,
) -> Result<()> {
    link::exe_module_check(iface).map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    let work = tempfile::tempdir().context("creating a temporary directory")?;
    let tc = args.target.toolchain()?;
    // Extra C flags for the runtime and the link, e.g. sanitizers
    // (`WASMC_RUNTIME_CFLAGS="-fsanitize=address,undefined"`).
    let extra = runtime_cflags();
    let req = link::LinkRequest {
        files: &args.link,
        allow_unresolved: args.allow_unresolved,
        toolchain: &tc,
        cflags: &extra,
        work: work.path(),
    };
    let inputs =
        link::prepare(&req, iface).map_err(|e| anyhow::anyhow!("{}: {e:#}", input.display()))?;
    let objects: Vec<PathBuf> = std::iter::once(obj.to_path_buf())
        .chain(inputs.objects)
        .collect();
    wasmc_runtime_support::link_with_args(&tc, &objects, &inputs.args, &extra, out, true)
        .context("linking")
}

/// Run scripts on `jobs` threads; print one line per file (in the order
/// given), each failure, and the total as the last line.
fn run_wast(files: &[PathBuf], cfg: &wast::Config, jobs: Option<usize>) -> Result<()> {
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let reports: Vec<std::sync::Mutex<Option<wast::FileReport>>> =
        files.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..jobs.min(files.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(f) = files.get(i) else { break };
                let r = wast::run_file(f, cfg);
                *reports[i].lock().expect("no poisoning") = Some(r);
            });
        }
    });
    let (mut passed, mut failed) = (0u64, 0u64);
    for r in reports {
        let r = r
            .into_inner()
            .expect("no poisoning")
            .expect("every file ran");
        println!(
            "{}: {} passed, {} failed",
            r.path.display(),
            r.passed,
            r.failures.len()
        );
        for f in &r.failures {
            println!("  {f}");
        }
        passed += r.passed;
        failed += r.failures.len() as u64;
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        bail!("{failed} assertion(s) failed");
    }
    Ok(())
}

fn list_targets() {
    let host = wasmc_compiler::target::host_triple().to_string();
    for t in wasmc_compiler::target::TARGETS {
        let mark = if t.triple == host { " (host)" } else { "" };
        println!("{:<30} {}{mark}", t.triple, t.status);
    }
}

/// The wast runner's configuration: compile for the target, and run the
/// host through a runner (qemu-user) when it is not this machine's.
fn wast_config(
    bounds: Bounds,
    opt: OptLevel,
    target: &TargetArgs,
    runner: Option<String>,
    verbose: bool,
) -> Result<wast::Config> {
    let triple = target.triple()?;
    let host = wasmc_compiler::target::host_triple();
    let runner = runner.or_else(|| std::env::var("WASMC_RUNNER").ok().filter(|s| !s.is_empty()));
    let runner: Vec<String> = match runner {
        Some(r) => r.split_whitespace().map(str::to_string).collect(),
        None if triple != host => {
            let ts = triple.to_string();
            if wasmc_runtime_support::gnu_prefix(&ts).is_none() {
                // qemu-user runs Linux programs only.
                bail!(
                    "cannot run {ts} programs on this machine: run `wasmc wast` on {ts}, \
                     or name a runner with --runner or WASMC_RUNNER"
                );
            }
            let arch = ts.split('-').next().unwrap_or("");
            let arch = if arch.starts_with("riscv64") {
                "riscv64"
            } else {
                arch
            };
            let prefix = wasmc_runtime_support::gnu_prefix(&ts).unwrap_or_default();
            vec![
                format!("qemu-{arch}"),
                "-L".into(),
                format!("/usr/{prefix}"),
            ]
        }
        None => Vec::new(),
    };
    Ok(wast::Config {
        bounds: bounds.into(),
        opt,
        triple,
        cpu: target.cpu(opt)?,
        toolchain: target.toolchain()?,
        runner,
        verbose,
    })
}

#[cfg(unix)]
fn set_executable(p: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut perm = std::fs::metadata(p)?.permissions();
    perm.set_mode(0o755);
    std::fs::set_permissions(p, perm).with_context(|| format!("chmod {}", p.display()))
}

#[cfg(not(unix))]
fn set_executable(_: &Path) -> Result<()> {
    Ok(())
}

fn exe_config(args: &CompileArgs) -> Result<ExeConfig> {
    let mut cfg = ExeConfig {
        inherit_env: args.inherit_env,
        max_memory: args.max_memory,
        max_gc_heap: args.max_gc_heap,
        ..Default::default()
    };
    for d in &args.dirs {
        let (host, guest) = match d.split_once("::") {
            Some((h, g)) => (h, g),
            None => (d.as_str(), d.as_str()),
        };
        if host.is_empty() || guest.is_empty() {
            bail!("--dir {d}: expected HOST[::GUEST]");
        }
        cfg.dirs.push((host.to_string(), guest.to_string()));
    }
    for l in &args.listen {
        match l.rsplit_once(':') {
            Some((addr, port)) if !addr.is_empty() && port.parse::<u16>().is_ok_and(|p| p != 0) => {
                cfg.listen.push(l.clone());
            }
            _ => {
                bail!("--listen {l}: expected ADDR:PORT with a numeric address and a port 1-65535")
            }
        }
    }
    for e in &args.envs {
        match e.split_once('=') {
            Some((name, _)) if !name.is_empty() => cfg.envs.push(e.clone()),
            _ => bail!("--env {e}: expected NAME=VALUE"),
        }
    }
    Ok(cfg)
}

/// Extra C flags for building the runtime (and linking executables), e.g.
/// sanitizers: `WASMC_RUNTIME_CFLAGS="-fsanitize=address,undefined"`.
fn runtime_cflags() -> Vec<String> {
    std::env::var("WASMC_RUNTIME_CFLAGS")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn runtime(out_dir: &Path, target: Option<&str>, cc: Option<&str>, ar: Option<&str>) -> Result<()> {
    let tc = toolchain_for(&parse_target(target)?, cc)?;
    let ar = ar
        .map(str::to_string)
        .or_else(|| std::env::var("AR").ok().filter(|a| !a.is_empty()))
        .unwrap_or_else(|| tc.archiver());
    let lib = wasmc_runtime_support::install(&tc, out_dir, &ar, &runtime_cflags())
        .context("building the runtime")?;
    println!(
        "wrote {} and {}",
        lib.display(),
        out_dir.join("include").display()
    );
    println!(
        "link a module object by hand with:\n  {} -I {} host.c module.o {} {}",
        tc.command_line(),
        out_dir.join("include").display(),
        lib.display(),
        wasmc_runtime_support::LINK_LIBS.join(" ")
    );
    Ok(())
}
