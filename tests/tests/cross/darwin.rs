//! macOS: Mach-O objects for x86_64/aarch64-apple-darwin, checked with the
//! `object` crate; the clear error when linking for macOS without a macOS
//! toolchain; and executables and an embedding host linked with Zig and
//! inspected (there is no macOS here to run them on).

use std::ffi::OsString;
use std::process::Command;

use wasmc_tests::*;

use crate::embed::build_embed_host;

// ---------------------------------------------------------------------------
// macOS: Mach-O objects

/// Objects of `tests/wat/cross/macho.wat`, a module that makes every kind of
/// reference (a libcall, a direct call, an exported function, a table
/// element), for both darwin targets: the right format, CPU, symbols and
/// relocations.
#[test]
fn macho_objects_for_darwin_targets() {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};
    let dir = TestDir::new("macho");
    let wat = copy_source("wat/cross/macho.wat", &dir.join("m.wat"));
    for (triple, arch, branch, got) in [
        (
            "x86_64-apple-darwin",
            object::Architecture::X86_64,
            object::macho::X86_64_RELOC_BRANCH,
            &[
                object::macho::X86_64_RELOC_GOT,
                object::macho::X86_64_RELOC_GOT_LOAD,
            ][..],
        ),
        (
            "aarch64-apple-darwin",
            object::Architecture::Aarch64,
            object::macho::ARM64_RELOC_BRANCH26,
            &[object::macho::ARM64_RELOC_GOT_LOAD_PAGE21][..],
        ),
    ] {
        let obj_path = dir.join(format!("{triple}.o"));
        let out = wasmc([
            OsString::from("build"),
            wat.clone().into(),
            "--emit".into(),
            "obj".into(),
            "--target".into(),
            triple.into(),
            // The direct call must stay a call (the branch relocation below).
            "--no-inline".into(),
            "-o".into(),
            obj_path.clone().into(),
        ]);
        assert!(out.status.success(), "{triple}: {out:?}");
        let data = std::fs::read(&obj_path).expect("read object");
        let file = object::File::parse(&*data).unwrap_or_else(|e| panic!("{triple}: {e}"));
        assert_eq!(file.format(), object::BinaryFormat::MachO, "{triple}");
        assert_eq!(file.architecture(), arch, "{triple}");
        assert!(file.is_little_endian() && file.is_64(), "{triple}");
        // Apple's linker warns about objects without a minimum OS version.
        assert_eq!(
            mach_info(&data).build_version,
            Some((object::macho::PLATFORM_MACOS, macos_min_encoded())),
            "{triple}: (platform, minimum macOS) of the object"
        );

        // The descriptor: the only global definition, with Mach-O's `_`.
        let module = file
            .symbol_by_name("_wasmc_module")
            .unwrap_or_else(|| panic!("{triple}: no _wasmc_module symbol"));
        assert!(
            module.is_definition() && module.is_global(),
            "{triple}: {module:?}"
        );
        let globals: Vec<String> = file
            .symbols()
            .filter(|s| s.is_global() && s.is_definition())
            .map(|s| s.name().unwrap_or("?").to_string())
            .collect();
        assert_eq!(globals, ["_wasmc_module"], "{triple}: global definitions");
        let desc_section = file
            .section_by_index(module.section_index().expect("in a section"))
            .expect("descriptor section");
        assert_eq!(
            desc_section.segment_name().ok().flatten(),
            Some("__DATA"),
            "{triple}"
        );
        // Every undefined symbol is a C symbol (`_` prefix): the runtime's
        // libcalls and libm.
        for s in file.symbols().filter(|s| s.is_undefined()) {
            let n = s.name().expect("name");
            assert!(
                n.starts_with('_') && !n.starts_with("__"),
                "{triple}: undefined {n}"
            );
        }
        assert!(
            file.symbol_by_name("_wasmc_memory_grow").is_some(),
            "{triple}"
        );

        let sym_name = |t: RelocationTarget| match t {
            RelocationTarget::Symbol(i) => file
                .symbol_by_index(i)
                .ok()
                .and_then(|s| s.name().ok().map(str::to_string)),
            _ => None,
        };
        // Code: a branch to a function, a GOT reference to the libcall.
        let text = file.section_by_name("__text").expect("__text");
        let relocs: Vec<(String, u8, bool)> = text
            .relocations()
            .map(|(_, r)| match r.flags() {
                RelocationFlags::MachO {
                    r_type, r_pcrel, ..
                } => (sym_name(r.target()).unwrap_or_default(), r_type, r_pcrel),
                f => panic!("{triple}: not a Mach-O relocation: {f:?}"),
            })
            .collect();
        assert!(
            relocs
                .iter()
                .any(|(s, t, pc)| s.contains("wasm_func_") && *t == branch && *pc),
            "{triple}: no branch relocation to a wasm function: {relocs:?}"
        );
        assert!(
            relocs
                .iter()
                .any(|(s, t, _)| s == "_wasmc_memory_grow" && got.contains(t)),
            "{triple}: no GOT relocation to _wasmc_memory_grow: {relocs:?}"
        );
        // Data: the descriptor's pointers are absolute 64-bit relocations
        // (to functions, trampolines and the blob).
        let data_relocs: Vec<(String, u8, u8)> = desc_section
            .relocations()
            .map(|(_, r)| match r.flags() {
                RelocationFlags::MachO {
                    r_type, r_length, ..
                } => (sym_name(r.target()).unwrap_or_default(), r_type, r_length),
                f => panic!("{triple}: not a Mach-O relocation: {f:?}"),
            })
            .collect();
        // (`$grow`, function 0, is named after the name section.)
        for needed in ["_grow.wasm_func_0", "_wasmc_array_call_0", "_wasmc_blob"] {
            assert!(
                data_relocs.iter().any(|(s, t, len)| s == needed && *t == 0 && *len == 3),
                "{triple}: no 64-bit UNSIGNED relocation to {needed} in the descriptor data: {data_relocs:?}"
            );
        }
    }
}

/// Linking for macOS needs a macOS-capable toolchain; without one (an empty
/// PATH hides Zig, osxcross and clang) the error says which ones work and
/// that `--emit obj` does not need one, and no file is left behind.
#[test]
fn darwin_link_without_toolchain_fails_clearly() {
    let dir = TestDir::new("darwin-link");
    let out_file = dir.join("hello");
    let empty_path = dir.subdir("empty-path");
    for triple in DARWIN.map(|(t, _)| t) {
        let mut cmd = Command::new(wasmc_bin());
        cmd.arg("build")
            .arg(workspace_dir().join("examples/hello.wat"))
            .args(["--target", triple, "-o"])
            .arg(&out_file)
            .env("PATH", &empty_path)
            .env_remove(format!("CC_{}", triple.replace('-', "_")))
            .env_remove(format!("CC_{triple}"));
        let out = run_command(cmd, b"");
        assert_no_panic(&out);
        assert_eq!(out.code(), Some(1), "{triple}: {out:?}");
        let err = out.stderr_str();
        for want in [
            format!("no C toolchain for {triple}"),
            "macOS-capable C toolchain".into(),
            "zig".into(),
            "osxcross".into(),
            "--emit obj".into(),
        ] {
            assert!(
                err.contains(&want),
                "{triple}: error lacks {want:?}:\n{out:?}"
            );
        }
        assert!(!out_file.exists(), "{triple}: output left behind");
    }
}

// ---------------------------------------------------------------------------
// macOS executables, linked with Zig's C toolchain
//
// There is no macOS here to run them on, so they are inspected instead: a
// Mach-O executable for the right CPU, entry point, code signature on arm64,
// only libSystem, the
// minimum macOS version of `abi::MACOS_MIN_VERSION`, and the module's
// descriptor and build-time configuration linked in (not the runtime's weak
// empty default). The runtime is compiled with -Werror for both darwin
// targets: warnings there are bugs nobody would otherwise see. Its POSIX
// fallbacks, which macOS runs, are exercised on Linux by the WASI tests
// (`-DWASMC_PORTABLE`).

const DARWIN: [(&str, object::Architecture); 2] = [
    ("x86_64-apple-darwin", object::Architecture::X86_64),
    ("aarch64-apple-darwin", object::Architecture::Aarch64),
];

fn require_zig() {
    require_program(
        "zig",
        "python3 -m pip install ziglang==0.17.0, then put its `zig` on PATH; \
         scripts/setup.sh does both",
    );
}

/// Load-command facts of a Mach-O file: dylibs, LC_MAIN, minimum macOS.
struct MachInfo {
    dylibs: Vec<String>,
    has_main: bool,
    /// (platform, minos) of LC_BUILD_VERSION.
    build_version: Option<(u32, u32)>,
    /// LC_CODE_SIGNATURE present (Apple Silicon runs only signed code).
    signed: bool,
}

fn mach_info(data: &[u8]) -> MachInfo {
    use object::macho::MachHeader64;
    use object::read::macho::{LoadCommandVariant, MachHeader};
    let header = MachHeader64::<object::Endianness>::parse(data, 0).expect("Mach-O header");
    let endian = header.endian().expect("endianness");
    let mut info = MachInfo {
        dylibs: Vec::new(),
        has_main: false,
        build_version: None,
        signed: false,
    };
    let mut cmds = header
        .load_commands(endian, data, 0)
        .expect("load commands");
    while let Some(cmd) = cmds.next().expect("load command") {
        match cmd.variant().expect("load command variant") {
            LoadCommandVariant::Dylib(d) if cmd.cmd() == object::macho::LC_LOAD_DYLIB => {
                let name = cmd.string(endian, d.dylib.name).expect("dylib name");
                info.dylibs.push(String::from_utf8_lossy(name).into_owned());
            }
            LoadCommandVariant::EntryPoint(_) => info.has_main = true,
            LoadCommandVariant::LinkeditData(_)
                if cmd.cmd() == object::macho::LC_CODE_SIGNATURE =>
            {
                info.signed = true;
            }
            LoadCommandVariant::BuildVersion(b) => {
                info.build_version = Some((b.platform.get(endian), b.minos.get(endian)));
            }
            _ => {}
        }
    }
    info
}

/// `(major << 16) | (minor << 8)`, Mach-O's encoding of a version.
fn macos_min_encoded() -> u32 {
    let (major, minor) = wasmc_compiler::abi::MACOS_MIN_VERSION;
    (major << 16) | (minor << 8)
}

/// The bytes of the global symbol `name` (size `len`) in a linked file.
fn symbol_bytes<'a>(file: &object::File<'a>, name: &str, len: u64) -> &'a [u8] {
    use object::{Object, ObjectSection, ObjectSymbol};
    let sym = file
        .symbol_by_name(name)
        .unwrap_or_else(|| panic!("no symbol {name}"));
    let section = file
        .section_by_index(sym.section_index().expect("defined in a section"))
        .expect("section");
    section
        .data_range(sym.address(), len)
        .expect("section data")
        .unwrap_or_else(|| panic!("{name} lies outside its section"))
}

/// Checks what every darwin executable must be; returns the parsed file.
fn check_darwin_executable<'a>(
    data: &'a [u8],
    arch: object::Architecture,
    globals: &[&str],
    what: &str,
) -> object::File<'a> {
    use object::{Object, ObjectSymbol};
    let file = object::File::parse(data).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(file.format(), object::BinaryFormat::MachO, "{what}");
    assert_eq!(file.kind(), object::ObjectKind::Executable, "{what}");
    assert_eq!(file.architecture(), arch, "{what}");
    assert!(file.is_64() && file.is_little_endian(), "{what}");
    let info = mach_info(data);
    assert!(info.has_main, "{what}: no LC_MAIN entry point");
    // arm64 macOS kills unsigned code; the linker signs it ad hoc.
    if arch == object::Architecture::Aarch64 {
        assert!(info.signed, "{what}: no (ad-hoc) code signature");
    }
    assert_eq!(
        info.dylibs,
        ["/usr/lib/libSystem.B.dylib"],
        "{what}: links more than libSystem"
    );
    assert_eq!(
        info.build_version,
        Some((object::macho::PLATFORM_MACOS, macos_min_encoded())),
        "{what}: (platform, minimum macOS)"
    );
    for g in globals {
        let sym = file
            .symbol_by_name(g)
            .unwrap_or_else(|| panic!("{what}: no symbol {g}"));
        assert!(sym.is_definition(), "{what}: {g} is not defined");
    }
    file
}

#[test]
fn darwin_executables_link_with_zig() {
    use wasmc_compiler::abi;
    require_zig();
    let dir = TestDir::new("darwin-exe");
    let wasm = dir.join("wasi_files.wasm");
    compile_c_wasm(&tests_dir().join("c/wasi_files.c"), &wasm, &[]);
    for (triple, arch) in DARWIN {
        let exe = dir.join(format!("prog-{triple}"));
        let mut cmd = Command::new(wasmc_bin());
        cmd.arg("build")
            .arg(&wasm)
            .args(["--target", triple, "--env", "GREETING=hello", "--dir", "."])
            .arg("-o")
            .arg(&exe)
            .env("WASMC_RUNTIME_CFLAGS", "-Werror")
            .env_remove(format!("CC_{}", triple.replace('-', "_")));
        let out = run_command(cmd, b"");
        assert_no_panic(&out);
        assert!(out.status.success(), "{triple}: {out:?}");
        let data = std::fs::read(&exe).expect("read executable");
        let file = check_darwin_executable(
            &data,
            arch,
            &["_main", "_wasmc_module", "_wasmc_exe_config"],
            triple,
        );
        // The build-time configuration, not main.c's weak all-zero default.
        let cfg = &abi::EXE_CONFIG;
        let size = u64::from(cfg.layout(8).size);
        let bytes = symbol_bytes(&file, "_wasmc_exe_config", size);
        let u32_at = |field: &str| {
            let o = cfg.offset(field, 8) as usize;
            u32::from_le_bytes(bytes[o..o + 4].try_into().expect("4 bytes"))
        };
        assert_eq!(u32_at("abi_version"), abi::ABI_VERSION, "{triple}");
        assert_eq!(
            (u32_at("num_dirs"), u32_at("num_envs")),
            (1, 1),
            "{triple}: --dir and --env"
        );
    }
}

/// The embedding workflow for macOS: `wasmc runtime --target`, a module
/// object, a host linked by hand with the printed command (Zig's here).
#[test]
fn darwin_embedding_host_links_with_zig() {
    require_zig();
    let dir = TestDir::new("darwin-embed");
    for (triple, arch) in DARWIN {
        let (host, link) = build_embed_host(&dir.join(triple), Some(triple));
        assert!(link.starts_with("zig cc -target "), "{triple}: {link}");
        let data = std::fs::read(&host).expect("read host");
        check_darwin_executable(&data, arch, &["_main", "_app_module"], triple);
    }
}
