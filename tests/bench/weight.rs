//! What the page's module is made of: each function's code, attributed to
//! the crate its name names, read from the copy `./dev build` keeps with
//! its names (`target/wasm-names/`, the very module deployed before its
//! names were stripped).
//!
//! A generic function's copy counts for the crate that defines it (a
//! `core::iter` adapter over the app's types is `core`'s), so "app" is the
//! app's own functions: what the figures show is where the bytes sit, not
//! whose types made them.

use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// One crate's share of the module's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The crate (`app`, `leptos`, …), or wasm-bindgen's shims and the
    /// module's exports, which name no crate.
    pub name: String,
    /// Bytes of code.
    pub bytes: usize,
    /// How many functions.
    pub functions: usize,
}

/// The module's code by crate, largest first, and the size of its data.
pub fn by_crate(module: &[u8]) -> Result<(Vec<Part>, usize), String> {
    let mut imported = 0_u32;
    let mut sizes = Vec::new();
    let mut names = std::collections::HashMap::new();
    let mut data = 0;
    for payload in Parser::new(0).parse_all(module) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(r) => {
                for i in r.into_imports() {
                    if matches!(i.map_err(|e| e.to_string())?.ty, TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => sizes.push(span(body.range())),
            Payload::DataSection(r) => data = span(r.range()),
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(r) = c.as_known() {
                    for part in r {
                        if let Name::Function(map) = part.map_err(|e| e.to_string())? {
                            for n in map {
                                let n = n.map_err(|e| e.to_string())?;
                                names.insert(n.index, crate_of(n.name));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err("the module has no function names (was it built by ./dev build?)".into());
    }
    let mut parts: std::collections::BTreeMap<String, Part> = std::collections::BTreeMap::new();
    for (i, bytes) in sizes.into_iter().enumerate() {
        let index = imported + u32::try_from(i).map_err(|e| e.to_string())?;
        let name = names
            .get(&index)
            .cloned()
            .unwrap_or_else(|| "(unnamed)".into());
        let part = parts.entry(name.clone()).or_insert(Part {
            name,
            bytes: 0,
            functions: 0,
        });
        part.bytes += bytes;
        part.functions += 1;
    }
    let mut parts: Vec<Part> = parts.into_values().collect();
    parts.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.name.cmp(&b.name)));
    Ok((parts, data))
}

/// The crate a function's name starts with: `reactive_graph[8d6f…]::x`,
/// `<leptos::View<…> as tachys::Render>::build`, `&mut core::…` → the
/// first path segment. A trait's method for a type with no crate (`<_ as
/// tachys::IntoAny>`, `<f64 as core::fmt::Debug>`) counts for the trait's
/// crate, a primitive's own method (`<char>::escape_debug_ext`) for
/// `core`, the binary's `main` for the app; what remains has no path:
/// wasm-bindgen's shims and the module's exports.
pub fn crate_of(name: &str) -> String {
    const PRIMITIVES: [&str; 18] = [
        "_", "()", "bool", "char", "str", "f32", "f64", "u8", "u16", "u32", "u64", "u128", "usize",
        "i8", "i16", "i32", "i64", "isize",
    ];
    if name == "main" {
        return "app".into();
    }
    let mut s = name.trim_start_matches(['<', '&', '(', '*', ' ']);
    for prefix in ["mut ", "const ", "dyn "] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    for p in PRIMITIVES {
        let bare = p.trim_start_matches('(');
        if let Some(rest) = s.strip_prefix(bare) {
            if let Some(t) = rest.strip_prefix(" as ") {
                s = t;
                break;
            }
            if rest.starts_with(">::") {
                return "core".into();
            }
        }
    }
    let head: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let rest = &s[head.len()..];
    let rest = if rest.starts_with('[') {
        rest.split_once(']').map_or("", |(_, r)| r)
    } else {
        rest
    };
    if head.is_empty() || !rest.starts_with("::") {
        "(wasm-bindgen shims, exports)".into()
    } else {
        head
    }
}

/// The length of a byte range of the module.
fn span(r: std::ops::Range<u64>) -> usize {
    usize::try_from(r.end - r.start).unwrap_or(usize::MAX)
}
