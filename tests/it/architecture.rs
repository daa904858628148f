//! The house's rules, checked on its sources: no circle in the import graph
//! of either crate (ARCHITECTURE.md). A file imports another when it names
//! an item of that file's module by a path (`use crate::a::b::X`,
//! `super::x::Y`, `child::Z`, or a module alias brought in by `use`); test
//! modules are left out. Run alone with `cargo test --test it architecture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A newline inside a skipped literal or comment is kept, so line numbers hold.
fn keep_newline(out: &mut String, c: char) {
    if c == '\n' {
        out.push('\n');
    }
}

/// Source text without comments, string and char literals, or test modules
/// (newlines kept: a line of the result is that line of the source).
fn strip(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                keep_newline(&mut out, b[i]);
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            let mut lines = String::new();
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                keep_newline(&mut lines, b[j]);
                j += 1;
            }
            out.push_str("\"\"");
            out.push_str(&lines);
            i = j;
        } else if c == '"' {
            i += 1;
            let mut lines = String::new();
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = b.get(i) {
                    keep_newline(&mut lines, ch);
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
            out.push_str(&lines);
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            if next == Some('\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    match out.find("#[cfg(test)]") {
        Some(k) => out[..k].to_string(),
        None => out,
    }
}

/// The paths a `use` tree names: `a::{b, c::{d as e}}` → a::b, a::c::d.
fn use_paths(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut depth = 0;
    let mut items = Vec::new();
    let mut cur = String::new();
    for ch in tree.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(ch);
        }
    }
    items.push(cur);
    for it in items {
        let it = it.trim();
        if it.is_empty() {
            continue;
        }
        let split = |s: &str| -> Vec<String> {
            s.split("::")
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        if let Some(open) = it.find('{') {
            let close = it.rfind('}').unwrap_or(it.len());
            let mut p = prefix.to_vec();
            p.extend(split(it[..open].trim_end_matches(':')));
            use_paths(&it[open + 1..close], &p, out);
        } else {
            let it = it.split(" as ").next().unwrap_or(it);
            let mut p = prefix.to_vec();
            p.extend(split(it));
            out.push(p);
        }
    }
}

/// file → the files it imports, for a crate's `src` given as (module path,
/// file name, source).
fn graph(files: &[(Vec<String>, String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let by_module: BTreeMap<&[String], &str> = files
        .iter()
        .map(|(m, f, _)| (m.as_slice(), f.as_str()))
        .collect();
    let mut edges = BTreeMap::new();
    for (module, file, src) in files {
        let src = strip(src);
        let absolute = |p: &[String]| -> Option<Vec<String>> {
            let (mut base, rest) = match p.first().map(String::as_str) {
                Some("crate") => (Vec::new(), &p[1..]),
                Some("super") => {
                    let mut base = module.clone();
                    let mut rest = p;
                    while rest.first().map(String::as_str) == Some("super") {
                        base.pop();
                        rest = &rest[1..];
                    }
                    (base, rest)
                }
                Some("self") => (module.clone(), &p[1..]),
                _ => return None,
            };
            base.extend(rest.iter().cloned());
            Some(base)
        };
        // Modules brought in by name (`use crate::check;`, `{self, …}`).
        let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut paths = Vec::new();
        let mut rest = src.as_str();
        while let Some(k) = find_word(rest, "use") {
            let after = &rest[k + 3..];
            let end = after.find(';').unwrap_or(after.len());
            use_paths(after[..end].trim(), &[], &mut paths);
            rest = &after[end..];
        }
        for p in &paths {
            let p: Vec<String> = p.iter().filter(|s| *s != "self").cloned().collect();
            if let Some(full) = absolute(&p)
                && by_module.contains_key(full.as_slice())
                && let Some(last) = p.last()
            {
                aliases.insert(last.clone(), full);
            }
        }
        // Paths in the code (not in `use` items, already taken).
        let mut code = String::new();
        let mut rest = src.as_str();
        while let Some(k) = find_word(rest, "use") {
            code.push_str(&rest[..k]);
            let after = &rest[k..];
            rest = &after[after.find(';').unwrap_or(after.len())..];
        }
        code.push_str(rest);
        let chars: Vec<char> = code.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let starts = chars[i].is_alphabetic()
                && (i == 0
                    || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '_' | ':')));
            if !starts {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == ':')
            {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            if word.contains("::") {
                paths.push(
                    word.split("::")
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                );
            }
            i = j;
        }
        let mut to = BTreeSet::new();
        for p in paths {
            let Some(first) = p.first() else { continue };
            let mut child = module.clone();
            child.push(first.clone());
            let p = if let Some(full) = aliases.get(first) {
                let mut q = vec!["crate".to_string()];
                q.extend(full.iter().cloned());
                q.extend(p[1..].iter().cloned());
                q
            } else if by_module.contains_key(child.as_slice()) {
                let mut q = vec!["self".to_string()];
                q.extend(p);
                q
            } else {
                p
            };
            let Some(full) = absolute(&p) else { continue };
            // The longest prefix that is a module of this crate.
            if let Some(target) = (0..=full.len())
                .rev()
                .find_map(|n| by_module.get(&full[..n]))
                && *target != file
            {
                to.insert(target.to_string());
            }
        }
        edges.insert(file.clone(), to);
    }
    edges
}

/// Byte offset of `word` standing alone (not part of a longer name).
fn find_word(s: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = s[from..].find(word) {
        let at = from + k;
        let before = s[..at].chars().next_back();
        let after = s[at + word.len()..].chars().next();
        let alone = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if alone(before) && alone(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The strongly connected components of more than one file (Tarjan).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        for w in t.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.edges.contains_key(w) {
                continue;
            }
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn crate_files(src: &Path) -> Vec<(Vec<String>, String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(Vec<String>, String, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let mut module: Vec<String> = rel
                    .trim_end_matches(".rs")
                    .split('/')
                    .map(String::from)
                    .collect();
                if matches!(
                    module.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    module.pop();
                }
                let src = std::fs::read_to_string(&p).unwrap();
                out.push((module, rel, src));
            }
        }
    }
    let mut out = Vec::new();
    walk(src, src, &mut out);
    out
}

fn report(edges: &BTreeMap<String, BTreeSet<String>>, found: &[Vec<String>]) -> String {
    let mut s = String::new();
    for comp in found {
        s.push_str(&format!("circle of {} files:\n", comp.len()));
        for a in comp {
            for b in edges[a].iter().filter(|b| comp.contains(b)) {
                s.push_str(&format!("  {a} -> {b}\n"));
            }
        }
    }
    s
}

#[test]
fn the_detector_finds_a_circle_through_super_an_alias_and_a_child_path() {
    let f = |m: &[&str], file: &str, src: &str| {
        (
            m.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            file.to_string(),
            src.to_string(),
        )
    };
    let files = vec![
        f(&[], "lib.rs", "mod a; mod b;"),
        f(&["a"], "a/mod.rs", "pub mod x; fn f() -> x::T { todo!() }"),
        f(
            &["a", "x"],
            "a/x.rs",
            "use crate::b;\n// use crate::a::Nope;\nfn g() { b::h(\"super::a\") }",
        ),
        f(
            &["b"],
            "b.rs",
            "use super::a::{self};\nfn h() { a::f(); }\n#[cfg(test)]\nmod tests { use crate::lib; }",
        ),
    ];
    let edges = graph(&files);
    assert_eq!(edges["a/mod.rs"], BTreeSet::from(["a/x.rs".to_string()]));
    assert_eq!(edges["a/x.rs"], BTreeSet::from(["b.rs".to_string()]));
    assert_eq!(edges["b.rs"], BTreeSet::from(["a/mod.rs".to_string()]));
    let found = circles(&edges);
    assert_eq!(
        found,
        vec![vec!["a/mod.rs".to_string(), "a/x.rs".into(), "b.rs".into()]]
    );
}

fn no_circle_in(src: &str, at_least: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(src);
    let files = crate_files(&root);
    let edges = graph(&files);
    let n: usize = edges.values().map(BTreeSet::len).sum();
    assert!(
        n >= at_least,
        "only {n} import arrows read in {src}: the reader is broken"
    );
    let found = circles(&edges);
    assert!(found.is_empty(), "{src}:\n{}", report(&edges, &found));
}

#[test]
fn the_core_crate_has_no_circle_of_imports() {
    no_circle_in("crates/calltrust-core/src", 150);
}

#[test]
fn the_binary_crate_has_no_circle_of_imports() {
    no_circle_in("src", 40);
}

/// Each function of a stripped source: (name, first line, lines long), the
/// lines counted from `fn` to its closing brace. Nested functions count on
/// their own and inside their parent.
fn function_lengths(stripped: &str) -> Vec<(String, usize, usize)> {
    let b = stripped.as_bytes();
    let line_of = |at: usize| stripped[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = find_word(&stripped[from..], "fn") {
        let at = from + k;
        from = at + 2;
        let rest = &stripped[from..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue; // `fn(` in a type
        }
        // The body opens at the first `{` before any `;` (a declaration).
        let Some(open) = rest
            .find(['{', ';'])
            .filter(|o| rest.as_bytes()[*o] == b'{')
        else {
            continue;
        };
        let mut depth = 0usize;
        let mut close = None;
        for (j, &c) in b.iter().enumerate().skip(from + open) {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        if let Some(close) = close {
            out.push((name, line_of(at), line_of(close) - line_of(at) + 1));
        }
    }
    out
}

#[test]
fn the_length_reader_counts_lines_across_strings_comments_and_braces_in_literals() {
    let src = "fn short() { let s = \"{{ not a brace\n\n\"; }\n\
               /* a\ncomment */\n\
               pub fn long(x: u8) -> u8 {\n    if x > 0 { x } else {\n        '{' as u8\n    }\n}\n\
               trait T { fn decl(&self); }\n\
               fn takes(f: fn(u8) -> u8) {}\n";
    let got = function_lengths(&strip(src));
    assert_eq!(
        got,
        vec![
            ("short".to_string(), 1, 3),
            ("long".to_string(), 6, 5),
            ("takes".to_string(), 12, 1),
        ]
    );
}

/// The exhaustive `match` tables: one arm per finding id or verstat value,
/// long by design (the compiler checks each is complete).
const TABLES: &[(&str, &str)] = &[
    ("catalogue.rs", "entry"),
    ("model.rs", "category"),
    ("verdict/verifier.rs", "peers"),
    ("verdict/verifier.rs", "step"),
    ("knowledge.rs", "lookup"),
];

#[test]
fn no_core_function_is_longer_than_80_lines_but_the_tables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/calltrust-core/src");
    let mut long = Vec::new();
    let mut tables_seen = 0;
    let mut functions = 0;
    for (_, rel, src) in crate_files(&root) {
        for (name, line, len) in function_lengths(&strip(&src)) {
            functions += 1;
            if TABLES.contains(&(rel.as_str(), name.as_str())) {
                tables_seen += 1;
            } else if len > 80 {
                long.push(format!("{rel}:{line} fn {name}: {len} lines"));
            }
        }
    }
    assert!(
        functions > 500,
        "only {functions} functions read: the reader is broken"
    );
    assert_eq!(
        tables_seen,
        TABLES.len(),
        "a table in TABLES no longer exists: update the list"
    );
    assert!(
        long.is_empty(),
        "split these (ARCHITECTURE.md):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_ground_floor_imports_nothing_above_it() {
    // base/ (DER, URL, PEM, base64url) and the model (the vocabulary) are
    // what every layer stands on: they may import only each other's files.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/calltrust-core/src");
    let edges = graph(&crate_files(&root));
    let ground = |f: &str| f.starts_with("base/") || f == "model.rs";
    let floor: Vec<&String> = edges.keys().filter(|f| ground(f)).collect();
    assert!(
        floor.len() >= 5,
        "the ground floor was not found: {floor:?}"
    );
    let up: Vec<String> = edges
        .iter()
        .filter(|(f, _)| ground(f))
        .flat_map(|(f, to)| {
            to.iter()
                .filter(|t| !ground(t))
                .map(move |t| format!("{f} -> {t}"))
        })
        .collect();
    assert!(
        up.is_empty(),
        "the ground floor imports upward:\n{}",
        up.join("\n")
    );
}
