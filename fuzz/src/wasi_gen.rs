//! Random C programs doing WASI-reachable file operations inside one
//! directory (issue 15, part 3), and the starting tree they run in.
//!
//! A generated program is the fixed prelude (`fuzz/c/wasi_prelude.h`: one
//! printing helper per call, errno printed as a name, the final tree dump)
//! followed by `scenarios` functions of random operations and a `main`
//! that runs the scenario named by `argv[1]`. Each scenario runs in a fresh
//! copy of the starting [`Tree`], so one build serves many runs.
//!
//! Paths are relative, and never leave the directory, natively or in wasm:
//! a `..` only ever follows a directory component of the same path, and
//! symlink targets contain no `..` at all (a target with `..` could point
//! outside once the link is renamed into a shallower directory). Cases
//! where Linux and WASI legitimately differ are not generated; each rule
//! says why where it is applied (`open_flags`). The one normalisation of
//! the outputs is in `wasi_exe::normalise`.

use crate::rng::Rng;
use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::Path;

const PRELUDE: &str = include_str!("../c/wasi_prelude.h");

const FILES: [&str; 4] = ["a", "b", "c", "d"];
const DIRS: [&str; 3] = ["x", "y", "z"];
const LINKS: [&str; 2] = ["l", "m"];

/// One entry of a starting tree, created in this order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Dir(String),
    /// `len` bytes: byte `i` is `(seed * 31 + i * 7 + i / 32) mod 256`,
    /// the prelude's `fill`.
    File {
        path: String,
        len: usize,
        seed: u32,
    },
    Link {
        path: String,
        target: String,
    },
}

/// The directory a program starts in, as a list of entries; written to
/// and read from a text form (one entry a line: `dir P`, `file P LEN SEED`,
/// `link P TARGET`) so a reproducer can recreate it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub entries: Vec<Entry>,
}

impl Tree {
    pub fn describe(&self) -> String {
        let mut s = String::new();
        for e in &self.entries {
            let _ = match e {
                Entry::Dir(p) => writeln!(s, "dir {p}"),
                Entry::File { path, len, seed } => writeln!(s, "file {path} {len} {seed}"),
                Entry::Link { path, target } => writeln!(s, "link {path} {target}"),
            };
        }
        s
    }

    pub fn parse(text: &str) -> Result<Tree> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            let e = match w.as_slice() {
                [] => continue,
                ["dir", p] => Entry::Dir((*p).into()),
                ["file", p, len, seed] => Entry::File {
                    path: (*p).into(),
                    len: len.parse().with_context(|| format!("line {}", n + 1))?,
                    seed: seed.parse().with_context(|| format!("line {}", n + 1))?,
                },
                ["link", p, t] => Entry::Link {
                    path: (*p).into(),
                    target: (*t).into(),
                },
                _ => bail!("tree line {}: cannot parse {line:?}", n + 1),
            };
            entries.push(e);
        }
        Ok(Tree { entries })
    }

    /// Creates the entries under the existing directory `root`.
    pub fn create(&self, root: &Path) -> Result<()> {
        for e in &self.entries {
            match e {
                Entry::Dir(p) => std::fs::create_dir(root.join(p)),
                Entry::File { path, len, seed } => {
                    std::fs::write(root.join(path), content(*len, *seed))
                }
                Entry::Link { path, target } => std::os::unix::fs::symlink(target, root.join(path)),
            }
            .with_context(|| format!("create {e:?} in {}", root.display()))?;
        }
        Ok(())
    }
}

/// The prelude's `fill(len, seed)`.
pub fn content(len: usize, seed: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (seed.wrapping_mul(31) as usize + i * 7 + (i >> 5)) as u8)
        .collect()
}

/// A generated program: its C source, its starting tree, how many
/// scenarios it has (`argv[1]` is `0..scenarios`) and operations in all.
#[derive(Clone, Debug)]
pub struct Program {
    pub source: String,
    pub tree: Tree,
    pub scenarios: usize,
    pub ops: usize,
}

fn pick<'a>(rng: &mut Rng, v: &[&'a str]) -> &'a str {
    v[rng.below(v.len() as u64) as usize]
}

/// A random starting tree: some directories (at most two deep), files of
/// various sizes and a relative symlink or two.
fn tree(rng: &mut Rng) -> Tree {
    let mut dirs: Vec<String> = vec![String::new()];
    let mut entries = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let parent = dirs[rng.below(dirs.len() as u64) as usize].clone();
        let p = join(&parent, pick(rng, &DIRS));
        if parent.matches('/').count() < 2 && !dirs.contains(&p) {
            entries.push(Entry::Dir(p.clone()));
            dirs.push(p);
        }
    }
    let mut used: Vec<String> = dirs.clone();
    for _ in 0..1 + rng.below(4) {
        let parent = dirs[rng.below(dirs.len() as u64) as usize].clone();
        let p = join(&parent, pick(rng, &FILES));
        if !used.contains(&p) {
            let len = [0, 1, 10, 100, 1000, 5000][rng.below(6) as usize];
            entries.push(Entry::File {
                path: p.clone(),
                len,
                seed: rng.below(256) as u32,
            });
            used.push(p);
        }
    }
    if rng.one_in(2) {
        let parent = dirs[rng.below(dirs.len() as u64) as usize].clone();
        let p = join(&parent, pick(rng, &LINKS));
        if !used.contains(&p) {
            entries.push(Entry::Link {
                path: p,
                target: link_target(rng),
            });
        }
    }
    Tree { entries }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// A path relative to the working directory: up to two directory
/// components, each sometimes followed by `.` or `NAME/..` (which stays
/// inside: it returns to the directory the component named, or fails),
/// then a leaf; rarely a trailing `/`.
fn path(rng: &mut Rng) -> String {
    let mut parts: Vec<String> = Vec::new();
    for _ in 0..rng.below(3) {
        parts.push(pick(rng, &DIRS).into());
        match rng.below(8) {
            0 => parts.push(".".into()),
            1 => {
                parts.push(pick(rng, &DIRS).into());
                parts.push("..".into());
            }
            _ => {}
        }
    }
    if rng.one_in(12) {
        parts.insert(0, ".".into());
    }
    let leaf = match rng.below(10) {
        0..=5 => pick(rng, &FILES),
        6..=8 => pick(rng, &DIRS),
        _ => pick(rng, &LINKS),
    };
    parts.push(leaf.into());
    let mut p = parts.join("/");
    if rng.one_in(20) {
        p.push('/');
    }
    p
}

/// A symlink target: a relative path without `..` (see the module docs).
fn link_target(rng: &mut Rng) -> String {
    loop {
        let p = path(rng);
        if !p.split('/').any(|c| c == "..") {
            return p;
        }
    }
}

/// Random `open` flags as C source (`O_RDWR|O_CREAT`), not generating
/// combinations whose meaning differs between Linux and WASI:
/// - `O_DIRECTORY|O_CREAT`: Linux gives EINVAL (since 6.4) or creates a
///   file, depending on the kernel version;
/// - `O_TRUNC` without write access: unspecified by POSIX (Linux
///   truncates; wasi-libc asks for no write right, so WASI may refuse);
/// - (and in `op`: `truncate` with a negative length, checked by Linux
///   before the lookup and by wasi-libc's emulation after its open);
/// - `O_DIRECTORY|O_TRUNC`: WASI's `path_open` refuses the flag pair with
///   EINVAL before looking at the path (as Wasmtime does), Linux looks the
///   path up first (ENOENT, EISDIR, ENOTDIR).
fn open_flags(rng: &mut Rng) -> String {
    let access = ["O_RDONLY", "O_WRONLY", "O_RDWR"][rng.below(3) as usize];
    let mut f = vec![access];
    let directory = rng.one_in(6);
    if directory {
        f.push("O_DIRECTORY");
    }
    if !directory && rng.one_in(2) {
        f.push("O_CREAT");
        if rng.one_in(3) {
            f.push("O_EXCL");
        }
    }
    if access != "O_RDONLY" && !directory && rng.one_in(4) {
        f.push("O_TRUNC");
    }
    if access != "O_RDONLY" && rng.one_in(4) {
        f.push("O_APPEND");
    }
    if rng.one_in(8) {
        f.push("O_NOFOLLOW");
    }
    f.join("|")
}

fn c_str(s: &str) -> String {
    // Generated paths are [a-z./] only: nothing to escape.
    format!("\"{s}\"")
}

/// The generator's memory of a program so far: paths that probably exist
/// (the starting tree's, and those earlier operations create) and slots
/// an earlier `open` used, so that most operations act on something.
struct Gen {
    rng: Rng,
    known: Vec<String>,
    opened: Vec<u64>,
}

impl Gen {
    /// A known path (sometimes reached through `./` or `DIR/../`), or a
    /// random one.
    fn path(&mut self) -> String {
        if self.known.is_empty() || self.rng.one_in(3) {
            return path(&mut self.rng);
        }
        let p = self.known[self.rng.below(self.known.len() as u64) as usize].clone();
        match self.rng.below(8) {
            0 => format!("./{p}"),
            1 => format!("{}/../{p}", pick(&mut self.rng, &DIRS)),
            _ => p,
        }
    }

    /// A path that an operation creates: remembered.
    fn new_path(&mut self) -> String {
        let p = self.path();
        if !p.contains("..") && !p.ends_with('/') && !self.known.contains(&p) {
            self.known.push(p.trim_start_matches("./").to_string());
        }
        p
    }

    /// A slot for a descriptor operation: mostly one that was opened.
    fn slot(&mut self) -> u64 {
        match self.opened.last() {
            Some(&last) if !self.rng.one_in(3) => last,
            Some(_) if !self.rng.one_in(4) => {
                self.opened[self.rng.below(self.opened.len() as u64) as usize]
            }
            _ => self.rng.below(4),
        }
    }
}

/// `op` kind of an `open(O_RDWR|O_CREAT)`, which mostly succeeds.
const EASY_OPEN: u64 = 100;

/// One random operation as a C statement; `kind` (`0..100`, or
/// [`EASY_OPEN`]) picks it.
fn op(g: &mut Gen, out: &mut String, kind: u64) {
    let s = g.slot(); // slots 0..3 of the prelude's NSLOT
    let len = [0usize, 1, 7, 100, 513, 4096];
    let offs = [0i64, 3, 100, 999, 6000, -1];
    let n = |rng: &mut Rng| len[rng.below(len.len() as u64) as usize];
    let off = |rng: &mut Rng| offs[rng.below(offs.len() as u64) as usize];
    let _ = match kind {
        0..=17 | EASY_OPEN => {
            let flags = if kind == EASY_OPEN {
                "O_RDWR|O_CREAT".to_string()
            } else {
                open_flags(&mut g.rng)
            };
            let p = if flags.contains("O_CREAT") {
                g.new_path()
            } else {
                g.path()
            };
            let s = g.rng.below(4);
            g.opened.retain(|&o| o != s);
            g.opened.push(s);
            writeln!(
                out,
                "    op_open({s}, {}, {flags}, \"{flags}\");",
                c_str(&p)
            )
        }
        18..=21 => writeln!(out, "    op_close({s});"),
        22..=33 => {
            let (a, b) = (n(&mut g.rng), g.rng.below(256));
            writeln!(out, "    op_write({s}, {a}, {b});")
        }
        34..=40 => {
            let a = n(&mut g.rng);
            writeln!(out, "    op_read({s}, {a});")
        }
        41..=44 => {
            let (a, b) = (n(&mut g.rng), off(&mut g.rng));
            writeln!(out, "    op_pread({s}, {a}, {b});")
        }
        45..=48 => {
            let (a, b, c) = (n(&mut g.rng), off(&mut g.rng), g.rng.below(256));
            writeln!(out, "    op_pwrite({s}, {a}, {b}, {c});")
        }
        49..=54 => {
            let w = ["SEEK_SET", "SEEK_CUR", "SEEK_END"][g.rng.below(3) as usize];
            let o = [-10i64, 0, 5, 200, 10000][g.rng.below(5) as usize];
            writeln!(out, "    op_lseek({s}, {o}, {w}, \"{w}\");")
        }
        55..=57 => {
            let l = [0i64, 1, 50, 3000, -1][g.rng.below(5) as usize];
            writeln!(out, "    op_ftruncate({s}, {l});")
        }
        58 => writeln!(out, "    op_fsync({s});"),
        59 => match g.rng.below(3) {
            0 => writeln!(out, "    op_fdatasync({s});"),
            1 => {
                // No zero length: EINVAL on Linux before anything else,
                // after the rights check in WASI.
                let (o, l) = (off(&mut g.rng), [1i64, 700, 9000][g.rng.below(3) as usize]);
                writeln!(out, "    op_fallocate({s}, {o}, {l});")
            }
            _ => {
                // No negative length: Linux refuses it before the lookup
                // (EINVAL), wasi-libc's truncate opens the file first.
                let l = [0i64, 1, 50, 3000][g.rng.below(4) as usize];
                writeln!(out, "    op_truncate({}, {l});", c_str(&g.path()))
            }
        },
        60..=63 => writeln!(out, "    op_fstat({s});"),
        64..=68 => writeln!(out, "    op_stat({}, 1);", c_str(&g.path())),
        69..=70 => writeln!(out, "    op_stat({}, 0);", c_str(&g.path())),
        71..=75 => {
            let (a, b) = (g.path(), g.new_path());
            writeln!(out, "    op_rename({}, {});", c_str(&a), c_str(&b))
        }
        76..=79 => writeln!(out, "    op_unlink({});", c_str(&g.path())),
        80..=83 => writeln!(out, "    op_mkdir({});", c_str(&g.new_path())),
        84..=86 => writeln!(out, "    op_rmdir({});", c_str(&g.path())),
        87..=89 => {
            let t = link_target(&mut g.rng);
            writeln!(
                out,
                "    op_symlink({}, {});",
                c_str(&t),
                c_str(&g.new_path())
            )
        }
        90 => writeln!(out, "    op_readlink({});", c_str(&g.path())),
        91 => {
            let (a, b) = (g.path(), g.new_path());
            writeln!(out, "    op_link({}, {});", c_str(&a), c_str(&b))
        }
        _ => {
            let p = if g.rng.one_in(3) {
                ".".to_string()
            } else {
                g.path()
            };
            writeln!(out, "    op_listdir({});", c_str(&p))
        }
    };
}

/// The program of `seed`: `scenarios` scenarios of `ops` operations each.
pub fn generate(seed: u64, scenarios: usize, ops: usize) -> Program {
    let mut rng = Rng::new(seed);
    let tree = tree(&mut rng);
    let known: Vec<String> = tree
        .entries
        .iter()
        .map(|e| match e {
            Entry::Dir(p) | Entry::File { path: p, .. } | Entry::Link { path: p, .. } => p.clone(),
        })
        .collect();
    let mut src = String::with_capacity(PRELUDE.len() + scenarios * ops * 48);
    src.push_str(PRELUDE);
    let _ = writeln!(
        src,
        "\n/* generated by wasmc-fuzz exe, seed {seed}, scenarios {scenarios} */"
    );
    for k in 0..scenarios {
        let _ = writeln!(src, "static void scenario{k}(void) {{");
        let mut g = Gen {
            rng: Rng::new(rng.next_u64()),
            known: known.clone(),
            opened: Vec::new(),
        };
        for i in 0..ops {
            // Each scenario starts with two opens, the first one mostly
            // succeeding, so that descriptor operations act on something.
            let kind = match i {
                0 => EASY_OPEN,
                1 => 0,
                _ => g.rng.below(100),
            };
            op(&mut g, &mut src, kind);
        }
        src.push_str("}\n");
    }
    src.push_str("int main(int argc, char **argv) {\n    int k = argc > 1 ? atoi(argv[1]) : 0;\n    switch (k) {\n");
    for k in 0..scenarios {
        let _ = writeln!(src, "    case {k}: scenario{k}(); break;");
    }
    src.push_str("    default: printf(\"no scenario %d\\n\", k); return 2;\n    }\n    finish();\n    return 0;\n}\n");
    Program {
        source: src,
        tree,
        scenarios,
        ops: scenarios * ops,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_parsable() {
        let a = generate(7, 3, 20);
        let b = generate(7, 3, 20);
        assert_eq!(a.source, b.source);
        assert_eq!(Tree::parse(&a.tree.describe()).unwrap(), a.tree);
        assert_ne!(a.source, generate(8, 3, 20).source);
    }

    #[test]
    fn paths_stay_inside() {
        let mut rng = Rng::new(1);
        for _ in 0..10_000 {
            let p = path(&mut rng);
            let mut depth = 0i32;
            for c in p.split('/') {
                match c {
                    ".." => depth -= 1,
                    "." | "" => {}
                    _ => depth += 1,
                }
                assert!(depth >= 0, "{p} leaves the directory");
            }
            assert!(!link_target(&mut rng).split('/').any(|c| c == ".."));
        }
    }
}
