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
        // On little-endian machines (wasm, x86, ARM as run) the numbers in
        // memory are already their wire bytes: handed over as they are, no
        // copy (a copy per row took a third of the encoding time).
        #[cfg(target_endian = "little")]
        {
            s.serialize_bytes(bytemuck::cast_slice(v))
        }
        #[cfg(not(target_endian = "little"))]
        {
            let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
            s.serialize_bytes(&bytes)
        }
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
            // One copy into the words' own bytes (the input is not aligned
            // for u32, so it cannot be viewed in place), then each word
            // read as little-endian: nothing to do on such machines.
            bytemuck::cast_slice_mut::<u32, u8>(&mut words).copy_from_slice(b);
            for w in &mut words {
                *w = u32::from_le(*w);
            }
            Ok(words)
        }
    }
}
