//! The hybrid panel's fields: items, fetch latency and work per item.

use super::{FieldSpec, Fields, f, num};
use kernels::ParamError;
use kernels::hybrid::Hybrid;

/// The hybrid form's fields.
pub const HYBRID_FIELDS: [FieldSpec; 3] = [
    f("items", "items", "1..=1000"),
    f("delay_ms", "fetch latency (ms)", "0..=10000"),
    f(
        "count",
        "integers summed per item",
        "1..=50000000; items × integers ≤ 500000000",
    ),
];

/// The text form of hybrid parameters.
#[must_use]
pub fn hybrid_to_fields(h: &Hybrid) -> Fields {
    Fields::from([
        ("items", h.items.to_string()),
        ("delay_ms", h.delay_ms.to_string()),
        ("count", h.count.to_string()),
    ])
}

/// Parses and validates the hybrid form.
///
/// # Errors
/// The first field that does not parse or is out of range.
pub fn parse_hybrid(fields: &Fields) -> Result<Hybrid, ParamError> {
    let h = Hybrid {
        items: num(fields, "items")?,
        delay_ms: num(fields, "delay_ms")?,
        count: num(fields, "count")?,
    };
    h.validate()?;
    Ok(h)
}
