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
            let low = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
            let high = u32::from_le_bytes([word[len - 4], word[len - 3], word[len - 2], word[len - 1]]);
            u64::from(low) | u64::from(high) << (8 * (len - 4))
        }
        1..=3 => {
            u64::from(word[0])
                | u64::from(word[len / 2]) << (8 * (len / 2))
                | u64::from(word[len - 1]) << (8 * (len - 1))
        }
        _ => return None,
    };
    Some(if len < 8 { bytes | (len as u64) << 56 } else { bytes })
}

/// No key is ever this: 0xFF is not a byte of UTF-8 text.
pub(crate) const EMPTY: u64 = u64::MAX;

/// Whether a packed 8-byte word cannot be mistaken for a shorter one.
#[inline]
pub(crate) fn is_unambiguous(word: &[u8]) -> bool {
    word.len() != 8 || word[7] > 7
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
    fn lengths_keep_prefixes_apart() {
        assert_ne!(pack(b"a"), pack(b"a\0"));
        assert_ne!(pack(b"abcdefg"), pack(b"abcdefgh"));
        assert!(!is_unambiguous(b"abcdefg\x07"));
        assert!(is_unambiguous(b"abcdefgh"));
    }
}
