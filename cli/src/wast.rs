//! `wasmc wast`: run WebAssembly spec scripts through the real pipeline.
//!
//! For each script, every module is compiled by the compiler library to an
//! object (all modules of a script in one pass), the objects are linked once
//! with runtime-support and `wast_host.c` (a small C program using only the
//! public embedding API, `wasmc.h`), and the script's commands are sent to
//! that host over a line protocol (see `wast_host.c`). Validation-only
//! assertions (`assert_invalid`, `assert_malformed`) never reach the host.
//!
//! If the host dies or hangs, the command is a failure and a fresh host
//! replays the script's module/register commands to rebuild the state.

use anyhow::{anyhow, Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use wasmc_compiler::{BoundsChecks, Options};
use wast::core::{HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet};

/// How long one command may take before the host is considered hung.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Config {
    pub bounds: BoundsChecks,
    pub triple: wasmc_compiler::Triple,
    pub cpu: wasmc_compiler::CpuSpec,
    pub toolchain: wasmc_runtime_support::Toolchain,
    /// Command prefix that runs the host (qemu-user for foreign targets).
    pub runner: Vec<String>,
    pub verbose: bool,
}

/// Results of one script.
pub struct FileReport {
    pub path: PathBuf,
    pub passed: u64,
    pub failures: Vec<String>,
}

/// A command for the host, with what to do with its answer.
enum Step<'a> {
    /// `module`/`register`: state-building; replayed after a host restart.
    Setup {
        line: usize,
        request: String,
        expect: Expect<'a>,
    },
    /// Anything else.
    Check {
        line: usize,
        what: String,
        request: String,
        expect: Expect<'a>,
    },
    /// Decided without the host (validation assertions, compile failures).
    Decided {
        line: usize,
        what: String,
        result: Result<(), String>,
    },
}

enum Expect<'a> {
    /// `ok` with these results (None: any results).
    Return(Option<Vec<WastRet<'a>>>),
    /// A trap whose message contains this text.
    Trap(String),
    /// A link or instantiation error (`assert_unlinkable`).
    LinkError(String),
}

pub fn run_file(path: &Path, cfg: &Config) -> FileReport {
    let mut report = FileReport {
        path: path.to_path_buf(),
        passed: 0,
        failures: Vec::new(),
    };
    if let Err(e) = run_file_inner(path, cfg, &mut report) {
        report.failures.push(format!("{}: {e:#}", path.display()));
    }
    report
}

fn hex(s: &str) -> String {
    if s.is_empty() {
        return "-".into();
    }
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> String {
    if s == "-" {
        return String::new();
    }
    let bytes: Vec<u8> = (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn line_of(text: &str, span: wast::token::Span) -> usize {
    span.linecol_in(text).0 + 1
}

fn run_file_inner(path: &Path, cfg: &Config, report: &mut FileReport) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    // The spec's names.wast deliberately uses bidi and invisible characters.
    let mut lexer = wast::lexer::Lexer::new(&text);
    lexer.allow_confusing_unicode(true);
    let buf = ParseBuffer::new_with_lexer(lexer).map_err(|e| anyhow!("{e}"))?;
    let wast: Wast = parser::parse(&buf).map_err(|e| {
        let mut e = e;
        e.set_path(path);
        e.set_text(&text);
        anyhow!("{e}")
    })?;

    let work = tempfile::tempdir().context("temporary directory")?;
    let mut objects: Vec<PathBuf> = Vec::new();
    let mut steps = Vec::new();
    let opts = |i: usize| Options {
        bounds: cfg.bounds,
        module_symbol: format!("wasmc_wast_module_{i}"),
        triple: cfg.triple.clone(),
        cpu: cfg.cpu.clone(),
        jobs: 1,
        ..Options::default()
    };
    // Compile a module for instantiation; Err(message) if wasmc rejects it.
    let mut compile = |wat: &mut QuoteWat<'_>| -> Result<usize, String> {
        let wasm = wat.encode().map_err(|e| format!("text: {e}"))?;
        let i = objects.len();
        let obj = wasmc_compiler::compile(&wasm, &opts(i)).map_err(|e| e.to_string())?;
        let p = work.path().join(format!("m{i}.o"));
        std::fs::write(&p, obj).map_err(|e| e.to_string())?;
        objects.push(p);
        Ok(i)
    };

    for directive in wast.directives {
        let span = directive.span();
        let line = line_of(&text, span);
        match directive {
            WastDirective::Module(mut wat) => {
                let name = wat.name().map(|id| id.name()).unwrap_or("");
                match compile(&mut wat) {
                    Ok(i) => steps.push(Step::Setup {
                        line,
                        request: format!("module {i} {}", hex(name)),
                        expect: Expect::Return(None),
                    }),
                    Err(e) => steps.push(Step::Decided {
                        line,
                        what: "module".into(),
                        result: Err(e),
                    }),
                }
            }
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => {
                let r = match module.encode() {
                    Err(_) => Ok(()),
                    Ok(wasm) => match wasmc_compiler::validate(&wasm) {
                        Err(_) => Ok(()),
                        Ok(()) => Err(format!("module is valid, expected malformed: {message}")),
                    },
                };
                steps.push(Step::Decided {
                    line,
                    what: "assert_malformed".into(),
                    result: r,
                });
            }
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => {
                let r = match module.encode() {
                    Err(e) => Err(format!("cannot encode: {e}")),
                    Ok(wasm) => match wasmc_compiler::validate(&wasm) {
                        Err(_) => Ok(()),
                        Ok(()) => Err(format!("module is valid, expected invalid: {message}")),
                    },
                };
                steps.push(Step::Decided {
                    line,
                    what: "assert_invalid".into(),
                    result: r,
                });
            }
            WastDirective::AssertUnlinkable {
                module, message, ..
            } => {
                let mut q = QuoteWat::Wat(module);
                match compile(&mut q) {
                    Ok(i) => steps.push(Step::Check {
                        line,
                        what: "assert_unlinkable".into(),
                        request: format!("module {i} -"),
                        expect: Expect::LinkError(message.to_string()),
                    }),
                    Err(e) => steps.push(Step::Decided {
                        line,
                        what: "assert_unlinkable".into(),
                        result: Err(e),
                    }),
                }
            }
            WastDirective::Register { name, module, .. } => steps.push(Step::Setup {
                line,
                request: format!(
                    "register {} {}",
                    hex(name),
                    module.map_or("-".into(), |m| hex(m.name()))
                ),
                expect: Expect::Return(None),
            }),
            WastDirective::Invoke(invoke) => match invoke_request(&invoke) {
                Ok(request) => steps.push(Step::Check {
                    line,
                    what: "invoke".into(),
                    request,
                    expect: Expect::Return(None),
                }),
                Err(e) => steps.push(Step::Decided {
                    line,
                    what: "invoke".into(),
                    result: Err(e),
                }),
            },
            WastDirective::AssertReturn { exec, results, .. } => {
                match exec_request(exec, &mut compile) {
                    Ok(request) => steps.push(Step::Check {
                        line,
                        what: "assert_return".into(),
                        request,
                        expect: Expect::Return(Some(results)),
                    }),
                    Err(e) => steps.push(Step::Decided {
                        line,
                        what: "assert_return".into(),
                        result: Err(e),
                    }),
                }
            }
            WastDirective::AssertTrap { exec, message, .. } => {
                match exec_request(exec, &mut compile) {
                    Ok(request) => steps.push(Step::Check {
                        line,
                        what: "assert_trap".into(),
                        request,
                        expect: Expect::Trap(message.to_string()),
                    }),
                    Err(e) => steps.push(Step::Decided {
                        line,
                        what: "assert_trap".into(),
                        result: Err(e),
                    }),
                }
            }
            WastDirective::AssertExhaustion { call, message, .. } => match invoke_request(&call) {
                Ok(request) => steps.push(Step::Check {
                    line,
                    what: "assert_exhaustion".into(),
                    request,
                    expect: Expect::Trap(message.to_string()),
                }),
                Err(e) => steps.push(Step::Decided {
                    line,
                    what: "assert_exhaustion".into(),
                    result: Err(e),
                }),
            },
            other => steps.push(Step::Decided {
                line,
                what: "directive".into(),
                result: Err(format!(
                    "unsupported directive {:?}",
                    std::mem::discriminant(&other)
                )),
            }),
        }
    }

    let needs_host = steps.iter().any(|s| !matches!(s, Step::Decided { .. }));
    let exe = work.path().join("host");
    if needs_host {
        link_host(work.path(), &objects, cfg, &exe)?;
    }
    let mut host: Option<Host> = None;
    let mut setup_done: Vec<String> = Vec::new();
    let file = path.display().to_string();
    for step in &steps {
        match step {
            Step::Decided { line, what, result } => match result {
                Ok(()) => report.passed += 1,
                Err(e) => report.failures.push(format!("{file}:{line}: {what}: {e}")),
            },
            Step::Setup {
                line,
                request,
                expect,
            }
            | Step::Check {
                line,
                request,
                expect,
                ..
            } => {
                let what = match step {
                    Step::Check { what, .. } => what.as_str(),
                    _ => request.split(' ').next().unwrap_or(""),
                };
                if host.is_none() {
                    host = Some(Host::start(&cfg.runner, &exe, &setup_done)?);
                }
                let h = host.as_mut().expect("started");
                let answer = h.request(request);
                let outcome = match answer {
                    Ok(a) => check(&a, expect),
                    Err(e) => {
                        host = None;
                        Err(format!("host failed: {e}"))
                    }
                };
                if matches!(step, Step::Setup { .. }) {
                    setup_done.push(request.clone());
                }
                match outcome {
                    Ok(()) => report.passed += 1,
                    Err(e) => {
                        if cfg.verbose {
                            eprintln!("{file}:{line}: request: {request}");
                        }
                        report.failures.push(format!("{file}:{line}: {what}: {e}"));
                    }
                }
            }
        }
    }
    Ok(())
}

fn exec_request(
    exec: WastExecute<'_>,
    compile: &mut dyn FnMut(&mut QuoteWat<'_>) -> Result<usize, String>,
) -> Result<String, String> {
    match exec {
        WastExecute::Invoke(i) => invoke_request(&i),
        WastExecute::Get { module, global, .. } => Ok(format!(
            "get {} {}",
            module.map_or("-".into(), |m| hex(m.name())),
            hex(global)
        )),
        WastExecute::Wat(wat) => {
            let mut q = QuoteWat::Wat(wat);
            let i = compile(&mut q)?;
            Ok(format!("module {i} -"))
        }
    }
}

fn invoke_request(invoke: &WastInvoke<'_>) -> Result<String, String> {
    let mut req = format!(
        "invoke {} {}",
        invoke.module.map_or("-".into(), |m| hex(m.name())),
        hex(invoke.name)
    );
    for a in &invoke.args {
        req.push(' ');
        req.push_str(&encode_arg(a)?);
    }
    Ok(req)
}

fn encode_arg(a: &WastArg<'_>) -> Result<String, String> {
    let WastArg::Core(c) = a else {
        return Err("component arguments".into());
    };
    Ok(match c {
        WastArgCore::I32(v) => format!("i32:{:08x}", *v as u32),
        WastArgCore::I64(v) => format!("i64:{:016x}", *v as u64),
        WastArgCore::F32(v) => format!("f32:{:08x}", v.bits),
        WastArgCore::F64(v) => format!("f64:{:016x}", v.bits),
        WastArgCore::V128(v) => format!(
            "v128:{}",
            v.to_le_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: wast::core::AbstractHeapType::Func,
            ..
        }) => "funcref:null".into(),
        WastArgCore::RefNull(_) => "externref:null".into(),
        WastArgCore::RefExtern(n) => format!("externref:{n}"),
        WastArgCore::RefHost(_) => return Err("ref.host arguments".into()),
    })
}

/// Compare the host's answer with the expectation.
fn check(answer: &str, expect: &Expect<'_>) -> Result<(), String> {
    let mut parts = answer.split(' ');
    let kind = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let describe = || match kind {
        "trap" | "error" => format!("{kind} \"{}\"", unhex(rest.first().copied().unwrap_or("-"))),
        _ => answer.to_string(),
    };
    match expect {
        Expect::Return(want) => {
            if kind != "ok" {
                return Err(format!("expected success, got {}", describe()));
            }
            let Some(want) = want else { return Ok(()) };
            if want.len() != rest.len() {
                return Err(format!(
                    "expected {} results, got {}",
                    want.len(),
                    describe()
                ));
            }
            for (w, got) in want.iter().zip(&rest) {
                if !value_matches(w, got) {
                    return Err(format!("expected {}, got {}", ret_to_string(w), answer));
                }
            }
            Ok(())
        }
        Expect::Trap(msg) => {
            if kind == "trap" {
                let got = unhex(rest.first().copied().unwrap_or("-"));
                // The spec's wording is matched by substring either way round
                // ("unreachable" vs "unreachable executed").
                if got.contains(msg.as_str()) || (!got.is_empty() && msg.contains(got.as_str())) {
                    return Ok(());
                }
                return Err(format!("expected trap \"{msg}\", got trap \"{got}\""));
            }
            Err(format!("expected trap \"{msg}\", got {}", describe()))
        }
        Expect::LinkError(msg) => {
            if kind == "error" {
                return Ok(());
            }
            Err(format!("expected link error \"{msg}\", got {}", describe()))
        }
    }
}

fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    let nan = bits & 0x7f80_0000 == 0x7f80_0000 && bits & 0x007f_ffff != 0;
    match p {
        NanPattern::CanonicalNan => nan && bits & 0x007f_ffff == 0x0040_0000,
        NanPattern::ArithmeticNan => nan && bits & 0x0040_0000 != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    let exp = 0x7ff0_0000_0000_0000u64;
    let frac = 0x000f_ffff_ffff_ffffu64;
    let quiet = 0x0008_0000_0000_0000u64;
    let nan = bits & exp == exp && bits & frac != 0;
    match p {
        NanPattern::CanonicalNan => nan && bits & frac == quiet,
        NanPattern::ArithmeticNan => nan && bits & quiet != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn value_matches(want: &WastRet<'_>, got: &str) -> bool {
    let (ty, val) = got.split_once(':').unwrap_or(("", ""));
    let WastRet::Core(want) = want else {
        return false;
    };
    let u = |v: &str| u64::from_str_radix(v, 16).ok();
    match want {
        WastRetCore::I32(w) => ty == "i32" && u(val) == Some(u64::from(*w as u32)),
        WastRetCore::I64(w) => ty == "i64" && u(val) == Some(*w as u64),
        WastRetCore::F32(p) => ty == "f32" && u(val).is_some_and(|b| f32_matches(p, b as u32)),
        WastRetCore::F64(p) => ty == "f64" && u(val).is_some_and(|b| f64_matches(p, b)),
        WastRetCore::V128(p) => {
            if ty != "v128" || val.len() != 32 {
                return false;
            }
            let bytes: Vec<u8> = (0..16)
                .filter_map(|i| u8::from_str_radix(&val[2 * i..2 * i + 2], 16).ok())
                .collect();
            if bytes.len() != 16 {
                return false;
            }
            v128_matches(p, &bytes)
        }
        WastRetCore::RefNull(_) => val == "null",
        WastRetCore::RefExtern(None) => ty == "externref" && val != "null",
        WastRetCore::RefExtern(Some(n)) => ty == "externref" && val == n.to_string(),
        WastRetCore::RefFunc(_) => ty == "funcref" && val != "null",
        _ => false,
    }
}

fn v128_matches(p: &V128Pattern, b: &[u8]) -> bool {
    let lane = |i: usize, n: usize| -> u64 {
        let mut v = 0u64;
        for k in (0..n).rev() {
            v = (v << 8) | u64::from(b[i * n + k]);
        }
        v
    };
    match p {
        V128Pattern::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 1) == u64::from(*x as u8)),
        V128Pattern::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 2) == u64::from(*x as u16)),
        V128Pattern::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 4) == u64::from(*x as u32)),
        V128Pattern::I64x2(l) => l.iter().enumerate().all(|(i, x)| lane(i, 8) == *x as u64),
        V128Pattern::F32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| f32_matches(x, lane(i, 4) as u32)),
        V128Pattern::F64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| f64_matches(x, lane(i, 8))),
    }
}

fn ret_to_string(r: &WastRet<'_>) -> String {
    let WastRet::Core(c) = r else {
        return "?".into();
    };
    let nan32 = |p: &NanPattern<wast::token::F32>| match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => format!("{:08x}", v.bits),
    };
    let nan64 = |p: &NanPattern<wast::token::F64>| match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => format!("{:016x}", v.bits),
    };
    match c {
        WastRetCore::I32(v) => format!("i32:{:08x}", *v as u32),
        WastRetCore::I64(v) => format!("i64:{:016x}", *v as u64),
        WastRetCore::F32(p) => format!("f32:{}", nan32(p)),
        WastRetCore::F64(p) => format!("f64:{}", nan64(p)),
        WastRetCore::V128(p) => format!("v128:{p:?}"),
        WastRetCore::RefNull(_) => "ref.null".into(),
        WastRetCore::RefExtern(n) => format!("externref:{n:?}"),
        WastRetCore::RefFunc(_) => "funcref:<non-null>".into(),
        _ => "?".into(),
    }
}

/// Link the host: every module object, the module table, the host program
/// and the runtime library.
fn link_host(dir: &Path, objects: &[PathBuf], cfg: &Config, out: &Path) -> Result<()> {
    let mut table = String::from("#include \"wasmc_abi.h\"\n");
    for i in 0..objects.len() {
        table.push_str(&format!(
            "extern const struct wasmc_module_desc wasmc_wast_module_{i};\n"
        ));
    }
    table.push_str("const struct wasmc_module_desc *const wasmc_wast_modules[] = {\n");
    for i in 0..objects.len() {
        table.push_str(&format!("    &wasmc_wast_module_{i},\n"));
    }
    table.push_str("    0\n};\n");
    table.push_str(&format!(
        "const unsigned wasmc_wast_num_modules = {};\n",
        objects.len()
    ));
    let table_c = dir.join("modules.c");
    std::fs::write(&table_c, table)?;
    let host_c = dir.join("wast_host.c");
    std::fs::write(&host_c, wasmc_runtime_support::WAST_HOST_SOURCE)?;
    let tc = &cfg.toolchain;
    let mut inputs = vec![host_c, table_c];
    inputs.extend(objects.iter().cloned());
    wasmc_runtime_support::link(tc, &inputs, &[], out, false).context("linking the wast host")?;
    Ok(())
}

/// A running host process.
struct Host {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<String>,
}

impl Host {
    fn start(runner: &[String], exe: &Path, replay: &[String]) -> Result<Host> {
        let mut cmd = match runner.split_first() {
            Some((prog, args)) => {
                let mut c = Command::new(prog);
                c.args(args).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot run {}", exe.display()))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut h = Host {
            child,
            stdin,
            lines: rx,
        };
        for r in replay {
            h.request(r).map_err(|e| anyhow!("replaying `{r}`: {e}"))?;
        }
        Ok(h)
    }

    fn request(&mut self, req: &str) -> Result<String, String> {
        writeln!(self.stdin, "{req}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("write: {e}"))?;
        match self.lines.recv_timeout(COMMAND_TIMEOUT) {
            Ok(line) => Ok(line),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                Err(format!("no answer within {}s", COMMAND_TIMEOUT.as_secs()))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                Err(format!("host exited ({status})"))
            }
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
