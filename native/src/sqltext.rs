//! A small SQL scanner: the verb of a statement, for the few places where the engine cannot be
//! asked (embedded replica statements are opaque in the libsql API).

/// Words of `sql` outside parentheses, string literals, quoted identifiers and comments,
/// upper-cased, in order.
fn top_level_words(sql: &str) -> impl Iterator<Item = String> + '_ {
    let b = sql.as_bytes();
    let mut i = 0usize;
    let mut depth = 0usize;
    std::iter::from_fn(move || {
        while i < b.len() {
            let c = b[i];
            match c {
                b'-' if b.get(i + 1) == Some(&b'-') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                        i += 1;
                    }
                    i += 2;
                }
                b'\'' | b'"' | b'`' | b'[' => {
                    let close = if c == b'[' { b']' } else { c };
                    i += 1;
                    while i < b.len() && b[i] != close {
                        i += 1;
                    }
                    i += 1;
                }
                b'(' => {
                    depth += 1;
                    i += 1;
                }
                b')' => {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = i;
                    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$') {
                        i += 1;
                    }
                    if depth == 0 {
                        return Some(sql[start..i].to_ascii_uppercase());
                    }
                }
                _ => i += 1,
            }
        }
        None
    })
}

/// The statement's verb: its first keyword, or for `WITH ...` the verb after the common table
/// expressions (SELECT, VALUES, INSERT, REPLACE, UPDATE or DELETE).
pub fn main_verb(sql: &str) -> Option<String> {
    let mut words = top_level_words(sql);
    let first = words.next()?;
    if first != "WITH" {
        return Some(first);
    }
    words.find(|w| {
        matches!(
            w.as_str(),
            "SELECT" | "VALUES" | "INSERT" | "REPLACE" | "UPDATE" | "DELETE"
        )
    })
}

/// Whether the statement leaves the database file unchanged, judged from its text, in the sense
/// of `sqlite3_stmt_readonly` (transaction control counts as read-only).
pub fn looks_readonly(sql: &str) -> bool {
    match main_verb(sql).as_deref() {
        Some("SELECT" | "VALUES" | "EXPLAIN" | "BEGIN" | "COMMIT" | "END" | "ROLLBACK" | "SAVEPOINT" | "RELEASE") => {
            true
        }
        // `PRAGMA name` and `PRAGMA name(arg)` read; `PRAGMA name = value` writes.
        Some("PRAGMA") => !sql.contains('='),
        _ => false,
    }
}

/// The parameters of one statement in SQLite's numbering, as `sqlite3_bind_parameter_name`
/// would report them: index 0 is parameter 1; `?` has no name, `?NNN` is named "?NNN" and sets
/// the index, a repeated `:x`/`@x`/`$x` reuses its first index.
pub fn parameters(sql: &str) -> Vec<Option<String>> {
    let b = sql.as_bytes();
    let mut names: Vec<Option<String>> = Vec::new();
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        match c {
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1;
                while i < b.len() && b[i] != close {
                    i += 1;
                }
                i += 1;
            }
            b'?' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i == start + 1 {
                    names.push(None);
                } else {
                    let n: usize = sql[start + 1..i].parse().unwrap_or(0);
                    if n > 0 && n <= 32766 {
                        if names.len() < n {
                            names.resize(n, None);
                        }
                        names[n - 1] = Some(sql[start..i].to_string());
                    }
                }
            }
            b':' | b'@' | b'$' => {
                let start = i;
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80) {
                    i += 1;
                }
                if i > start + 1 {
                    let name = &sql[start..i];
                    if !names.iter().any(|n| n.as_deref() == Some(name)) {
                        names.push(Some(name.to_string()));
                    }
                }
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                // Skip whole words so a `$` inside an identifier is not a parameter.
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    names
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn verbs() {
        assert_eq!(main_verb("  -- c\n /* x */ select 1").as_deref(), Some("SELECT"));
        assert_eq!(
            main_verb("WITH a(x) AS (SELECT 1), b AS MATERIALIZED (VALUES (2)) INSERT INTO t SELECT * FROM a")
                .as_deref(),
            Some("INSERT")
        );
        assert_eq!(
            main_verb("with 'insert' as (select 1) select * from \"insert\"").as_deref(),
            Some("SELECT")
        );
        assert_eq!(main_verb("").as_deref(), None);
        assert!(looks_readonly("select 1"));
        assert!(looks_readonly("PRAGMA table_info(t)"));
        assert!(!looks_readonly("PRAGMA user_version = 3"));
        assert!(!looks_readonly("insert into t values (1)"));
        assert!(!looks_readonly("WITH x AS (SELECT 1) DELETE FROM t"));
        assert!(looks_readonly("begin transaction readonly"));
    }

    #[test]
    fn parameters_in_sqlite_order() {
        let p = parameters("INSERT INTO t VALUES (?, :v, ':x', @w, :v, ?5, $é, a$b) -- :c");
        let want: Vec<Option<String>> = vec![
            None,
            Some(":v".into()),
            Some("@w".into()),
            None,
            Some("?5".into()),
            Some("$é".into()),
        ];
        assert_eq!(p, want);
        assert_eq!(parameters("SELECT ?, ?"), vec![None, None]);
    }
}

/// Splits a script into whole statements, each ending at the `;` where SQLite's own
/// `sqlite3_complete` says a statement is complete (so semicolons in strings, comments and
/// trigger bodies do not split). A trailing piece without `;` is kept unless it is blank.
pub fn split_statements(sql: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for (i, ch) in sql.char_indices() {
        if ch == ';' {
            let candidate = &sql[start..=i];
            if is_complete(candidate) {
                out.push(candidate);
                start = i + 1;
            }
        }
    }
    let rest = &sql[start..];
    if !rest.trim().is_empty() {
        out.push(rest);
    }
    out
}

fn is_complete(s: &str) -> bool {
    match std::ffi::CString::new(s) {
        // SAFETY: a valid NUL-terminated string; sqlite3_complete only reads it.
        Ok(c) => unsafe { libsql_sys::ffi::sqlite3_complete(c.as_ptr()) != 0 },
        Err(_) => false,
    }
}
