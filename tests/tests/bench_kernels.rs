//! The benchmark kernels of `scripts/bench/*.c` (run by
//! `scripts/bench/run.py`) cannot rot: each is compiled natively and to
//! wasm32-wasi (without and with `-msimd128`), built with `wasmc build`, run
//! with its tiny size argument `1`, and must print exactly the native
//! checksum line. Milliseconds of run time per kernel; no timing is measured
//! or asserted here, and nothing depends on Wasmtime.
//!
//! THE LIST below names every kernel; `bench_every_kernel_is_listed` keeps it
//! equal to the directory, so a new kernel gets its test.

use std::path::PathBuf;

use wasmc_tests::*;

macro_rules! kernels {
    ($( $name:ident ($test:ident) )*) => {
        const KERNELS: &[&str] = &[$( stringify!($name), )*];
        $(
            const _: () = assert!(
                is_test_name(stringify!($test), "bench_", stringify!($name), ""),
                concat!("the test of ", stringify!($name), " must be bench_", stringify!($name))
            );
            #[test]
            fn $test() {
                check_kernel(stringify!($name));
            }
        )*
    };
}

kernels! {
    chacha20 (bench_chacha20)
    crc32 (bench_crc32)
    jacobi (bench_jacobi)
    json (bench_json)
    lu (bench_lu)
    lz77 (bench_lz77)
    matmul (bench_matmul)
    nbody (bench_nbody)
    recursion (bench_recursion)
    sha256 (bench_sha256)
    sieve_hash (bench_sieve_hash)
    vm (bench_vm)
}

fn bench_dir() -> PathBuf {
    workspace_dir().join("scripts/bench")
}

/// Native output of `NAME 1` versus the wasmc builds of the plain and the
/// SIMD wasm module.
fn check_kernel(name: &str) {
    let dir = TestDir::new(&format!("bench-{name}"));
    let src = bench_dir().join(format!("{name}.c"));
    let native = dir.join("native");
    compile_c_native(&src, &native, &[]);
    let args = RunOpts::args(["1"]);
    let expected = run(&native, &args);
    assert_eq!(
        expected.code(),
        Some(0),
        "native {name} 1: {}",
        expected.status_str()
    );
    assert!(
        expected.stdout.len() > 8,
        "native {name} printed no checksum"
    );
    for (flavour, flags) in [("plain", &[][..]), ("simd", &["-msimd128"][..])] {
        let wasm = dir.join(format!("{flavour}.wasm"));
        compile_c_wasm(&src, &wasm, flags);
        let exe = dir.join(format!("{flavour}.exe"));
        build_executable(&wasm, &exe, BoundsChecks::Guard, &[]);
        let out = run(&exe, &args);
        check_wasm_status(&out, Status::Code(0), &format!("{name} ({flavour})"));
        assert_same_stdout(
            &expected.stdout,
            &out.stdout,
            &format!("{name} ({flavour} wasm) vs native"),
        );
    }
}

#[test]
fn bench_every_kernel_is_listed() {
    let mut files: Vec<String> = std::fs::read_dir(bench_dir())
        .expect("scripts/bench")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".c").map(str::to_owned))
        .collect();
    files.sort();
    let mut listed: Vec<String> = KERNELS.iter().map(|k| (*k).to_owned()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "scripts/bench/*.c and the list in bench_kernels.rs disagree"
    );
}
