//! `wasmc build --link FILE`: host functions for an executable's imports.
//!
//! Each FILE (a C source, an object or a static archive) registers host
//! functions with `WASMC_HOST_FUNC` (wasmc.h). Every registration is a record
//! in a linker set that the runtime walks at start-up (host_link.c), plus a
//! signature string in a section of its own (`wasmc_host_sigs`, Mach-O
//! `__TEXT,wasmc_hostsig`), which this file reads from the objects -- a C
//! source is compiled first, with the target's C compiler -- so that the
//! build itself can say which imports nothing provides (all of them at once)
//! and which host functions have the wrong type. Archives are linked whole
//! (`--whole-archive`, Mach-O `-force_load`): nothing refers to a
//! registration by name, so the linker would otherwise leave their members
//! out.
//!
//! With `--allow-unresolved`, the imports nothing provides get generated
//! registrations of the runtime's `wasmc_unresolved_import`, which traps
//! naming the import when called.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use wasmc_compiler::interface::{ExternType, FuncSig, Interface, ValType};
use wasmc_runtime_support::Toolchain;

/// The marker that starts every signature string (wasmc.h).
const SIG_MAGIC: &[u8] = b"wasmc-host-func\0";
/// The signature section: ELF name, Mach-O section name.
const SIG_SECTIONS: &[&str] = &["wasmc_host_sigs", "wasmc_hostsig"];

/// One `WASMC_HOST_FUNC` found in a link input.
#[derive(Clone, Debug)]
struct HostFunc {
    module: String,
    name: String,
    params: String,
    results: String,
    /// The file (and archive member) it came from, for messages.
    origin: String,
}

/// What the link step gets: more objects and driver arguments.
#[derive(Default)]
pub struct LinkInputs {
    pub objects: Vec<PathBuf>,
    pub args: Vec<String>,
}

/// Everything `build` needs to know for the link inputs.
pub struct LinkRequest<'a> {
    pub files: &'a [PathBuf],
    pub allow_unresolved: bool,
    pub toolchain: &'a Toolchain,
    pub cflags: &'a [String],
    /// For objects this step creates (compiled sources, the unresolved
    /// stubs).
    pub work: &'a Path,
}

/// Compile and inspect the `--link` inputs, check `iface`'s imports against
/// them and the runtime's own (WASI), and return what to link.
pub fn prepare(req: &LinkRequest<'_>, iface: &Interface) -> Result<LinkInputs> {
    let mut inputs = LinkInputs::default();
    let mut funcs: Vec<HostFunc> = Vec::new();
    let mut opaque: Vec<String> = Vec::new();
    for (i, file) in req.files.iter().enumerate() {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let shown = file.display().to_string();
        if !file.is_file() {
            bail!("--link {shown}: no such file");
        }
        match ext {
            "c" => {
                let obj = req.work.join(format!("link{i}.o"));
                wasmc_runtime_support::compile_c(req.toolchain, file, &obj, req.cflags)
                    .with_context(|| format!("--link {shown}"))?;
                scan_object_file(&obj, &shown, &mut funcs, &mut opaque)?;
                inputs.objects.push(obj);
            }
            "o" | "obj" => {
                scan_object_file(file, &shown, &mut funcs, &mut opaque)?;
                inputs.objects.push(file.clone());
            }
            "a" => {
                scan_archive(file, &shown, &mut funcs, &mut opaque)?;
                inputs
                    .args
                    .extend(wasmc_runtime_support::whole_archive_args(
                        req.toolchain,
                        file,
                    ));
            }
            _ => {
                bail!("--link {shown}: expected a C source (.c), an object (.o) or an archive (.a)")
            }
        }
    }
    check_duplicates(&funcs)?;
    let unresolved = check_imports(iface, &funcs)?;
    if unresolved.is_empty() {
        return Ok(inputs);
    }
    if !opaque.is_empty() {
        // Objects we cannot read (LTO bitcode, another format): they may
        // define these; the runtime checks at start-up.
        eprintln!(
            "warning: cannot look for host functions in {}; imports are checked when the program starts",
            opaque.join(", ")
        );
        return Ok(inputs);
    }
    let stubbable = |u: &Unresolved| u.letters.is_some();
    if req.allow_unresolved && unresolved.iter().all(stubbable) {
        let src = req.work.join("unresolved.c");
        std::fs::write(&src, unresolved_stubs(&unresolved)).context("writing unresolved.c")?;
        let obj = req.work.join("unresolved.o");
        wasmc_runtime_support::compile_c(req.toolchain, &src, &obj, req.cflags)
            .context("compiling the traps for unresolved imports")?;
        inputs.objects.push(obj);
        return Ok(inputs);
    }
    let mut msg = format!(
        "{} import{} provided neither by WASI nor by a --link file:",
        unresolved.len(),
        if unresolved.len() == 1 {
            " is"
        } else {
            "s are"
        }
    );
    for u in &unresolved {
        let _ = write!(msg, "\n  {}", u.line);
    }
    if req.allow_unresolved {
        msg.push_str("\n(--allow-unresolved covers only functions whose types have letters)");
    } else {
        msg.push_str(
            "\ndefine the functions with WASMC_HOST_FUNC in a file given to --link, \
             or build with --allow-unresolved to trap when one is called",
        );
    }
    bail!(msg)
}

fn scan_object_file(
    path: &Path,
    origin: &str,
    funcs: &mut Vec<HostFunc>,
    opaque: &mut Vec<String>,
) -> Result<()> {
    let data = std::fs::read(path).with_context(|| format!("--link {origin}: cannot read"))?;
    if !scan_object(&data, origin, funcs)? {
        opaque.push(origin.to_string());
    }
    Ok(())
}

fn scan_archive(
    path: &Path,
    origin: &str,
    funcs: &mut Vec<HostFunc>,
    opaque: &mut Vec<String>,
) -> Result<()> {
    let data = std::fs::read(path).with_context(|| format!("--link {origin}: cannot read"))?;
    let archive = object::read::archive::ArchiveFile::parse(&*data)
        .map_err(|e| anyhow::anyhow!("--link {origin}: not an archive: {e}"))?;
    for member in archive.members() {
        let member = member.map_err(|e| anyhow::anyhow!("--link {origin}: {e}"))?;
        let name = String::from_utf8_lossy(member.name()).into_owned();
        let bytes = member
            .data(&*data)
            .map_err(|e| anyhow::anyhow!("--link {origin}({name}): {e}"))?;
        let at = format!("{origin}({name})");
        if !scan_object(bytes, &at, funcs)? {
            opaque.push(at);
        }
    }
    Ok(())
}

/// The registrations in one object; false if it is not an object we can
/// read.
fn scan_object(data: &[u8], origin: &str, funcs: &mut Vec<HostFunc>) -> Result<bool> {
    use object::{Object, ObjectSection};
    let Ok(file) = object::File::parse(data) else {
        return Ok(false);
    };
    for section in file.sections() {
        if !section.name().is_ok_and(|n| SIG_SECTIONS.contains(&n)) {
            continue;
        }
        let bytes = section
            .data()
            .map_err(|e| anyhow::anyhow!("--link {origin}: {e}"))?;
        parse_sigs(bytes, origin, funcs)?;
    }
    Ok(true)
}

/// Records are `SIG_MAGIC module \0 name \0 params \0 results \0`, possibly
/// padded with NULs between them.
fn parse_sigs(mut bytes: &[u8], origin: &str, funcs: &mut Vec<HostFunc>) -> Result<()> {
    while let Some(start) = find(bytes, SIG_MAGIC) {
        bytes = &bytes[start + SIG_MAGIC.len()..];
        let mut fields = Vec::with_capacity(4);
        for _ in 0..4 {
            let end = bytes
                .iter()
                .position(|&b| b == 0)
                .with_context(|| format!("--link {origin}: truncated WASMC_HOST_FUNC record"))?;
            fields.push(String::from_utf8_lossy(&bytes[..end]).into_owned());
            bytes = &bytes[end + 1..];
        }
        let results = fields.pop().unwrap_or_default();
        let params = fields.pop().unwrap_or_default();
        let name = fields.pop().unwrap_or_default();
        let module = fields.pop().unwrap_or_default();
        for (what, s) in [("parameter", &params), ("result", &results)] {
            if let Some(c) = s.chars().find(|c| !"iIfFVre".contains(*c)) {
                bail!(
                    "--link {origin}: WASMC_HOST_FUNC(\"{module}\", \"{name}\", ...): invalid {what} type '{c}' \
                     (letters: i i32, I i64, f f32, F f64, V v128, r funcref, e externref)"
                );
            }
        }
        funcs.push(HostFunc {
            module,
            name,
            params,
            results,
            origin: origin.to_string(),
        });
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn check_duplicates(funcs: &[HostFunc]) -> Result<()> {
    for (i, a) in funcs.iter().enumerate() {
        if let Some(b) = funcs[i + 1..]
            .iter()
            .find(|b| b.module == a.module && b.name == a.name)
        {
            bail!(
                "host function {}.{} is defined twice (WASMC_HOST_FUNC in {} and {})",
                a.module,
                a.name,
                a.origin,
                b.origin
            );
        }
    }
    Ok(())
}

/// An import nothing provides: its line in the message, and its type
/// letters if a stub can stand in for it.
struct Unresolved {
    module: String,
    name: String,
    line: String,
    letters: Option<(String, String)>,
}

/// "(i32, i64) -> (f32)"
fn show_sig(sig: &FuncSig) -> String {
    let list = |ts: &[ValType]| {
        ts.iter()
            .map(|t| match t {
                ValType::I32 => "i32".to_string(),
                ValType::I64 => "i64".into(),
                ValType::F32 => "f32".into(),
                ValType::F64 => "f64".into(),
                ValType::V128 => "v128".into(),
                ValType::FuncRef => "funcref".into(),
                ValType::ExternRef => "externref".into(),
                ValType::Other(s) => s.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("({}) -> ({})", list(&sig.params), list(&sig.results))
}

/// Check every import; mistyped host functions are an error (all listed),
/// the unresolved ones are returned.
fn check_imports(iface: &Interface, funcs: &[HostFunc]) -> Result<Vec<Unresolved>> {
    let builtins = wasmc_runtime_support::builtin_funcs();
    let mut unresolved = Vec::new();
    let mut mistyped = Vec::new();
    for f in funcs {
        if builtins
            .iter()
            .any(|b| b.module == f.module && b.name == f.name)
        {
            eprintln!(
                "warning: host function {}.{} ({}) is not used: the runtime provides that import",
                f.module, f.name, f.origin
            );
        }
    }
    for imp in &iface.imports {
        let label = format!("{}.{}", imp.module, imp.name);
        let sig = match &imp.ty {
            ExternType::Func(sig) => sig,
            ExternType::Memory { shared: true, .. } => continue,
            other => {
                unresolved.push(Unresolved {
                    module: imp.module.clone(),
                    name: imp.name.clone(),
                    line: format!(
                        "{label}: {} (only functions can be provided with --link)",
                        other.kind_name()
                    ),
                    letters: None,
                });
                continue;
            }
        };
        if builtins
            .iter()
            .any(|b| b.module == imp.module && b.name == imp.name)
        {
            continue; // the runtime checks WASI's types when it starts
        }
        let letters = sig.letters();
        let expected = match &letters {
            Some((p, r)) => format!(
                "{}, i.e. WASMC_HOST_FUNC(\"{}\", \"{}\", \"{p}\", \"{r}\", fn)",
                show_sig(sig),
                imp.module,
                imp.name
            ),
            None => format!(
                "{} (not expressible in a host function type)",
                show_sig(sig)
            ),
        };
        match funcs
            .iter()
            .find(|f| f.module == imp.module && f.name == imp.name)
        {
            Some(f) => {
                if letters.as_ref() != Some(&(f.params.clone(), f.results.clone())) {
                    mistyped.push(format!(
                        "import {label}: the module expects {expected}; {} defines (\"{}\", \"{}\")",
                        f.origin, f.params, f.results
                    ));
                }
            }
            None => {
                let nul = imp.module.contains('\0') || imp.name.contains('\0');
                unresolved.push(Unresolved {
                    module: imp.module.clone(),
                    name: imp.name.clone(),
                    line: format!("{label}: function {expected}"),
                    letters: letters.filter(|_| !nul),
                });
            }
        }
    }
    if !mistyped.is_empty() {
        bail!(
            "host functions of the wrong type:\n  {}",
            mistyped.join("\n  ")
        );
    }
    Ok(unresolved)
}

/// `s` as a C string literal (octal escapes for everything but printable
/// ASCII; `?` escaped against trigraphs).
pub fn c_string(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in s {
        match b {
            b'"' | b'\\' | b'?' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push('"');
    out
}

/// A C file registering `wasmc_unresolved_import` (host_link.c) for each
/// import, with the import's printable name as its data.
fn unresolved_stubs(unresolved: &[Unresolved]) -> String {
    let mut c = String::from(
        "/* Generated by `wasmc build --allow-unresolved`: imports nothing provides trap when called. */\n\
         #include \"wasmc.h\"\n\n\
         void wasmc_unresolved_import(void *data, struct wasmc_vmctx *caller, union wasmc_val *vals);\n\n",
    );
    for u in unresolved {
        let (p, r) = u.letters.clone().unwrap_or_default();
        let label = format!("{}.{}", u.module, u.name);
        let _ = writeln!(
            c,
            "WASMC_HOST_FUNC_WITH_DATA({}, {}, \"{p}\", \"{r}\", wasmc_unresolved_import, (void *){});",
            c_string(u.module.as_bytes()),
            c_string(u.name.as_bytes()),
            c_string(label.as_bytes())
        );
    }
    c
}

/// Options that only make sense with some `--emit` kinds.
pub fn check_build_args(
    exe: bool,
    link: &[PathBuf],
    allow_unresolved: bool,
    header: Option<&Path>,
) -> Result<()> {
    if !exe && !link.is_empty() {
        bail!("--link is for executables (--emit exe); link host code with the object yourself");
    }
    if !exe && allow_unresolved {
        bail!("--allow-unresolved is for executables (--emit exe): a C host resolves the imports of an object");
    }
    if exe && header.is_some() {
        bail!("--header is for --emit obj and --emit lib (a C host links the module)");
    }
    Ok(())
}

/// An executable runs `_start`: a reactor cannot be one.
pub fn exe_module_check(iface: &Interface) -> Result<()> {
    if iface.is_reactor() {
        bail!(
            "the module is a reactor (exports _initialize, no _start): build it with \
             --emit obj or --emit lib (and --header) and call it from a C host"
        );
    }
    Ok(())
}

/// Write the `--header` text to a temporary file next to `path`, to be
/// moved into place with the main output.
pub fn stage_header(
    path: &Path,
    iface: &Interface,
    symbol: &str,
    input: &Path,
) -> Result<tempfile::NamedTempFile> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .with_context(|| format!("--header {}: needs a file name", path.display()))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".wasmc-")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    let source = input
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    std::fs::write(
        tmp.path(),
        crate::header::generate(iface, stem, symbol, &source),
    )
    .with_context(|| format!("writing {}", path.display()))?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigs_parse_with_padding() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"wasmc-host-func\0env\0f\0iI\0\0\0\0\0");
        bytes.extend_from_slice(b"wasmc-host-func\0m\0g\0\0F\0");
        let mut funcs = Vec::new();
        parse_sigs(&bytes, "x.o", &mut funcs).expect("parses");
        let got: Vec<_> = funcs
            .iter()
            .map(|f| {
                (
                    f.module.as_str(),
                    f.name.as_str(),
                    f.params.as_str(),
                    f.results.as_str(),
                )
            })
            .collect();
        assert_eq!(got, [("env", "f", "iI", ""), ("m", "g", "", "F")]);
        let mut bad = Vec::new();
        assert!(parse_sigs(b"wasmc-host-func\0env\0f\0x\0\0", "x.o", &mut bad).is_err());
    }

    #[test]
    fn c_strings_escape() {
        assert_eq!(c_string(b"a\"b\\c?\n\xff"), "\"a\\\"b\\\\c\\?\\012\\377\"");
    }
}
