//! Query strings, both ways, as `application/x-www-form-urlencoded` (what
//! a browser's form and `URLSearchParams` write): the `form_urlencoded`
//! crate, not hand-written splitting and escaping, so that a link's `+`,
//! `%2B`, `%26` or malformed `%` reads back as any browser would read it.

/// The decoded pairs of `query` (with or without its leading `?`), in order.
#[must_use]
pub fn parse(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}

/// `pairs` as a query string, without the `?`.
#[must_use]
pub fn to_string(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
