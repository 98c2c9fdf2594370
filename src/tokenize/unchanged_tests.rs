use super::*;
use crate::tokenize::Tokenizer;
use crate::unicode::unicode_data::{CharClass, QuickCheck};

/// Text of every kind of character the block marks: ASCII, two-, three-
/// and four-byte characters, small letters and capitals (with lower cases
/// as long and longer), marks, separators beyond ASCII, and the first and
/// last small letters of the stretches `sure_chars` finds.
pub(in crate::tokenize) fn mixed_text(len: usize) -> String {
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
        "\u{430}",
        "\u{43f}",
        "\u{440}",
        "\u{44f}",
        "\u{451}",
        "\u{401}",
        "\u{3c3}",
        "\u{3c2}",
        "\u{3a3}",
        "\u{3ac}",
        "\u{3ce}",
        "\u{3cf}",
        "\u{627}",
        "\u{64a}",
        "\u{64b}",
        "\u{640}",
        "\u{301}",
        "\u{94d}",
        "\u{93e}",
        "\u{939}",
        "\u{30a2}",
        "\u{105}",
        "\u{915}",
        "\u{93c}",
        "\u{4e2d}",
        "\u{3042}",
        "\u{30fc}",
        "\u{3002}",
        "\u{1d400}",
        "\u{1f600}",
        "\u{a0}",
        "\u{2019}",
        "\u{130}",
        "\u{1e9e}",
        "\u{1c5}",
        "\u{7ff}",
        "\u{80}",
        "\u{2c65}",
        // A virama after a consonant, after a vowel sign, and after another.
        "\u{915}\u{94d}",
        "\u{93e}\u{94d}\u{94d}",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut text = String::new();
    while text.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // Runs of one script, as text is, and of any.
        let word = (state >> 8) as usize % 8;
        for step in 0..word {
            let pick = (state >> (20 + 4 * (step % 8))) as usize;
            text.push_str(pool[(pick + (state >> 50) as usize) % pool.len()]);
        }
        text.push_str(pool[(state >> 40) as usize % pool.len()]);
    }
    text
}

#[test]
fn two_byte_characters_are_tested_by_their_bytes() {
    let unchanged = UnchangedChars::of(&TokenizerOptions::default(), false, Some(NormalizationForm::Nfc));
    // Cyrillic small zhe; capital zhe; the combining acute (no starter).
    assert!(unchanged.two_byte_fits(0xD0, 0xB6, true));
    assert!(!unchanged.two_byte_fits(0xD0, 0x96, false));
    assert!(!unchanged.two_byte_fits(0xCC, 0x81, false));
}

#[test]
fn blocks_mark_the_first_bytes_of_changed_characters_and_of_marks() {
    let text = mixed_text(20_000);
    let bytes = text.as_bytes();
    let t = tables();
    let mut classified = ClassifiedText::default();
    // How many marks were taken as unchanged after a starter.
    let mut marks = 0;
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
            for avx2 in [false, has_avx2()] {
                let unchanged = UnchangedChars {
                    avx2,
                    ..UnchangedChars::of(&options, has_stopwords, unchecked)
                };
                let lower_only = options.lowercase || (has_stopwords && !options.case_sensitive);
                let flags = BmpChar::in_word_flag(lower_only, options.cjk == CjkTokens::Words)
                    | unchecked.map_or(0, |form| BmpChar::starter_flag(form.is_compatibility()));
                classified.classify(&text);
                let mut expected_copy = text.to_ascii_lowercase();
                for base in (0..bytes.len()).step_by(64) {
                    let non_ascii = (0..64)
                        .filter(|offset| bytes.get(base + offset).is_some_and(|&byte| byte >= 0x80))
                        .fold(0_u64, |mask, offset| mask | 1 << offset);
                    let (mut changed, mut cannot_start, mut separators) = (0_u64, 0_u64, 0_u128);
                    // Whether the character before is a starter that began
                    // in this block.
                    let mut after_starter = false;
                    for (at, ch) in text.char_indices().filter(|&(at, _)| (base..base + 64).contains(&at)) {
                        if ch.is_ascii() {
                            after_starter = true;
                            continue;
                        }
                        let info = t.bmp_at(ch as u32);
                        let own_lower = |ch: char| {
                            !lower_only || info.is_some_and(|info| info.lowered().is_some_and(|(lower, _)| lower == ch))
                        };
                        let kept = info.is_some_and(|info| info.has(flags) && own_lower(ch));
                        // A capital whose lower case is as long, lower-cased
                        // in the copy where tokens are lower-cased.
                        let lowered = options.lowercase
                            && !kept
                            && ch.len_utf8() == 2
                            && info.is_some_and(|info| {
                                info.has(flags & !BmpChar::OWN_LOWER)
                                    && info.lowered().is_some_and(|(lower, _)| lower.len_utf8() == 2)
                            });
                        if lowered {
                            let (lower, _) = info.unwrap().lowered().unwrap();
                            expected_copy.replace_range(at..at + 2, lower.encode_utf8(&mut [0; 4]));
                        }
                        let starts = info.is_some_and(|info| {
                            info.starts_word(flags) || lowered && info.starts_word(flags & !BmpChar::OWN_LOWER)
                        });
                        let separates = info.is_some_and(|info| {
                            info.class() == CharClass::Other
                                && info.lowered().is_none_or(|(_, class)| class == CharClass::Other)
                                && unchecked.is_none_or(|form| info.is_starter(form.is_compatibility()))
                        });
                        // A mark normal after a starter, while unchecked.
                        let mark = unchecked.is_some_and(|form| {
                            let starter = BmpChar::starter_flag(form.is_compatibility());
                            after_starter
                                && info.is_some_and(|info| info.has(flags & !starter))
                                && t.combining_class(ch) > 0
                                && t.quick_check(ch, form.is_compatibility()) == QuickCheck::Yes
                        });
                        after_starter = kept || lowered || separates;
                        marks += usize::from(mark && !kept);
                        if separates {
                            separators |= ((1_u128 << ch.len_utf8()) - 1) << (at - base);
                        } else if !kept && !lowered && !mark {
                            changed |= 1 << (at - base);
                        } else if !starts {
                            cannot_start |= 1 << (at - base);
                        }
                    }
                    let marked = unchanged.block(bytes, &mut classified, base, non_ascii);
                    assert_eq!(marked.changed, changed, "block at {base}, avx2 {avx2}");
                    assert_eq!(marked.cannot_start, cannot_start, "block at {base}, avx2 {avx2}");
                    assert_eq!(marked.separators, separators as u64, "block at {base}, avx2 {avx2}");
                    assert_eq!(marked.separators_overhang, (separators >> 64) as u64, "block at {base}");
                }
                // The copy holds the lower cases of the capitals taken, and
                // of no other characters.
                assert_eq!(classified.lowered_str(0, text.len()), Some(expected_copy.as_str()));
            }
        }
    }
    assert!(marks > 100, "{marks}");
}

#[test]
fn words_found_a_block_at_a_time_are_those_of_the_general_path() {
    // With a length limit the block marks nothing, and every run beyond
    // ASCII takes `unchanged_word` or the general path: the same rules.
    let text = mixed_text(40_000);
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
