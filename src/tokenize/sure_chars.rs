//! The characters of two bytes in a 64-byte block that are surely
//! unchanged, found 32 bytes at a time where the processor has AVX2.
//!
//! Text in Cyrillic, Greek or Arabic is nearly all small letters of one or
//! two lead bytes: for each lead byte, the continuation bytes of its
//! longest stretch of characters that are unchanged and start words
//! (`LeadRanges`; Cyrillic `0xD0` has а to п, `0xB0..=0xBF`). A character
//! whose continuation byte is within its lead byte's stretch is one of
//! them; the others (capitals, marks, rarer letters) are for the exact test
//! of `UnchangedChars::block`, one by one. So a block of such text is
//! classified with a few vector instructions and a handful of lookups,
//! rather than one lookup a character.

/// For each lead byte of a character of two bytes (`lead & 0x1F`), the
/// continuation bytes `lo..=hi` of its characters that surely fit (an
/// empty range, `0xFF..=0x00`, where none do).
#[derive(Clone, Copy)]
pub(super) struct LeadRanges {
    /// Entries 0-15 and 16-31, the halves the lookups take.
    lo: [[u8; 16]; 2],
    hi: [[u8; 16]; 2],
}

impl LeadRanges {
    /// The ranges of the characters for which `fits(code_point)` holds:
    /// for each lead byte, its longest stretch of them.
    pub(super) fn of(fits: impl Fn(usize) -> bool) -> Self {
        let mut ranges = LeadRanges {
            lo: [[0xFF; 16]; 2],
            hi: [[0x00; 16]; 2],
        };
        for lead in 0x02..0x20_usize {
            let mut best = (0, 0);
            let mut start = 0;
            for continuation in 0..=0x40_usize {
                let fitting = continuation < 0x40 && fits(lead << 6 | continuation);
                if !fitting {
                    if continuation - start > best.1 - best.0 {
                        best = (start, continuation);
                    }
                    start = continuation + 1;
                }
            }
            if best.1 > best.0 {
                let (half, entry) = (lead >> 4, lead & 0xF);
                let lo = ranges.lo.get_mut(half).and_then(|half| half.get_mut(entry));
                let hi = ranges.hi.get_mut(half).and_then(|half| half.get_mut(entry));
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    // Continuation bytes are 0x80 plus six bits.
                    *lo = 0x80 | best.0 as u8;
                    *hi = 0x80 | (best.1 - 1) as u8;
                }
            }
        }
        ranges
    }
}

/// Bytes beyond a block's 64 that `Blocks` reads: the continuation byte of
/// a character whose lead byte is the block's last.
const OVERHANG: usize = 1;

/// The UTF-8 continuation bytes of the 64-byte block at `base`, and the
/// lead bytes of its characters of two bytes within their `ranges`, one bit
/// each: with AVX2, which `avx2` says the processor has. Bytes past the end
/// of `text` count as ASCII.
#[inline]
pub(super) fn continuation_and_sure_bytes(text: &[u8], base: usize, ranges: &LeadRanges, avx2: bool) -> (u64, u64) {
    let mut padded = [0_u8; 64 + OVERHANG];
    let bytes = match text.get(base..base + 64 + OVERHANG) {
        Some(bytes) => bytes,
        None => {
            let rest = text.get(base..).unwrap_or_default();
            if let Some(head) = padded.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            &padded
        }
    };
    #[cfg(target_arch = "x86_64")]
    if avx2 {
        // SAFETY: the caller found that the processor has AVX2
        // (`has_avx2`).
        return unsafe { avx2::continuation_and_sure_bytes(bytes, ranges) };
    }
    let _ = (ranges, avx2);
    (continuation_bytes(bytes), 0)
}

/// Whether the processor has AVX2 (`is_x86_feature_detected` checks once
/// and keeps the answer).
pub(super) fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}

/// The continuation bytes (`0b10xx_xxxx`) among the first 64 of `bytes`,
/// eight at a time.
fn continuation_bytes(bytes: &[u8]) -> u64 {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // Gathers bit 0 of each byte into the top byte, byte k to bit 56 + k.
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let of_word = |word: u64| {
        // Bit 7 set and bit 6 clear: shifted left once, each byte's bit 6
        // is where its bit 7 was.
        let continuation = word & !(word << 1) & HIGH_BITS;
        (continuation >> 7).wrapping_mul(GATHER) >> 56
    };
    bytes
        .chunks_exact(8)
        .take(8)
        .enumerate()
        .map(|(index, chunk)| {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            of_word(word) << (8 * index)
        })
        .fold(0, |mask, bits| mask | bits)
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::{
        __m128i, __m256i, _mm256_and_si256, _mm256_blendv_epi8, _mm256_broadcastsi128_si256, _mm256_cmpeq_epi8,
        _mm256_loadu_si256, _mm256_max_epu8, _mm256_min_epu8, _mm256_movemask_epi8, _mm256_set1_epi8,
        _mm256_shuffle_epi8, _mm_loadu_si128,
    };

    use super::{LeadRanges, OVERHANG};

    /// `super::continuation_and_sure_bytes` of the 64 bytes at the start of
    /// `bytes`, which holds `OVERHANG` more.
    #[target_feature(enable = "avx2")]
    pub(super) fn continuation_and_sure_bytes(bytes: &[u8], ranges: &LeadRanges) -> (u64, u64) {
        let Some(bytes) = bytes.get(..64 + OVERHANG) else {
            return (0, 0);
        };
        // SAFETY: each array holds 16 bytes, what the unaligned 16-byte
        // loads read; `loadu` has no alignment requirement.
        let table =
            |half: &[u8; 16]| _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(half.as_ptr().cast::<__m128i>()) });
        let [lo_low, lo_high] = &ranges.lo;
        let [hi_low, hi_high] = &ranges.hi;
        let (lo_low, lo_high, hi_low, hi_high) = (table(lo_low), table(lo_high), table(hi_low), table(hi_high));
        let mut continuation = 0;
        let mut sure = 0;
        for half in 0..2 {
            let at = 32 * half;
            // SAFETY: `bytes` holds 65 bytes (checked above), so the 32
            // bytes at `at` and at `at + 1` (at most 33..65) are within it;
            // `loadu` has no alignment requirement.
            let (this, next) = unsafe {
                (
                    _mm256_loadu_si256(bytes.as_ptr().add(at).cast::<__m256i>()),
                    _mm256_loadu_si256(bytes.as_ptr().add(at + 1).cast::<__m256i>()),
                )
            };
            let top_bits = |byte: __m256i, mask: u8, value: u8| {
                _mm256_cmpeq_epi8(
                    _mm256_and_si256(byte, _mm256_set1_epi8(mask as i8)),
                    _mm256_set1_epi8(value as i8),
                )
            };
            let is_continuation = top_bits(this, 0xC0, 0x80);
            let is_two_byte_lead = top_bits(this, 0xE0, 0xC0);
            // The lead's range: entries 0-15 or 16-31 by bit 4, looked up
            // by the low four bits (bit 7 clear, so the lookup is not zero).
            let index = _mm256_and_si256(this, _mm256_set1_epi8(0x0F));
            let upper = top_bits(this, 0x10, 0x10);
            let lookup = |low: __m256i, high: __m256i| {
                _mm256_blendv_epi8(_mm256_shuffle_epi8(low, index), _mm256_shuffle_epi8(high, index), upper)
            };
            let (lo, hi) = (lookup(lo_low, lo_high), lookup(hi_low, hi_high));
            // lo <= next <= hi, unsigned.
            let in_range = _mm256_and_si256(
                _mm256_cmpeq_epi8(_mm256_max_epu8(next, lo), next),
                _mm256_cmpeq_epi8(_mm256_min_epu8(next, hi), next),
            );
            let is_sure = _mm256_and_si256(is_two_byte_lead, in_range);
            // The casts keep the 32 bits of `movemask`.
            continuation |= u64::from(_mm256_movemask_epi8(is_continuation) as u32) << at;
            sure |= u64::from(_mm256_movemask_epi8(is_sure) as u32) << at;
        }
        (continuation, sure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::unchanged::tests::mixed_text;

    impl LeadRanges {
        fn holds(&self, lead: u8, continuation: u8) -> bool {
            let half = usize::from(lead >> 4 & 1);
            let entry = usize::from(lead & 0xF);
            (self.lo[half][entry]..=self.hi[half][entry]).contains(&continuation)
        }
    }

    #[test]
    fn ranges_are_the_longest_stretch_of_each_lead_byte() {
        // Lead 0x10 (byte 0xD0): continuations 5-10 and 32-48 fit; lead
        // 0x1F: all; lead 0x03: the last one alone.
        let fits = |code_point: usize| match code_point >> 6 {
            0x10 => (5..=10).contains(&(code_point & 0x3F)) || (32..=48).contains(&(code_point & 0x3F)),
            0x1F => true,
            0x03 => code_point & 0x3F == 0x3F,
            _ => false,
        };
        let ranges = LeadRanges::of(fits);
        for lead in 0xC0..=0xDF_u8 {
            for continuation in 0x80..=0xBF_u8 {
                let expected = match lead {
                    0xD0 => (0xA0..=0xB0).contains(&continuation),
                    0xDF => true,
                    0xC3 => continuation == 0xBF,
                    _ => false,
                };
                assert_eq!(
                    ranges.holds(lead, continuation),
                    expected,
                    "{lead:#x} {continuation:#x}"
                );
            }
        }
    }

    #[test]
    fn continuation_and_sure_bytes_are_found_in_whole_and_last_blocks() {
        let text = mixed_text(20_000);
        let bytes = text.as_bytes();
        // The small letters of Cyrillic (а to я), and ѐ to џ.
        let ranges = LeadRanges::of(|code_point| (0x430..=0x45F).contains(&code_point));
        assert!(ranges.holds(0xD0, 0xB0) && ranges.holds(0xD1, 0x9F) && !ranges.holds(0xD0, 0xAF));
        for avx2 in [false, has_avx2()] {
            for base in (0..bytes.len()).step_by(64) {
                let byte = |offset: usize| bytes.get(base + offset).copied().unwrap_or(0);
                let mask_of = |test: &dyn Fn(usize) -> bool| {
                    (0..64)
                        .filter(|&offset| test(offset))
                        .fold(0_u64, |mask, offset| mask | 1 << offset)
                };
                let continuation = mask_of(&|offset| byte(offset) & 0xC0 == 0x80);
                let sure = mask_of(&|offset| {
                    (0xC0..0xE0).contains(&byte(offset)) && ranges.holds(byte(offset), byte(offset + 1))
                });
                let expected = (continuation, if avx2 { sure } else { 0 });
                assert_eq!(
                    continuation_and_sure_bytes(bytes, base, &ranges, avx2),
                    expected,
                    "block at {base}, avx2 {avx2}"
                );
            }
        }
    }
}
