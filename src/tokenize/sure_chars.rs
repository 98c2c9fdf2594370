//! The characters of two and three bytes in a 64-byte block that are
//! surely unchanged, found 32 bytes at a time where the processor has AVX2.
//!
//! Text in Cyrillic, Greek or Arabic is nearly all small letters of one or
//! two lead bytes: for each lead byte, the continuation bytes of its two
//! longest stretches of characters that are unchanged and start words
//! (`LeadRanges`; Cyrillic `0xD0` has а to п, `0xB0..=0xBF`). A character
//! whose continuation byte is within its lead byte's stretches is one of
//! them; the others (capitals, marks, rarer letters) are for the exact test
//! of `UnchangedChars::block`, one by one. Han ideographs are the same with
//! three bytes: for each lead byte, the stretches of second bytes whose 64
//! characters all fit (`0xE5` to `0xE9` have all theirs). Devanagari and
//! kana mix letters, marks and signs within each 64 characters: their pages
//! (`PAGES`) have a bit for each character, found by its third byte, and
//! Devanagari's virama is sure right after a sure consonant. So a block of
//! such text is classified with a few vector instructions and a handful of
//! lookups, rather than one lookup a character. Each half of a block looks
//! up only the tables of the lead bytes it holds; a block with a few bytes
//! beyond ASCII (`SPARSE_BYTES`) skips the pass.

/// For each lead byte of a character of two bytes (`lead & 0x1F`), two
/// stretches of continuation bytes `lo..=hi` whose characters surely fit:
/// its two longest (an empty one, `0xFF..=0x00`, where there are fewer).
/// Arabic's `0xD9` has ف to ي and ٱ to ٿ.
/// And for each lead byte of a character of three (`lead & 0x0F`), two
/// stretches of second bytes whose characters all fit; and the bits of the
/// characters of the `PAGES`.
#[derive(Clone, Copy)]
pub(super) struct LeadRanges {
    two_byte: [Stretches; 2],
    three_byte: [[[u8; 16]; 2]; 2],
    /// 0xFF for each lead byte of three bytes with a stretch, else 0.
    three_byte_ranged: [u8; 16],
    /// For each page, eight bytes of bits, one for each of its characters
    /// (byte `third >> 3 & 7`, bit `third & 7`): those that fit, and those
    /// that also start words. Two pages a table.
    page_has: [[u8; 16]; 2],
    page_starts: [[u8; 16]; 2],
    /// And of the first two pages (Devanagari's), those that are marks
    /// normal after a starter (the virama): none unless the text is
    /// unchecked. The kana have none.
    page_marks: [u8; 16],
    /// The same for the two lead bytes of `LATIN_EXTENDED_A`, by their
    /// continuation byte: capital and small letters alternate there, so
    /// that no stretch holds more than one.
    latin_has: [u8; 16],
    latin_starts: [u8; 16],
}

/// The lead bytes of Latin Extended-A (U+0100 to U+017F: Polish, Czech,
/// Hungarian, Turkish letters), whose characters are tested one by one.
const LATIN_EXTENDED_A: [u8; 2] = [0xC4, 0xC5];

/// The pages of 64 characters of three bytes (lead and second byte) whose
/// characters are tested one by one, by their third byte: Devanagari
/// (U+0900 to U+097F) and most of the kana (U+3040 to U+30BF).
/// They come in pairs with one lead byte: the test of lead bytes that
/// guards their lookup looks for those of pages 0 and 2.
const PAGES: [[u8; 2]; 4] = [[0xE0, 0xA4], [0xE0, 0xA5], [0xE3, 0x81], [0xE3, 0x82]];
const _: () = assert!(PAGES[0][0] == PAGES[1][0] && PAGES[2][0] == PAGES[3][0]);

/// One stretch for each lead byte: entries 0-15 and 16-31, the halves the
/// lookups take.
#[derive(Clone, Copy)]
struct Stretches {
    lo: [[u8; 16]; 2],
    hi: [[u8; 16]; 2],
}

impl LeadRanges {
    /// The ranges of the characters for which `has(code_point)` and
    /// `starts(code_point)` hold, and the pages' bits of each and of the
    /// marks for which `marks_after_starter` holds.
    pub(super) fn of(
        has: impl Fn(usize) -> bool,
        starts: impl Fn(usize) -> bool,
        marks_after_starter: impl Fn(usize) -> bool,
    ) -> Self {
        let fits = |code_point: usize| has(code_point) && starts(code_point);
        let none = Stretches {
            lo: [[0xFF; 16]; 2],
            hi: [[0x00; 16]; 2],
        };
        let mut ranges = LeadRanges {
            two_byte: [none; 2],
            three_byte: [[[0xFF; 16], [0x00; 16]]; 2],
            three_byte_ranged: [0; 16],
            page_has: [[0; 16]; 2],
            page_starts: [[0; 16]; 2],
            page_marks: [0; 16],
            latin_has: [0; 16],
            latin_starts: [0; 16],
        };
        for lead in 0x02..0x20_usize {
            let stretches = longest_stretches(|continuation| fits(lead << 6 | continuation));
            for (slot, (lo, hi)) in ranges.two_byte.iter_mut().zip(stretches) {
                let (half, entry) = (lead >> 4, lead & 0xF);
                let slot_lo = slot.lo.get_mut(half).and_then(|half| half.get_mut(entry));
                let slot_hi = slot.hi.get_mut(half).and_then(|half| half.get_mut(entry));
                if let (Some(slot_lo), Some(slot_hi)) = (slot_lo, slot_hi) {
                    (*slot_lo, *slot_hi) = (lo, hi);
                }
            }
        }
        for lead in 0..0x10_usize {
            // Characters of three bytes are U+0800 and above.
            let all_fit = |second: usize| {
                let first = lead << 12 | second << 6;
                first >= 0x800 && (first..first + 0x40).all(&fits)
            };
            for ([slot_lo, slot_hi], (lo, hi)) in ranges.three_byte.iter_mut().zip(longest_stretches(all_fit)) {
                if let (Some(slot_lo), Some(slot_hi)) = (slot_lo.get_mut(lead), slot_hi.get_mut(lead)) {
                    (*slot_lo, *slot_hi) = (lo, hi);
                }
                if let Some(ranged) = ranges.three_byte_ranged.get_mut(lead) {
                    *ranged = 0xFF;
                }
            }
        }
        let page_first = |[lead, second]: [u8; 2]| usize::from(lead & 0x0F) << 12 | usize::from(second & 0x3F) << 6;
        let [page_0, page_1, page_2, page_3] = PAGES.map(page_first);
        let pairs = [[page_0, page_1], [page_2, page_3]];
        ranges.page_has = pairs.map(|pair| page_bits(pair, &has));
        ranges.page_starts = pairs.map(|pair| page_bits(pair, fits));
        ranges.page_marks = page_bits([page_0, page_1], marks_after_starter);
        let latin_first = LATIN_EXTENDED_A.map(|lead| usize::from(lead & 0x1F) << 6);
        ranges.latin_has = page_bits(latin_first, &has);
        ranges.latin_starts = page_bits(latin_first, fits);
        ranges
    }
}

/// The bits of two pages of 64 characters (from the code points `first`)
/// for a table of 16 bytes, eight a page (byte `k >> 3`, bit `k & 7` for
/// the page's character `k`): those for which `holds`.
fn page_bits(first: [usize; 2], holds: impl Fn(usize) -> bool) -> [u8; 16] {
    let mut bits = [0_u8; 16];
    for (page, first) in first.into_iter().enumerate() {
        for offset in 0..0x40 {
            if let Some(byte) = bits.get_mut(page * 8 + offset / 8) {
                *byte |= u8::from(holds(first + offset)) << (offset % 8);
            }
        }
    }
    bits
}

/// The two longest stretches of continuation bytes (0x80 plus six bits)
/// for which `fits(six_bits)` holds, as `lo..=hi`; the longest first, and
/// of those as long, the first.
fn longest_stretches(fits: impl Fn(usize) -> bool) -> Vec<(u8, u8)> {
    let mut stretches = Vec::new();
    let mut start = 0;
    for continuation in 0..=0x40_usize {
        if continuation == 0x40 || !fits(continuation) {
            if continuation > start {
                stretches.push((start, continuation));
            }
            start = continuation + 1;
        }
    }
    stretches.sort_by_key(|&(start, end)| std::cmp::Reverse(end - start));
    stretches
        .into_iter()
        .take(2)
        .map(|(start, end)| (0x80 | start as u8, 0x80 | (end - 1) as u8))
        .collect()
}

/// Bytes beyond a block's 64 that are read: the continuation bytes of a
/// character whose lead byte is among the block's last.
const OVERHANG: usize = 2;

/// Of the 64-byte block at `base`, one bit each: the UTF-8 continuation
/// bytes, and the lead bytes of its characters of two and of three bytes
/// within their `ranges` or fitting in their `PAGES`, and of those that do
/// not start words; and of the marks of the `PAGES` normal after a starter
/// that follow one of those of three bytes (a consonant's virama). With
/// AVX2 (which `avx2` says the processor has; none without). Bytes past
/// the end of `text` count as ASCII.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BlockBytes {
    pub(super) continuation: u64,
    pub(super) sure_two_byte: u64,
    pub(super) sure_three_byte: u64,
    pub(super) sure_not_starting: u64,
    pub(super) sure_marks: u64,
}

/// A block with at most this many bytes beyond ASCII (`non_ascii`, a few
/// accented letters or quotes in Latin text) has its continuation bytes
/// found one by one, and no sure characters: the exact test of so few
/// costs less than the AVX2 pass.
const SPARSE_BYTES: u32 = 4;

#[inline]
pub(super) fn continuation_and_sure_bytes(
    text: &[u8],
    base: usize,
    non_ascii: u64,
    ranges: &LeadRanges,
    avx2: bool,
) -> BlockBytes {
    let nothing_sure = |continuation| BlockBytes {
        continuation,
        sure_two_byte: 0,
        sure_three_byte: 0,
        sure_not_starting: 0,
        sure_marks: 0,
    };
    if non_ascii.count_ones() <= SPARSE_BYTES {
        let mut continuation = 0;
        let mut rest = non_ascii;
        while rest != 0 {
            let offset = rest.trailing_zeros();
            rest &= rest - 1;
            let byte = text.get(base + offset as usize).copied().unwrap_or_default();
            continuation |= u64::from(byte & 0xC0 == 0x80) << offset;
        }
        return nothing_sure(continuation);
    }
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
    nothing_sure(continuation_bytes(bytes))
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
        __m128i, __m256i, _mm256_and_si256, _mm256_andnot_si256, _mm256_blendv_epi8, _mm256_broadcastsi128_si256,
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_max_epu8, _mm256_min_epu8, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_srli_epi16, _mm_loadu_si128,
    };

    use super::{BlockBytes, LeadRanges, LATIN_EXTENDED_A, OVERHANG, PAGES};

    /// `super::continuation_and_sure_bytes` of the 64 bytes at the start of
    /// `bytes`, which holds `OVERHANG` more.
    #[target_feature(enable = "avx2")]
    pub(super) fn continuation_and_sure_bytes(bytes: &[u8], ranges: &LeadRanges) -> BlockBytes {
        let mut found = BlockBytes {
            continuation: 0,
            sure_two_byte: 0,
            sure_three_byte: 0,
            sure_not_starting: 0,
            sure_marks: 0,
        };
        let Some(bytes) = bytes.get(..64 + OVERHANG) else {
            return found;
        };
        // SAFETY: each array holds 16 bytes, what the unaligned 16-byte
        // loads read; `loadu` has no alignment requirement.
        let table =
            |half: &[u8; 16]| _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(half.as_ptr().cast::<__m128i>()) });
        let [first, second] = ranges.two_byte.map(|stretches| {
            let [lo_low, lo_high] = &stretches.lo;
            let [hi_low, hi_high] = &stretches.hi;
            [table(lo_low), table(lo_high), table(hi_low), table(hi_high)]
        });
        let [first_three, second_three] = ranges.three_byte.map(|[lo, hi]| [table(&lo), table(&hi)]);
        // 0xFF for the lead bytes of three bytes that have a stretch.
        let three_byte_ranged = table(&ranges.three_byte_ranged);
        let [has_low, has_high] = ranges.page_has.map(|bits| table(&bits));
        let [starts_low, starts_high] = ranges.page_starts.map(|bits| table(&bits));
        // Bit `k & 7` for each k.
        let bit_of_index = table(&[1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128]);
        let (latin_has, latin_starts) = (table(&ranges.latin_has), table(&ranges.latin_starts));
        for half in 0..2 {
            let at = 32 * half;
            // SAFETY: `bytes` holds 66 bytes (checked above), so the 32
            // bytes at `at`, `at + 1` and `at + 2` (at most 34..66) are
            // within it; `loadu` has no alignment requirement.
            let (this, next, third) = unsafe {
                (
                    _mm256_loadu_si256(bytes.as_ptr().add(at).cast::<__m256i>()),
                    _mm256_loadu_si256(bytes.as_ptr().add(at + 1).cast::<__m256i>()),
                    _mm256_loadu_si256(bytes.as_ptr().add(at + 2).cast::<__m256i>()),
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
            // lo <= next <= hi, unsigned.
            let within = |lo: __m256i, hi: __m256i| {
                _mm256_and_si256(
                    _mm256_cmpeq_epi8(_mm256_max_epu8(next, lo), next),
                    _mm256_cmpeq_epi8(_mm256_min_epu8(next, hi), next),
                )
            };
            let within_two = |[lo_low, lo_high, hi_low, hi_high]: [__m256i; 4]| {
                within(lookup(lo_low, lo_high), lookup(hi_low, hi_high))
            };
            // The ranges are looked up only where the half holds lead
            // bytes that have some: branches that go the same way for a
            // whole text of one script.
            let is_sure = if _mm256_movemask_epi8(is_two_byte_lead) != 0 {
                let in_range = _mm256_or_si256(within_two(first), within_two(second));
                _mm256_and_si256(is_two_byte_lead, in_range)
            } else {
                _mm256_setzero_si256()
            };
            // Lead bytes of three bytes have 16 entries, one lookup.
            let is_three_byte_lead = top_bits(this, 0xF0, 0xE0);
            let with_ranges = _mm256_and_si256(is_three_byte_lead, _mm256_shuffle_epi8(three_byte_ranged, index));
            let is_sure_three = if _mm256_movemask_epi8(with_ranges) != 0 {
                let within_three =
                    |[lo, hi]: [__m256i; 2]| within(_mm256_shuffle_epi8(lo, index), _mm256_shuffle_epi8(hi, index));
                let in_range_three = _mm256_or_si256(within_three(first_three), within_three(second_three));
                _mm256_and_si256(is_three_byte_lead, in_range_three)
            } else {
                _mm256_setzero_si256()
            };
            // Where the bit of `byte` is in a table of two pages, eight
            // bytes each: entry `byte >> 3 & 7` (a 16-bit shift, masked to
            // the bits of its own byte), in the second half for an odd
            // page; bit `byte & 7`.
            let place = |odd_page: __m256i, byte: __m256i| {
                let index = _mm256_or_si256(
                    _mm256_and_si256(odd_page, _mm256_set1_epi8(8)),
                    _mm256_and_si256(_mm256_srli_epi16::<3>(byte), _mm256_set1_epi8(7)),
                );
                let bit = _mm256_shuffle_epi8(bit_of_index, _mm256_and_si256(byte, _mm256_set1_epi8(7)));
                (index, bit)
            };
            // That bit of `table`, for the characters `on` one of its pages.
            let bit_in = |table: __m256i, (index, bit): (__m256i, __m256i), on: __m256i| {
                let bits = _mm256_shuffle_epi8(table, index);
                _mm256_and_si256(on, _mm256_cmpeq_epi8(_mm256_and_si256(bits, bit), bit))
            };
            // The casts keep the 32 bits of `movemask`.
            let mask = |bytes: __m256i| u64::from(_mm256_movemask_epi8(bytes) as u32) << at;
            let (mut is_sure, mut not_starting) = (is_sure, _mm256_setzero_si256());
            let [on_latin_0, on_latin_1] =
                LATIN_EXTENDED_A.map(|lead| _mm256_cmpeq_epi8(this, _mm256_set1_epi8(lead as i8)));
            let on_latin = _mm256_or_si256(on_latin_0, on_latin_1);
            if _mm256_movemask_epi8(on_latin) != 0 {
                let latin_place = place(on_latin_1, next);
                let has = bit_in(latin_has, latin_place, on_latin);
                let starts = bit_in(latin_starts, latin_place, on_latin);
                is_sure = _mm256_or_si256(is_sure, has);
                not_starting = _mm256_andnot_si256(starts, has);
            }
            let mut is_sure_three = is_sure_three;
            // Only text with the pages' lead bytes looks their bits up: a
            // branch that goes the same way for a whole text of most
            // scripts.
            let page_leads = PAGES.map(|[lead, _]| _mm256_cmpeq_epi8(this, _mm256_set1_epi8(lead as i8)));
            if _mm256_movemask_epi8(_mm256_or_si256(page_leads[0], page_leads[2])) != 0 {
                // Which page (if any) each lead and second byte are, then
                // the bit of the third byte in its table.
                let [on_0, on_1, on_2, on_3] =
                    PAGES.map(|[_, second]| _mm256_cmpeq_epi8(next, _mm256_set1_epi8(second as i8)));
                let [on_0, on_1, on_2, on_3] = [
                    _mm256_and_si256(page_leads[0], on_0),
                    _mm256_and_si256(page_leads[1], on_1),
                    _mm256_and_si256(page_leads[2], on_2),
                    _mm256_and_si256(page_leads[3], on_3),
                ];
                let on_page = _mm256_or_si256(_mm256_or_si256(on_0, on_1), _mm256_or_si256(on_2, on_3));
                let odd_page = _mm256_or_si256(on_1, on_3);
                let high_table = _mm256_or_si256(on_2, on_3);
                let page_place = place(odd_page, third);
                let page_bit = |low: __m256i, high: __m256i| {
                    _mm256_blendv_epi8(
                        bit_in(low, page_place, on_page),
                        bit_in(high, page_place, on_page),
                        high_table,
                    )
                };
                let page_has = page_bit(has_low, has_high);
                let page_starts = page_bit(starts_low, starts_high);
                is_sure_three = _mm256_or_si256(is_sure_three, page_has);
                not_starting = _mm256_or_si256(not_starting, _mm256_andnot_si256(page_starts, page_has));
                // Devanagari's marks, only where it is; whether a sure
                // character is before each, below.
                if _mm256_movemask_epi8(page_leads[0]) != 0 {
                    let marks = table(&ranges.page_marks);
                    found.sure_marks |= mask(bit_in(marks, page_place, _mm256_or_si256(on_0, on_1)));
                }
            }
            found.continuation |= mask(is_continuation);
            found.sure_two_byte |= mask(is_sure);
            found.sure_three_byte |= mask(is_sure_three);
            found.sure_not_starting |= mask(not_starting);
        }
        // The sure characters of three bytes are starters: where the text
        // is unchecked, they have the starter flag.
        found.sure_marks &= found.sure_three_byte << 3;
        found
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
            if lead >= 0xE0 {
                let entry = usize::from(lead & 0xF);
                return self
                    .three_byte
                    .iter()
                    .any(|[lo, hi]| (lo[entry]..=hi[entry]).contains(&continuation));
            }
            self.two_byte
                .iter()
                .any(|stretches| (stretches.lo[half][entry]..=stretches.hi[half][entry]).contains(&continuation))
        }
    }

    #[test]
    fn ranges_are_the_two_longest_stretches_of_each_lead_byte() {
        // Lead 0x10 (byte 0xD0): continuations 1-2, 5-10 and 32-48 fit;
        // lead 0x1F: all; lead 0x03: the last one alone.
        let fits = |code_point: usize| match code_point >> 6 {
            0x10 => [1..=2, 5..=10, 32..=48]
                .iter()
                .any(|stretch| stretch.contains(&(code_point & 0x3F))),
            0x1F => true,
            0x03 => code_point & 0x3F == 0x3F,
            _ => false,
        };
        let ranges = LeadRanges::of(fits, |_| true, |_| false);
        for lead in 0xC0..=0xDF_u8 {
            for continuation in 0x80..=0xBF_u8 {
                let expected = match lead {
                    0xD0 => (0x85..=0x8A).contains(&continuation) || (0xA0..=0xB0).contains(&continuation),
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
        let dense = mixed_text(20_000);
        // Blocks with a few bytes beyond ASCII, which the pass skips.
        let sparse: String = dense
            .chars()
            .take(3000)
            .flat_map(|ch| std::iter::once(ch).chain("abcdefghijklmnopqrstuvw".chars()))
            .collect();
        // The small letters of Cyrillic (а to я), and ѐ to џ; the
        // ideographs U+4E00 to U+9FFF (of which mixed_text has 中).
        // Of the pages, the Devanagari letters (starting words) and vowel
        // signs (not), and hiragana.
        let has = |code_point: usize| {
            [
                0x430..=0x45F,
                0x4E00..=0x9FFF,
                0x915..=0x939,
                0x93E..=0x94C,
                0x3041..=0x3096,
            ]
            .iter()
            .any(|range| range.contains(&code_point))
                || (0x100..0x180).contains(&code_point) && code_point % 2 == 1
        };
        let starts = |code_point: usize| has(code_point) && !(0x93E..=0x94C).contains(&code_point);
        // The virama.
        let marks = |code_point: usize| code_point == 0x94D;
        let ranges = LeadRanges::of(has, starts, marks);
        assert!(ranges.holds(0xD0, 0xB0) && ranges.holds(0xD1, 0x9F) && !ranges.holds(0xD0, 0xAF));
        assert!(ranges.holds(0xE4, 0xB8) && ranges.holds(0xE9, 0xBF) && !ranges.holds(0xE4, 0xB7));
        let (mut pages_fit, mut pages_do_not_start, mut latin_fit, mut marks_sure) = (0, 0, 0, 0);
        let mut sparse_blocks = 0;
        for bytes in [dense.as_bytes(), sparse.as_bytes()] {
            // The characters of the pages, by their code points.
            let on_page = |offset: usize| {
                let at = |offset: usize| bytes.get(offset).copied().unwrap_or(0);
                let (lead, second) = (at(offset), at(offset + 1));
                PAGES.contains(&[lead, second]).then(|| {
                    usize::from(lead & 0x0F) << 12
                        | usize::from(second & 0x3F) << 6
                        | usize::from(at(offset + 2) & 0x3F)
                })
            };
            // The characters of Latin Extended-A, by their code points.
            let latin = |offset: usize| {
                let at = |offset: usize| bytes.get(offset).copied().unwrap_or(0);
                LATIN_EXTENDED_A
                    .contains(&at(offset))
                    .then(|| usize::from(at(offset) & 0x1F) << 6 | usize::from(at(offset + 1) & 0x3F))
            };
            for avx2 in [false, has_avx2()] {
                for base in (0..bytes.len()).step_by(64) {
                    let byte = |offset: usize| bytes.get(base + offset).copied().unwrap_or(0);
                    let mask_of = |test: &dyn Fn(usize) -> bool| {
                        (0..64)
                            .filter(|&offset| test(offset))
                            .fold(0_u64, |mask, offset| mask | 1 << offset)
                    };
                    let continuation = mask_of(&|offset| byte(offset) & 0xC0 == 0x80);
                    let non_ascii = mask_of(&|offset| byte(offset) >= 0x80);
                    let is_sparse = non_ascii.count_ones() <= SPARSE_BYTES;
                    sparse_blocks += usize::from(is_sparse && non_ascii != 0);
                    let in_ranges = |leads: std::ops::Range<u8>| {
                        mask_of(&|offset| leads.contains(&byte(offset)) && ranges.holds(byte(offset), byte(offset + 1)))
                    };
                    let page_fits = mask_of(&|offset| on_page(base + offset).is_some_and(has));
                    let page_does_not_start =
                        mask_of(&|offset| on_page(base + offset).is_some_and(|at| has(at) && !starts(at)));
                    let latin_fits = mask_of(&|offset| latin(base + offset).is_some_and(has));
                    let sure_three_byte = in_ranges(0xE0..0xF0) | page_fits;
                    let marks_after_sure =
                        mask_of(&|offset| on_page(base + offset).is_some_and(marks)) & sure_three_byte << 3;
                    marks_sure += marks_after_sure.count_ones();
                    latin_fit += latin_fits.count_ones();
                    pages_fit += page_fits.count_ones();
                    pages_do_not_start += page_does_not_start.count_ones();
                    let only_avx2 = |mask: u64| if avx2 && !is_sparse { mask } else { 0 };
                    let expected = BlockBytes {
                        continuation,
                        sure_two_byte: only_avx2(in_ranges(0xC0..0xE0) | latin_fits),
                        sure_three_byte: only_avx2(sure_three_byte),
                        sure_not_starting: only_avx2(page_does_not_start),
                        sure_marks: only_avx2(marks_after_sure),
                    };
                    assert_eq!(
                        continuation_and_sure_bytes(bytes, base, non_ascii, &ranges, avx2),
                        expected,
                        "block at {base}, avx2 {avx2}"
                    );
                }
            }
        }
        assert!(sparse_blocks > 100, "{sparse_blocks}");
        assert!(
            pages_fit > 100 && pages_do_not_start > 100 && latin_fit > 100 && marks_sure > 100,
            "{marks_sure}"
        );
    }
}
