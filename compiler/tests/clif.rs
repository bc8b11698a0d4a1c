//! Expected-output tests for the translator: every `tests/clif/NAME.wat` is
//! translated to CLIF (explicit and guard bounds checks) and compared with
//! `NAME.clif`. After an intended change, regenerate with
//! `WASMC_BLESS=1 cargo test -p wasmc-compiler --test clif` and review the diff.

use std::path::Path;
use wasmc_compiler::{BoundsChecks, Options, Triple};

fn expected_output(path: &Path) -> String {
    let wasm = wat::parse_file(path).expect("test .wat parses");
    let mut out = String::new();
    for (name, bounds) in [
        ("guard", BoundsChecks::Guard),
        ("explicit", BoundsChecks::Explicit),
    ] {
        let opts = Options {
            // A fixed target so the expectation does not depend on the host.
            triple: "x86_64-unknown-linux-gnu"
                .parse::<Triple>()
                .expect("triple"),
            bounds,
            ..Options::default()
        };
        out.push_str(&format!(";;;; bounds-checks={name}\n"));
        out.push_str(&wasmc_compiler::clif(&wasm, &opts).expect("translates"));
        // The whole pipeline, Cranelift's verifier included, accepts it.
        wasmc_compiler::compile(&wasm, &opts).expect("compiles");
    }
    out
}

#[test]
fn clif_matches_expectations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clif");
    let bless = std::env::var_os("WASMC_BLESS").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/clif exists") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "wat") {
            continue;
        }
        count += 1;
        let got = expected_output(&path);
        let want_path = path.with_extension("clif");
        if bless {
            std::fs::write(&want_path, &got).expect("write expectation");
            continue;
        }
        let want = std::fs::read_to_string(&want_path).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}: CLIF differs (WASMC_BLESS=1 to regenerate)\n{got}",
                path.display()
            ));
        }
    }
    assert!(count > 0, "no .wat files in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
