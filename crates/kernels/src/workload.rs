//! The CPU workloads behind one enum: parameters, validation, inputs, tasks.

use crate::gil::{Checkpoint, NoCheck};
use crate::mandelbrot::Spec;
use crate::params::{ParamError, check};
use crate::regex::{Matcher, Span};
use crate::{Checksum, fib, mandelbrot, regex, sum_random};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A CPU-bound workload and its parameters, as the user chose them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Workload {
    /// Naive fibonacci of each `n` in the list.
    Fib {
        /// The list of `n`.
        ns: Vec<u32>,
    },
    /// The seeds' regex search over generated strings.
    Regex {
        /// Seed of the string generator.
        seed: u64,
        /// Number of strings (= tasks).
        count: usize,
        /// Characters per string.
        len: usize,
    },
    /// Sums of random integers in 1..=100.
    SumRandom {
        /// Seed of the random streams.
        seed: u64,
        /// Number of tasks.
        tasks: usize,
        /// Integers drawn per task.
        count: u32,
    },
    /// Mandelbrot rows.
    Mandelbrot(Spec),
}

/// Each field can be in range while their product is not: a whole run must
/// fit the tab (wasm memory is capped at 1 GiB, and running out aborts the
/// module) and finish in reasonable time. Totals are `u64`: `usize` is 32 bits in wasm.
/// `per` is what one unit of `field` costs in the total, so the message can
/// say how large `field` may be with the other fields as they are.
fn budget(
    field: &'static str,
    what: &str,
    total: u64,
    per: u64,
    max: u64,
) -> Result<(), ParamError> {
    if total > max {
        return Err(ParamError {
            field,
            message: format!(
                "{total} {what} is more than this page runs at once; at most {max}: try {field} ≤ {}",
                max / per.max(1)
            ),
        });
    }
    Ok(())
}

impl Workload {
    /// Short machine name, as used in URLs and tests.
    #[must_use]
    pub fn key(&self) -> &'static str {
        match self {
            Self::Fib { .. } => "fib",
            Self::Regex { .. } => "regex",
            Self::SumRandom { .. } => "sum_random",
            Self::Mandelbrot(_) => "mandelbrot",
        }
    }

    /// The page's defaults for workload `key` (sizes that show each lesson
    /// in about a second; [`Workload::article_for`] has the seeds' own), or
    /// `None` for an unknown key.
    #[must_use]
    pub fn default_for(key: &str) -> Option<Self> {
        Some(match key {
            "fib" => Self::Fib {
                ns: fib::DEFAULT.to_vec(),
            },
            "regex" => Self::Regex {
                seed: 42,
                count: regex::DEFAULT_COUNT,
                len: regex::DEFAULT_LEN,
            },
            "sum_random" => Self::SumRandom {
                seed: 42,
                tasks: sum_random::DEFAULT_TASKS,
                count: sum_random::DEFAULT_COUNT,
            },
            "mandelbrot" => Self::Mandelbrot(Spec {
                width: mandelbrot::DEFAULT_WIDTH,
                height: mandelbrot::DEFAULT_HEIGHT,
                max_iter: mandelbrot::DEFAULT_MAX_ITER,
            }),
            _ => return None,
        })
    }

    /// The seeds' own sizes for workload `key` (fib over [28, 30, 32],
    /// 8 × 1,000,000 random integers; the others as [`Workload::default_for`]).
    #[must_use]
    pub fn article_for(key: &str) -> Option<Self> {
        Some(match Self::default_for(key)? {
            Self::Fib { .. } => Self::Fib {
                ns: fib::ARTICLE.to_vec(),
            },
            Self::SumRandom { seed, tasks, .. } => Self::SumRandom {
                seed,
                tasks,
                count: sum_random::ARTICLE_COUNT,
            },
            other => other,
        })
    }

    /// Checks every parameter against its documented range.
    ///
    /// # Errors
    /// The first parameter out of range, with the range it must be in.
    pub fn validate(&self) -> Result<(), ParamError> {
        match self {
            Self::Fib { ns } => {
                if ns.is_empty() || ns.len() > fib::MAX_TASKS {
                    return Err(ParamError {
                        field: "ns",
                        message: format!(
                            "{} values given; allowed 1..={} values",
                            ns.len(),
                            fib::MAX_TASKS
                        ),
                    });
                }
                ns.iter().try_for_each(|&n| check("ns", n, 0, fib::MAX_N))
            }
            Self::Regex { count, len, .. } => {
                check("count", *count, 1, regex::MAX_COUNT)?;
                check("len", *len, 1, regex::MAX_LEN)?;
                budget(
                    "count",
                    "characters in all (strings × length)",
                    *count as u64 * *len as u64,
                    *len as u64,
                    regex::MAX_CHARS,
                )
            }
            Self::SumRandom { tasks, count, .. } => {
                check("tasks", *tasks, 1, sum_random::MAX_TASKS)?;
                check("count", *count, 1, sum_random::MAX_COUNT)?;
                budget(
                    "count",
                    "draws in all (tasks × integers)",
                    *tasks as u64 * u64::from(*count),
                    *tasks as u64,
                    sum_random::MAX_DRAWS,
                )
            }
            Self::Mandelbrot(s) => {
                check("width", s.width, 1, mandelbrot::MAX_SIDE)?;
                check("height", s.height, 1, mandelbrot::MAX_SIDE)?;
                check("max_iter", s.max_iter, 1, mandelbrot::MAX_ITER)?;
                let pixels = u64::from(s.width) * u64::from(s.height);
                budget(
                    "height",
                    "pixels (width × height)",
                    pixels,
                    u64::from(s.width),
                    mandelbrot::MAX_PIXELS,
                )
            }
        }
    }

    /// Validates, then generates the inputs of every task.
    ///
    /// # Errors
    /// As [`Workload::validate`].
    pub fn prepare(&self) -> Result<Job, ParamError> {
        self.validate()?;
        Ok(Job(match self {
            Self::Fib { ns } => Inputs::Fib(ns.clone()),
            Self::Regex { seed, count, len } => {
                Inputs::Regex(regex::strings(*seed, *count, *len), Matcher::new())
            }
            Self::SumRandom { seed, tasks, count } => {
                Inputs::Sum(sum_random::tasks(*seed, *tasks, *count))
            }
            Self::Mandelbrot(s) => Inputs::Mandel(*s),
        }))
    }
}

/// A workload with its inputs generated: a list of tasks any mode can run.
#[derive(Debug)]
pub struct Job(Inputs);

#[derive(Debug)]
enum Inputs {
    Fib(Vec<u32>),
    Regex(Vec<String>, Matcher),
    Sum(Vec<sum_random::Task>),
    Mandel(Spec),
}

/// The output of one task.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Output {
    /// A number (fib, sum_random).
    Value(u64),
    /// A search result (regex).
    Match(Option<Span>),
    /// A row of iteration counts (mandelbrot).
    Row(#[serde(with = "crate::wire::le_u32s")] Vec<u32>),
}

impl Output {
    /// This output's contribution to the checksum.
    #[must_use]
    pub fn digest(&self) -> u64 {
        match self {
            Self::Value(v) => *v,
            Self::Match(m) => regex::digest(*m),
            Self::Row(r) => mandelbrot::digest(r),
        }
    }
}

impl Job {
    /// Number of tasks.
    #[must_use]
    pub fn len(&self) -> usize {
        match &self.0 {
            Inputs::Fib(v) => v.len(),
            Inputs::Regex(v, _) => v.len(),
            Inputs::Sum(v) => v.len(),
            Inputs::Mandel(s) => s.height as usize,
        }
    }

    /// Whether there are no tasks (never, for a validated workload).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs task `i`: the one per-task function every mode shares.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    #[must_use]
    pub fn run_task(&self, i: usize) -> Output {
        self.run_task_with(i, &NoCheck)
    }

    /// Runs task `i`, calling `c.check()` at regular points of its work
    /// (the GIL's eval breaker). The regex search has none inside it: like
    /// CPython's `re`, a match holds the lock from start to end.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn run_task_with<C: Checkpoint>(&self, i: usize, c: &C) -> Output {
        match &self.0 {
            Inputs::Fib(v) => Output::Value(fib::fib_with(v[i], c)),
            Inputs::Regex(v, m) => Output::Match(m.search(&v[i])),
            Inputs::Sum(v) => Output::Value(sum_random::sum_random_with(v[i], c)),
            Inputs::Mandel(s) => {
                assert!(i < s.height as usize, "row {i} out of range");
                Output::Row(s.row_with(i as u32, c))
            }
        }
    }

    /// Task `i` as a self-contained message for a process that shares
    /// nothing with this one: what `multiprocessing` pickles.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    #[must_use]
    pub fn task(&self, i: usize) -> Task {
        match &self.0 {
            Inputs::Fib(v) => Task::Fib(v[i]),
            Inputs::Regex(v, _) => Task::Regex(v[i].clone()),
            Inputs::Sum(v) => Task::Sum(v[i]),
            Inputs::Mandel(s) => {
                assert!(i < s.height as usize, "row {i} out of range");
                Task::Row(*s, i as u32)
            }
        }
    }

    /// The Mandelbrot spec, for a job that draws a picture.
    #[must_use]
    pub fn picture(&self) -> Option<Spec> {
        match &self.0 {
            Inputs::Mandel(s) => Some(*s),
            _ => None,
        }
    }
}

/// The checksum of a run's outputs, in task order.
#[must_use]
pub fn checksum(outputs: &[Output]) -> Checksum {
    Checksum::of(outputs.iter().map(Output::digest))
}

/// One self-contained CPU task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    /// `fib(n)`.
    Fib(u32),
    /// `re.search(PATTERN, text)`.
    Regex(String),
    /// Sum of a seeded random stream.
    Sum(sum_random::Task),
    /// Row `y` of a Mandelbrot picture.
    Row(Spec, u32),
}

/// The compiled pattern, once per process, like `re`'s pattern cache.
static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::new);

impl Task {
    /// Runs the task, validating what a message could get wrong.
    ///
    /// # Errors
    /// A task outside the ranges the page accepts (a process trusts no
    /// message: a bad one is refused, not run into an abort).
    pub fn run(&self) -> Result<Output, String> {
        Ok(match self {
            Self::Fib(n) => {
                check("n", *n, 0, fib::MAX_N).map_err(|e| e.to_string())?;
                Output::Value(fib::fib(*n))
            }
            Self::Regex(text) => {
                check("len", text.len(), 1, regex::MAX_LEN).map_err(|e| e.to_string())?;
                Output::Match(MATCHER.search(text))
            }
            Self::Sum(t) => {
                check("count", t.count, 1, sum_random::MAX_COUNT).map_err(|e| e.to_string())?;
                Output::Value(sum_random::sum_random(*t))
            }
            Self::Row(spec, y) => {
                Workload::Mandelbrot(*spec)
                    .validate()
                    .map_err(|e| e.to_string())?;
                if *y >= spec.height {
                    return Err(format!("row {y} of a picture {} rows high", spec.height));
                }
                Output::Row(spec.row(*y))
            }
        })
    }
}
