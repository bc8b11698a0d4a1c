//! What an executable's runtime provides by itself, for `wasmc build`'s
//! import check (`--link`): the WASI functions and `wasi` `thread-spawn`.
//!
//! The WASI list is read from the runtime's own `wasi_funcs.h` (the one
//! place each function's name and type is written), so the check can never
//! disagree with the runtime it links.

/// A function the runtime provides: (module, name, params, results) in the
/// embedding API's type letters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltinFunc {
    pub module: &'static str,
    pub name: String,
    pub params: String,
    pub results: String,
}

/// Every function import an executable resolves without `--link`.
pub fn builtin_funcs() -> Vec<BuiltinFunc> {
    let header = crate::SOURCES
        .iter()
        .find(|(n, _)| *n == "wasi_funcs.h")
        .map(|(_, t)| *t)
        .expect("wasi_funcs.h is a runtime source");
    let mut out: Vec<BuiltinFunc> = header
        .lines()
        .filter_map(|l| l.trim().strip_prefix("X("))
        .filter_map(|l| l.split_once(')'))
        .filter_map(|(args, _)| {
            let mut parts = args.split(',').map(str::trim);
            let name = parts.next()?;
            let results = match parts.next()? {
                "e" => "i",
                "n" => "",
                _ => return None,
            };
            let params: String = parts.filter(|p| *p != "v").collect();
            Some(BuiltinFunc {
                module: "wasi_snapshot_preview1",
                name: name.to_string(),
                params,
                results: results.to_string(),
            })
        })
        .collect();
    out.push(BuiltinFunc {
        module: "wasi",
        name: "thread-spawn".into(),
        params: "i".into(),
        results: "i".into(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasi_list_parsed() {
        let all = builtin_funcs();
        let find = |n: &str| all.iter().find(|f| f.name == n).cloned();
        let fd_seek = find("fd_seek").expect("fd_seek");
        assert_eq!(
            (fd_seek.params.as_str(), fd_seek.results.as_str()),
            ("iIii", "i")
        );
        let exit = find("proc_exit").expect("proc_exit");
        assert_eq!((exit.params.as_str(), exit.results.as_str()), ("i", ""));
        let y = find("sched_yield").expect("sched_yield");
        assert_eq!((y.params.as_str(), y.results.as_str()), ("", "i"));
        assert!(all.len() > 40, "{}", all.len());
    }
}
