//! Walking a `str` by code point without `chars()`' checks: the hot loops
//! skip ASCII eight bytes at a time and decode the rest by lead byte.

/// The code point that starts at byte `at` of `text` (a char boundary), and
/// its length in bytes. `text` is a `str`, so the bytes are valid UTF-8 and
/// the lead byte gives the length; a byte past the end (which a `str` never
/// has) reads as 0.
#[inline(always)]
pub(crate) fn code_point_at(text: &[u8], at: usize) -> (u32, usize) {
    let byte = |i: usize| u32::from(text.get(at + i).copied().unwrap_or(0));
    let lead = byte(0);
    if lead < 0x80 {
        (lead, 1)
    } else if lead < 0xE0 {
        ((lead & 0x1F) << 6 | (byte(1) & 0x3F), 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F), 3)
    } else {
        (
            (lead & 0x07) << 18 | (byte(1) & 0x3F) << 12 | (byte(2) & 0x3F) << 6 | (byte(3) & 0x3F),
            4,
        )
    }
}

/// The first byte at or after `at` that is not ASCII, or `text.len()`.
#[inline]
pub(crate) fn skip_ascii(text: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = text.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let high = word & 0x8080_8080_8080_8080;
        if high != 0 {
            return at + (high.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while text.get(at).is_some_and(u8::is_ascii) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_length_as_chars_does() {
        let text = "a\u{E9}\u{416}\u{4E2D}\u{1F600}\u{10FFFF}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}z";
        let mut at = 0;
        for ch in text.chars() {
            assert_eq!(code_point_at(text.as_bytes(), at), (ch as u32, ch.len_utf8()));
            at += ch.len_utf8();
        }
    }

    #[test]
    fn skips_to_the_first_byte_beyond_ascii() {
        for prefix in 0..20 {
            let text = "x".repeat(prefix) + "\u{E9}yz";
            assert_eq!(skip_ascii(text.as_bytes(), 0), prefix);
            assert_eq!(skip_ascii("x".repeat(prefix).as_bytes(), 0), prefix);
        }
    }
}
