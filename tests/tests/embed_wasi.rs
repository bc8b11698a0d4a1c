//! WASI in the embedding API (`wasmc_wasi_config_t`, `wasmc.h`): a WASI C
//! program (`c/wasi_embed.c`) run by embedding hosts (`c/embed/wasi_run_host.c`,
//! `c/embed/wasi_two_host.c`) with preopened directories, redirected stdio,
//! arguments and environment from a configuration; two instances with
//! different configurations in one process; `proc_exit` as the
//! `WASMC_EXITED` outcome; configuration errors. The scenarios are in the
//! harness (`src/embed_wasi.rs`), shared with the sanitizer runs. The sandbox
//! escape suite through the embedding API is in `wasi_escape.rs`.

use wasmc_tests::{
    build_wasi_embed_host, check_files_and_stdio, check_stdio_modes_and_errors,
    check_two_instances, BoundsChecks, TestDir,
};

/// Files under a preopen, stdio redirected to files, proc_exit, in both
/// bounds modes.
#[test]
fn embed_wasi_files_stdio_and_exit() {
    let dir = TestDir::new("embed-wasi-files");
    for bounds in BoundsChecks::ALL {
        let host = build_wasi_embed_host(&dir, "wasi_run_host", bounds, "");
        let work = dir.subdir(&format!("work-{bounds}"));
        check_files_and_stdio(&host, &work, &[]);
    }
}

/// stdin from /dev/null and closed, an unopenable directory, the shorthand
/// `wasmc_linker_define_wasi`.
#[test]
fn embed_wasi_stdio_modes_and_errors() {
    let dir = TestDir::new("embed-wasi-modes");
    let host = build_wasi_embed_host(&dir, "wasi_run_host", BoundsChecks::Guard, "");
    check_stdio_modes_and_errors(&host, &[]);
}

/// Two instances, two configurations, one process: nothing shared. The
/// executables' run-time variables are set in the host's environment and
/// must change nothing: an embedder's capabilities come only from its
/// configuration (instance c would list "." and a would see more variables).
#[test]
fn embed_wasi_two_instances_two_configurations() {
    let dir = TestDir::new("embed-wasi-two");
    let host = build_wasi_embed_host(&dir, "wasi_two_host", BoundsChecks::Guard, "");
    let work = dir.subdir("work");
    let executables_only = [
        ("WASMC_DIRS", "/::.;/::/data"),
        ("WASMC_ENV_LEAKED", "1"),
        ("WASMC_INHERIT_ENV", "1"),
    ];
    check_two_instances(&host, &work, &executables_only);
}
