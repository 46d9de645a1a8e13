//! The crates' shape, checked: no module of a crate imports, through any
//! chain, a module that imports it back.
//!
//! Why a test: an import circle is how a leaf (a clock, a codec) quietly
//! becomes a knot, and nothing else fails when one appears. The graph is
//! read from the sources: a module's `crate::name` paths, with names the
//! crate root re-exports (`pub use module::Name`) resolved to their module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module name → the crate's modules it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The crate at `crates/<name>/src`: each top-level file (or folder) is a
/// module.
fn graph(name: &str) -> Graph {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../crates")
        .join(name)
        .join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for line in lib.lines().map(str::trim) {
        if let Some(m) = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
        {
            modules.insert(m.trim_end_matches(';').to_owned());
        }
        if let Some(rest) = line.strip_prefix("pub use ")
            && let Some((m, names)) = rest.split_once("::")
        {
            for n in names.trim_matches(|c| "{};".contains(c)).split(',') {
                reexports.insert(n.trim().to_owned(), m.to_owned());
            }
        }
    }
    let mut g = Graph::new();
    for m in &modules {
        let mut text = String::new();
        read_module(&src, m, &mut text);
        let named = crate_paths(&text)
            .into_iter()
            .filter_map(|n| {
                if modules.contains(&n) {
                    Some(n)
                } else {
                    reexports.get(&n).cloned()
                }
            })
            .filter(|n| n != m)
            .collect();
        g.insert(m.clone(), named);
    }
    g
}

/// The text of module `m`: `m.rs`, or every file under `m/`.
fn read_module(src: &Path, m: &str, text: &mut String) {
    let file = src.join(format!("{m}.rs"));
    if let Ok(t) = std::fs::read_to_string(&file) {
        text.push_str(&t);
    }
    if let Ok(dir) = std::fs::read_dir(src.join(m)) {
        for entry in dir.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
}

/// The first name after each `crate::` (each name of a `crate::{a, b::c}`).
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let head = part.trim().split("::").next().unwrap_or("");
                names.insert(
                    head.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_')
                        .to_owned(),
                );
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(head);
        }
    }
    names.remove("");
    names.remove("self");
    names
}

/// A circle in `g`, as the modules along it, if there is one.
fn circle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        m: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut c = path[at..].to_vec();
            c.push(m.to_owned());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_owned());
        for n in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(g, n, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|m| visit(g, m, &mut Vec::new(), &mut done))
}

fn check(krate: &str) {
    let g = graph(krate);
    assert!(
        g.len() >= 3,
        "{krate}: read only {} modules: {g:?}",
        g.len()
    );
    if let Some(c) = circle(&g) {
        panic!("{krate}: import circle {}", c.join(" → "));
    }
}

#[test]
fn the_pure_crates_have_no_import_circle() {
    for krate in ["kernels", "lab", "backtrack"] {
        check(krate);
    }
}

#[test]
fn the_circle_finder_finds_one() {
    let g: Graph = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), BTreeSet::from([v.to_owned()])))
        .chain([("e".to_owned(), BTreeSet::new())])
        .collect();
    assert_eq!(circle(&g).map(|c| c.join(" ")), Some("a b c a".to_owned()));
    let mut g = g;
    g.insert("c".to_owned(), BTreeSet::new());
    assert_eq!(circle(&g), None);
    assert_eq!(
        crate_paths("use crate::{Checksum, fib, io::X};\nlet y = crate::gil::Gil::new();"),
        ["Checksum", "fib", "gil", "io"].map(str::to_owned).into()
    );
}

/// Every module's name, and every folder of the app, is in ARCHITECTURE.md:
/// a module that moves or appears without its line in the code map fails
/// here, rather than leaving the map to drift.
#[test]
fn the_code_map_names_every_module() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut stack = vec![root.join("crates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
                continue;
            }
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if path.extension().is_none_or(|e| e != "rs") || ["lib", "main"].contains(&stem) {
                continue;
            }
            let name = if stem == "mod" {
                path.parent()
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
            } else {
                stem
            };
            seen += 1;
            if !map.contains(&format!("`{name}")) && !map.contains(&format!("{name}/")) {
                missing.push(
                    path.strip_prefix(&root)
                        .unwrap_or(&path)
                        .display()
                        .to_string(),
                );
            }
        }
    }
    assert!(seen > 40, "read only {seen} modules");
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name {missing:?}"
    );
}
