//! The I/O panel's fields: requests, latency, the async limit and the
//! failing network.

use super::{FieldSpec, Fields, err, f, get, num, parse_num, quoted};
use kernels::ParamError;
use kernels::io::{FaultKind, Faults, IoParams};

/// The I/O form's fields: the workload's three, then the failing network's
/// ([`IO_FAULT_FIELDS`] of them, from [`FAIL`] on).
pub const IO_FIELDS: [FieldSpec; 8] = [
    f("requests", "requests", "1..=5000"),
    f("delay_ms", "latency (ms)", "0..=10000"),
    f(
        "limit",
        "async limit",
        "empty = all in flight; else 1..=5000 (asyncio.Semaphore)",
    ),
    FAIL,
    f(
        "fail_rate",
        "fault rate (%)",
        "0..=100 of the attempts, the same ones in every mode",
    ),
    f(
        "slow_ms",
        "slow answers come late by (ms)",
        "0..=120000, beyond the latency",
    ),
    f(
        "retries",
        "retries",
        "0..=5; waits 100 ms before the first, doubled each time",
    ),
    f(
        "timeout_ms",
        "timeout per attempt (ms)",
        "empty = 2 × latency + 15000; else 1..=600000",
    ),
];

/// How many of [`IO_FIELDS`] are about the failing network (the last ones).
pub const IO_FAULT_FIELDS: usize = 5;

/// The fault the endpoint injects: a choice among [`FaultKind::ALL`]'s keys.
pub const FAIL: FieldSpec = FieldSpec {
    key: "fail",
    label: "the endpoint injects",
    help: "none, error, slow or drop",
    numeric: false,
};

/// The text form of I/O parameters.
#[must_use]
pub fn io_to_fields(p: &IoParams) -> Fields {
    let mut m = Fields::new();
    m.insert("requests", p.requests.to_string());
    m.insert("delay_ms", p.delay_ms.to_string());
    m.insert("limit", p.limit.map(|l| l.to_string()).unwrap_or_default());
    m.insert("fail", p.faults.kind.key().to_owned());
    m.insert("fail_rate", p.faults.rate.to_string());
    m.insert("slow_ms", p.faults.slow_ms.to_string());
    m.insert("retries", p.retries.to_string());
    m.insert(
        "timeout_ms",
        p.timeout.map(|t| t.to_string()).unwrap_or_default(),
    );
    m
}

/// Parses and validates the I/O form.
///
/// # Errors
/// The first field that does not parse or is out of range.
pub fn parse_io(fields: &Fields) -> Result<IoParams, ParamError> {
    let optional = |key: &'static str| {
        let text = get(fields, key).trim();
        if text.is_empty() {
            Ok(None)
        } else {
            parse_num(key, text).map(Some)
        }
    };
    let kind = get(fields, "fail").trim();
    let p = IoParams {
        requests: num(fields, "requests")?,
        delay_ms: num(fields, "delay_ms")?,
        limit: optional("limit")?,
        faults: Faults {
            kind: FaultKind::from_key(kind).ok_or_else(|| {
                err(
                    "fail",
                    format!(
                        "unknown fault {}; choose none, error, slow or drop",
                        quoted(kind)
                    ),
                )
            })?,
            rate: num(fields, "fail_rate")?,
            slow_ms: num(fields, "slow_ms")?,
        },
        retries: num(fields, "retries")?,
        timeout: optional("timeout_ms")?,
    };
    p.validate()?;
    Ok(p)
}
