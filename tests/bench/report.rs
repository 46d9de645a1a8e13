//! The report: Markdown tables for people (stdout, pasted into the README)
//! and one JSON document for machines (every sample, every environment).

use lab::stats::{Speedup, Summary};
use serde_json::{Map, Value, json};

/// The report as it is built, section by section.
#[derive(Default)]
pub struct Report {
    md: String,
    json: Map<String, Value>,
}

impl Report {
    /// Adds a paragraph to the Markdown.
    pub fn text(&mut self, text: &str) {
        self.md += text;
        self.md += "\n\n";
    }

    /// Adds a section: a heading, a sentence on what it measures, a table,
    /// and its data under `key` in the JSON.
    pub fn section(
        &mut self,
        (key, title): (&str, &str),
        what: &str,
        header: &[&str],
        rows: &[Vec<String>],
        data: Value,
    ) {
        self.md += &format!("#### {title}\n\n{what}\n\n");
        self.md += &format!("| {} |\n", header.join(" | "));
        let align: Vec<&str> = header
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 0 { "---" } else { "---:" })
            .collect();
        self.md += &format!("|{}|\n", align.join("|"));
        for r in rows {
            let cells: Vec<String> = r.iter().map(|c| c.replace('|', "\\|")).collect();
            self.md += &format!("| {} |\n", cells.join(" | "));
        }
        self.md += "\n";
        self.json.insert(key.to_owned(), data);
    }

    /// Puts `value` under `key` in the JSON only.
    pub fn data(&mut self, key: &str, value: Value) {
        self.json.insert(key.to_owned(), value);
    }

    /// The Markdown.
    pub fn markdown(&self) -> &str {
        &self.md
    }

    /// The JSON document.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&Value::Object(self.json.clone())).unwrap_or_default()
    }
}

/// The summary of samples that must be there.
pub fn summary(what: &str, samples: &[f64]) -> Result<Summary, String> {
    Summary::of(samples).ok_or_else(|| format!("{what}: no usable samples ({samples:?})"))
}

/// A time for the table: `123 ms (118–131)`.
pub fn ms(s: &Summary) -> String {
    format!("{} ({}–{})", fig(s.median), fig(s.min), fig(s.max))
}

/// A figure to three significant digits, no unit.
pub fn fig(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let digits = if x.abs() >= 100.0 {
        0
    } else if x.abs() >= 10.0 {
        1
    } else {
        2
    };
    format!("{x:.digits$}")
}

/// A ratio with its range: `1.93× (1.80–2.01)`.
pub fn ratio(s: &Speedup) -> String {
    format!("{:.2}× ({:.2}–{:.2})", s.ratio, s.low, s.high)
}

/// The ratio of medians `a / b` with the range the samples allow
/// (`lab::stats::speedup(base, mode)` is `base / mode`).
pub fn ratio_of(a: &Summary, b: &Summary) -> Result<Speedup, String> {
    lab::stats::speedup(a, b).ok_or_else(|| "a time of zero".to_owned())
}

/// A summary as JSON: the figures and every sample.
pub fn summary_json(s: &Summary, samples: &[f64]) -> Value {
    json!({ "median": s.median, "min": s.min, "max": s.max, "mad": s.mad, "samples": samples })
}

/// A ratio as JSON.
pub fn ratio_json(r: &Speedup) -> Value {
    json!({ "ratio": r.ratio, "low": r.low, "high": r.high })
}

/// Today's date (UTC), `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
