//! How many threads compile functions, and the GNU make jobserver.
//!
//! Under `make -jN` a recipe that runs wasmc already holds one of make's N
//! job slots; every further compilation thread must take a token from make's
//! jobserver (advertised in `MAKEFLAGS` as `--jobserver-auth=R,W`, the pipe
//! of make ≤ 4.3, or `--jobserver-auth=fifo:PATH` of make 4.4) and give it
//! back when it ends, so that `make -j8` over many modules runs 8 threads in
//! all, not 8 per module. The compiler asks through
//! [`wasmc_compiler::ThreadTokens`] and never waits for a token: with none
//! free it compiles on the thread it has. `-j N` still caps the threads.
//!
//! make gives the jobserver only to recipes it knows to be recursive (a `+`
//! prefix or `$(MAKE)` in the line). When `MAKEFLAGS` names a jobserver that
//! wasmc cannot use, wasmc says so once and, without `-j`, compiles on one
//! thread rather than oversubscribe the machine.
//!
//! `WASMC_JOBSERVER_DEBUG=1` prints, after each compilation, how many extra
//! threads the jobserver granted at most (the tests read it).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use wasmc_compiler::{Options, ThreadTokens};

/// A connected jobserver, counting the tokens wasmc holds.
#[derive(Debug)]
struct Jobserver {
    client: jobserver::Client,
    /// Where `MAKEFLAGS` (or `CARGO_MAKEFLAGS`, `MFLAGS`) said it is.
    auth: String,
    held: AtomicUsize,
    peak: AtomicUsize,
}

/// A token a worker thread holds; dropping it gives it back to make.
struct Token {
    _acquired: jobserver::Acquired,
    server: Arc<Jobserver>,
}

impl Drop for Token {
    fn drop(&mut self) {
        self.server.held.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The handle given to the compiler.
#[derive(Debug)]
struct Tokens(Arc<Jobserver>);

impl ThreadTokens for Tokens {
    fn try_acquire(&self) -> Option<Box<dyn Send>> {
        // An I/O error (or a platform without non-blocking reads of make's
        // pipe) is as good as "no token free": one thread, never too many.
        let acquired = self.0.client.try_acquire().ok()??;
        let held = self.0.held.fetch_add(1, Ordering::Relaxed) + 1;
        self.0.peak.fetch_max(held, Ordering::Relaxed);
        Some(Box::new(Token {
            _acquired: acquired,
            server: self.0.clone(),
        }))
    }
}

/// What the environment says about a jobserver.
enum FromEnv {
    None,
    Usable(Arc<Jobserver>),
    /// Advertised but not usable (e.g. the recipe lacks `+`).
    Broken,
}

/// The jobserver of the environment, connected once per process (the
/// descriptors are taken over the first time; later calls reuse them).
fn from_env() -> &'static FromEnv {
    static SERVER: OnceLock<FromEnv> = OnceLock::new();
    SERVER.get_or_init(|| {
        // SAFETY: the descriptors named in MAKEFLAGS are inherited from make
        // and nothing else in wasmc owns them: this runs (`connect`) before
        // wasmc opens any file of its own, and `check_pipe` makes
        // the crate refuse descriptors that are not a pipe or fifo (e.g.
        // closed by make and reused for something else).
        let found = unsafe { jobserver::Client::from_env_ext(true) };
        let (var, value) = found.var.unwrap_or_default();
        match found.client {
            Ok(client) => FromEnv::Usable(Arc::new(Jobserver {
                client,
                auth: format!("{var}={}", value.to_string_lossy()),
                held: AtomicUsize::new(0),
                peak: AtomicUsize::new(0),
            })),
            Err(e)
                if matches!(
                    e.kind(),
                    jobserver::FromEnvErrorKind::NoEnvVar
                        | jobserver::FromEnvErrorKind::NoJobserver
                ) =>
            {
                FromEnv::None
            }
            Err(e) => {
                eprintln!(
                    "wasmc: warning: cannot use the make jobserver in {var} ({e}); \
                     mark the recipe with `+` to share make's job slots"
                );
                FromEnv::Broken
            }
        }
    })
}

/// Take over make's jobserver descriptors, if any: called first thing by
/// the commands that compile, before wasmc opens files of its own.
pub fn connect() {
    from_env();
}

/// Set the compilation threads of `opts`: `jobs` (the `-j` option) caps
/// them; a jobserver grants the ones beyond the first.
pub fn configure(opts: &mut Options, jobs: Option<usize>) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    opts.jobs = jobs.unwrap_or(cores).max(1);
    match from_env() {
        FromEnv::None => {}
        FromEnv::Usable(server) => {
            opts.thread_tokens = Some(Arc::new(Tokens(server.clone())));
        }
        FromEnv::Broken => {
            if jobs.is_none() {
                opts.jobs = 1;
            }
        }
    }
}

/// With `WASMC_JOBSERVER_DEBUG=1`: the most tokens held at once so far.
pub fn report(opts: &Options) {
    if std::env::var_os("WASMC_JOBSERVER_DEBUG").is_none_or(|v| v != "1") {
        return;
    }
    match from_env() {
        FromEnv::Usable(server) => eprintln!(
            "wasmc: jobserver: {}: at most {} extra compilation thread(s), {} token(s) still held, -j {}",
            server.auth,
            server.peak.load(Ordering::Relaxed),
            server.held.load(Ordering::Relaxed),
            opts.jobs
        ),
        FromEnv::Broken => eprintln!("wasmc: jobserver: unusable, -j {}", opts.jobs),
        FromEnv::None => eprintln!("wasmc: jobserver: none, -j {}", opts.jobs),
    }
}
