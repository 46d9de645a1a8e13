//! Each panel's configuration as URL query pairs, and back: a copied link
//! reproduces the same experiment. Whatever a link gets wrong (an unknown
//! key, a value out of range) falls back to the default with a note saying
//! so; a link never breaks the page.
//!
//! Keys carry their panel's prefix (`cpu-`, `io-`, `hybrid-`); the page's
//! own keys (`view`, `coi`, `widget`) have none (see [`crate::link::embed`]).
//!
//! A file per panel ([`cpu`], [`io`], [`hybrid`]) over one reader here
//! ([`Link`]: the last value wins, every unusable value leaves a note); the
//! page's own keys and the embed snippet are in [`embed`]; the query
//! string's encoding is [`crate::query`], which the forms share.

mod cpu;
pub mod embed;
mod hybrid;
mod io;

pub use cpu::CpuConfig;
pub use hybrid::HybridConfig;
pub use io::{IO_DEFAULT_THREADS, IO_MAX_THREADS, IoConfig};

use crate::Fields;
use crate::form::{self, FieldSpec, Repeats};
use crate::mode::ModeKind;
use kernels::ParamError;

/// Modes as a link writes them: their keys, comma-separated.
fn keys(modes: &[ModeKind]) -> String {
    modes.iter().map(|m| m.key()).collect::<Vec<_>>().join(",")
}

/// The panels' key prefixes.
pub const PREFIXES: [&str; 3] = ["cpu-", "io-", "hybrid-"];

/// A query read for one panel: the last value of a key wins (as a form's
/// would), and every value that cannot be used leaves a note.
struct Link<'a> {
    query: &'a [(String, String)],
    prefix: &'static str,
    known: Vec<String>,
    notes: Vec<String>,
}

impl<'a> Link<'a> {
    fn new(query: &'a [(String, String)], prefix: &'static str) -> Self {
        Self {
            query,
            prefix,
            known: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The value of `prefix` + `key`, marking the key as one this panel knows.
    fn get(&mut self, key: &str) -> Option<&'a str> {
        let full = format!("{}{key}", self.prefix);
        let v = self
            .query
            .iter()
            .rev()
            .find(|(k, _)| *k == full)
            .map(|(_, v)| v.as_str());
        self.known.push(full);
        v
    }

    /// The form's `specs` over `base`, if they parse together; else a note.
    fn fields<T>(
        &mut self,
        specs: &[FieldSpec],
        base: &Fields,
        parse: impl Fn(&Fields) -> Result<T, ParamError>,
        what: &str,
    ) -> Option<Fields> {
        let mut fields = base.clone();
        let mut any = false;
        for spec in specs {
            if let Some(v) = self.get(spec.key) {
                fields.insert(spec.key, v.to_owned());
                any = true;
            }
        }
        match parse(&fields) {
            _ if !any => None,
            Ok(_) => Some(fields),
            Err(e) => {
                self.notes.push(format!("{e}: using the default {what}"));
                None
            }
        }
    }

    /// The ticked modes among `all`, in `all`'s order.
    fn modes(&mut self, all: &[ModeKind]) -> Option<Vec<ModeKind>> {
        let v = self.get("modes")?;
        let mut named = Vec::new();
        for m in v.split(',').filter(|m| !m.is_empty()) {
            match ModeKind::from_key(m).filter(|k| all.contains(k)) {
                Some(k) => named.push(k),
                None => self.notes.push(format!(
                    "unknown mode “{}” ignored",
                    crate::link::embed::shorten(m)
                )),
            }
        }
        if named.is_empty() {
            self.notes
                .push("no known mode in the link: using the default modes".into());
            return None;
        }
        Some(all.iter().copied().filter(|m| named.contains(m)).collect())
    }

    /// A count in `1..=max`.
    fn count(&mut self, key: &str, max: usize) -> Option<usize> {
        let v = self.get(key)?;
        match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Some(n),
            _ => {
                self.notes.push(format!(
                    "{}{key} “{}” is not in 1..={max}: using the default",
                    self.prefix,
                    crate::link::embed::shorten(v)
                ));
                None
            }
        }
    }

    /// A flag, `0` or `1`.
    fn flag(&mut self, key: &str) -> Option<bool> {
        match self.get(key)? {
            "1" => Some(true),
            "0" => Some(false),
            v => {
                self.notes.push(format!(
                    "{}{key} “{}” is neither 0 nor 1: using the default",
                    self.prefix,
                    crate::link::embed::shorten(v)
                ));
                None
            }
        }
    }

    /// Warm-up and counted runs over `base`.
    fn repeats(&mut self, base: Repeats) -> Option<Repeats> {
        let (w, r) = (self.get("warmup"), self.get("repeats"));
        if w.is_none() && r.is_none() {
            return None;
        }
        let mut f = form::repeats_to_fields(base);
        for (k, v) in [("warmup", w), ("repeats", r)] {
            if let Some(v) = v {
                f.insert(k, v.to_owned());
            }
        }
        form::parse_repeats(&f)
            .map_err(|e| self.notes.push(format!("{e}: using the default runs")))
            .ok()
    }

    /// The notes, with one for each key of this panel's prefix it does not
    /// know (keys of no panel and not the page's are the CPU panel's to
    /// report), and one for each of its keys given twice with different
    /// values (the last is used, as a form would).
    fn finish(mut self) -> Vec<String> {
        // Each key's first position, its last value, and whether its values
        // differ: one pass, so a link of many thousand pairs stays cheap.
        let mut seen: std::collections::HashMap<&str, (usize, &str, bool)> =
            std::collections::HashMap::new();
        for (i, (k, v)) in self.query.iter().enumerate() {
            seen.entry(k.as_str())
                .and_modify(|(_, last, differs)| {
                    *differs |= *last != v.as_str();
                    *last = v.as_str();
                })
                .or_insert((i, v.as_str(), false));
        }
        for (i, (k, _)) in self.query.iter().enumerate() {
            let ours = k.starts_with(self.prefix)
                || (self.prefix == "cpu-"
                    && !PREFIXES.iter().any(|p| k.starts_with(p))
                    && !crate::link::embed::PAGE_KEYS.contains(&k.as_str()));
            if !ours {
                continue;
            }
            if !self.known.contains(k) {
                self.notes.push(format!(
                    "unknown parameter “{}” ignored",
                    crate::link::embed::shorten(k)
                ));
                continue;
            }
            if let Some(&(first, last, true)) = seen.get(k.as_str())
                && first == i
            {
                self.notes.push(format!(
                    "“{}” is given more than once with different values: using the last, “{}”",
                    crate::link::embed::shorten(k),
                    crate::link::embed::shorten(last)
                ));
            }
        }
        self.notes
    }
}

/// `(prefix + key, value)` pairs.
fn pairs(
    prefix: &str,
    kv: impl IntoIterator<Item = (&'static str, String)>,
) -> Vec<(String, String)> {
    kv.into_iter()
        .map(|(k, v)| (format!("{prefix}{k}"), v))
        .collect()
}

fn fields_in_order(specs: &[FieldSpec], fields: &Fields) -> Vec<(&'static str, String)> {
    specs
        .iter()
        .filter_map(|s| Some((s.key, fields.get(s.key)?.clone())))
        .collect()
}

/// `(key, n)`, unless `n` is the machine's core count (the default).
fn unless_all_cores(key: &'static str, n: usize, cores: usize) -> Option<(&'static str, String)> {
    (n != cores.max(1)).then(|| (key, n.to_string()))
}

fn repeats_pairs(r: Repeats) -> [(&'static str, String); 2] {
    [
        ("warmup", r.warmup.to_string()),
        ("repeats", r.counted.to_string()),
    ]
}
