//! Turning a parsed script into the plan `wasmc wast` runs: one [`Step`] per
//! directive, either a request for the host (with what its answer must be)
//! or a result decided here, without the host.
//!
//! Planning is also where the modules are compiled, all of them before the
//! host runs, because the host is linked once with every module object of
//! the script. Modules that wasmc rejects, and the validation-only
//! assertions (`assert_invalid`, `assert_malformed`), are decided here.
//!
//! `(module definition $M ...)` only compiles (it is decided here); each
//! `(module instance $I $M)` asks the host to instantiate that object afresh,
//! so instances of one definition have separate state. A plain named module
//! is also a definition others may instantiate, as in the reference
//! interpreter.

use super::protocol::hex;
use super::values::encode_arg;
use super::Config;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use wasmc_compiler::Options;
use wast::{QuoteWat, WastDirective, WastExecute, WastInvoke, WastRet};

/// A command for the host, with what to do with its answer.
pub enum Step<'a> {
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

pub enum Expect<'a> {
    /// `ok` with these results (None: any results).
    Return(Option<Vec<WastRet<'a>>>),
    /// A trap whose message contains this text.
    Trap(String),
    /// A link or instantiation error (`assert_unlinkable`).
    LinkError(String),
    /// An uncaught wasm exception (`assert_exception`).
    Exception,
}

/// A script's steps, in order, and the module objects the host links with
/// (module `i` of the requests is `objects[i]`).
pub struct Plan<'a> {
    pub steps: Vec<Step<'a>>,
    pub objects: Vec<PathBuf>,
}

fn line_of(text: &str, span: wast::token::Span) -> usize {
    span.linecol_in(text).0 + 1
}

/// Plan the `directives` of the script `text`, writing module objects into
/// `work`.
pub fn plan<'a>(
    text: &str,
    directives: Vec<WastDirective<'a>>,
    cfg: &Config,
    work: &Path,
) -> Plan<'a> {
    let mut objects: Vec<PathBuf> = Vec::new();
    let mut steps = Vec::new();
    let opts = |i: usize| Options {
        bounds: cfg.bounds,
        opt: cfg.opt,
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
        let p = work.join(format!("m{i}.o"));
        std::fs::write(&p, obj).map_err(|e| e.to_string())?;
        objects.push(p);
        Ok(i)
    };

    // Module definitions by name, and the last one (`module instance` may
    // leave out the module's name). `None`: it did not compile.
    let mut defs: HashMap<String, Option<usize>> = HashMap::new();
    let mut last_def: Option<Option<usize>> = None;

    for directive in directives {
        let span = directive.span();
        let line = line_of(text, span);
        match directive {
            WastDirective::Module(mut wat) => {
                let name = wat.name().map(|id| id.name()).unwrap_or("");
                let compiled = compile(&mut wat);
                if !name.is_empty() {
                    defs.insert(name.to_string(), compiled.as_ref().ok().copied());
                }
                match compiled {
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
            WastDirective::ModuleDefinition(mut wat) => {
                let name = wat.name().map(|id| id.name().to_string());
                let compiled = compile(&mut wat);
                let index = compiled.as_ref().ok().copied();
                if let Some(name) = name {
                    defs.insert(name, index);
                }
                last_def = Some(index);
                steps.push(Step::Decided {
                    line,
                    what: "module definition".into(),
                    result: compiled.map(|_| ()),
                });
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let def = match module {
                    Some(m) => defs
                        .get(m.name())
                        .copied()
                        .ok_or_else(|| format!("no module definition {}", m.name())),
                    None => last_def.ok_or_else(|| "no module definition".to_string()),
                };
                match def {
                    Ok(Some(i)) => steps.push(Step::Setup {
                        line,
                        request: format!(
                            "module {i} {}",
                            instance.map_or("-".into(), |id| hex(id.name()))
                        ),
                        expect: Expect::Return(None),
                    }),
                    Ok(None) => steps.push(Step::Decided {
                        line,
                        what: "module instance".into(),
                        result: Err("its module definition did not compile".into()),
                    }),
                    Err(e) => steps.push(Step::Decided {
                        line,
                        what: "module instance".into(),
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
            WastDirective::AssertException { exec, .. } => {
                let what = "assert_exception".to_string();
                steps.push(match exec_request(exec, &mut compile) {
                    Ok(request) => Step::Check {
                        line,
                        what,
                        request,
                        expect: Expect::Exception,
                    },
                    Err(e) => Step::Decided {
                        line,
                        what,
                        result: Err(e),
                    },
                });
            }
            other => steps.push(Step::Decided {
                line,
                what: directive_name(&other).into(),
                result: Err("directive not supported by wasmc wast".into()),
            }),
        }
    }
    Plan { steps, objects }
}

/// A directive's name as scripts spell it, for messages.
fn directive_name(d: &WastDirective<'_>) -> &'static str {
    match d {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
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
