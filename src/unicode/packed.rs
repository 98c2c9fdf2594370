//! Short words packed into one u64, for hash lookups without string hashing.
//!
//! Most tokens (and nearly all stopwords) are at most 8 bytes long. Packed
//! into an integer, such a word hashes with one multiply and compares with
//! one instruction.

/// The packed form of a word of 1 to 8 bytes: its bytes in little-endian
/// order, and for words of up to 7 bytes the length in the last byte.
///
/// Distinct words that could be tokens get distinct keys: a token's bytes are
/// all at least 0x30 (tokens hold letters, marks, digits and joiners only), so
/// the last byte of an 8-byte token never looks like a length (1 to 7).
/// Callers that store arbitrary words must skip those that `is_token_like`
/// rejects.
#[inline]
pub(crate) fn pack(word: &[u8]) -> Option<u64> {
    let len = word.len();
    // Two overlapping loads cover 4 to 8 bytes without a loop or a memcpy
    // call; the overlap writes the same bytes twice.
    let bytes = match len {
        4..=8 => {
            let low = word.first_chunk::<4>().map_or(0, |bytes| u32::from_le_bytes(*bytes));
            let high = word.last_chunk::<4>().map_or(0, |bytes| u32::from_le_bytes(*bytes));
            u64::from(low) | u64::from(high) << (8 * (len - 4))
        }
        1..=3 => {
            let byte = |at: usize| u64::from(word.get(at).copied().unwrap_or(0));
            byte(0) | byte(len / 2) << (8 * (len / 2)) | byte(len - 1) << (8 * (len - 1))
        }
        _ => return None,
    };
    Some(if len < 8 { bytes | (len as u64) << 56 } else { bytes })
}

/// The first seven bytes of a word longer than 8 bytes, with 0 in the top
/// byte: a key that no packed word has (its top byte is a length of 1 to 7,
/// or the last of 8 bytes, which `is_unambiguous` requires to be above 7).
/// A set of packed keys holds these for its long words, so that one lookup
/// rules out nearly every long token too.
pub(crate) fn prefix_key(word: &[u8]) -> u64 {
    word.iter()
        .take(7)
        .enumerate()
        .fold(0, |key, (index, &byte)| key | u64::from(byte) << (8 * index))
}

/// Whether `key` is a `prefix_key`.
#[inline]
pub(crate) fn is_prefix_key(key: u64) -> bool {
    key >> 56 == 0
}

/// The key to look a word up by, from its first eight bytes (as a
/// little-endian u64, with whatever follows a shorter word) and its length:
/// `pack(word)` for a word of 1 to 8 bytes, `prefix_key(word)` for a longer
/// one. Computed without branches, for the scanner's hot path.
#[inline(always)]
pub(crate) fn search_key(first_eight: u64, len: usize) -> u64 {
    // Indexed by the length, 9 standing for any longer one: table lookups
    // rather than compares and variable shifts.
    // Evaluated at compile time: an index out of range would fail the build.
    #[allow(clippy::indexing_slicing)]
    const KEPT: [u64; 10] = {
        let mut kept = [0u64; 10];
        let mut len = 1;
        while len < 10 {
            let bytes = if len <= 8 { len } else { 7 };
            kept[len] = u64::MAX >> (64 - 8 * bytes);
            len += 1;
        }
        kept
    };
    const LENGTH_TAG: [u64; 10] = [0, 1 << 56, 2 << 56, 3 << 56, 4 << 56, 5 << 56, 6 << 56, 7 << 56, 0, 0];
    let index = len.min(9);
    // `index` is at most 9: no check remains in the compiled code.
    first_eight & KEPT.get(index).copied().unwrap_or(0) | LENGTH_TAG.get(index).copied().unwrap_or(0)
}

/// No key is ever this: 0xFF is not a byte of UTF-8 text.
pub(crate) const EMPTY: u64 = u64::MAX;

/// Whether a packed 8-byte word cannot be mistaken for a shorter one.
#[inline]
pub(crate) fn is_unambiguous(word: &[u8]) -> bool {
    word.len() != 8 || word.get(7).is_some_and(|&last| last > 7)
}

/// A well-mixed hash of a packed key, in its high bits and its low bits
/// alike (hash tables index by either): the two halves of a 128-bit product
/// folded together. A plain multiply would leave the low bits depending on
/// the first bytes of the word only, and words sharing their first letters
/// would crowd the same buckets.
#[inline]
pub(crate) fn hash(key: u64) -> u64 {
    let product = u128::from(key) * 0x9E37_79B9_7F4A_7C15;
    (product as u64) ^ ((product >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_each_length_exactly() {
        for len in 1..=8 {
            let word: Vec<u8> = (0..len).map(|i| b'a' + i as u8).collect();
            let mut expected = 0u64;
            for (i, &byte) in word.iter().enumerate() {
                expected |= u64::from(byte) << (8 * i);
            }
            if len < 8 {
                expected |= (len as u64) << 56;
            }
            assert_eq!(pack(&word), Some(expected), "len {len}");
        }
        assert_eq!(pack(b""), None);
        assert_eq!(pack(b"ninebytes"), None);
    }

    #[test]
    fn low_bits_of_hashes_spread_words_with_a_common_prefix() {
        let buckets: std::collections::HashSet<u64> = (b'a'..=b'z')
            .flat_map(|second| (b'a'..=b'z').map(move |third| [b's', second, third, b'e']))
            .map(|word| hash(pack(&word).unwrap()) & 1023)
            .collect();
        // 676 words sharing their first letter into 1024 buckets: a good hash
        // leaves few collisions (about 500 distinct buckets expected).
        assert!(buckets.len() > 400, "{} buckets", buckets.len());
    }

    #[test]
    fn search_keys_are_packed_keys_and_prefix_keys() {
        let text = b"abcdefghijklmnop";
        let first_eight = u64::from_le_bytes(text[..8].try_into().unwrap());
        for len in 1..=16 {
            let word = &text[..len];
            let expected = if len <= 8 {
                pack(word).unwrap()
            } else {
                prefix_key(word)
            };
            assert_eq!(search_key(first_eight, len), expected, "len {len}");
            assert_eq!(is_prefix_key(expected), len > 8, "len {len}");
        }
    }

    #[test]
    fn lengths_keep_prefixes_apart() {
        assert_ne!(pack(b"a"), pack(b"a\0"));
        assert_ne!(pack(b"abcdefg"), pack(b"abcdefgh"));
        assert!(!is_unambiguous(b"abcdefg\x07"));
        assert!(is_unambiguous(b"abcdefgh"));
    }
}
