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

use crate::options::{CjkTokens, TokenizerOptions};
use crate::unicode::normalize::NormalizationForm;
use crate::unicode::unicode_data::{tables, BmpChar, BmpChars};
use crate::unicode::utf8::code_point_at;

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
    /// Of the two-byte characters (see `TwoByteMasks`): those with
    /// `in_word | starter`, and those of them that start a word.
    two_byte: &'static (TwoByteMasks, TwoByteMasks),
}

/// One bit for each character of two bytes in UTF-8 (U+0080 to U+07FF:
/// Latin-1 and Latin Extended, Greek, Cyrillic, Armenian, Hebrew, Arabic):
/// whether it has some flags. Word `lead & 0x1F`, bit `continuation &
/// 0x3F`: a test of the two bytes, with no code point to assemble and no
/// `BmpChar` to load.
pub(super) type TwoByteMasks = [u64; 32];

/// The flags a scan asks of a character: `in_word` (the `_IN_WORD` flag,
/// with `OWN_LOWER` where characters must be their own lower case) and
/// `starter` (while the text is unchecked, the starter flag of its form),
/// and the place of that choice among the `FLAG_SETS` (`two_byte_masks`).
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

/// Every choice of `scan_flags`: `in_word | starter` and its place.
fn flag_sets() -> impl Iterator<Item = (u32, usize)> {
    [false, true].into_iter().flat_map(|lower_only| {
        [false, true].into_iter().flat_map(move |ideographs_are_letters| {
            [None, Some(false), Some(true)].into_iter().map(move |unchecked| {
                let (in_word, starter, index) = scan_flags(lower_only, ideographs_are_letters, unchecked);
                (in_word | starter, index)
            })
        })
    })
}

/// The `TwoByteMasks` of the characters with the flags of the `scan_flags`
/// choice `index`, and of those that start a word with them; made once.
fn two_byte_masks(index: usize) -> &'static (TwoByteMasks, TwoByteMasks) {
    type Masks = (TwoByteMasks, TwoByteMasks);
    static MASKS: OnceLock<[Masks; FLAG_SETS]> = OnceLock::new();
    static NONE: Masks = ([0; 32], [0; 32]);
    let all = MASKS.get_or_init(|| {
        let bmp = tables().bmp_chars();
        let mut all = [([0; 32], [0; 32]); FLAG_SETS];
        for (flags, index) in flag_sets() {
            let Some((has, starts)) = all.get_mut(index) else {
                continue;
            };
            for (code_point, info) in bmp.iter().enumerate().take(0x800).skip(0x80) {
                let bit = code_point & 0x3F;
                if let (Some(has), Some(starts)) = (has.get_mut(code_point >> 6), starts.get_mut(code_point >> 6)) {
                    *has |= u64::from(info.has(flags)) << bit;
                    *starts |= u64::from(info.starts_word(flags)) << bit;
                }
            }
        }
        all
    });
    // `scan_flags` gives an index below FLAG_SETS; none would only send
    // every character to the full test.
    all.get(index).unwrap_or(&NONE)
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
            two_byte: two_byte_masks(index),
        }
    }

    /// Whether the two-byte character `lead`, `continuation` has `in_word
    /// | starter` (`BmpChar::has`), or if `first`, starts a word with them
    /// (`BmpChar::starts_word`): without the `BmpChar`.
    #[inline(always)]
    pub(super) fn two_byte_fits(self, lead: u8, continuation: u8, first: bool) -> bool {
        let masks = if first { &self.two_byte.1 } else { &self.two_byte.0 };
        let word = masks.get(usize::from(lead & 0x1F)).copied().unwrap_or_default();
        word >> (continuation & 0x3F) & 1 != 0
    }

    /// The `BmpChar` of a code point of the BMP.
    #[inline(always)]
    pub(super) fn bmp_char_at(self, code_point: u16) -> BmpChar {
        // In bounds: the array has an entry for every u16.
        self.bmp.get(usize::from(code_point)).copied().unwrap_or_default()
    }

    /// The characters beyond ASCII of the 64-byte block at `base`
    /// (`non_ascii`: its bytes beyond ASCII), as masks of their first
    /// bytes. A run of token bytes holds a character that is not unchanged
    /// if and only if it holds its first byte, so only those matter; and
    /// the first bytes are found from the bytes alone, so that the loads of
    /// one character's entry do not wait on the character before.
    #[inline(never)]
    pub(super) fn block(self, text: &[u8], base: usize, non_ascii: u64) -> UnchangedBytes {
        let flags = self.in_word | self.starter;
        let mut changed = 0;
        let mut cannot_start = 0;
        let mut leads = non_ascii & !continuation_bytes(text, base);
        while leads != 0 {
            let offset = leads.trailing_zeros();
            leads &= leads - 1;
            let (code_point, _) = code_point_at(text, base + offset as usize);
            let (is_unchanged, starts) = match u16::try_from(code_point) {
                Ok(index) => {
                    let info = self.bmp_char_at(index);
                    (info.has(flags), info.starts_word(flags))
                }
                Err(_) => (false, false),
            };
            changed |= u64::from(!is_unchanged) << offset;
            cannot_start |= u64::from(is_unchanged & !starts) << offset;
        }
        UnchangedBytes { changed, cannot_start }
    }
}

/// The UTF-8 continuation bytes (`0b10xx_xxxx`) of the 64-byte block at
/// `base`, one bit each, eight bytes at a time (bytes past the end of
/// `text` are none).
#[inline]
fn continuation_bytes(text: &[u8], base: usize) -> u64 {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // Gathers bit 0 of each byte into the top byte, byte k to bit 56 + k.
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let of_word = |word: u64| {
        // Bit 7 set and bit 6 clear: shifted left once, each byte's bit 6
        // is where its bit 7 was.
        let continuation = word & !(word << 1) & HIGH_BITS;
        (continuation >> 7).wrapping_mul(GATHER) >> 56
    };
    let mut block = [0_u8; 64];
    let bytes = match text.get(base..base + 64) {
        Some(bytes) => bytes,
        None => {
            // The last block of the text, padded with NUL bytes.
            let rest = text.get(base..).unwrap_or_default();
            if let Some(head) = block.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            &block
        }
    };
    bytes
        .chunks_exact(8)
        .enumerate()
        .map(|(index, chunk)| {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            of_word(word) << (8 * index)
        })
        .fold(0, |mask, bits| mask | bits)
}

/// Of a block's first bytes of characters beyond ASCII: those of the
/// characters that are not unchanged, and of those that are but cannot
/// begin a word (marks).
pub(super) struct UnchangedBytes {
    pub(super) changed: u64,
    pub(super) cannot_start: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Tokenizer;

    /// Text of every kind of character the block marks: ASCII, two-, three-
    /// and four-byte characters, capitals, marks, separators beyond ASCII.
    fn mixed_text(len: usize) -> String {
        let pool = [
            "a",
            "Z",
            " ",
            ".",
            "7",
            "\u{e9}",
            "\u{c9}",
            "\u{142}",
            "\u{436}",
            "\u{416}",
            "\u{3c3}",
            "\u{3a3}",
            "\u{301}",
            "\u{94d}",
            "\u{915}",
            "\u{4e2d}",
            "\u{3002}",
            "\u{1d400}",
            "\u{1f600}",
            "\u{a0}",
            "\u{2019}",
            "\u{130}",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut text = String::new();
        while text.len() < len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(pool[(state >> 40) as usize % pool.len()]);
        }
        text
    }

    #[test]
    fn continuation_bytes_are_found_in_whole_and_last_blocks() {
        let text = mixed_text(1_000);
        let bytes = text.as_bytes();
        for base in (0..bytes.len()).step_by(64) {
            let expected = (0..64)
                .filter(|offset| bytes.get(base + offset).is_some_and(|&byte| byte & 0xC0 == 0x80))
                .fold(0_u64, |mask, offset| mask | 1 << offset);
            assert_eq!(continuation_bytes(bytes, base), expected, "block at {base}");
        }
    }

    #[test]
    fn two_byte_masks_agree_with_the_bmp_chars() {
        let t = tables();
        let mut indexes = Vec::new();
        for (flags, index) in flag_sets() {
            indexes.push(index);
            let (has, starts) = two_byte_masks(index);
            for ch in ('\u{80}'..='\u{7FF}').filter(|ch| ch.len_utf8() == 2) {
                let mut bytes = [0; 2];
                ch.encode_utf8(&mut bytes);
                let [lead, continuation] = bytes;
                let info = t.bmp_at(ch as u32).unwrap();
                let word = |masks: &TwoByteMasks| masks[usize::from(lead & 0x1F)] >> (continuation & 0x3F) & 1 != 0;
                assert_eq!(word(has), info.has(flags), "{ch:?} {flags:#x}");
                assert_eq!(word(starts), info.starts_word(flags), "{ch:?} {flags:#x}");
            }
        }
        // Each choice has a place of its own.
        indexes.sort_unstable();
        assert_eq!(indexes, (0..FLAG_SETS).collect::<Vec<_>>());
        let unchanged = UnchangedChars::of(&TokenizerOptions::default(), false, Some(NormalizationForm::Nfc));
        // Cyrillic small zhe; capital zhe; the combining acute (no starter).
        assert!(unchanged.two_byte_fits(0xD0, 0xB6, true));
        assert!(!unchanged.two_byte_fits(0xD0, 0x96, false));
        assert!(!unchanged.two_byte_fits(0xCC, 0x81, false));
    }

    #[test]
    fn blocks_mark_the_first_bytes_of_changed_characters_and_of_marks() {
        let text = mixed_text(4_000);
        let bytes = text.as_bytes();
        let t = tables();
        for (options, has_stopwords) in [
            (TokenizerOptions::default(), false),
            (
                TokenizerOptions {
                    lowercase: false,
                    ..TokenizerOptions::default()
                },
                false,
            ),
            (
                TokenizerOptions {
                    lowercase: false,
                    ..TokenizerOptions::default()
                },
                true,
            ),
            (
                TokenizerOptions {
                    cjk: CjkTokens::Chars,
                    ..TokenizerOptions::default()
                },
                false,
            ),
        ] {
            for unchecked in [None, Some(NormalizationForm::Nfc), Some(NormalizationForm::Nfkc)] {
                let unchanged = UnchangedChars::of(&options, has_stopwords, unchecked);
                let lower_only = options.lowercase || (has_stopwords && !options.case_sensitive);
                let flags = BmpChar::in_word_flag(lower_only, options.cjk == CjkTokens::Words)
                    | unchecked.map_or(0, |form| BmpChar::starter_flag(form.is_compatibility()));
                for base in (0..bytes.len()).step_by(64) {
                    let non_ascii = (0..64)
                        .filter(|offset| bytes.get(base + offset).is_some_and(|&byte| byte >= 0x80))
                        .fold(0_u64, |mask, offset| mask | 1 << offset);
                    let (mut changed, mut cannot_start) = (0_u64, 0_u64);
                    for (at, ch) in text
                        .char_indices()
                        .filter(|&(at, ch)| (base..base + 64).contains(&at) && !ch.is_ascii())
                    {
                        let info = t.bmp_at(ch as u32);
                        let kept = info.is_some_and(|info| {
                            info.has(flags) && (!lower_only || info.lowered().is_some_and(|(lower, _)| lower == ch))
                        });
                        if !kept {
                            changed |= 1 << (at - base);
                        } else if !info.is_some_and(|info| info.starts_word(flags)) {
                            cannot_start |= 1 << (at - base);
                        }
                    }
                    let marked = unchanged.block(bytes, base, non_ascii);
                    assert_eq!(marked.changed, changed, "block at {base}");
                    assert_eq!(marked.cannot_start, cannot_start, "block at {base}");
                }
            }
        }
    }

    #[test]
    fn words_found_a_block_at_a_time_are_those_of_the_general_path() {
        // With a length limit the block marks nothing, and every run beyond
        // ASCII takes `unchanged_word` or the general path: the same rules.
        let text = mixed_text(20_000);
        for options in [
            TokenizerOptions::default(),
            TokenizerOptions {
                lowercase: false,
                ..TokenizerOptions::default()
            },
            TokenizerOptions {
                keep_numbers: true,
                ..TokenizerOptions::default()
            },
            TokenizerOptions {
                cjk: CjkTokens::Bigrams,
                ..TokenizerOptions::default()
            },
        ] {
            let by_blocks = Tokenizer::new(options.clone(), None::<Vec<&str>>).unwrap();
            let limited = TokenizerOptions {
                max_len: Some(usize::MAX - 1),
                ..options
            };
            let by_runs = Tokenizer::new(limited, None::<Vec<&str>>).unwrap();
            let mut spans = Vec::new();
            by_blocks.for_each_token_with_span(&text, |token, start, end| spans.push((token.to_owned(), start, end)));
            let mut expected = Vec::new();
            by_runs.for_each_token_with_span(&text, |token, start, end| expected.push((token.to_owned(), start, end)));
            assert_eq!(spans, expected);
        }
    }
}
