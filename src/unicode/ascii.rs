//! The ASCII fast path's classification of a whole text, 64 bytes per mask
//! word.
//!
//! One pass over the text writes a lower-cased copy of it and three bit
//! masks (ASCII letters, ASCII digits, bytes beyond ASCII); the scanner then
//! finds runs of word bytes with bit operations on the masks and looks at no
//! byte twice. On x86-64 each 16 bytes are classified with a few SSE2
//! instructions (part of the x86-64 baseline, so always present); elsewhere
//! eight bytes at a time with integer operations (SWAR).

use crate::unicode::packed;

/// Bytes per mask word.
pub(crate) const BLOCK: usize = 64;

/// Bytes readable from any position of the lower-cased copy (see
/// `ClassifiedText::padded`).
pub(crate) const PADDED_TOKEN_BYTES: usize = 16;

/// Appends a token that `padded` starts with (as the scanner hands them
/// out): one that fits is copied as all of `padded`, a fixed-size move, and
/// the surplus cut off, cheaper than a `memcpy` call of the token's own
/// length.
#[inline]
pub(crate) fn extend_with_padded(out: &mut Vec<u8>, token: &[u8], padded: &[u8; PADDED_TOKEN_BYTES]) {
    if token.len() <= PADDED_TOKEN_BYTES {
        debug_assert_eq!(padded.get(..token.len()), Some(token));
        let end = out.len() + token.len();
        out.extend_from_slice(padded);
        out.truncate(end);
    } else {
        out.extend_from_slice(token);
    }
}

/// Padding after the lower-cased copy, so that a load of
/// `PADDED_TOKEN_BYTES` at any position of the text stays in bounds.
const PADDING: usize = PADDED_TOKEN_BYTES;

/// A text classified for the scanner. Bit `i % 64` of word `i / 64` of each
/// mask describes byte `i`; bits beyond the text are clear in every mask.
/// Reused from text to text, so that its buffers are allocated once.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClassifiedText {
    len: usize,
    /// The text with ASCII capitals lower-cased (and the capitals that
    /// `lower_char` lowered), padded with NUL bytes.
    lowered: Vec<u8>,
    pub(crate) letters: Vec<u64>,
    pub(crate) digits: Vec<u64>,
    pub(crate) non_ascii: Vec<u64>,
}

impl ClassifiedText {
    /// Classifies `text`, replacing whatever text was classified before;
    /// returns whether it is all ASCII.
    pub(crate) fn classify(&mut self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let block_count = bytes.len().div_ceil(BLOCK);
        self.len = bytes.len();
        // Room for every block and the padding. The buffer never shrinks:
        // growing it zeroes the new bytes, which would be wasted, since
        // every byte up to the end of the padding is written below. Bytes
        // beyond the padding may be left from an earlier text: nothing
        // reads them.
        let needed = block_count * BLOCK + PADDING;
        if self.lowered.len() < needed {
            self.lowered.resize(needed, 0);
        }
        for mask in [&mut self.letters, &mut self.digits, &mut self.non_ascii] {
            mask.resize(block_count, 0);
            mask.truncate(block_count);
        }
        let (full_blocks, rest) = bytes.as_chunks::<BLOCK>();
        let (lowered_blocks, _) = self.lowered.as_chunks_mut::<BLOCK>();
        let masks_out = MasksOut {
            letters: &mut self.letters,
            digits: &mut self.digits,
            non_ascii: &mut self.non_ascii,
        };
        classify_blocks(full_blocks, lowered_blocks, masks_out);
        if !rest.is_empty() {
            self.classify_last_block(bytes, rest.len());
        }
        // The padding: one fixed-size store.
        if let Some(padding) = self
            .lowered
            .get_mut(bytes.len()..bytes.len() + PADDING)
            .and_then(|padding| <&mut [u8; PADDING]>::try_from(padding).ok())
        {
            *padding = [0; PADDING];
        }
        self.non_ascii.iter().all(|&word| word == 0)
    }

    /// Classifies the last `rest` bytes of `bytes`, which do not fill a
    /// block. A text of a block or more is read through the window of its
    /// last 64 bytes, which overlaps the block before: the lower-cased
    /// bytes land where they belong (the overlap is written again with the
    /// same bytes) and the masks are shifted down to the block's start. A
    /// shorter text is copied to a block padded with NUL, which is not a
    /// token byte. (Copying the tail of every text that way stalls on the
    /// loads of the copy, and cost more than all the rest of classifying a
    /// short text.)
    fn classify_last_block(&mut self, bytes: &[u8], rest: usize) {
        let (input, output_start, shift) = match bytes.last_chunk::<BLOCK>() {
            Some(window) => (*window, bytes.len() - BLOCK, BLOCK - rest),
            None => (padded_block(bytes), 0, 0),
        };
        let Some(output) = self
            .lowered
            .get_mut(output_start..output_start + BLOCK)
            .and_then(|output| <&mut [u8; BLOCK]>::try_from(output).ok())
        else {
            return;
        };
        let masks = classify_one(&input, output);
        let index = bytes.len() / BLOCK;
        for (mask, value) in [
            (&mut self.letters, masks.letters),
            (&mut self.digits, masks.digits),
            (&mut self.non_ascii, masks.non_ascii),
        ] {
            if let Some(word) = mask.get_mut(index) {
                *word = value >> shift;
            }
        }
    }

    /// The bytes its buffers hold.
    pub(crate) fn capacity(&self) -> usize {
        self.lowered.capacity() + 8 * (self.letters.capacity() + self.digits.capacity() + self.non_ascii.capacity())
    }

    /// How many blocks of 64 bytes the text has.
    pub(crate) fn block_count(&self) -> usize {
        self.letters.len()
    }

    /// The masks of block `index` (none past the last).
    #[inline(always)]
    pub(crate) fn block(&self, index: usize) -> BlockMasks {
        let mask = |masks: &[u64]| masks.get(index).copied().unwrap_or_default();
        BlockMasks {
            letters: mask(&self.letters),
            digits: mask(&self.digits),
            non_ascii: mask(&self.non_ascii),
        }
    }

    /// Marks the bytes before `at` as separators in the masks of its block:
    /// a scan that begins at `at` (from that block on) finds no run before
    /// it, and none that began before it.
    pub(crate) fn forget_before(&mut self, at: usize) {
        let before = (1_u64 << (at % BLOCK)) - 1;
        for masks in [&mut self.letters, &mut self.digits, &mut self.non_ascii] {
            if let Some(mask) = masks.get_mut(at / BLOCK) {
                *mask &= !before;
            }
        }
    }

    /// Puts the two bytes `pair` in the copy at `at`, in place of a
    /// character of two bytes (its lower case, or itself).
    #[inline(always)]
    pub(crate) fn put_pair(&mut self, at: usize, pair: [u8; 2]) {
        if let Some(bytes) = self.lowered.get_mut(at..at + 2) {
            bytes.copy_from_slice(&pair);
        }
    }

    /// Puts `lower` in the copy in place of the character at `at` (a
    /// character boundary), if it is as long in UTF-8; returns whether it
    /// did. A word whose capitals all lower-case this way has its token in
    /// the copy, as an ASCII word has.
    #[inline]
    pub(crate) fn lower_char(&mut self, at: usize, lower: char) -> bool {
        let len = match self.lowered.get(at) {
            Some(0xC0..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF7) => 4,
            _ => return false,
        };
        match self.lowered.get_mut(at..at + len) {
            Some(bytes) if at + len <= self.len && lower.len_utf8() == len => {
                lower.encode_utf8(bytes);
                true
            }
            _ => false,
        }
    }

    /// Bytes `start..end` of the copy (the text with ASCII capitals, and
    /// those `lower_char` took, lower-cased), if both ends are character
    /// boundaries.
    #[inline]
    pub(crate) fn lowered_str(&self, start: usize, end: usize) -> Option<&str> {
        let bytes = self.lowered.get(start..end.min(self.len))?;
        let is_boundary = |at: usize| self.lowered.get(at).is_none_or(|&byte| !is_continuation_byte(byte));
        if end > self.len || !is_boundary(start) || !is_boundary(end) {
            return None;
        }
        // SAFETY: the copy is valid UTF-8: it was made from a str, and
        // lower-casing ASCII letters only swaps ASCII bytes for ASCII bytes,
        // which no multi-byte sequence contains; and `lower_char` replaces
        // the bytes of one whole character (as many as its lead byte says)
        // with those of a character as long. A range of valid UTF-8
        // between character boundaries is valid UTF-8. This saves the loop
        // of `str::from_utf8` on every token.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// The `PADDED_TOKEN_BYTES` bytes of the lower-cased copy from `start`
    /// (a position of the text), padding included.
    #[inline]
    pub(crate) fn padded(&self, start: usize) -> Option<&[u8; PADDED_TOKEN_BYTES]> {
        self.lowered.get(start..start + PADDED_TOKEN_BYTES)?.try_into().ok()
    }

    /// Whether bytes `start..end` are all ASCII digits.
    #[inline]
    pub(crate) fn is_digits(&self, start: usize, end: usize) -> bool {
        all_set(&self.digits, start, end)
    }

    /// The search key of lower-cased bytes `start..end` (see
    /// `packed::search_key`), from one fixed 8-byte load and a mask.
    #[inline]
    pub(crate) fn search_key(&self, start: usize, end: usize) -> u64 {
        // Any position of the text has 8 readable bytes (see `PADDING`);
        // clamping `start` to the last such position lets the compiler see
        // that the load is in bounds, with no check left per token.
        let at = start.min(self.lowered.len().saturating_sub(8));
        let chunk: [u8; 8] = self
            .lowered
            .get(at..at + 8)
            .and_then(|bytes| bytes.try_into().ok())
            .unwrap_or_default();
        packed::search_key(u64::from_le_bytes(chunk), end.wrapping_sub(start))
    }
}

/// `rest` (fewer than `BLOCK` bytes) followed by NUL bytes.
#[inline]
fn padded_block(rest: &[u8]) -> [u8; BLOCK] {
    let mut padded = [0u8; BLOCK];
    if let Some(head) = padded.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    padded
}

/// Whether `byte` continues a multi-byte UTF-8 sequence (0b10xx_xxxx).
#[inline]
fn is_continuation_byte(byte: u8) -> bool {
    (byte as i8) < -0x40
}

/// Whether bits `start..end` of `mask` (one bit per byte, 64 per word) are
/// all set; false for an empty range or one beyond the mask.
#[inline]
fn all_set(mask: &[u64], start: usize, end: usize) -> bool {
    if start >= end {
        return false;
    }
    let (first, last) = (start / BLOCK, (end - 1) / BLOCK);
    // From bit `start % 64` of the first word to bit `(end - 1) % 64` of the
    // last one.
    let head = u64::MAX << (start % BLOCK);
    let tail = u64::MAX >> (BLOCK - 1 - (end - 1) % BLOCK);
    if first == last {
        let wanted = head & tail;
        return mask.get(first).is_some_and(|word| word & wanted == wanted);
    }
    let Some(words) = mask.get(first..=last) else {
        return false;
    };
    words.iter().enumerate().all(|(index, &word)| {
        let wanted = match index {
            0 => head,
            _ if index == words.len() - 1 => tail,
            _ => u64::MAX,
        };
        word & wanted == wanted
    })
}

/// The masks of one block of 64 bytes.
pub(crate) struct BlockMasks {
    pub(crate) letters: u64,
    pub(crate) digits: u64,
    pub(crate) non_ascii: u64,
}

/// Where `classify_blocks` writes the masks, a word per block.
struct MasksOut<'a> {
    letters: &'a mut [u64],
    digits: &'a mut [u64],
    non_ascii: &'a mut [u64],
}

/// Classifies whole blocks, writing the lower-cased copy of each to
/// `lowered` and its masks to `masks`: 32 bytes at a time where the
/// processor has AVX2 (`is_x86_feature_detected` checks once and caches the
/// answer), 16 (SSE2) or 8 (SWAR) otherwise.
fn classify_blocks(blocks: &[[u8; BLOCK]], lowered: &mut [[u8; BLOCK]], masks: MasksOut<'_>) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        unsafe { avx2::classify_blocks(blocks, lowered, masks) };
        return;
    }
    for_each_block(blocks, lowered, masks, classify_one);
}

/// Runs `classify` over the blocks; inlined into each caller, so that the
/// loop is compiled with the caller's target features.
#[inline(always)]
fn for_each_block(
    blocks: &[[u8; BLOCK]],
    lowered: &mut [[u8; BLOCK]],
    masks: MasksOut<'_>,
    mut classify: impl FnMut(&[u8; BLOCK], &mut [u8; BLOCK]) -> BlockMasks,
) {
    let masks_out = masks
        .letters
        .iter_mut()
        .zip(masks.digits.iter_mut())
        .zip(masks.non_ascii.iter_mut());
    for ((block, lowered), ((letters, digits), non_ascii)) in blocks.iter().zip(lowered).zip(masks_out) {
        let masks = classify(block, lowered);
        *letters = masks.letters;
        *digits = masks.digits;
        *non_ascii = masks.non_ascii;
    }
}

/// The blocks classified 32 bytes at a time.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::{
        __m256i, _mm256_add_epi8, _mm256_and_si256, _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_storeu_si256,
    };

    use super::{for_each_block, BlockMasks, MasksOut, BLOCK};

    #[target_feature(enable = "avx2")]
    pub(super) fn classify_blocks(blocks: &[[u8; BLOCK]], lowered: &mut [[u8; BLOCK]], masks: MasksOut<'_>) {
        for_each_block(blocks, lowered, masks, |block, lowered| classify_block(block, lowered));
    }

    /// `super::classify_block`, with the same arithmetic on 32 bytes.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn classify_block(block: &[u8; BLOCK], lowered: &mut [u8; BLOCK]) -> BlockMasks {
        let mut masks = BlockMasks {
            letters: 0,
            digits: 0,
            non_ascii: 0,
        };
        for (index, (input, output)) in block.chunks_exact(32).zip(lowered.chunks_exact_mut(32)).enumerate() {
            // SAFETY: `input` and `output` are slices of exactly 32 bytes
            // (`chunks_exact`), so the unaligned 32-byte load and store
            // touch only their bytes; `loadu`/`storeu` have no alignment
            // requirement.
            let bytes = unsafe { _mm256_loadu_si256(input.as_ptr().cast::<__m256i>()) };
            let folded = _mm256_or_si256(bytes, _mm256_set1_epi8(0x20));
            // a < b as b > a: AVX2 has no signed less-than.
            let letters = _mm256_cmpgt_epi8(_mm256_set1_epi8(-102), _mm256_add_epi8(folded, _mm256_set1_epi8(0x1F)));
            let digits = _mm256_cmpgt_epi8(_mm256_set1_epi8(-118), _mm256_add_epi8(bytes, _mm256_set1_epi8(0x50)));
            let lower = _mm256_or_si256(bytes, _mm256_and_si256(letters, _mm256_set1_epi8(0x20)));
            // SAFETY: as for the load.
            unsafe { _mm256_storeu_si256(output.as_mut_ptr().cast::<__m256i>(), lower) };
            let shift = 32 * index;
            // The casts keep the 32 bits of `movemask`.
            masks.letters |= u64::from(_mm256_movemask_epi8(letters) as u32) << shift;
            masks.digits |= u64::from(_mm256_movemask_epi8(digits) as u32) << shift;
            masks.non_ascii |= u64::from(_mm256_movemask_epi8(bytes) as u32) << shift;
        }
        masks
    }
}

/// `classify_block` for this processor's baseline.
#[inline]
fn classify_one(block: &[u8; BLOCK], lowered: &mut [u8; BLOCK]) -> BlockMasks {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `classify_block` needs SSE2, which every x86-64 processor has
    // (it is part of the architecture's baseline).
    let masks = unsafe { classify_block(block, lowered) };
    #[cfg(not(target_arch = "x86_64"))]
    let masks = classify_block(block, lowered);
    masks
}

/// Classifies 64 bytes and writes them, ASCII capitals lower-cased, to
/// `lowered`.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "sse2")]
fn classify_block(block: &[u8; BLOCK], lowered: &mut [u8; BLOCK]) -> BlockMasks {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_and_si128, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_storeu_si128,
    };
    let mut masks = BlockMasks {
        letters: 0,
        digits: 0,
        non_ascii: 0,
    };
    for (index, (input, output)) in block.chunks_exact(16).zip(lowered.chunks_exact_mut(16)).enumerate() {
        // SAFETY: `input` and `output` are slices of exactly 16 bytes
        // (`chunks_exact`), so the unaligned 16-byte load and store touch
        // only their bytes; `loadu`/`storeu` have no alignment requirement.
        let bytes = unsafe { _mm_loadu_si128(input.as_ptr().cast::<__m128i>()) };
        // Setting bit 5 maps A-Z onto a-z and nothing else onto a-z. Adding
        // 0x80 - 'a' moves a-z to -128..-103 as signed bytes, below
        // everything else (bytes >= 0x80 land on -65..30).
        let folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        let letters = _mm_cmplt_epi8(_mm_add_epi8(folded, _mm_set1_epi8(0x1F)), _mm_set1_epi8(-102));
        // Likewise 0x80 - '0' moves 0-9 to -128..-119.
        let digits = _mm_cmplt_epi8(_mm_add_epi8(bytes, _mm_set1_epi8(0x50)), _mm_set1_epi8(-118));
        let lower = _mm_or_si128(bytes, _mm_and_si128(letters, _mm_set1_epi8(0x20)));
        // SAFETY: as for the load.
        unsafe { _mm_storeu_si128(output.as_mut_ptr().cast::<__m128i>(), lower) };
        let shift = 16 * index;
        // `movemask` gathers the top bit of each byte; the casts keep those
        // 16 bits only.
        masks.letters |= u64::from(_mm_movemask_epi8(letters) as u16) << shift;
        masks.digits |= u64::from(_mm_movemask_epi8(digits) as u16) << shift;
        masks.non_ascii |= u64::from(_mm_movemask_epi8(bytes) as u16) << shift;
    }
    masks
}

/// Classifies 64 bytes and writes them, ASCII capitals lower-cased, to
/// `lowered`: eight bytes at a time in a u64.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn classify_block(block: &[u8; BLOCK], lowered: &mut [u8; BLOCK]) -> BlockMasks {
    let mut masks = BlockMasks {
        letters: 0,
        digits: 0,
        non_ascii: 0,
    };
    for (index, (input, output)) in block.chunks_exact(8).zip(lowered.chunks_exact_mut(8)).enumerate() {
        let chunk = u64::from_le_bytes(input.try_into().unwrap_or_default());
        let (letters, digits, non_ascii) = swar::classify(chunk);
        // Bit 5 set on letters only (the flag moved from bit 7 to bit 5).
        output.copy_from_slice(&(chunk | letters >> 2).to_le_bytes());
        let shift = 8 * index;
        masks.letters |= swar::gather_high_bits(letters) << shift;
        masks.digits |= swar::gather_high_bits(digits) << shift;
        masks.non_ascii |= swar::gather_high_bits(non_ascii) << shift;
    }
    masks
}

/// Eight bytes classified at once in a u64: each function sets the high bit
/// of the bytes it selects.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
mod swar {
    const LANES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x80 * LANES;
    const LOW_SEVEN_BITS: u64 = 0x7F * LANES;

    /// Bytes in `low..=high` (both below 0x80). No addition carries across
    /// bytes: each byte is first cut to 7 bits.
    #[inline]
    fn in_range(chunk: u64, low: u8, high: u8) -> u64 {
        let seven = chunk & LOW_SEVEN_BITS;
        let at_least_low = seven + (0x80 - u64::from(low)) * LANES;
        let above_high = seven + (0x80 - u64::from(high) - 1) * LANES;
        at_least_low & !above_high & !chunk & HIGH_BITS
    }

    /// ASCII letters, ASCII digits and bytes beyond ASCII.
    #[inline]
    pub(super) fn classify(chunk: u64) -> (u64, u64, u64) {
        // Setting bit 5 maps A-Z onto a-z and nothing else onto a-z.
        let letters = in_range(chunk | (0x20 * LANES), b'a', b'z') & !chunk & HIGH_BITS;
        (letters, in_range(chunk, b'0', b'9'), chunk & HIGH_BITS)
    }

    /// The high bits of the eight bytes of `flags` (no other bit may be
    /// set), as the low eight bits of the result, byte i to bit i: one
    /// multiply, with no carries since each product term lands on a bit of
    /// its own.
    #[inline]
    pub(super) fn gather_high_bits(flags: u64) -> u64 {
        ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text with runs of varied lengths of every kind of byte, so that runs
    /// start and end at every position of a block.
    fn mixed_text() -> String {
        let mut text = String::new();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let pick = (state >> 32) as usize % 6;
            let ch = match pick {
                0 => char::from(b'a' + (state % 26) as u8),
                1 => char::from(b'A' + (state % 26) as u8),
                2 => char::from(b'0' + (state % 10) as u8),
                3 => ' ',
                4 => char::from((state >> 8) as u8 & 0x7F),
                _ => ['\u{e9}', '\u{20ac}', '\u{1d400}', '\u{301}', '\u{3b1}'][(state >> 8) as usize % 5],
            };
            text.push(ch);
        }
        text
    }

    fn bit(mask: &[u64], at: usize) -> bool {
        mask[at / BLOCK] >> (at % BLOCK) & 1 == 1
    }

    #[test]
    fn masks_agree_with_bytewise_definitions() {
        let text = mixed_text();
        let mut classified = ClassifiedText::default();
        // Shorter texts after longer ones too: the buffers are reused.
        for len in [0, 1, 63, 64, 65, 1000, text.len(), 1000, 65, 1, 0] {
            let len = (len..=text.len()).find(|&end| text.is_char_boundary(end)).unwrap();
            let text = &text.as_bytes()[..len];
            classified.classify(std::str::from_utf8(text).unwrap());
            assert_eq!(classified.letters.len(), len.div_ceil(BLOCK));
            for at in 0..len.div_ceil(BLOCK) * BLOCK {
                let byte = text.get(at).copied();
                assert_eq!(
                    bit(&classified.letters, at),
                    byte.is_some_and(|b| b.is_ascii_alphabetic())
                );
                assert_eq!(bit(&classified.digits, at), byte.is_some_and(|b| b.is_ascii_digit()));
                assert_eq!(bit(&classified.non_ascii, at), byte.is_some_and(|b| !b.is_ascii()));
                if at < len + PADDING {
                    assert_eq!(classified.lowered[at], byte.unwrap_or(0).to_ascii_lowercase());
                }
            }
        }
    }

    #[test]
    fn every_byte_value_is_classified_like_the_ascii_predicates() {
        // Every byte value that UTF-8 text can hold.
        let text: String = ('\0'..='\u{7ff}')
            .chain(['\u{e000}', '\u{10ffff}', '\u{40000}'])
            .collect();
        let mut classified = ClassifiedText::default();
        classified.classify(&text);
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            assert_eq!(bit(&classified.letters, at), byte.is_ascii_alphabetic(), "{byte:#x}");
            assert_eq!(bit(&classified.digits, at), byte.is_ascii_digit(), "{byte:#x}");
            assert_eq!(bit(&classified.non_ascii, at), !byte.is_ascii(), "{byte:#x}");
        }
        for byte in 0..=255u8 {
            let (letters, digits, non_ascii) = swar::classify(u64::from(byte) * 0x0101_0101_0101_0101);
            let expect = |yes: bool| if yes { 0x8080_8080_8080_8080 } else { 0 };
            assert_eq!(letters, expect(byte.is_ascii_alphabetic()), "{byte:#x}");
            assert_eq!(digits, expect(byte.is_ascii_digit()), "{byte:#x}");
            assert_eq!(non_ascii, expect(!byte.is_ascii()), "{byte:#x}");
        }
    }

    #[test]
    fn every_kernel_classifies_alike() {
        let text = mixed_text();
        let (blocks, _) = text.as_bytes().as_chunks::<BLOCK>();
        type Kernel = dyn Fn(&[[u8; BLOCK]], &mut [[u8; BLOCK]], MasksOut<'_>);
        let classify_with = |kernel: &Kernel| {
            let mut lowered = vec![[0u8; BLOCK]; blocks.len()];
            let mut masks = vec![vec![0u64; blocks.len()]; 3];
            let [letters, digits, non_ascii] = &mut masks[..] else {
                unreachable!()
            };
            kernel(
                blocks,
                &mut lowered,
                MasksOut {
                    letters,
                    digits,
                    non_ascii,
                },
            );
            (lowered, masks)
        };
        // The baseline kernel, block by block, against what this processor
        // runs (AVX2 where it has it).
        let baseline = classify_with(&|blocks, lowered, masks| for_each_block(blocks, lowered, masks, classify_one));
        assert_eq!(classify_with(&classify_blocks), baseline);
        let bytes = blocks.as_flattened();
        let (lowered, masks) = baseline;
        assert_eq!(lowered.as_flattened(), bytes.to_ascii_lowercase());
        for (at, &byte) in bytes.iter().enumerate() {
            assert_eq!(bit(&masks[0], at), byte.is_ascii_alphabetic());
            assert_eq!(bit(&masks[1], at), byte.is_ascii_digit());
            assert_eq!(bit(&masks[2], at), !byte.is_ascii());
        }
    }

    #[test]
    fn padded_blocks_copy_every_length() {
        let bytes: Vec<u8> = (1..=64).collect();
        for len in 0..BLOCK {
            let padded = padded_block(&bytes[..len]);
            assert_eq!(&padded[..len], &bytes[..len]);
            assert!(padded[len..].iter().all(|&byte| byte == 0), "{len}");
        }
    }

    #[test]
    fn gathering_moves_byte_i_to_bit_i() {
        for bits in 0..=255u64 {
            let flags: u64 = (0..8).filter(|i| bits >> i & 1 == 1).map(|i| 0x80u64 << (8 * i)).sum();
            assert_eq!(swar::gather_high_bits(flags), bits);
        }
    }

    #[test]
    fn lowered_slices_end_at_character_boundaries() {
        let mut classified = ClassifiedText::default();
        classified.classify("Ab\u{e9}Cd");
        assert_eq!(classified.lowered_str(0, 2), Some("ab"));
        assert_eq!(classified.lowered_str(0, 4), Some("ab\u{e9}"));
        assert_eq!(classified.lowered_str(0, 6), Some("ab\u{e9}cd"));
        assert_eq!(classified.lowered_str(0, 3), None);
        assert_eq!(classified.lowered_str(3, 6), None);
        assert_eq!(classified.lowered_str(4, 7), None);
    }

    #[test]
    fn ranges_are_checked_across_mask_words() {
        let text: String = mixed_text().chars().filter(char::is_ascii).take(700).collect();
        let text = text.as_bytes();
        let mut classified = ClassifiedText::default();
        classified.classify(std::str::from_utf8(text).unwrap());
        for start in 0..700 {
            for end in start..=(start + 140).min(700) {
                let range = &text[start..end];
                let letters = !range.is_empty() && range.iter().all(u8::is_ascii_alphabetic);
                let digits = !range.is_empty() && range.iter().all(u8::is_ascii_digit);
                assert_eq!(classified.is_digits(start, end), digits, "{start}..{end}");
                if letters || digits {
                    let lowered = String::from_utf8(range.to_ascii_lowercase()).unwrap();
                    assert_eq!(classified.lowered_str(start, end), Some(lowered.as_str()));
                }
                if letters {
                    let lowered = range.to_ascii_lowercase();
                    let key = match lowered.len() {
                        0..=8 => crate::unicode::packed::pack(&lowered).unwrap(),
                        _ => crate::unicode::packed::prefix_key(&lowered),
                    };
                    assert_eq!(classified.search_key(start, end), key, "{start}..{end}");
                }
            }
        }
        assert!(!classified.is_digits(690, 710));
        assert_eq!(classified.lowered_str(699, 701), None);
    }

    #[test]
    fn characters_are_lowered_in_the_copy_only_where_as_long() {
        // Cyrillic and Greek capitals (two bytes, as their lower cases), the
        // capital sharp s (three bytes, its lower case two), the Kelvin sign
        // (three, `k` one), a four-byte capital.
        let text = "\u{416}\u{41e}\u{3a9} \u{1e9e}\u{212a} \u{10400}X";
        let mut classified = ClassifiedText::default();
        classified.classify(text);
        assert!(classified.lower_char(0, '\u{436}'));
        assert!(classified.lower_char(2, '\u{43e}'));
        assert!(classified.lower_char(4, '\u{3c9}'));
        assert_eq!(classified.lowered_str(0, 6), Some("\u{436}\u{43e}\u{3c9}"));
        // Not as long, not at a character's first byte, or past the text.
        assert!(!classified.lower_char(7, '\u{df}'));
        assert!(!classified.lower_char(10, 'k'));
        assert!(!classified.lower_char(1, '\u{436}'));
        assert!(!classified.lower_char(6, '\u{436}'));
        assert!(!classified.lower_char(text.len(), 'x'));
        assert!(classified.lower_char(14, '\u{10428}'));
        assert_eq!(
            classified.lowered_str(0, text.len()),
            Some("\u{436}\u{43e}\u{3c9} \u{1e9e}\u{212a} \u{10428}x")
        );
    }
}
