//! Statistics over repeated timings: what one mode's samples say, and how
//! two modes compare.
//!
//! Few samples (a visitor waits for each), so robust figures: the median
//! for the middle, the median absolute deviation (MAD) for the spread, and
//! min–max for the whole range. A mean would let one run interrupted by the
//! machine move the figure; the median does not.

/// What the counted samples of one mode say, in ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// How many samples.
    pub n: usize,
    /// The middle sample (the mean of the two middle ones for even `n`).
    pub median: f64,
    /// The fastest sample.
    pub min: f64,
    /// The slowest sample.
    pub max: f64,
    /// The median absolute deviation from the median: half the samples lie
    /// within `median ± mad`.
    pub mad: f64,
}

impl Summary {
    /// Summarises `samples` (ms); `None` when there are none, or any is not
    /// a finite number ≥ 0 (a figure that cannot be a time).
    #[must_use]
    pub fn of(samples: &[f64]) -> Option<Self> {
        if samples.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return None;
        }
        let mid = median(samples)?;
        let deviations: Vec<f64> = samples.iter().map(|x| (x - mid).abs()).collect();
        Some(Self {
            n: samples.len(),
            median: mid,
            min: samples.iter().copied().fold(f64::INFINITY, f64::min),
            max: samples.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            mad: median(&deviations)?,
        })
    }

    /// The spread relative to the median, in percent (0 when the median is 0).
    #[must_use]
    pub fn spread_pct(&self) -> f64 {
        if self.median > 0.0 {
            self.mad / self.median * 100.0
        } else {
            0.0
        }
    }
}

/// The median of `xs`; `None` when empty.
#[must_use]
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some(f64::midpoint(v[n / 2 - 1], v[n / 2])),
    }
}

/// How much faster one mode ran than the baseline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Speedup {
    /// Ratio of medians: baseline median / this mode's median.
    pub ratio: f64,
    /// The least the samples allow: the fastest baseline sample over the
    /// slowest of this mode.
    pub low: f64,
    /// The most it could be: the slowest baseline sample over the fastest
    /// of this mode.
    pub high: f64,
}

/// The speedup of `mode` over `base`; `None` when a time is zero.
#[must_use]
pub fn speedup(base: &Summary, mode: &Summary) -> Option<Speedup> {
    (base.min > 0.0 && mode.min > 0.0).then(|| Speedup {
        ratio: base.median / mode.median,
        low: base.min / mode.max,
        high: base.max / mode.min,
    })
}

/// Parallel efficiency: the speedup shared out over the workers that earned
/// it (1.0 = every worker fully used).
#[must_use]
pub fn efficiency(speedup: f64, workers: usize) -> Option<f64> {
    (workers > 0).then(|| speedup / workers as f64)
}

/// Amdahl's law fitted to measured speedups.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amdahl {
    /// The serial fraction `s`: the share of the one-worker time that no
    /// number of workers shortens. Below 0 means better than linear
    /// (caches, luck); above 1, slower with more workers.
    pub serial: f64,
    /// How many measured points (with 2 or more workers) it rests on.
    pub points: usize,
}

impl Amdahl {
    /// The speedup the law predicts on `n` workers: `1 / (s + (1 − s) / n)`.
    #[must_use]
    pub fn speedup(self, n: usize) -> f64 {
        let n = n.max(1) as f64;
        1.0 / (self.serial + (1.0 - self.serial) / n)
    }

    /// The ceiling on any number of workers, `1 / s`, when `s > 0`.
    #[must_use]
    pub fn ceiling(self) -> Option<f64> {
        (self.serial > 0.0).then(|| 1.0 / self.serial)
    }
}

/// Fits Amdahl's law to `(workers, speedup)` points by least squares.
///
/// The law, `S = 1 / (s + (1 − s)/n)`, is linear in `s` once rearranged:
/// `1/S − 1/n = s · (1 − 1/n)`. With `x = 1 − 1/n` and `y = 1/S − 1/n`,
/// the least-squares slope through the origin is `s = Σxy / Σx²`. One
/// worker says nothing about `s` (x = 0), so only points with `n ≥ 2` and a
/// positive, finite speedup count; `None` if none does.
#[must_use]
pub fn fit_amdahl(points: &[(usize, f64)]) -> Option<Amdahl> {
    let (mut sxy, mut sxx, mut used) = (0.0, 0.0, 0);
    for &(n, speedup) in points {
        if n < 2 || !(speedup.is_finite() && speedup > 0.0) {
            continue;
        }
        let inv_n = 1.0 / n as f64;
        let (x, y) = (1.0 - inv_n, 1.0 / speedup - inv_n);
        sxy += x * y;
        sxx += x * x;
        used += 1;
    }
    (used > 0).then(|| Amdahl {
        serial: sxy / sxx,
        points: used,
    })
}
