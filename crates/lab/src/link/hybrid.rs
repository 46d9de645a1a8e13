//! The hybrid panel's link: `hybrid-…` pairs to and from [`HybridConfig`].

use super::{Link, fields_in_order, keys, pairs, repeats_pairs};
use crate::Fields;
use crate::form::{self, Repeats};
use crate::mode::{HYBRID_MODES, ModeKind};
use kernels::hybrid::Hybrid;

/// The hybrid panel's whole configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct HybridConfig {
    /// Items, latency and work per item, as typed.
    pub fields: Fields,
    /// Which arrangements are ticked (of [`HYBRID_MODES`]).
    pub modes: Vec<ModeKind>,
    /// Warm-up and counted runs.
    pub repeats: Repeats,
}

impl HybridConfig {
    /// The page's defaults.
    #[must_use]
    pub fn defaults() -> Self {
        Self {
            fields: form::hybrid_to_fields(&Hybrid::default()),
            modes: HYBRID_MODES.to_vec(),
            repeats: Repeats::ONCE,
        }
    }

    /// The query pairs that reproduce this configuration (keys `hybrid-…`).
    #[must_use]
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut q = fields_in_order(&form::HYBRID_FIELDS, &self.fields);
        q.push(("modes", keys(&self.modes)));
        q.extend(repeats_pairs(self.repeats));
        pairs("hybrid-", q)
    }

    /// Reads the `hybrid-…` pairs of a query over the defaults; the
    /// configuration and a note per pair it could not use.
    #[must_use]
    pub fn from_query(query: &[(String, String)]) -> (Self, Vec<String>) {
        let mut c = Self::defaults();
        let mut link = Link::new(query, "hybrid-");
        if let Some(f) = link.fields(&form::HYBRID_FIELDS, &c.fields, form::parse_hybrid, "items") {
            c.fields = f;
        }
        if let Some(m) = link.modes(&HYBRID_MODES) {
            c.modes = m;
        }
        if let Some(r) = link.repeats(c.repeats) {
            c.repeats = r;
        }
        (c, link.finish())
    }
}
