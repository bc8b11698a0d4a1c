//! The folded form of the legacy exception-handling `try`, rewritten to the
//! flat form before a script (`wasmc wast`) or a `.wat` module (`wasmc
//! build`) reaches the `wast` crate, which parses only the flat form:
//!
//! ```text
//! (try $l (result i32) (do A) (catch $t B) (catch_all C))  =>  try $l (result i32) A catch $t B catch_all C end
//! (try $l (do A) (delegate $m))                             =>  try $l A delegate $m
//! ```
//!
//! The rewrite works on s-expressions: comments and strings are copied
//! untouched (so `module quote` texts are not rewritten), nested folded
//! `try`s are rewritten inside out, and no line breaks are added or removed,
//! so line numbers stay those of the script. Flat instructions are allowed
//! inside folded ones, except as the condition of a folded `if`: a `try`
//! there is wrapped as `(nop try ... end)`, which the text format unfolds to
//! `try ... end nop` (no label is added). A form that does not have the
//! shape above is left as it is, for the `wast` crate to report.

/// A script's text with its folded `try`s rewritten; None if it has none.
pub fn rewrite(text: &str) -> Option<String> {
    if !has_try_head(text) {
        return None;
    }
    let nodes = parse(text)?;
    let mut out = String::with_capacity(text.len() + 64);
    for n in &nodes {
        emit(n, false, &mut out);
    }
    (out != text).then_some(out)
}

/// Whether `(try` followed by a delimiter occurs (a cheap pre-check).
fn has_try_head(text: &str) -> bool {
    text.match_indices("(try").any(|(i, m)| {
        text[i + m.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '(' || c == ')' || c == ';')
    })
}

#[derive(Debug)]
enum Node<'a> {
    /// A keyword, identifier, number, ...
    Atom(&'a str),
    /// Whitespace, comments and strings: copied as they are.
    Verbatim(&'a str),
    List(Vec<Node<'a>>),
}

/// The text as a forest; None if parentheses, strings or block comments do
/// not balance (the `wast` crate will say where).
fn parse(text: &str) -> Option<Vec<Node<'_>>> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Vec<Node<'_>>> = vec![Vec::new()];
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        if c == b'(' && bytes.get(i + 1) == Some(&b';') {
            // Block comment, nesting.
            let mut depth = 0usize;
            while i < bytes.len() {
                if bytes[i] == b'(' && bytes.get(i + 1) == Some(&b';') {
                    depth += 1;
                    i += 2;
                } else if bytes[i] == b';' && bytes.get(i + 1) == Some(&b')') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            if depth != 0 {
                return None;
            }
            stack.last_mut()?.push(Node::Verbatim(&text[start..i]));
        } else if c == b';' && bytes.get(i + 1) == Some(&b';') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            stack.last_mut()?.push(Node::Verbatim(&text[start..i]));
        } else if c == b'"' {
            i += 1;
            loop {
                match bytes.get(i)? {
                    b'\\' => i += 2,
                    b'"' => {
                        i += 1;
                        break;
                    }
                    _ => i += 1,
                }
            }
            stack.last_mut()?.push(Node::Verbatim(&text[start..i]));
        } else if c == b'(' {
            stack.push(Vec::new());
            i += 1;
        } else if c == b')' {
            let list = stack.pop()?;
            stack.last_mut()?.push(Node::List(list));
            i += 1;
        } else if c.is_ascii_whitespace() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            stack.last_mut()?.push(Node::Verbatim(&text[start..i]));
        } else {
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'(' | b')' | b'"' | b';')
            {
                i += 1;
            }
            stack.last_mut()?.push(Node::Atom(&text[start..i]));
        }
    }
    if stack.len() != 1 {
        return None;
    }
    stack.pop()
}

/// The first atom of a list, if it starts with one.
fn head<'a>(items: &[Node<'a>]) -> Option<&'a str> {
    match items.iter().find(|n| !matches!(n, Node::Verbatim(_)))? {
        Node::Atom(a) => Some(a),
        _ => None,
    }
}

/// Emit `n`; `in_if`: it is a direct child of a folded `if`.
fn emit(n: &Node<'_>, in_if: bool, out: &mut String) {
    match n {
        Node::Atom(s) | Node::Verbatim(s) => out.push_str(s),
        Node::List(items) => {
            let h = head(items);
            if h == Some("try") {
                let mut flat = String::new();
                if emit_try(items, &mut flat) {
                    if in_if {
                        out.push_str("(nop ");
                        out.push_str(&flat);
                        out.push(')');
                    } else {
                        out.push_str(&flat);
                    }
                    return;
                }
            }
            let is_if = h == Some("if");
            out.push('(');
            for c in items {
                emit(c, is_if, out);
            }
            out.push(')');
        }
    }
}

/// The flat form of the folded `try` `items`; false if it is not one.
fn emit_try(items: &[Node<'_>], out: &mut String) -> bool {
    let mut it = items.iter().peekable();
    // Up to and including `try`.
    for n in it.by_ref() {
        emit(n, false, out);
        if matches!(n, Node::Atom("try")) {
            break;
        }
    }
    // Label and block type, up to `(do`.
    let mut seen_do = false;
    for n in it.by_ref() {
        if let Node::List(l) = n {
            if head(l) == Some("do") {
                emit_body(l, out);
                seen_do = true;
                break;
            }
        }
        emit(n, false, out);
    }
    if !seen_do {
        return false;
    }
    // Clauses.
    let mut delegated = false;
    for n in it {
        match n {
            Node::Verbatim(s) => out.push_str(s),
            Node::List(l) if !delegated => match head(l) {
                Some("catch" | "catch_all") => emit_clause(l, out),
                Some("delegate") => {
                    emit_clause(l, out);
                    delegated = true;
                }
                _ => return false,
            },
            _ => return false,
        }
    }
    if !delegated {
        out.push_str(" end");
    }
    true
}

/// The contents of `(do ...)` without the keyword.
fn emit_body(items: &[Node<'_>], out: &mut String) {
    let mut keyword = true;
    for n in items {
        if keyword && matches!(n, Node::Atom(_)) {
            keyword = false;
            continue;
        }
        emit(n, false, out);
    }
}

/// `(catch $t ...)`, `(catch_all ...)`, `(delegate $l)` without parentheses.
fn emit_clause(items: &[Node<'_>], out: &mut String) {
    out.push(' ');
    for n in items {
        emit(n, false, out);
    }
    out.push(' ');
}

#[cfg(test)]
mod tests {
    /// The rewrite with runs of blanks squeezed (line breaks kept).
    fn rewrite(text: &str) -> Option<String> {
        let squeeze = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        let out = super::rewrite(text)?;
        assert_eq!(
            out.lines().count(),
            text.lines().count(),
            "line breaks kept"
        );
        Some(out.lines().map(squeeze).collect::<Vec<_>>().join("\n"))
    }

    #[test]
    fn flat_forms() {
        assert_eq!(
            rewrite("(func (try (result i32) (do (i32.const 1)) (catch $e (i32.const 2))))")
                .unwrap(),
            "(func try (result i32) (i32.const 1) catch $e (i32.const 2) end)"
        );
        assert_eq!(
            rewrite("(try $t (do (try (do) (delegate $t))) (catch_all))").unwrap(),
            "try $t try delegate $t catch_all end"
        );
    }

    #[test]
    fn operand_of_if_is_wrapped() {
        assert_eq!(
            rewrite("(if (try (result i32) (do (i32.const 1)) (catch_all (i32.const 0))) (then))")
                .unwrap(),
            "(if (nop try (result i32) (i32.const 1) catch_all (i32.const 0) end) (then))"
        );
    }

    #[test]
    fn comments_strings_and_others_untouched() {
        let t = "(module quote \"(try (do))\") ;; (try (do))\n(; (try (do)) ;) (try_table)";
        assert_eq!(rewrite(t), None);
        let t = "(; c ;) (try (do nop) ;; x\n (catch_all)) \"(try\"";
        assert_eq!(
            rewrite(t).unwrap(),
            "(; c ;) try nop ;; x\ncatch_all end \"(try\""
        );
        // Not the folded shape: left alone.
        assert_eq!(super::rewrite("(try (result i32))"), None);
    }
}
