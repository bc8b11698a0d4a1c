//! `wasmc build --header FILE.h`: a C header for a module object's exports,
//! so a C host calls them with typed arguments instead of value slots.
//!
//! Everything in it is a `static inline` wrapper over the public embedding
//! API (wasmc.h), so it needs no library of its own and cannot go stale
//! against the runtime: `<prefix>_instantiate` (instantiation through a
//! linker, which owns the instance and, for a reactor, has run its
//! `_initialize`), one `<prefix>_<export>` per function export and
//! `<prefix>_<export>` accessors for memory exports. The prefix is the
//! header's file stem as a C identifier.

use crate::link::c_string;
use std::fmt::Write as _;
use wasmc_compiler::interface::{ExternType, FuncSig, Interface, ValType};

/// A wasm name as a C string literal that is safe inside a comment too.
fn shown(name: &str) -> String {
    c_string(name.as_bytes()).replace("*/", "*\\/")
}

/// A C identifier for `s` (other characters become `_`).
fn ident(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// C type, union member and conversion of a value type.
fn c_type(t: &ValType) -> Option<(&'static str, &'static str)> {
    Some(match t {
        ValType::I32 => ("int32_t", "i32"),
        ValType::I64 => ("int64_t", "i64"),
        ValType::F32 => ("float", "f32"),
        ValType::F64 => ("double", "f64"),
        ValType::V128 => ("uint8_t *", "v128"),
        ValType::FuncRef | ValType::ExternRef => ("void *", "ref"),

        ValType::Other(_) => return None,
    })
}

fn wrapper(out: &mut String, prefix: &str, fname: &str, export: &str, sig: &FuncSig) {
    let show = |ts: &[ValType]| {
        ts.iter()
            .map(|t| match t.letter() {
                Some(c) => c.to_string(),
                None => "?".into(),
            })
            .collect::<String>()
    };
    let _ = writeln!(
        out,
        "/* Export {} (\"{}\" -> \"{}\"). Results go to the out-pointers (each may be\n * NULL) when the call returns WASMC_OK. */",
        shown(export),
        show(&sig.params),
        show(&sig.results)
    );
    let mut args = vec!["wasmc_instance_t *inst".to_string()];
    for (i, t) in sig.params.iter().enumerate() {
        let (ty, _) = c_type(t).expect("checked");
        args.push(if *t == ValType::V128 {
            format!("const uint8_t p{i}[16]")
        } else {
            format!("{ty}{}p{i}", if ty.ends_with('*') { "" } else { " " })
        });
    }
    for (i, t) in sig.results.iter().enumerate() {
        let (ty, _) = c_type(t).expect("checked");
        args.push(if *t == ValType::V128 {
            format!("uint8_t r{i}[16]")
        } else {
            format!("{ty}{}*r{i}", if ty.ends_with('*') { "" } else { " " })
        });
    }
    args.push("struct wasmc_trap_info *trap".into());
    let _ = writeln!(
        out,
        "static inline enum wasmc_outcome {prefix}_{fname}({}) {{",
        args.join(", ")
    );
    let slots = sig.params.len().max(sig.results.len()).max(1);
    let _ = writeln!(out, "    union wasmc_val v[{slots}];");
    let _ = writeln!(out, "    memset(v, 0, sizeof v);");
    for (i, t) in sig.params.iter().enumerate() {
        let (_, m) = c_type(t).expect("checked");
        let _ = match t {
            ValType::V128 => writeln!(out, "    memcpy(v[{i}].v128, p{i}, 16);"),
            ValType::I32 => writeln!(out, "    v[{i}].i32 = (uint32_t)p{i};"),
            ValType::I64 => writeln!(out, "    v[{i}].i64 = (uint64_t)p{i};"),
            _ => writeln!(out, "    v[{i}].{m} = p{i};"),
        };
    }
    let _ = writeln!(
        out,
        "    enum wasmc_outcome o = wasmc_instance_call_n(inst, {}, {}, v, trap);",
        c_string(export.as_bytes()),
        export.len()
    );
    if !sig.results.is_empty() {
        let _ = writeln!(out, "    if (o == WASMC_OK) {{");
        for (i, t) in sig.results.iter().enumerate() {
            let (ty, m) = c_type(t).expect("checked");
            let _ = match t {
                ValType::V128 => writeln!(out, "        if (r{i}) memcpy(r{i}, v[{i}].v128, 16);"),
                ValType::I32 | ValType::I64 => {
                    writeln!(out, "        if (r{i}) *r{i} = ({ty})v[{i}].{m};")
                }
                _ => writeln!(out, "        if (r{i}) *r{i} = v[{i}].{m};"),
            };
        }
        let _ = writeln!(out, "    }}");
    }
    let _ = writeln!(out, "    return o;\n}}\n");
}

/// The header text. `stem` names it (guard, prefix); `symbol` is the
/// module descriptor's symbol (`--module-symbol`); `source` the input file.
pub fn generate(iface: &Interface, stem: &str, symbol: &str, source: &str) -> String {
    let prefix = ident(stem);
    let guard = format!("{}_H", prefix.to_ascii_uppercase());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/* {stem}.h: generated by `wasmc build --header` from {}; do not edit.\n *\n\
         \x20* C wrappers for the exports of the module object whose descriptor is\n\
         \x20* `{symbol}`. Instantiate it with {prefix}_instantiate through a linker\n\
         \x20* (wasmc.h): the linker owns the instance, which lives until\n\
         \x20* wasmc_linker_free; a reactor's _initialize has run when it returns.\n\
         \x20* Function wrappers return the call's outcome (WASMC_OK, WASMC_TRAPPED,\n\
         \x20* ...; trap may be NULL) and store results through out-pointers. */",
        source.replace("*/", "* /")
    );
    let _ = writeln!(out, "#ifndef {guard}\n#define {guard}\n");
    let _ = writeln!(out, "#include <string.h>\n\n#include \"wasmc.h\"\n");
    let _ = writeln!(out, "#ifdef __cplusplus\nextern \"C\" {{\n#endif\n");
    let _ = writeln!(out, "extern const struct wasmc_module_desc {symbol};\n");
    let _ = writeln!(
        out,
        "/* Instantiate the module with `linker` (see wasmc_linker_instantiate). */\n\
         static inline wasmc_instance_t *{prefix}_instantiate(wasmc_linker_t *linker, char *err,\n\
         \x20                                                   size_t err_len, struct wasmc_trap_info *trap,\n\
         \x20                                                   enum wasmc_outcome *outcome) {{\n\
         \x20   return wasmc_linker_instantiate(linker, &{symbol}, err, err_len, trap, outcome);\n}}\n"
    );
    let mut used: Vec<String> = vec!["instantiate".into()];
    for e in &iface.exports {
        let mut name = ident(&e.name);
        while used.contains(&name) {
            name.push('_');
        }
        match &e.ty {
            ExternType::Func(_) if e.name == "_initialize" && iface.is_reactor() => {
                let _ = writeln!(
                    out,
                    "/* _initialize: called by {prefix}_instantiate (WASI reactor ABI). */\n"
                );
                continue;
            }
            ExternType::Func(sig) => {
                if sig.letters().is_none() {
                    let _ = writeln!(
                        out,
                        "/* Export {}: a typed reference in its type; call it with\n * wasmc_instance_call. */\n",
                        shown(&e.name)
                    );
                    continue;
                }
                wrapper(&mut out, &prefix, &name, &e.name, sig);
            }
            ExternType::Memory { .. } => {
                let _ = writeln!(
                    out,
                    "/* Memory export {}: its base and size in bytes (size may be NULL). */\n\
                     static inline uint8_t *{prefix}_{name}(wasmc_instance_t *inst, uint64_t *size) {{\n\
                     \x20   return wasmc_instance_memory_n(inst, {}, {}, size);\n}}\n",
                    shown(&e.name),
                    c_string(e.name.as_bytes()),
                    e.name.len()
                );
            }
            other => {
                let _ = writeln!(
                    out,
                    "/* Export {} ({}): use the wasmc_instance_* functions. */\n",
                    shown(&e.name),
                    other.kind_name()
                );
                continue;
            }
        }
        used.push(name);
    }
    let _ = writeln!(
        out,
        "#ifdef __cplusplus\n}}\n#endif\n\n#endif /* {guard} */"
    );
    out
}
