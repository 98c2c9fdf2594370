//! The tokeniser's unit tests: rules, options and the batch paths agreeing.

use std::num::NonZeroUsize;

use super::*;
use crate::options::CjkTokens;
use crate::output::ids::TokenIdState;
use crate::stopwords::bundled_list;

fn uax29(options: TokenizerOptions) -> Tokenizer {
    let options = TokenizerOptions {
        segment: Segmentation::Uax29,
        ..options
    };
    Tokenizer::new(options, None::<[&str; 0]>).unwrap()
}

#[test]
fn uax29_keeps_apostrophes_stops_and_digit_groups_inside_words() {
    let tokenizer = uax29(TokenizerOptions {
        keep_numbers: true,
        ..TokenizerOptions::default()
    });
    assert_eq!(
        tokenizer.tokenize("Maduro's exclusive-U.S. 2,000 covid19 co\u{ad}operate \u{1f44b} 東京タワー"),
        [
            "maduro's",
            "exclusive",
            "u.s",
            "2,000",
            "covid19",
            "cooperate",
            "東",
            "京",
            "タワー"
        ]
    );
    let dropping_numbers = uax29(TokenizerOptions::default());
    assert_eq!(dropping_numbers.tokenize("2,000 a1 3.5"), ["a1"]);
    assert!(TokenizerOptions {
        segment: Segmentation::Uax29,
        cjk: CjkTokens::Chars,
        ..TokenizerOptions::default()
    }
    .validate()
    .is_err());
}

#[test]
fn ideographs_and_kana_split_one_per_token_when_asked() {
    let words = |cjk: CjkTokens, text: &str| {
        let options = TokenizerOptions {
            cjk,
            ..TokenizerOptions::default()
        };
        Tokenizer::new(options, None::<[&str; 0]>).unwrap().tokenize(text)
    };
    let text = "東京タワーでabcを見た, Caf\u{e9}\u{4e2d}\u{6587}x";
    assert_eq!(
        words(CjkTokens::Words, text),
        ["東京タワーでabcを見た", "caf\u{e9}\u{4e2d}\u{6587}x"]
    );
    assert_eq!(
        words(CjkTokens::Chars, text),
        [
            "東",
            "京",
            "タ",
            "ワ",
            "ー",
            "で",
            "abc",
            "を",
            "見",
            "た",
            "caf\u{e9}",
            "\u{4e2d}",
            "\u{6587}",
            "x"
        ]
    );
    // A mark stays with the character before it (here NFC composes the
    // two); Hangul is not split.
    assert_eq!(words(CjkTokens::Chars, "か\u{3099}き 한국어"), ["が", "き", "한국어"]);
    assert_eq!(
        words(CjkTokens::Bigrams, text),
        [
            "東京",
            "京タ",
            "タワ",
            "ワー",
            "ーで",
            "abc",
            "を見",
            "見た",
            "caf\u{e9}",
            "\u{4e2d}\u{6587}",
            "x"
        ]
    );
    // A character alone in its run is a token; a mark joins its character.
    assert_eq!(
        words(CjkTokens::Bigrams, "a東b 京\u{301}都"),
        ["a", "東", "b", "京\u{301}都"]
    );
}

#[test]
fn stopwords_that_no_token_can_equal_are_found() {
    let words = ["the", "d'un", "10", "The", "a b", "", "caf\u{e9}", "\u{130}", "abc1"];
    let unmatchable = |options: TokenizerOptions| {
        let tokenizer = Tokenizer::new(options, Some(words)).unwrap();
        tokenizer.unmatchable_stopwords(&words)
    };
    let defaults = TokenizerOptions::default();
    assert_eq!(unmatchable(defaults.clone()), ["d'un", "10", "a b", "", "abc1"]);
    let numbers = TokenizerOptions {
        keep_numbers: true,
        ..defaults.clone()
    };
    assert_eq!(unmatchable(numbers), ["d'un", "a b", "", "abc1"]);
    // Tokens are lower-cased and matched as they are: capitals never match.
    let exact = TokenizerOptions {
        case_sensitive: true,
        ..defaults.clone()
    };
    assert_eq!(unmatchable(exact), ["d'un", "10", "The", "a b", "", "\u{130}", "abc1"]);
    // Tokens keep their case and are matched lower-cased: any case matches.
    let kept_case = TokenizerOptions {
        lowercase: false,
        ..defaults
    };
    assert_eq!(unmatchable(kept_case), ["d'un", "10", "a b", "", "abc1"]);
}

fn default_tokenizer() -> Tokenizer {
    Tokenizer::new(TokenizerOptions::default(), Some(bundled_list("default").unwrap())).unwrap()
}

fn tokens(tokenizer: &Tokenizer, text: &str) -> Vec<String> {
    tokenizer.tokenize(text)
}

/// The rules for ASCII text, written plainly: runs of letters are words
/// (lower-cased), runs of digits numbers, everything else separates.
fn ascii_oracle(text: &str, stopwords: &[&str], keep_numbers: bool, min_len: usize, max_len: usize) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, tokens: &mut Vec<String>| {
        let is_number = current.bytes().all(|byte| byte.is_ascii_digit());
        let passes = (keep_numbers || !is_number)
            && (min_len..=max_len).contains(&current.len())
            && !stopwords.contains(&current.as_str());
        if !current.is_empty() && passes {
            tokens.push(current.clone());
        }
        current.clear();
    };
    for byte in text.bytes() {
        let continues = current.bytes().last().is_some_and(|last| {
            (last.is_ascii_alphabetic() && byte.is_ascii_alphabetic())
                || (last.is_ascii_digit() && byte.is_ascii_digit())
        });
        if !continues {
            flush(&mut current, &mut tokens);
        }
        if byte.is_ascii_alphanumeric() {
            current.push(char::from(byte.to_ascii_lowercase()));
        }
    }
    flush(&mut current, &mut tokens);
    tokens
}

#[test]
fn ascii_text_follows_the_plain_rules_across_blocks() {
    // Long stopwords sharing their first seven bytes with other words
    // (the scanner's second look), short ones, numbers glued to words,
    // and runs long enough to cross 64-byte blocks.
    let stopwords = ["the", "a", "themselves", "throughout", "abcdefgh", "abcdefghijklmnopq"];
    let words = [
        "the",
        "The",
        "A",
        "themselves",
        "Themselves",
        "themselve",
        "themselvesx",
        "throughout",
        "throughput",
        "throughouts",
        "abcdefgh",
        "abcdefghi",
        "abcdefghijklmnopq",
        "abcdefghijklmnopqr",
        "word",
        "x",
        "1987",
        "3rd",
        "mid2024",
        "b52s",
        "longwordlongwordlongwordlongwordlongwordlongwordlongword",
    ];
    let separators = [" ", "  ", ", ", "-", "'", "\n", ".", ""];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 33) as usize % bound
    };
    for case in 0..400 {
        let mut text = String::new();
        for _ in 0..next(120) {
            text.push_str(words[next(words.len())]);
            text.push_str(separators[next(separators.len())]);
        }
        let keep_numbers = case % 2 == 1;
        let (min_len, max_len) = [(1, None), (2, None), (1, Some(9)), (3, Some(12))][case % 4];
        let options = TokenizerOptions {
            keep_numbers,
            min_len,
            max_len,
            ..TokenizerOptions::default()
        };
        let tokenizer = Tokenizer::new(options, Some(stopwords)).unwrap();
        let expected = ascii_oracle(&text, &stopwords, keep_numbers, min_len, max_len.unwrap_or(usize::MAX));
        assert_eq!(tokenizer.tokenize(&text), expected, "case {case}: {text:?}");
    }
}

#[test]
fn apostrophes_hyphens_and_digits_split() {
    let tokenizer = default_tokenizer();
    assert_eq!(tokens(&tokenizer, "Maduro's"), ["maduro"]);
    assert_eq!(tokens(&tokenizer, "exclusive-u.s."), ["exclusive", "u"]);
    assert_eq!(tokens(&tokenizer, "2,000 generals"), ["generals"]);
}

#[test]
fn numbers_are_kept_on_request_and_end_words() {
    let options = TokenizerOptions {
        keep_numbers: true,
        ..TokenizerOptions::default()
    };
    let tokenizer = Tokenizer::new(options, None::<Vec<&str>>).unwrap();
    assert_eq!(tokens(&tokenizer, "abc123def 2,000"), ["abc", "123", "def", "2", "000"]);
}

#[test]
fn combining_marks_and_joiners_stay_in_words() {
    let tokenizer = default_tokenizer();
    assert_eq!(
        tokens(&tokenizer, "\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}"),
        ["\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}"]
    );
    assert_eq!(
        tokens(&tokenizer, "\u{645}\u{6CC}\u{200C}\u{62E}"),
        ["\u{645}\u{6CC}\u{200C}\u{62E}"]
    );
    assert_eq!(tokens(&tokenizer, "co\u{AD}operate"), ["cooperate"]);
    assert_eq!(tokens(&tokenizer, "zero\u{200B}width"), ["zero", "width"]);
    assert_eq!(tokens(&tokenizer, "\u{301}x"), ["x"]);
}

#[test]
fn stopwords_match_case_insensitively_without_lowercasing() {
    let options = TokenizerOptions {
        lowercase: false,
        ..TokenizerOptions::default()
    };
    let tokenizer = Tokenizer::new(options.clone(), Some(["the"])).unwrap();
    assert_eq!(tokens(&tokenizer, "The Cat"), ["Cat"]);
    let exact = Tokenizer::new(
        TokenizerOptions {
            case_sensitive: true,
            ..options
        },
        Some(["the"]),
    )
    .unwrap();
    assert_eq!(tokens(&exact, "The Cat the"), ["The", "Cat"]);
}

#[test]
fn lengths_count_code_points() {
    let options = TokenizerOptions {
        min_len: 2,
        max_len: Some(3),
        ..TokenizerOptions::default()
    };
    let tokenizer = Tokenizer::new(options, None::<Vec<&str>>).unwrap();
    assert_eq!(tokens(&tokenizer, "a \u{e9}t\u{e9} four"), ["\u{e9}t\u{e9}"]);
}

#[test]
fn min_len_above_max_len_is_refused() {
    let options = TokenizerOptions {
        min_len: 4,
        max_len: Some(3),
        ..TokenizerOptions::default()
    };
    assert!(Tokenizer::new(options, None::<Vec<&str>>).is_err());
}

#[test]
fn batch_keeps_input_order_on_any_thread_count() {
    let tokenizer = default_tokenizer();
    let texts: Vec<String> = (0..1000).map(|i| format!("word{i} number {i} x{}", i % 7)).collect();
    let serial: Vec<Vec<String>> = texts.iter().map(|text| tokenizer.tokenize(text)).collect();
    for threads in [1, 2, 3, 8] {
        let batch = tokenizer.tokenize_batch(&texts, NonZeroUsize::new(threads).unwrap());
        let batch: Vec<Vec<String>> = batch
            .iter()
            .map(|tokens| tokens.iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(batch, serial, "threads={threads}");
        let mut state = TokenIdState::default();
        let mut from_state = Vec::new();
        for slice in texts.chunks(97) {
            tokenizer.tokenize_ids_into(slice, &mut state);
            from_state.extend(state.docs().map(|doc| {
                doc.iter()
                    .map(|&id| state.vocabulary.get(id).to_owned())
                    .collect::<Vec<_>>()
            }));
        }
        assert_eq!(from_state, serial, "persistent state");
        let columns = tokenizer.tokenize_batch_columns(&texts, NonZeroUsize::new(threads).unwrap());
        let from_columns: Vec<Vec<String>> = (0..columns.doc_count())
            .map(|doc| columns.doc(doc).map(str::to_owned).collect())
            .collect();
        assert_eq!(from_columns, serial, "columns, threads={threads}");
    }
}

/// Text that is not normal, found so only partway through the scan: the
/// tokens are those of its normal form, none twice and none lost, whether
/// the run that shows it comes first, last or within a token.
#[test]
fn text_found_not_normal_midway_gives_the_tokens_of_its_normal_form() {
    use crate::unicode::normalize::{normalize, NormalizationForm};
    let texts = [
        "Caf\u{e9} cafe\u{301} au lait",
        "\u{ab}\u{429}\u{435}\u{301}\u{bb} word",
        "ab\u{2190}\u{338}cd and more",
        "before \u{391}\u{3a3}\u{301} after",
        "\u{391}.\u{3a3}\u{301}",
        "x \u{e9}\u{323}y z",
        "<\u{338} \u{338}a",
        "\u{2e18}\u{fb01}ne \u{fb01}ne",
        "\u{928}\u{93c} \u{916}\u{93c}\u{93e}",
        "plain words then e\u{301}",
        "e\u{301} first",
        "a1\u{661}\u{301}b",
    ];
    for form in [NormalizationForm::Nfc, NormalizationForm::Nfkc] {
        for lowercase in [true, false] {
            let options = TokenizerOptions {
                normalize: Some(form),
                lowercase,
                keep_numbers: true,
                ..TokenizerOptions::default()
            };
            let tokenizer = Tokenizer::new(options, Some(["the", "and"])).unwrap();
            for text in texts {
                let normal = normalize(text, form);
                assert_eq!(
                    tokenizer.tokenize(text),
                    tokenizer.tokenize(&normal),
                    "{text:?} {form:?}"
                );
            }
        }
    }
}
