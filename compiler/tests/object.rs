//! Object-level tests: determinism and the shape of the emitted object.

use object::{Object, ObjectSymbol};
use wasmc_compiler::{compile, compile_to, BoundsChecks, Options};

const SAMPLE: &str = r#"
(module
  (type $t (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1 10)
  (table 4 funcref)
  (global $g (mut i32) (i32.const 7))
  (elem (i32.const 0) $fac $id)
  (data (i32.const 16) "hello")
  (func $id (type $t) local.get 0)
  (func $fac (type $t)
    local.get 0
    i32.eqz
    if (result i32)
      i32.const 1
    else
      local.get 0
      local.get 0
      i32.const 1
      i32.sub
      i32.const 0
      call_indirect (type $t)
      i32.mul
    end)
  (func $multi (param i64 i64) (result i64 i64 i32)
    local.get 1 local.get 0 i32.const 3)
  (func $loop (param i32) (result i32) (local i32)
    block $done
      loop $l
        local.get 0 i32.eqz br_if $done
        local.get 1 local.get 0 i32.add local.set 1
        local.get 0 i32.const 1 i32.sub local.set 0
        br $l
      end
    end
    local.get 1)
  (func (export "_start")
    i32.const 5 call $fac
    i32.load offset=16
    global.get $g i32.add global.set $g
    i32.const 0 i32.const 1 br_table 0 0
    unreachable))
"#;

fn wasm() -> Vec<u8> {
    wat::parse_str(SAMPLE).expect("sample parses")
}

#[test]
fn same_input_same_object() {
    let w = wasm();
    for bounds in [BoundsChecks::Guard, BoundsChecks::Explicit] {
        let base = Options {
            bounds,
            ..Options::default()
        };
        let a = compile(
            &w,
            &Options {
                jobs: 1,
                ..base.clone()
            },
        )
        .expect("compiles");
        let b = compile(
            &w,
            &Options {
                jobs: 4,
                ..base.clone()
            },
        )
        .expect("compiles");
        let c = compile(&w, &base).expect("compiles");
        assert_eq!(a, b, "object depends on the number of threads");
        assert_eq!(a, c, "object differs between runs");
        // Streamed to a writer: the same bytes.
        let mut d = Vec::new();
        compile_to(&w, &base, &mut d).expect("compiles");
        assert_eq!(a, d, "compile_to writes other bytes than compile returns");
    }
}

#[test]
fn object_exports_only_the_descriptor() {
    let obj = compile(&wasm(), &Options::default()).expect("compiles");
    let file = object::File::parse(&*obj).expect("valid object");
    let global: Vec<String> = file
        .symbols()
        .filter(|s| s.is_global() && s.is_definition())
        .map(|s| s.name().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        global,
        vec![wasmc_compiler::abi::DEFAULT_MODULE_SYMBOL.to_string()]
    );
    let undefined: Vec<String> = file
        .symbols()
        .filter(|s| s.is_undefined() && !s.name().unwrap_or("").is_empty())
        .map(|s| s.name().unwrap_or("").to_string())
        .collect();
    for u in &undefined {
        assert!(
            wasmc_compiler::abi::LIBCALLS.iter().any(|l| l.name == u)
                || u.ends_with('f')
                || u.starts_with("nearbyint")
                || ["ceil", "floor", "trunc", "fma", "wasmc_x86_pshufb"].contains(&u.as_str()),
            "unexpected undefined symbol {u}"
        );
    }
}

/// Writes the sample object to $WASMC_DUMP_OBJ for inspection with objdump.
#[test]
fn dump_sample_when_asked() {
    if let Some(p) = std::env::var_os("WASMC_DUMP_OBJ") {
        let obj = compile(&wasm(), &Options::default()).expect("compiles");
        std::fs::write(p, obj).expect("write");
    }
}

/// Function symbols carry name-section names (for profilers and debuggers),
/// made symbol-safe and unique by the function index.
#[test]
fn function_symbols_carry_names() {
    use wasmc_compiler::func_symbol;
    use wasmc_compiler::index::FuncIndex;
    let obj = compile(&wasm(), &Options::default()).expect("compiles");
    let file = object::File::parse(&*obj).expect("valid object");
    let mut funcs: Vec<String> = file
        .symbols()
        .filter_map(|s| s.name().ok().map(str::to_string))
        .filter(|n| n.contains("wasm_func_"))
        // The `<function>.pad` placement symbols: tests/tests/placement.rs.
        .filter(|n| !n.ends_with(".pad"))
        .collect();
    funcs.sort();
    // Index 0 is the import; `_start` has no name-section name.
    assert_eq!(
        funcs,
        [
            "fac.wasm_func_2",
            "id.wasm_func_1",
            "loop.wasm_func_4",
            "multi.wasm_func_3",
            "wasm_func_5"
        ]
    );
    let f = FuncIndex::from_u32(7);
    assert_eq!(func_symbol(f, None), "wasm_func_7");
    assert_eq!(func_symbol(f, Some("")), "wasm_func_7");
    assert_eq!(
        func_symbol(f, Some("a b/\u{fc}\0$x.y")),
        "a_b____$x.y.wasm_func_7"
    );
    assert_eq!(
        func_symbol(f, Some(&"n".repeat(1000))),
        format!("{}.wasm_func_7", "n".repeat(200))
    );
}
