//! The ASCII fast path's scanning primitives, eight bytes at a time.
//!
//! Each function reads the text as little-endian u64 words and classifies all
//! eight bytes with a few integer operations (SWAR: SIMD within a register),
//! then finishes the last few bytes one at a time. Only ASCII bytes are ever
//! classified as letters or digits; any byte >= 0x80 stops a run, so that the
//! caller can hand the text to the general Unicode path.

const LANES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x80 * LANES;
const LOW_SEVEN_BITS: u64 = 0x7F * LANES;

#[inline]
fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of each byte set where that byte of `chunk` is in `low..=high`
/// (both below 0x80) and is ASCII. No addition carries across bytes: each
/// byte is first cut to 7 bits.
#[inline]
fn in_range(chunk: u64, low: u8, high: u8) -> u64 {
    let seven = chunk & LOW_SEVEN_BITS;
    let at_least_low = seven + (0x80 - u64::from(low)) * LANES;
    let above_high = seven + (0x80 - u64::from(high) - 1) * LANES;
    at_least_low & !above_high & !chunk & HIGH_BITS
}

/// ASCII letters: setting bit 5 maps A-Z onto a-z and nothing else onto a-z.
#[inline]
fn letters(chunk: u64) -> u64 {
    in_range(chunk | (0x20 * LANES), b'a', b'z') & !chunk & HIGH_BITS
}

#[inline]
fn digits(chunk: u64) -> u64 {
    in_range(chunk, b'0', b'9')
}

/// The bytes before the first flagged one (a flag is a byte's high bit).
#[inline]
fn leading_unflagged(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

/// Mask of the first `count` (< 8) bytes.
#[inline]
fn first_bytes(count: usize) -> u64 {
    (1u64 << (8 * count)) - 1
}

/// The end of the run of ASCII letters starting at `at`, and whether the run
/// has capitals.
#[inline]
pub(crate) fn letter_run_end(bytes: &[u8], mut at: usize) -> (usize, bool) {
    let mut capitals = 0u64;
    while let Some(chunk) = load(bytes, at) {
        let letter_flags = letters(chunk);
        // Bit 5 clear (moved to bit 7 by the shift) marks a capital letter.
        let capital_flags = letter_flags & !(chunk << 2);
        let others = !letter_flags & HIGH_BITS;
        if others == 0 {
            capitals |= capital_flags;
            at += 8;
            continue;
        }
        let run = leading_unflagged(others);
        capitals |= capital_flags & first_bytes(run);
        return (at + run, capitals != 0);
    }
    let mut has_capitals = capitals != 0;
    while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
        has_capitals |= bytes[at].is_ascii_uppercase();
        at += 1;
    }
    (at, has_capitals)
}

/// The end of the run of ASCII digits starting at `at`.
#[inline]
pub(crate) fn digit_run_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = load(bytes, at) {
        let others = !digits(chunk) & HIGH_BITS;
        if others != 0 {
            return at + leading_unflagged(others);
        }
        at += 8;
    }
    while at < bytes.len() && bytes[at].is_ascii_digit() {
        at += 1;
    }
    at
}

/// The high bits of the eight bytes of `flags` (no other bit may be set), as
/// the low eight bits of the result, byte i to bit i: one multiply, with no
/// carries since each product term lands on a bit of its own.
#[inline]
fn gather_high_bits(flags: u64) -> u64 {
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Up to 64 bytes of text classified at once: bit i of each mask describes
/// byte `start + i`. Bits at and beyond `len` are clear in every mask.
pub(crate) struct Block {
    pub(crate) len: usize,
    /// The block's bytes with ASCII capitals lower-cased, and 8 bytes of
    /// padding so that an 8-byte load at any position stays in bounds.
    pub(crate) lowered: [u8; Block::SIZE + 8],
    pub(crate) letters: u64,
    pub(crate) digits: u64,
    pub(crate) non_ascii: u64,
}

impl Block {
    pub(crate) const SIZE: usize = 64;

    // Inlined into the scanner, so that the block is built in place rather
    // than returned by copy.
    #[inline(always)]
    pub(crate) fn classify(bytes: &[u8], start: usize) -> Block {
        let rest = &bytes[start..];
        if let Some(full) = rest.first_chunk::<{ Block::SIZE }>() {
            return Block::classify_full(full, Block::SIZE);
        }
        // The text's last bytes, padded with NUL, which is a separator.
        let mut padded = [0u8; Block::SIZE];
        padded[..rest.len()].copy_from_slice(rest);
        Block::classify_full(&padded, rest.len())
    }

    /// Bytes `first..end` (within the block), lower-cased, as a str, if they
    /// are all ASCII letters or digits.
    ///
    /// `str::from_utf8` on such short slices is a call that cost a fifth of
    /// the scanner's time; the masks already prove what it would check.
    #[inline]
    pub(crate) fn lowered_str(&self, first: usize, end: usize) -> Option<&str> {
        let span = end.checked_sub(first).filter(|&span| span > 0 && end <= self.len)?;
        let wanted = u64::MAX >> (64 - span);
        if ((self.letters | self.digits) >> first) & wanted != wanted {
            return None;
        }
        // SAFETY: every byte in the range is an ASCII letter or digit (the
        // masks say so), lower-cased letters are ASCII letters, and ASCII is
        // valid UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(&self.lowered[first..end]) })
    }

    /// The packed key (see `packed::pack`) of lower-cased bytes
    /// `first..end`, for 1 to 8 bytes: one fixed 8-byte load and a mask,
    /// where `pack` branches on the length.
    #[inline]
    pub(crate) fn lowered_key(&self, first: usize, end: usize) -> Option<u64> {
        let len = end.checked_sub(first).filter(|len| (1..=8).contains(len))?;
        let chunk: [u8; 8] = self.lowered.get(first..first + 8)?.try_into().ok()?;
        let bytes = u64::from_le_bytes(chunk) & (u64::MAX >> (64 - 8 * len));
        // Words of up to 7 bytes carry their length in the last byte.
        Some(bytes | ((len as u64) & 7) << 56)
    }

    #[inline(always)]
    fn classify_full(bytes: &[u8; Block::SIZE], len: usize) -> Block {
        let mut block = Block {
            len,
            lowered: [0; Block::SIZE + 8],
            letters: 0,
            digits: 0,
            non_ascii: 0,
        };
        for (index, (chunk, lowered)) in bytes.chunks_exact(8).zip(block.lowered.chunks_exact_mut(8)).enumerate() {
            let chunk = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let letter_flags = letters(chunk);
            // Bit 5 set on letters only (the flag moved from bit 7 to bit 5).
            lowered.copy_from_slice(&(chunk | letter_flags >> 2).to_le_bytes());
            let shift = 8 * index;
            block.letters |= gather_high_bits(letter_flags) << shift;
            block.digits |= gather_high_bits(digits(chunk)) << shift;
            block.non_ascii |= gather_high_bits(chunk & HIGH_BITS) << shift;
        }
        block
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_bytes_text() -> Vec<u8> {
        // Every byte value, in runs of varied lengths, so that runs start and
        // end at every position of a chunk.
        let mut text = Vec::new();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let pick = (state >> 32) as usize % 6;
            let byte = match pick {
                0 => b'a' + (state % 26) as u8,
                1 => b'A' + (state % 26) as u8,
                2 => b'0' + (state % 10) as u8,
                3 => b' ',
                _ => (state >> 8) as u8,
            };
            text.push(byte);
        }
        text
    }

    #[test]
    fn swar_runs_agree_with_bytewise_definitions() {
        let text = all_bytes_text();
        for at in 0..text.len() {
            let letters_end = (at..text.len())
                .find(|&i| !text[i].is_ascii_alphabetic())
                .unwrap_or(text.len());
            let capitals = text[at..letters_end].iter().any(u8::is_ascii_uppercase);
            assert_eq!(letter_run_end(&text, at), (letters_end, capitals), "at {at}");
            let digits_end = (at..text.len())
                .find(|&i| !text[i].is_ascii_digit())
                .unwrap_or(text.len());
            assert_eq!(digit_run_end(&text, at), digits_end, "at {at}");
        }
    }

    #[test]
    fn gathering_moves_byte_i_to_bit_i() {
        for bits in 0..=255u64 {
            let flags: u64 = (0..8).filter(|i| bits >> i & 1 == 1).map(|i| 0x80u64 << (8 * i)).sum();
            assert_eq!(gather_high_bits(flags), bits);
        }
    }

    #[test]
    fn blocks_agree_with_bytewise_definitions() {
        let text = all_bytes_text();
        for start in (0..text.len()).step_by(13) {
            let block = Block::classify(&text, start);
            assert_eq!(block.len, (text.len() - start).min(Block::SIZE));
            for bit in 0..Block::SIZE {
                let byte = text.get(start + bit).copied().filter(|_| bit < block.len);
                let flag = |mask: u64| mask >> bit & 1 == 1;
                assert_eq!(flag(block.letters), byte.is_some_and(|b| b.is_ascii_alphabetic()));
                assert_eq!(flag(block.digits), byte.is_some_and(|b| b.is_ascii_digit()));
                assert_eq!(flag(block.non_ascii), byte.is_some_and(|b| !b.is_ascii()));
                if let Some(byte) = byte {
                    assert_eq!(block.lowered[bit], byte.to_ascii_lowercase());
                    let alphanumeric = byte.is_ascii_alphanumeric();
                    assert_eq!(block.lowered_str(bit, bit + 1).is_some(), alphanumeric);
                }
            }
        }
    }

    #[test]
    fn lowered_keys_equal_packed_keys() {
        let text = all_bytes_text();
        for start in (0..text.len() - 80).step_by(29) {
            let block = Block::classify(&text, start);
            for first in 0..Block::SIZE {
                for end in first + 1..=(first + 8).min(Block::SIZE) {
                    let lowered: Vec<u8> = text[start + first..start + end].to_ascii_lowercase();
                    assert_eq!(block.lowered_key(first, end), crate::packed::pack(&lowered));
                }
            }
        }
    }

    #[test]
    fn lowered_str_refuses_ranges_it_cannot_vouch_for() {
        let block = Block::classify(b"Ab1 cD\xc3\xa9", 0);
        assert_eq!(block.lowered_str(0, 3), Some("ab1"));
        assert_eq!(block.lowered_str(4, 6), Some("cd"));
        assert_eq!(block.lowered_str(2, 4), None);
        assert_eq!(block.lowered_str(4, 7), None);
        assert_eq!(block.lowered_str(3, 3), None);
        assert_eq!(block.lowered_str(0, 65), None);
    }

    #[test]
    fn every_byte_value_is_classified_like_the_ascii_predicates() {
        for byte in 0..=255u8 {
            let chunk = u64::from(byte) * LANES;
            let expect = |yes: bool| if yes { HIGH_BITS } else { 0 };
            assert_eq!(letters(chunk), expect(byte.is_ascii_alphabetic()), "{byte:#x}");
            assert_eq!(digits(chunk), expect(byte.is_ascii_digit()), "{byte:#x}");
        }
    }
}
