//! Foreign Linux targets for `tests/cross/`: [`CrossTarget`] (triple,
//! cross C compiler, target libc, qemu-user emulator), the check that the
//! toolchain is installed (cross tests never skip), running under qemu, and
//! the backtrace normalization that makes traps comparable across targets.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{run_command, Output, RunOpts};

/// A Linux target other than the host: wasmc builds for it with the cross C
/// compiler, and its executables run under qemu-user.
#[derive(Clone, Copy, Debug)]
pub struct CrossTarget {
    /// The `--target` triple.
    pub triple: &'static str,
    /// Short name for test directories and messages.
    pub arch: &'static str,
    /// The qemu-user emulator.
    pub qemu: &'static str,
    /// The target's libc root (`qemu -L`), from Debian's libc6-dev-*-cross.
    pub sysroot: &'static str,
    /// The cross C compiler wasmc picks for the triple.
    pub cc: &'static str,
    /// The Debian packages that provide the compiler and the libc.
    pub packages: &'static str,
}

pub const AARCH64_LINUX: CrossTarget = CrossTarget {
    triple: "aarch64-unknown-linux-gnu",
    arch: "aarch64",
    qemu: "qemu-aarch64",
    sysroot: "/usr/aarch64-linux-gnu",
    cc: "aarch64-linux-gnu-gcc",
    packages: "gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
};

pub const RISCV64_LINUX: CrossTarget = CrossTarget {
    triple: "riscv64gc-unknown-linux-gnu",
    arch: "riscv64",
    qemu: "qemu-riscv64",
    sysroot: "/usr/riscv64-linux-gnu",
    cc: "riscv64-linux-gnu-gcc",
    packages: "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross",
};

pub const S390X_LINUX: CrossTarget = CrossTarget {
    triple: "s390x-unknown-linux-gnu",
    arch: "s390x",
    qemu: "qemu-s390x",
    sysroot: "/usr/s390x-linux-gnu",
    cc: "s390x-linux-gnu-gcc",
    packages: "gcc-s390x-linux-gnu libc6-dev-s390x-cross",
};

/// `prog` on `PATH`, if it is there.
pub fn find_on_path(prog: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
}

/// Fails the test, naming what to install, unless `prog` is on `PATH`.
/// Cross tests never skip: `scripts/setup.sh` installs everything they need.
pub fn require_program(prog: &str, packages: &str) {
    assert!(
        find_on_path(prog).is_some(),
        "`{prog}` is not installed: the cross-target tests need it. Run scripts/setup.sh \
         (Debian/Ubuntu: apt-get install {packages})"
    );
}

impl CrossTarget {
    /// Fails the test unless the cross C compiler, the target's libc and
    /// qemu are installed.
    pub fn require(&self) {
        require_program(self.cc, self.packages);
        require_program(self.qemu, "qemu-user");
        for f in ["include/stdio.h", "lib/libc.so.6"] {
            let p = Path::new(self.sysroot).join(f);
            assert!(
                p.is_file(),
                "{} is missing: the {} libc is not installed. Run scripts/setup.sh \
                 (Debian/Ubuntu: apt-get install {})",
                p.display(),
                self.arch,
                self.packages
            );
        }
    }

    /// `qemu-<arch> [qemu_args] -L <sysroot> <exe> <opts.args>`.
    pub fn command(&self, exe: &Path, qemu_args: &[&str], opts: &RunOpts<'_>) -> Command {
        let mut cmd = Command::new(self.qemu);
        cmd.args(qemu_args)
            .arg("-L")
            .arg(self.sysroot)
            .arg(exe)
            .args(&opts.args);
        for k in &opts.env_remove {
            cmd.env_remove(k);
        }
        if let Some(cwd) = &opts.cwd {
            cmd.current_dir(cwd);
        }
        cmd
    }

    /// Runs `exe` under qemu like [`run`](crate::run) (arguments, stdin, timeout).
    pub fn run(&self, exe: &Path, qemu_args: &[&str], opts: &RunOpts<'_>) -> Output {
        run_command(self.command(exe, qemu_args, opts), opts.stdin)
    }

    /// The `--runner` of `wasmc wast` for this target.
    pub fn runner(&self, qemu_args: &[&str]) -> String {
        let mut r = vec![self.qemu];
        r.extend_from_slice(qemu_args);
        r.extend_from_slice(&["-L", self.sysroot]);
        r.join(" ")
    }
}

/// Stderr of a wasm program with the count of a truncated backtrace
/// (`  ... N more frames`) blanked out: how many frames a stack overflow
/// leaves depends on the target's frame sizes.
pub fn normalize_backtrace(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .split_inclusive('\n')
        .map(|l| {
            let t = l.trim_end_matches('\n');
            match t
                .strip_prefix("  ... ")
                .and_then(|r| r.strip_suffix(" more frames"))
            {
                Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => l.replacen(n, "N", 1),
                _ => l.to_string(),
            }
        })
        .collect()
}
