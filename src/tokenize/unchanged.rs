//! Characters beyond ASCII that the rules leave as they are: a letter or
//! mark of any script that continues a word, is lower case already (or
//! tokens keep their case) and is normal whatever surrounds it. A run of
//! token bytes made of these and ASCII letters, the first a letter, is one
//! token whose bytes are the classified text's, as a run of ASCII letters
//! is: the block scan keeps it with the ASCII tokens rather than handing it
//! to the general path. So is a word with capitals when tokens are
//! lower-cased, if each capital's lower case is as long in UTF-8 (nearly
//! all of Latin, Greek and Cyrillic): `unchanged_word` writes it over the
//! capital in the classified copy.
//!
//! Two ways in. `UnchangedChars::block` classifies the characters of a
//! whole 64-byte block at once, so that the block scan takes a run without
//! a changed character as it takes a run of ASCII letters (one loop a
//! block, not one a word). It serves where token lengths are not read, and
//! blocks with few bytes beyond ASCII (Latin scripts): in denser ones a
//! loop over every character of the block costs more than it saves.
//! `Scanner::unchanged_word` (in `general.rs`) checks one run, counting its
//! characters: every other run beyond ASCII.

use std::sync::OnceLock;

use super::sure_chars::{continuation_and_sure_bytes, has_avx2, LeadRanges};
use crate::options::{CjkTokens, TokenizerOptions};
use crate::unicode::ascii::ClassifiedText;
use crate::unicode::normalize::NormalizationForm;
use crate::unicode::unicode_data::{tables, BmpChar, BmpChars, CharClass};

/// What a character must be to be unchanged under one scan's options.
#[derive(Clone, Copy)]
pub(super) struct UnchangedChars {
    /// The flags every unchanged character has: the scan's `_IN_WORD`
    /// flag, and `OWN_LOWER` where it must be its own lower case (when
    /// tokens are lower-cased, and when stopwords are matched without case:
    /// the match reads the classified bytes, where only ASCII is
    /// lower-cased).
    pub(super) in_word: u32,
    /// The starter flag while the text is unchecked (else 0): a character
    /// that is not one is normal only by what surrounds it.
    pub(super) starter: u32,
    /// Whether tokens are lower-cased: then a word with capitals whose
    /// lower case is as long in UTF-8 is lower-cased in the classified
    /// copy and taken as unchanged ones are (see `Scanner::unchanged_word`).
    pub(super) lowers_capitals: bool,
    bmp: &'static BmpChars,
    /// The characters of the BMP with `in_word | starter`, one bit each.
    fits: &'static FitMasks,
    /// Whether the processor has AVX2, for `sure_chars`.
    avx2: bool,
}

/// One bit for each character of the BMP: whether it has some flags.
/// Word `code_point >> 6`, bit `code_point & 0x3F`: for a character of two
/// bytes in UTF-8 (U+0080 to U+07FF: Latin-1 and Latin Extended, Greek,
/// Cyrillic, Armenian, Hebrew, Arabic) that is word `lead & 0x1F`, bit
/// `continuation & 0x3F`; for one of three (Indic scripts, kana, Han) it
/// takes the bits of all three bytes. A test of the bytes, with no
/// `BmpChar` to load: 8 KiB that stay in the cache where the `BmpChar`s of
/// the ideographs (256 KiB) do not.
type BmpBits = [u64; 1024];

/// One bit for each character of two bytes in UTF-8 (see `BmpBits`).
type TwoByteBits = [u64; 32];

/// The characters that fit one choice of flags (`scan_flags`).
struct FitMasks {
    /// Those with the flags (`BmpChar::has`).
    has: BmpBits,
    /// Those that start a word with them (`BmpChar::starts_word`).
    starts: BmpBits,
    /// The capitals of two bytes with the flags but `OWN_LOWER` whose lower
    /// case is a character of two bytes, and those of them that start a
    /// word: lower-cased in the copy, they are unchanged ones.
    lowered_has: TwoByteBits,
    lowered_starts: TwoByteBits,
    /// Where most of the characters of two bytes that have the flags and
    /// start words are, for `sure_chars`.
    lead_ranges: LeadRanges,
    /// The separators that are nothing else (class `Other`, lower-cased
    /// too) and, while the text is unchecked, starters: a run of token
    /// bytes ends before one and begins after it, as at a space.
    separates: BmpBits,
}

impl FitMasks {
    fn of(flags: u32) -> Self {
        let bmp = tables().bmp_chars();
        let lowered_flags = flags & !BmpChar::OWN_LOWER;
        let mut masks = FitMasks {
            has: [0; 1024],
            starts: [0; 1024],
            lowered_has: [0; 32],
            lowered_starts: [0; 32],
            lead_ranges: LeadRanges::of(|_| false),
            separates: [0; 1024],
        };
        let starter = flags & (BmpChar::starter_flag(false) | BmpChar::starter_flag(true));
        let set = |bits: &mut [u64], code_point: usize, on: bool| {
            if let Some(word) = bits.get_mut(code_point >> 6) {
                *word |= u64::from(on) << (code_point & 0x3F);
            }
        };
        for (code_point, &info) in bmp.iter().enumerate().skip(0x80) {
            set(&mut masks.has, code_point, info.has(flags));
            set(&mut masks.starts, code_point, info.starts_word(flags));
            let lowered_class = info.lowered().map_or(CharClass::Other, |(_, class)| class);
            let separates = info.class() == CharClass::Other && lowered_class == CharClass::Other;
            set(&mut masks.separates, code_point, separates && info.has(starter));
            let lowers_to_two_bytes = info.lowered().is_some_and(|(lower, _)| lower.len_utf8() == 2);
            if code_point < 0x800 && lowers_to_two_bytes && !info.has(flags) {
                set(&mut masks.lowered_has, code_point, info.has(lowered_flags));
                set(&mut masks.lowered_starts, code_point, info.starts_word(lowered_flags));
            }
        }
        masks.lead_ranges =
            LeadRanges::of(|code_point| bit_of(&masks.has, code_point) & bit_of(&masks.starts, code_point) != 0);
        masks
    }
}

/// The bit of `bits` for `code_point` (none past their end).
#[inline(always)]
fn bit_of(bits: &[u64], code_point: usize) -> u64 {
    bits.get(code_point >> 6).copied().unwrap_or_default() >> (code_point & 0x3F) & 1
}

/// The UTF-8 bytes of the lower case of each character of two bytes that
/// lower-cases to one (see `BmpChar::lowered`), and of each other one its
/// own: an entry for every code point below U+0800.
fn two_byte_lower() -> &'static [[u8; 2]; 0x800] {
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
fn scan_flags(lower_only: bool, ideographs_are_letters: bool, unchecked: Option<bool>) -> (u32, u32, usize) {
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
const FLAG_SETS: usize = 12;

/// The `FitMasks` of `in_word | starter`, the `scan_flags` choice `index`:
/// made on first use (16 KiB each; a process uses one or two).
fn fit_masks(flags: u32, index: usize) -> &'static FitMasks {
    static MASKS: [OnceLock<FitMasks>; FLAG_SETS] = [const { OnceLock::new() }; FLAG_SETS];
    static NONE: OnceLock<FitMasks> = OnceLock::new();
    // `scan_flags` gives an index below FLAG_SETS.
    MASKS.get(index).unwrap_or(&NONE).get_or_init(|| FitMasks::of(flags))
}

impl UnchangedChars {
    pub(super) fn of(options: &TokenizerOptions, has_stopwords: bool, unchecked: Option<NormalizationForm>) -> Self {
        let lower_only = options.lowercase || (has_stopwords && !options.case_sensitive);
        let (in_word, starter, index) = scan_flags(
            lower_only,
            options.cjk == CjkTokens::Words,
            unchecked.map(NormalizationForm::is_compatibility),
        );
        UnchangedChars {
            in_word,
            starter,
            lowers_capitals: options.lowercase,
            bmp: tables().bmp_chars(),
            fits: fit_masks(in_word | starter, index),
            avx2: has_avx2(),
        }
    }

    /// Whether the two-byte character `lead`, `continuation` has `in_word
    /// | starter` (`BmpChar::has`), or if `first`, starts a word with them
    /// (`BmpChar::starts_word`): without the `BmpChar`.
    #[inline(always)]
    pub(super) fn two_byte_fits(self, lead: u8, continuation: u8, first: bool) -> bool {
        let bits = if first { &self.fits.starts } else { &self.fits.has };
        bit_of(bits, usize::from(lead & 0x1F) << 6 | usize::from(continuation & 0x3F)) != 0
    }

    /// The `BmpChar` of a code point of the BMP.
    #[inline(always)]
    pub(super) fn bmp_char_at(self, code_point: u16) -> BmpChar {
        // In bounds: the array has an entry for every u16.
        self.bmp.get(usize::from(code_point)).copied().unwrap_or_default()
    }

    /// The characters beyond ASCII of the 64-byte block at `base`
    /// (`non_ascii`: its bytes beyond ASCII), as masks of their first
    /// bytes, and the bytes of its separators (see `FitMasks`); the
    /// capitals among them that are lower-cased in the copy (see
    /// `FitMasks`) are. A run of token bytes holds a character that is not
    /// unchanged if and only if it holds its first byte, so only those
    /// matter; and the first bytes are found from the bytes alone, so that
    /// the loads of one character's bits do not wait on the character
    /// before.
    #[inline(never)]
    pub(super) fn block(
        self,
        text: &[u8],
        classified: &mut ClassifiedText,
        base: usize,
        non_ascii: u64,
    ) -> UnchangedBytes {
        let fits = self.fits;
        let lower = two_byte_lower();
        let mut changed = 0;
        let mut cannot_start = 0;
        // The first bytes of separators of two bytes and of three.
        let (mut separators_2, mut separators_3) = (0_u64, 0_u64);
        let (continuation, sure) = continuation_and_sure_bytes(text, base, &fits.lead_ranges, self.avx2);
        // The characters that are surely unchanged need no more test.
        let mut leads = non_ascii & !continuation & !sure;
        let byte = |at: usize| u32::from(text.get(at).copied().unwrap_or_default() & 0x3F);
        while leads != 0 {
            let offset = leads.trailing_zeros();
            leads &= leads - 1;
            let at = base + offset as usize;
            let lead = text.get(at).copied().unwrap_or_default();
            // Branches on the length of a character go the same way
            // throughout a block of one script.
            let (is_unchanged, starts, separates) = if lead < 0xE0 {
                let code_point = (u32::from(lead & 0x1F) << 6 | byte(at + 1)) as usize;
                let mut is_unchanged = bit_of(&fits.has, code_point);
                let mut starts = bit_of(&fits.starts, code_point);
                if self.lowers_capitals {
                    let lowered = bit_of(&fits.lowered_has, code_point);
                    is_unchanged |= lowered;
                    starts |= bit_of(&fits.lowered_starts, code_point) & lowered;
                    // The character as it is, or lower-cased: a selection,
                    // with no branch on which are capitals.
                    let own = [lead, text.get(at + 1).copied().unwrap_or_default()];
                    let lower = lower.get(code_point).copied().unwrap_or(own);
                    classified.put_pair(at, if lowered != 0 { lower } else { own });
                }
                let separates = bit_of(&fits.separates, code_point);
                separators_2 |= separates << offset;
                (is_unchanged, starts, separates)
            } else if lead < 0xF0 {
                let code_point = (u32::from(lead & 0x0F) << 12 | byte(at + 1) << 6 | byte(at + 2)) as usize;
                let separates = bit_of(&fits.separates, code_point);
                separators_3 |= separates << offset;
                (
                    bit_of(&fits.has, code_point),
                    bit_of(&fits.starts, code_point),
                    separates,
                )
            } else {
                // Beyond the BMP: for the general path.
                (0, 0, 0)
            };
            changed |= ((is_unchanged | separates) ^ 1) << offset;
            cannot_start |= (is_unchanged & !starts) << offset;
        }
        // Every byte of each separator, some perhaps in the next block.
        let (separators_2, separators_3) = (u128::from(separators_2), u128::from(separators_3));
        let separators = separators_2 | separators_2 << 1 | separators_3 | separators_3 << 1 | separators_3 << 2;
        UnchangedBytes {
            changed,
            cannot_start,
            separators: separators as u64,
            separators_overhang: (separators >> 64) as u64,
        }
    }
}

/// Of a block's first bytes of characters beyond ASCII: those of the
/// characters that are not unchanged (separators aside), and of those that
/// are but cannot begin a word (marks). And the bytes of its separators,
/// with those of the next block's first bytes that continue one.
pub(super) struct UnchangedBytes {
    pub(super) changed: u64,
    pub(super) cannot_start: u64,
    pub(super) separators: u64,
    pub(super) separators_overhang: u64,
}

#[cfg(test)]
#[path = "unchanged_tests.rs"]
pub(super) mod tests;
