//! Bulk numbers on the wire to and from processes: a `Vec<u32>` as one run
//! of little-endian bytes, copied in one pass each way, where postcard
//! would write a varint per number and read it back one by one (a reply of
//! Mandelbrot rows moved at 23-42 MB/s that way). Human-readable formats
//! (the JSON exports) still get a plain list of numbers.
//!
//! Use as `#[serde(with = "crate::wire::le_u32s")]`.

/// `Vec<u32>` as little-endian bytes in binary formats.
pub mod le_u32s {
    use serde::de::{self, Deserializer, Visitor};
    use serde::{Deserialize, Serializer};
    use std::fmt;

    /// Writes `v`: its bytes in one piece, or a list where people read it.
    ///
    /// # Errors
    /// Whatever the serializer refuses.
    pub fn serialize<S: Serializer>(v: &[u32], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return s.collect_seq(v);
        }
        // Written as loops the compiler turns into plain copies on
        // little-endian machines (wasm, x86, ARM as run).
        let mut bytes = vec![0u8; v.len() * 4];
        for (b, x) in bytes.chunks_exact_mut(4).zip(v) {
            b.copy_from_slice(&x.to_le_bytes());
        }
        s.serialize_bytes(&bytes)
    }

    /// Reads what [`serialize`] wrote.
    ///
    /// # Errors
    /// A byte count that is not a multiple of four, or not bytes at all.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
        if d.is_human_readable() {
            return Vec::<u32>::deserialize(d);
        }
        d.deserialize_bytes(Words)
    }

    struct Words;

    impl Visitor<'_> for Words {
        type Value = Vec<u32>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("little-endian u32s as bytes")
        }

        fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Vec<u32>, E> {
            if !b.len().is_multiple_of(4) {
                return Err(E::invalid_length(b.len(), &self));
            }
            let mut words = vec![0u32; b.len() / 4];
            for (w, c) in words.iter_mut().zip(b.chunks_exact(4)) {
                *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            Ok(words)
        }
    }
}
