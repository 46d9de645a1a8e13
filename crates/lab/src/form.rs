//! Form fields: which ones each workload has, and turning text into parameters.
//!
//! Every field is parsed and range-checked before anything runs; errors name
//! the field so the page can show them next to it.

use kernels::hybrid::Hybrid;
use kernels::io::{Endpoint, FaultKind, Faults, IoParams};
use kernels::mandelbrot::Spec;
use kernels::params::check;
use kernels::{ParamError, Workload};
use std::collections::BTreeMap;
use std::str::FromStr;

/// One input on the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Name of the parameter (as in [`ParamError::field`]).
    pub key: &'static str,
    /// Label shown to the user.
    pub label: &'static str,
    /// Help text: range and meaning.
    pub help: &'static str,
    /// Whether the value is a number (for the on-screen keyboard).
    pub numeric: bool,
}

const fn f(key: &'static str, label: &'static str, help: &'static str) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        numeric: true,
    }
}

/// The CPU workloads, in the order the picker shows them: key and title.
pub const WORKLOADS: [(&str, &str); 4] = [
    ("fib", "Fibonacci (naive recursion)"),
    ("regex", "Regex search over random strings"),
    ("sum_random", "Sum of random integers"),
    ("mandelbrot", "Mandelbrot rows"),
];

const FIB: [FieldSpec; 1] = [f(
    "ns",
    "n values",
    "comma-separated, each 0..=40, at most 64",
)];
const REGEX: [FieldSpec; 3] = [
    f(
        "count",
        "strings",
        "1..=100000; strings × characters ≤ 20000000",
    ),
    f("len", "characters each", "1..=10000"),
    f("seed", "seed", "whole number ≥ 0"),
];
const SUM_RANDOM: [FieldSpec; 3] = [
    f("tasks", "tasks", "1..=256"),
    f(
        "count",
        "integers per task",
        "1..=50000000; tasks × integers ≤ 500000000",
    ),
    f("seed", "seed", "whole number ≥ 0"),
];
const MANDELBROT: [FieldSpec; 3] = [
    f("width", "width (px)", "1..=4096"),
    f(
        "height",
        "height (px, = tasks)",
        "1..=4096; width × height ≤ 8388608",
    ),
    f("max_iter", "max iterations", "1..=100000"),
];

/// The fields of CPU workload `key` (empty for an unknown key).
#[must_use]
pub fn fields(key: &str) -> &'static [FieldSpec] {
    match key {
        "fib" => &FIB,
        "regex" => &REGEX,
        "sum_random" => &SUM_RANDOM,
        "mandelbrot" => &MANDELBROT,
        _ => &[],
    }
}

/// The GIL's switch interval field (CPython's `sys.setswitchinterval`, in ms).
pub const SWITCH_INTERVAL: FieldSpec = f(
    "switch_ms",
    "GIL switch interval (ms)",
    "1..=1000; CPython's default is 5",
);

/// Parses the GIL switch interval, in whole milliseconds.
///
/// # Errors
/// Not a whole number, or outside 1..=1000.
pub fn parse_switch_interval(text: &str) -> Result<u32, ParamError> {
    let ms: u32 = parse_num("switch_ms", text)?;
    check("switch_ms", ms, 1, 1000)?;
    Ok(ms)
}

/// How many times each mode runs for one click on Run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeats {
    /// Runs first and not counted: they let the browser compile the hot code
    /// with its optimizing tier, and pools and caches warm up.
    pub warmup: u32,
    /// Runs counted in the figures.
    pub counted: u32,
}

impl Repeats {
    /// The CPU panel's default: one warm-up and five counted runs of each
    /// mode keep a default run within seconds.
    pub const CPU: Self = Self {
        warmup: 1,
        counted: 5,
    };
    /// The I/O and hybrid panels' default: one counted run, since one
    /// default pass of every mode takes tens of seconds of waiting already
    /// (200 sequential requests of 100 ms are 20 s). Raise it for a spread.
    pub const ONCE: Self = Self {
        warmup: 0,
        counted: 1,
    };

    /// Every repetition, warm-up first.
    #[must_use]
    pub fn total(self) -> u32 {
        self.warmup + self.counted
    }

    /// Whether repetition `i` (from 0) is counted.
    #[must_use]
    pub fn counts(self, i: u32) -> bool {
        i >= self.warmup
    }

    /// A mode's `label` for repetition `i` (from 0), for the progress line:
    /// `threads ×2 (warm-up 1 of 1)`, `threads ×2 (run 2 of 5)`; the label
    /// alone when each mode runs once.
    #[must_use]
    pub fn name(self, label: &str, i: u32) -> String {
        if self.total() <= 1 {
            label.to_owned()
        } else if self.counts(i) {
            format!("{label} (run {} of {})", i - self.warmup + 1, self.counted)
        } else {
            format!("{label} (warm-up {} of {})", i + 1, self.warmup)
        }
    }
}

/// The repetition fields, shared by every panel (each with its own prefix).
pub const REPEAT_FIELDS: [FieldSpec; 2] = [
    f("warmup", "warm-up runs", "0..=20 per mode, not counted"),
    f("repeats", "counted runs", "1..=50 per mode, interleaved"),
];

/// The text form of `r`.
#[must_use]
pub fn repeats_to_fields(r: Repeats) -> Fields {
    Fields::from([
        ("warmup", r.warmup.to_string()),
        ("repeats", r.counted.to_string()),
    ])
}

/// Parses the repetition fields.
///
/// # Errors
/// The first field that is not a whole number in its range.
pub fn parse_repeats(fields: &Fields) -> Result<Repeats, ParamError> {
    let warmup: u32 = num(fields, "warmup")?;
    check("warmup", warmup, 0, 20)?;
    let counted: u32 = num(fields, "repeats")?;
    check("repeats", counted, 1, 50)?;
    Ok(Repeats { warmup, counted })
}

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

/// Field values as typed, by key.
pub type Fields = BTreeMap<&'static str, String>;

/// The text form of a workload's parameters, as the form shows them.
#[must_use]
pub fn to_fields(w: &Workload) -> Fields {
    let mut m = Fields::new();
    match w {
        Workload::Fib { ns } => {
            m.insert(
                "ns",
                ns.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
            );
        }
        Workload::Regex { seed, count, len } => {
            m.insert("count", count.to_string());
            m.insert("len", len.to_string());
            m.insert("seed", seed.to_string());
        }
        Workload::SumRandom { seed, tasks, count } => {
            m.insert("tasks", tasks.to_string());
            m.insert("count", count.to_string());
            m.insert("seed", seed.to_string());
        }
        Workload::Mandelbrot(s) => {
            m.insert("width", s.width.to_string());
            m.insert("height", s.height.to_string());
            m.insert("max_iter", s.max_iter.to_string());
        }
    }
    m
}

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

fn err(field: &'static str, message: impl Into<String>) -> ParamError {
    ParamError {
        field,
        message: message.into(),
    }
}

/// What a message quotes of a bad value: its first 20 characters, in
/// quotes, control characters escaped.
fn quoted(text: &str) -> String {
    let shown: String = text.chars().take(20).collect();
    format!("{shown:?}")
}

/// Parses one whole number, with a message a person can act on.
///
/// # Errors
/// Empty, not a whole number, or too large for the parameter's type.
pub fn parse_num<T: FromStr>(field: &'static str, text: &str) -> Result<T, ParamError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(err(field, "is empty; enter a whole number"));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(
            field,
            format!("{} is not a whole number ≥ 0", quoted(t)),
        ));
    }
    t.parse()
        .map_err(|_| err(field, format!("{} digits is too large", t.len())))
}

fn get<'a>(fields: &'a Fields, key: &'static str) -> &'a str {
    fields.get(key).map_or("", String::as_str)
}

fn num<T: FromStr>(fields: &Fields, key: &'static str) -> Result<T, ParamError> {
    parse_num(key, get(fields, key))
}

/// Parses and validates the fields of CPU workload `key`.
///
/// # Errors
/// An unknown workload, or the first field that does not parse or is out of range.
pub fn parse_workload(key: &str, fields: &Fields) -> Result<Workload, ParamError> {
    let w = match key {
        "fib" => {
            let text = get(fields, "ns");
            let ns = text
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| parse_num("ns", s))
                .collect::<Result<Vec<u32>, _>>()?;
            Workload::Fib { ns }
        }
        "regex" => Workload::Regex {
            seed: num(fields, "seed")?,
            count: num(fields, "count")?,
            len: num(fields, "len")?,
        },
        "sum_random" => Workload::SumRandom {
            seed: num(fields, "seed")?,
            tasks: num(fields, "tasks")?,
            count: num(fields, "count")?,
        },
        "mandelbrot" => Workload::Mandelbrot(Spec {
            width: num(fields, "width")?,
            height: num(fields, "height")?,
            max_iter: num(fields, "max_iter")?,
        }),
        other => {
            return Err(err(
                "workload",
                format!(
                    "unknown workload {}; choose fib, regex, sum_random or mandelbrot",
                    quoted(other)
                ),
            ));
        }
    };
    w.validate()?;
    Ok(w)
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

/// Who answers the I/O requests, as the picker offers it (its URL, for
/// the endpoints that take one, is read apart: see [`parse_endpoint`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EndpointChoice {
    /// The in-page service worker.
    #[default]
    InPage,
    /// A delay server at a URL.
    Server,
    /// A delay server on this machine under 40 host names.
    Sharded,
    /// Any CORS-enabled URL.
    Any,
}

impl EndpointChoice {
    /// Every choice, in the order the picker shows them.
    pub const ALL: [Self; 4] = [Self::InPage, Self::Server, Self::Sharded, Self::Any];

    /// The key links and the picker's `<option>` use.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::InPage => "inpage",
            Self::Server => "server",
            Self::Sharded => "sharded",
            Self::Any => "any",
        }
    }

    /// What the picker says.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::InPage => "in-page service worker",
            Self::Server => "delay server at the URL below (./dev serve starts one)",
            Self::Sharded => "delay server under 40 host names (HTTP/1.1 domain sharding)",
            Self::Any => "any CORS-enabled URL (only the status is checked)",
        }
    }

    /// The choice whose key is `key`, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The URL field for the `server` and `any` endpoints.
pub const ENDPOINT_URL: FieldSpec = FieldSpec {
    key: "endpoint_url",
    label: "endpoint URL",
    help: "http:// or https://; must allow CORS",
    numeric: false,
};

/// Where `./dev serve` starts the delay server.
pub const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8081/io/delay";

/// Longest endpoint URL accepted.
pub const MAX_URL_LEN: usize = 2048;

/// Parses the endpoint picker and its URL field.
///
/// # Errors
/// A URL that is not plain `http(s)://host…` (or that the choice cannot use).
pub fn parse_endpoint(choice: EndpointChoice, url: &str) -> Result<Endpoint, ParamError> {
    let bad = |message: String| ParamError {
        field: ENDPOINT_URL.key,
        message,
    };
    let url_ok = || {
        let u = url.trim();
        let rest = u
            .strip_prefix("http://")
            .or_else(|| u.strip_prefix("https://"))
            .ok_or_else(|| bad("must start with http:// or https://".into()))?;
        if u.len() > MAX_URL_LEN {
            return Err(bad(format!(
                "{} characters; at most {MAX_URL_LEN}",
                u.len()
            )));
        }
        if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not contain spaces".into()));
        }
        if u.contains('#') {
            return Err(bad("must not contain a #fragment".into()));
        }
        if rest.split(['/', '?']).next().is_none_or(str::is_empty) {
            return Err(bad("names no host".into()));
        }
        Ok(u.to_owned())
    };
    // The page appends these to a delay server's URL itself; one already
    // there would be read first by the server and break what the page
    // predicts. ("Any URL" is used as it is.)
    let server_ok = || {
        let u = url_ok()?;
        let query = u.split_once('?').map_or("", |(_, q)| q);
        if let Some((k, _)) = crate::query::parse(query).into_iter().find(|(k, _)| {
            ["ms", "id", "run", "fail", "rate", "slow_ms", "attempt"].contains(&k.as_str())
        }) {
            return Err(bad(format!(
                "must not set {k}= itself: the page adds it to each request"
            )));
        }
        Ok(u.to_owned())
    };
    // Sharding renames the host; only loopback's names are known to every
    // browser without DNS (`*.localhost`), so only a loopback URL shards.
    let sharded_ok = || {
        let u = server_ok()?;
        let host = kernels::io::UrlParts::of(&u).map_or("", |p| p.host);
        if host != "127.0.0.1" && host != "localhost" {
            return Err(bad(format!(
                "sharding needs the delay server on this machine (127.0.0.1 or localhost), \
                 not {host}: its names s0.localhost … s{}.localhost reach loopback only",
                kernels::io::SHARDS - 1
            )));
        }
        Ok(u)
    };
    match choice {
        EndpointChoice::InPage => Ok(Endpoint::InPage),
        EndpointChoice::Server => server_ok().map(Endpoint::Server),
        EndpointChoice::Sharded => sharded_ok().map(Endpoint::Sharded),
        EndpointChoice::Any => url_ok().map(Endpoint::Any),
    }
}

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
