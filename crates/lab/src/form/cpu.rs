//! The CPU panel's fields: which ones each workload has, their text
//! form, and the GIL's switch interval.

use super::{FieldSpec, Fields, err, f, get, num, parse_num, quoted};
use kernels::mandelbrot::Spec;
use kernels::params::check;
use kernels::{ParamError, Workload};

/// The CPU workloads, in the order the picker shows them: key and title.
pub const WORKLOADS: [(&str, &str); 4] = [
    ("fib", "Fibonacci (naive recursion)"),
    ("regex", "Regex search over random strings"),
    ("sum_random", "Sum of random integers"),
    ("mandelbrot", "Mandelbrot rows"),
];

const FIB: [FieldSpec; 1] = [f(
    "ns",
    "tasks: fib(n) for each n",
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

/// Why the page's fib is larger than the article's.
pub const FIB_SIZES: &str = "The article's fib(28), fib(30), fib(32) take a few milliseconds \
    each here, compiled: too little to see past a pool's start and the timer's step. The page \
    adds 6 to each n, which makes every task about 18 times longer (fib grows by 1.618 per \
    step of n) and keeps their proportions.";

/// Why the page sums more integers than the article.
pub const SUM_SIZES: &str = "The article's 1,000,000 integers per task take about 2 ms here, \
    compiled: too little to time past a pool's start. The page sums 10,000,000.";

/// Why the page's sizes for workload `key` are not the article's, when
/// they are not (see `kernels::Workload::article_for`).
#[must_use]
pub fn why_not_the_articles(key: &str) -> Option<&'static str> {
    match key {
        "fib" => Some(FIB_SIZES),
        "sum_random" => Some(SUM_SIZES),
        _ => None,
    }
}

/// The GIL's switch interval field (CPython's `sys.setswitchinterval`, in ms).
pub const SWITCH_INTERVAL: FieldSpec = f(
    "switch_ms",
    "GIL switch interval (ms)",
    "how long a thread may hold the lock while another waits; 1..=1000, CPython's default is 5",
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
