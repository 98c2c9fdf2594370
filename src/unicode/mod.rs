//! Text at the level of characters and bytes, below any notion of a token:
//! the pinned Unicode tables and what is built directly on them.
//!
//! Each file here uses only files listed above it, so none imports another
//! that imports it back.

// Short words packed into a u64, hashed and compared in one instruction.
pub(crate) mod packed;
// The ASCII fast path's classification of a text, 64 bytes per mask word.
pub(crate) mod ascii;
// Walking UTF-8 by code point, ASCII skipped in words.
pub(crate) mod utf8;
// The pinned tables: character classes and the properties the rules read.
pub(crate) mod unicode_data;
// NFC and NFKC.
pub(crate) mod normalize;
// strip_accents: marks of Latin, Greek and Cyrillic letters, or all beyond ASCII.
pub(crate) mod accents;
// Lower-casing as `str.lower()` does it.
pub(crate) mod case;
// The word boundaries of UAX #29.
pub(crate) mod segment;
