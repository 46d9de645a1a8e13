//! Numbers as the page shows them: never finer than the timer can back up.

/// Formats milliseconds with at most three significant digits and never
/// more decimals than the timer resolution supports.
#[must_use]
pub fn format_ms(ms: f64, resolution_ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "—".to_owned();
    }
    if ms >= 1000.0 {
        return format!("{:.2} s", ms / 1000.0);
    }
    let wanted: usize = if ms >= 100.0 {
        0
    } else if ms >= 10.0 {
        1
    } else {
        2
    };
    // Decimals the timer can back up: 0.1 ms → 1, 0.005 ms → 2 (3 would claim 1 µs).
    let allowed = if resolution_ms > 0.0 {
        (-resolution_ms.log10()).floor().max(0.0) as usize
    } else {
        3
    };
    let d = wanted.min(allowed);
    if ms < resolution_ms {
        return format!("< {}", format_ms(resolution_ms, resolution_ms));
    }
    format!("{ms:.d$} ms")
}

/// Formats a speedup as `×1.93`.
#[must_use]
pub fn format_speedup(x: f64) -> String {
    if x >= 10.0 {
        format!("×{x:.1}")
    } else {
        format!("×{x:.2}")
    }
}
