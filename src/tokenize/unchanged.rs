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
//! block, not one a word), in every script; the characters `sure_chars`
//! finds unchanged need no test of their own. It serves where token
//! lengths are not read. `Scanner::unchanged_word` (in `general.rs`) checks
//! one run, counting its characters: every other run beyond ASCII.

use super::fit_masks::{bit, fit_masks, scan_flags, two_byte_lower, FitMasks};
use super::sure_chars::{continuation_and_sure_bytes, has_avx2};
use crate::options::{CjkTokens, TokenizerOptions};
use crate::unicode::ascii::ClassifiedText;
use crate::unicode::normalize::NormalizationForm;
use crate::unicode::unicode_data::{tables, BmpChar, BmpChars};

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
    /// The characters of the BMP that fit `in_word | starter`, by their bits.
    fits: &'static FitMasks,
    /// Whether the processor has AVX2, for `sure_chars`.
    avx2: bool,
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
        let (bits, shift) = self
            .fits
            .at(usize::from(lead & 0x1F) << 6 | usize::from(continuation & 0x3F));
        bit(if first { bits.starts } else { bits.has }, shift) != 0
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
        // The first bytes of separators of two bytes and of three.
        let (mut separators_2, mut separators_3) = (0_u64, 0_u64);
        let bytes = continuation_and_sure_bytes(text, base, non_ascii, &fits.lead_ranges, self.avx2);
        let mut cannot_start = bytes.sure_not_starting | bytes.sure_marks;
        // The characters that are surely unchanged need no more test.
        let sure = bytes.sure_two_byte | bytes.sure_three_byte | bytes.sure_marks;
        let mut leads = non_ascii & !bytes.continuation & !sure;
        // The last bytes of starters: ASCII, the sure characters, and
        // those found below. A block's first character is taken to follow
        // none.
        let mut starter_ends = !non_ascii | bytes.sure_two_byte << 1 | bytes.sure_three_byte << 2;
        let byte = |at: usize| u32::from(text.get(at).copied().unwrap_or_default() & 0x3F);
        while leads != 0 {
            let offset = leads.trailing_zeros();
            leads &= leads - 1;
            let at = base + offset as usize;
            let lead = text.get(at).copied().unwrap_or_default();
            // Branches on the length of a character go the same way
            // throughout a block of one script. Each length is written out:
            // one body with the length as a value was 8 % slower on
            // Japanese.
            let (is_unchanged, starts, separates) = if lead < 0xE0 {
                let code_point = (u32::from(lead & 0x1F) << 6 | byte(at + 1)) as usize;
                let (bits, shift) = fits.at(code_point);
                let mut is_unchanged = bit(bits.has, shift);
                let mut starts = bit(bits.starts, shift);
                if self.lowers_capitals {
                    let (lowered_has, lowered_starts) = fits.lowered.get(code_point >> 6).copied().unwrap_or_default();
                    let lowered = bit(lowered_has, shift);
                    is_unchanged |= lowered;
                    starts |= bit(lowered_starts, shift) & lowered;
                    // The character as it is, or lower-cased: a selection,
                    // with no branch on which are capitals.
                    let own = [lead, text.get(at + 1).copied().unwrap_or_default()];
                    let lower = lower.get(code_point).copied().unwrap_or(own);
                    classified.put_pair(at, if lowered != 0 { lower } else { own });
                }
                let separates = bit(bits.separates, shift);
                separators_2 |= separates << offset;
                starter_ends |= (is_unchanged | separates) << offset << 1;
                if bit(bits.marks_after_starter, shift) != 0 {
                    // Rare, and a branch: a test of the character before
                    // on every one would chain each to the one before.
                    is_unchanged |= starter_ends << 1 >> offset & 1;
                }
                (is_unchanged, starts, separates)
            } else if lead < 0xF0 {
                let code_point = (u32::from(lead & 0x0F) << 12 | byte(at + 1) << 6 | byte(at + 2)) as usize;
                let (bits, shift) = fits.at(code_point);
                let separates = bit(bits.separates, shift);
                separators_3 |= separates << offset;
                let mut is_unchanged = bit(bits.has, shift);
                starter_ends |= (is_unchanged | separates) << offset << 2;
                if bit(bits.marks_after_starter, shift) != 0 {
                    // Rare, and a branch: a test of the character before
                    // on every one would chain each to the one before.
                    is_unchanged |= starter_ends << 1 >> offset & 1;
                }
                (is_unchanged, bit(bits.starts, shift), separates)
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
