//! [`is_test_name`]: a `const fn` the test lists use in constant
//! assertions, so that a test's name cannot drift from the program or
//! module it runs.

/// `test == prefix + name + suffix`, usable in constant assertions that
/// keep the test names in the lists consistent with the program names.
pub const fn is_test_name(test: &str, prefix: &str, name: &str, suffix: &str) -> bool {
    let (t, p, n, s) = (
        test.as_bytes(),
        prefix.as_bytes(),
        name.as_bytes(),
        suffix.as_bytes(),
    );
    if t.len() != p.len() + n.len() + s.len() {
        return false;
    }
    let mut i = 0;
    while i < t.len() {
        let c = if i < p.len() {
            p[i]
        } else if i < p.len() + n.len() {
            n[i - p.len()]
        } else {
            s[i - p.len() - n.len()]
        };
        if t[i] != c {
            return false;
        }
        i += 1;
    }
    true
}
