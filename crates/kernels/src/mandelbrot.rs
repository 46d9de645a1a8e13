//! The Mandelbrot set, one image row per task: the classic wasm-threads demo.
//!
//! Rows near the set's body take many more iterations than rows at the edge,
//! so this workload is unevenly sized, like real work.

/// Default image width in pixels.
pub const DEFAULT_WIDTH: u32 = 800;
/// Default image height in pixels.
pub const DEFAULT_HEIGHT: u32 = 600;
/// Default iteration cap per pixel.
pub const DEFAULT_MAX_ITER: u32 = 1000;
/// Largest side in pixels.
pub const MAX_SIDE: u32 = 4096;
/// Most pixels in one image: counts plus RGBA are 8 bytes a pixel, and the
/// page holds a few copies, so this keeps an image far below the tab's memory.
pub const MAX_PIXELS: u64 = 4096 * 2048;
/// Largest iteration cap.
pub const MAX_ITER: u32 = 100_000;

/// The picture to compute: size, iteration cap, and the fixed view
/// x ∈ [-2.2, 1.0], y ∈ [-1.2, 1.2].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Spec {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels (= number of tasks).
    pub height: u32,
    /// Iteration cap: points that survive it count as inside the set.
    pub max_iter: u32,
}

impl Spec {
    /// Escape-time iteration counts for row `y`, left to right.
    ///
    /// Plain `f64` arithmetic with no fused multiply-add, so wasm and native
    /// produce identical counts.
    #[must_use]
    pub fn row(&self, y: u32) -> Vec<u32> {
        self.row_with(y, &crate::gil::NoCheck)
    }

    /// [`Spec::row`], calling `c.check()` every 16 pixels.
    pub fn row_with<C: crate::gil::Checkpoint>(&self, y: u32, c: &C) -> Vec<u32> {
        // Pixel centres as (integer numerator) / size, so rows y and h-1-y get
        // exactly opposite imaginary parts and the picture is exactly symmetric.
        let ci =
            1.2 * (i64::from(self.height) - 2 * i64::from(y) - 1) as f64 / f64::from(self.height);
        (0..self.width)
            .map(|x| {
                if x % 16 == 0 {
                    c.check();
                }
                let cr = -0.6
                    + 1.6 * (2 * i64::from(x) + 1 - i64::from(self.width)) as f64
                        / f64::from(self.width);
                let (mut zr, mut zi, mut i) = (0.0_f64, 0.0_f64, 0);
                while i < self.max_iter && zr * zr + zi * zi <= 4.0 {
                    let t = zr * zr - zi * zi + cr;
                    zi = 2.0 * zr * zi + ci;
                    zr = t;
                    i += 1;
                }
                i
            })
            .collect()
    }

    /// RGBA pixels for rows of counts: black inside the set, a smooth ramp outside.
    #[must_use]
    pub fn rgba(&self, rows: &[&[u32]]) -> Vec<u8> {
        let mut px = Vec::with_capacity(rows.len() * self.width as usize * 4);
        for &i in rows.iter().flat_map(|r| r.iter()) {
            if i >= self.max_iter {
                px.extend_from_slice(&[0, 0, 0, 255]);
            } else {
                // sqrt spreads the many low counts over the ramp.
                let t = (f64::from(i) / f64::from(self.max_iter)).sqrt();
                let ch = |a: f64, b: f64| (255.0 * (a + b * t).clamp(0.0, 1.0)) as u8;
                px.extend_from_slice(&[ch(0.05, 1.2), ch(0.1, 0.9), ch(0.35, 0.9), 255]);
            }
        }
        px
    }
}

/// The digest of one row: its counts folded in order.
#[must_use]
pub fn digest(row: &[u32]) -> u64 {
    crate::Checksum::of(row.iter().map(|&i| u64::from(i))).0
}
