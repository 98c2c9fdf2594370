//! Which characters of the BMP fit a scan's flags (`scan_flags`), as bits
//! looked up by the bytes of a character: for `UnchangedChars`, made once
//! for each choice of flags a process uses.

use std::sync::OnceLock;

use super::sure_chars::LeadRanges;
use crate::unicode::unicode_data::{tables, BmpChar, CharClass, QuickCheck};

/// The bits of 64 characters of the BMP, from a multiple of 64 on: bit
/// `code_point & 0x3F` of each word. For a character of two bytes in UTF-8
/// (U+0080 to U+07FF: Latin-1 and Latin Extended, Greek, Cyrillic,
/// Armenian, Hebrew, Arabic) that is the entry `lead & 0x1F`, bit
/// `continuation & 0x3F`; for one of three (Indic scripts, kana, Han) the
/// entry takes the bits of all three bytes. A test of the bytes, with no
/// `BmpChar` to load; and the four words of a character share one load of
/// 32 bytes, so that the 32 KiB of them stay in the cache where the
/// `BmpChar`s of the ideographs (256 KiB) do not.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
pub(super) struct CharBits {
    /// The characters with the flags (`BmpChar::has`).
    pub(super) has: u64,
    /// Those that start a word with them (`BmpChar::starts_word`).
    pub(super) starts: u64,
    /// The separators that are nothing else (class `Other`, lower-cased
    /// too) and, while the text is unchecked, starters: a run of token
    /// bytes ends before one and begins after it, as at a space.
    pub(super) separates: u64,
    /// While the text is unchecked: the marks with the flags but the
    /// starter's that are normal after a starter (quick check Yes, class
    /// above 0: they neither compose with it nor move before it), such as
    /// the Devanagari virama and the Arabic shadda.
    pub(super) marks_after_starter: u64,
}

/// The bit of `word` for a code point whose last six bits are `shift`.
#[inline(always)]
pub(super) fn bit(word: u64, shift: u32) -> u64 {
    word >> shift & 1
}

/// The characters that fit one choice of flags (`scan_flags`).
pub(super) struct FitMasks {
    chars: [CharBits; 1024],
    /// The capitals of two bytes with the flags but `OWN_LOWER` whose lower
    /// case is a character of two bytes, and those of them that start a
    /// word: lower-cased in the copy, they are unchanged ones. An entry for
    /// each lead byte (`lead & 0x1F`).
    pub(super) lowered: [(u64, u64); 32],
    /// Where most of the characters of two bytes that have the flags and
    /// start words are, for `sure_chars`.
    pub(super) lead_ranges: LeadRanges,
}

impl FitMasks {
    fn of(flags: u32) -> Self {
        let t = tables();
        let bmp = t.bmp_chars();
        let lowered_flags = flags & !BmpChar::OWN_LOWER;
        let starter = flags & (BmpChar::starter_flag(false) | BmpChar::starter_flag(true));
        let compatibility = starter == BmpChar::starter_flag(true);
        let mut chars = [CharBits::default(); 1024];
        let mut lowered = [(0, 0); 32];
        for (code_point, &info) in bmp.iter().enumerate().skip(0x80) {
            let shift = code_point & 0x3F;
            let lowered_class = info.lowered().map_or(CharClass::Other, |(_, class)| class);
            let separates = info.class() == CharClass::Other && lowered_class == CharClass::Other;
            let normal_after_starter = char::from_u32(code_point as u32)
                .is_some_and(|ch| t.combining_class(ch) > 0 && t.quick_check(ch, compatibility) == QuickCheck::Yes);
            if let Some(bits) = chars.get_mut(code_point >> 6) {
                bits.has |= u64::from(info.has(flags)) << shift;
                bits.starts |= u64::from(info.starts_word(flags)) << shift;
                bits.separates |= u64::from(separates && info.has(starter)) << shift;
                let mark_after_starter = starter != 0 && info.has(flags & !starter) && normal_after_starter;
                bits.marks_after_starter |= u64::from(mark_after_starter) << shift;
            }
            let lowers_to_two_bytes = info.lowered().is_some_and(|(lower, _)| lower.len_utf8() == 2);
            if code_point < 0x800 && lowers_to_two_bytes && !info.has(flags) {
                if let Some((has, starts)) = lowered.get_mut(code_point >> 6) {
                    *has |= u64::from(info.has(lowered_flags)) << shift;
                    *starts |= u64::from(info.starts_word(lowered_flags)) << shift;
                }
            }
        }
        let bit_at = |code_point: usize, field: fn(&CharBits) -> u64| {
            let (bits, shift) = bits_at(&chars, code_point);
            bit(field(&bits), shift) != 0
        };
        let lead_ranges = LeadRanges::of(
            |code_point| bit_at(code_point, |bits| bits.has),
            |code_point| bit_at(code_point, |bits| bits.starts),
            |code_point| bit_at(code_point, |bits| bits.marks_after_starter),
        );
        FitMasks {
            chars,
            lowered,
            lead_ranges,
        }
    }

    /// The bits of the 64 characters around `code_point` (a character of
    /// the BMP; none past it), and its place among them.
    #[inline(always)]
    pub(super) fn at(&self, code_point: usize) -> (CharBits, u32) {
        bits_at(&self.chars, code_point)
    }
}

/// `FitMasks::at` of the entries `chars`.
#[inline(always)]
fn bits_at(chars: &[CharBits], code_point: usize) -> (CharBits, u32) {
    let bits = chars.get(code_point >> 6).copied().unwrap_or_default();
    (bits, (code_point & 0x3F) as u32)
}

/// The UTF-8 bytes of the lower case of each character of two bytes that
/// lower-cases to one (see `BmpChar::lowered`), and of each other one its
/// own: an entry for every code point below U+0800.
pub(super) fn two_byte_lower() -> &'static [[u8; 2]; 0x800] {
    static LOWER: OnceLock<[[u8; 2]; 0x800]> = OnceLock::new();
    LOWER.get_or_init(|| {
        let bmp = tables().bmp_chars();
        let mut lower = [[0; 2]; 0x800];
        for (code_point, entry) in lower.iter_mut().enumerate().skip(0x80) {
            let own = char::from_u32(code_point as u32).unwrap_or_default();
            let info = bmp.get(code_point).copied().unwrap_or_default();
            let ch = info.lowered().map_or(own, |(lower, _)| lower);
            let ch = if ch.len_utf8() == 2 { ch } else { own };
            ch.encode_utf8(entry);
        }
        lower
    })
}

/// The flags a scan asks of a character: `in_word` (the `_IN_WORD` flag,
/// with `OWN_LOWER` where characters must be their own lower case) and
/// `starter` (while the text is unchecked, the starter flag of its form),
/// and the place of that choice among the `FLAG_SETS` (`fit_masks`).
pub(super) fn scan_flags(lower_only: bool, ideographs_are_letters: bool, unchecked: Option<bool>) -> (u32, u32, usize) {
    let own_lower = if lower_only { BmpChar::OWN_LOWER } else { 0 };
    let in_word = BmpChar::in_word_flag(lower_only, ideographs_are_letters) | own_lower;
    let (starter, starter_index) = match unchecked {
        None => (0, 0),
        Some(compatibility) => (BmpChar::starter_flag(compatibility), 1 + usize::from(compatibility)),
    };
    let index = usize::from(lower_only) * 6 + usize::from(ideographs_are_letters) * 3 + starter_index;
    (in_word, starter, index)
}

/// How many choices `scan_flags` has.
pub(super) const FLAG_SETS: usize = 12;

/// The `FitMasks` of `in_word | starter`, the `scan_flags` choice `index`:
/// made on first use (33 KiB each; a process uses one or two).
pub(super) fn fit_masks(flags: u32, index: usize) -> &'static FitMasks {
    static MASKS: [OnceLock<FitMasks>; FLAG_SETS] = [const { OnceLock::new() }; FLAG_SETS];
    static NONE: OnceLock<FitMasks> = OnceLock::new();
    // `scan_flags` gives an index below FLAG_SETS.
    MASKS.get(index).unwrap_or(&NONE).get_or_init(|| FitMasks::of(flags))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every choice of `scan_flags`: `in_word | starter` and its place.
    fn flag_sets() -> Vec<(u32, usize)> {
        let mut sets = Vec::new();
        for lower_only in [false, true] {
            for ideographs_are_letters in [false, true] {
                for unchecked in [None, Some(false), Some(true)] {
                    let (in_word, starter, index) = scan_flags(lower_only, ideographs_are_letters, unchecked);
                    sets.push((in_word | starter, index));
                }
            }
        }
        sets
    }

    #[test]
    fn fit_masks_agree_with_the_tables() {
        let t = tables();
        let bmp = t.bmp_chars();
        let mut indexes = Vec::new();
        for (flags, index) in flag_sets() {
            indexes.push(index);
            let masks = fit_masks(flags, index);
            let starter = flags & (BmpChar::starter_flag(false) | BmpChar::starter_flag(true));
            for (code_point, &info) in bmp.iter().enumerate().skip(0x80) {
                let (bits, shift) = masks.at(code_point);
                let bit = |word: u64| bit(word, shift) != 0;
                let context = format!("{code_point:#x} {flags:#x}");
                assert_eq!(bit(bits.has), info.has(flags), "{context}");
                assert_eq!(bit(bits.starts), info.starts_word(flags), "{context}");
                let other = |class: CharClass| class == CharClass::Other;
                let separates = other(info.class()) && info.lowered().is_none_or(|(_, class)| other(class));
                assert_eq!(bit(bits.separates), separates && info.has(starter), "{context}");
                let mark = char::from_u32(code_point as u32).is_some_and(|ch| {
                    let compatibility = starter == BmpChar::starter_flag(true);
                    starter != 0
                        && info.has(flags & !starter)
                        && t.combining_class(ch) > 0
                        && t.quick_check(ch, compatibility) == QuickCheck::Yes
                });
                assert_eq!(bit(bits.marks_after_starter), mark, "{context}");
                if code_point < 0x800 {
                    let (lowered_has, lowered_starts) = masks.lowered[code_point >> 6];
                    let lowers_to_two_bytes = info.lowered().is_some_and(|(lower, _)| lower.len_utf8() == 2);
                    let lowered = !info.has(flags) && lowers_to_two_bytes;
                    let lowered_flags = flags & !BmpChar::OWN_LOWER;
                    assert_eq!(bit(lowered_has), lowered && info.has(lowered_flags), "{context}");
                    assert_eq!(
                        bit(lowered_starts),
                        lowered && info.starts_word(lowered_flags),
                        "{context}"
                    );
                }
            }
        }
        // Each choice has a place of its own.
        indexes.sort_unstable();
        assert_eq!(indexes, (0..FLAG_SETS).collect::<Vec<_>>());
        // Checked with the tables, not against them: the ideographic full
        // stop separates, the virama is a mark normal after a starter, the
        // nukta (which composes) is not.
        let (in_word, starter, index) = scan_flags(true, true, Some(false));
        let masks = fit_masks(in_word | starter, index);
        let bit_at = |code_point: usize, field: fn(CharBits) -> u64| {
            let (bits, shift) = masks.at(code_point);
            bit(field(bits), shift) != 0
        };
        assert!(bit_at(0x3002, |bits| bits.separates));
        assert!(bit_at(0x94D, |bits| bits.marks_after_starter));
        assert!(!bit_at(0x93C, |bits| bits.marks_after_starter));
        assert!(bit_at(0x4E2D, |bits| bits.has & bits.starts));
        // `sure_chars` looks for these marks on Devanagari's pages alone:
        // the kana's pages have none, in either form.
        for compatibility in [false, true] {
            let (in_word, starter, index) = scan_flags(true, true, Some(compatibility));
            let masks = fit_masks(in_word | starter, index);
            assert!((0x3040..0x30C0).all(|code_point| {
                let (bits, shift) = masks.at(code_point);
                bit(bits.marks_after_starter, shift) == 0
            }));
        }
    }

    #[test]
    fn the_lower_cases_of_two_bytes_are_those_of_the_tables() {
        let bmp = tables().bmp_chars();
        let lower = two_byte_lower();
        for code_point in 0x80..0x800_u32 {
            let own = char::from_u32(code_point).unwrap();
            let expected = match bmp[code_point as usize].lowered() {
                Some((lower, _)) if lower.len_utf8() == 2 => lower,
                _ => own,
            };
            let entry = lower[code_point as usize];
            assert_eq!(std::str::from_utf8(&entry).unwrap(), expected.to_string(), "{own:?}");
        }
        // Capital zhe, capital sigma (whose lower case depends on what
        // follows), capital I with dot (whose lower case is two characters).
        assert_eq!(lower[0x416], *"\u{436}".as_bytes());
        assert_eq!(lower[0x3A3], *"\u{3a3}".as_bytes());
        assert_eq!(lower[0x130], *"\u{130}".as_bytes());
    }
}
