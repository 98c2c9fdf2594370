//! The hash of `HashingVectorizer`: MurmurHash3's 32-bit x86 variant, as
//! scikit-learn computes it (`sklearn.utils.murmurhash3_32`, seed 0, over
//! the UTF-8 bytes of the feature), and scikit-learn's rule from a hash to a
//! column and a sign. Pinned: a changed hash would silently move every
//! user's features to other columns (Spark's HashingTF changed its hash
//! twice), so the tests hold values computed by scikit-learn.

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

/// MurmurHash3 x86 32-bit of `bytes` with `seed`.
pub fn murmurhash3_32(bytes: &[u8], seed: u32) -> u32 {
    let mut hash = seed;
    let (blocks, tail) = bytes.as_chunks::<4>();
    for block in blocks {
        let mut k = u32::from_le_bytes(*block);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        hash ^= k;
        hash = hash.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    if !tail.is_empty() {
        let mut k = 0u32;
        for (shift, &byte) in tail.iter().enumerate() {
            k |= u32::from(byte) << (8 * shift);
        }
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        hash ^= k;
    }
    // The length mixed in is the byte count modulo 2^32, as the reference
    // implementation's int length.
    hash ^= bytes.len() as u32;
    hash ^= hash >> 16;
    hash = hash.wrapping_mul(0x85eb_ca6b);
    hash ^= hash >> 13;
    hash = hash.wrapping_mul(0xc2b2_ae35);
    hash ^ (hash >> 16)
}

/// Where scikit-learn's FeatureHasher puts a feature with signed hash
/// `hash` among `n_features` columns, and with which sign (+1 or -1, or
/// always +1 without `alternate_sign`).
pub fn column_and_sign(hash: i32, n_features: u32, alternate_sign: bool) -> (u32, i32) {
    let n = u64::from(n_features.max(1));
    // |i32::MIN| does not fit an i32; scikit-learn defines its column as
    // (2^31 - 1 - (n - 1)) % n, which equals 2^31 % n.
    let column = (u64::from(hash.unsigned_abs()) % n) as u32;
    let sign = if alternate_sign && hash < 0 { -1 } else { 1 };
    (column, sign)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from scikit-learn 1.9's `murmurhash3_32(s, seed=0)` (signed)
    /// and, for the seeds, `murmurhash3_32(s, seed=seed, positive=True)`.
    #[test]
    fn hashes_equal_scikit_learns() {
        let signed = |text: &str| murmurhash3_32(text.as_bytes(), 0) as i32;
        assert_eq!(signed(""), 0);
        assert_eq!(signed("a"), 1_009_084_850);
        assert_eq!(signed("foo"), -156_908_512);
        assert_eq!(signed("the market"), -1_852_565_760);
        assert_eq!(signed("café"), 605_818_632);
        assert_eq!(signed("東京"), -1_765_863_102);
        assert_eq!(signed("abcd"), 1_139_631_978);
        assert_eq!(signed("abcde"), -392_455_434);
        assert_eq!(murmurhash3_32(b"foo", 42), 2_972_666_014);
    }

    #[test]
    fn columns_and_signs_follow_scikit_learns_rule() {
        assert_eq!(
            column_and_sign(-156_908_512, 1 << 20, true),
            (156_908_512 % (1 << 20), -1)
        );
        assert_eq!(
            column_and_sign(-156_908_512, 1 << 20, false),
            (156_908_512 % (1 << 20), 1)
        );
        assert_eq!(column_and_sign(7, 5, true), (2, 1));
        // i32::MIN: (2^31 - 1 - (n - 1)) % n, scikit-learn's definition.
        for n in [1u32, 3, 7, 1 << 20, (1 << 31) - 1] {
            let expected = ((2_147_483_647u64 - (u64::from(n) - 1)) % u64::from(n)) as u32;
            assert_eq!(column_and_sign(i32::MIN, n, true), (expected, -1), "n={n}");
        }
    }
}
