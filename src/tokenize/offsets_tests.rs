//! Spans and explanations, worked out by hand from the rules.

use super::*;
use crate::options::CjkTokens;
use crate::stem::StemLanguage;
use crate::stopwords::bundled_list;
use crate::unicode::normalize::NormalizationForm;

fn tokenizer(options: TokenizerOptions) -> Tokenizer {
    Tokenizer::new(options, Some(bundled_list("english").unwrap_or_default())).unwrap()
}

fn spans(tokenizer: &Tokenizer, text: &str) -> Vec<(String, usize, usize)> {
    let spans: Vec<_> = tokenizer
        .tokenize_with_offsets(text)
        .into_iter()
        .map(|(token, range)| (token, range.start, range.end))
        .collect();
    let tokens: Vec<_> = spans.iter().map(|(token, _, _)| token.clone()).collect();
    assert_eq!(tokens, tokenizer.tokenize(text), "{text:?}");
    spans
}

fn owned(expected: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
    expected
        .iter()
        .map(|&(token, start, end)| (token.to_owned(), start, end))
        .collect()
}

#[test]
fn spans_are_bytes_of_the_text_as_given() {
    let default = tokenizer(TokenizerOptions::default());
    assert_eq!(
        spans(&default, "Maduro's side: 2,000 generals"),
        owned(&[("maduro", 0, 6), ("side", 9, 13), ("generals", 21, 29)])
    );
    // Lower-casing that adds a character; a soft hyphen inside a word;
    // marks composed by NFC (two bytes each for U+0130, U+00AD, U+0301 and
    // U+00E9).
    assert_eq!(
        spans(&default, "\u{130}stanbul co\u{ad}op e\u{301}t\u{e9}"),
        owned(&[("i\u{307}stanbul", 0, 9), ("coop", 10, 16), ("\u{e9}t\u{e9}", 17, 23)])
    );
    let nfkc = tokenizer(TokenizerOptions {
        normalize: Some(NormalizationForm::Nfkc),
        keep_numbers: true,
        ..TokenizerOptions::default()
    });
    // A ligature folded into two letters; one character folded into two
    // numbers, which share its span.
    assert_eq!(
        spans(&nfkc, "\u{fb01}ne \u{bc}"),
        owned(&[("fine", 0, 5), ("1", 6, 8), ("4", 6, 8)])
    );
}

#[test]
fn cjk_bigrams_overlap_and_stems_keep_their_words_span() {
    let bigrams = tokenizer(TokenizerOptions {
        cjk: CjkTokens::Bigrams,
        ..TokenizerOptions::default()
    });
    assert_eq!(
        spans(&bigrams, "x \u{6771}\u{4eac}\u{30bf} \u{4e2d}"),
        owned(&[
            ("x", 0, 1),
            ("\u{6771}\u{4eac}", 2, 8),
            ("\u{4eac}\u{30bf}", 5, 11),
            ("\u{4e2d}", 12, 15)
        ])
    );
    let stemming = tokenizer(TokenizerOptions {
        stem: StemLanguage::from_name("english"),
        ..TokenizerOptions::default()
    });
    assert_eq!(
        spans(&stemming, "Running fast"),
        owned(&[("run", 0, 7), ("fast", 8, 12)])
    );
    let uax29 = tokenizer(TokenizerOptions {
        segment: Segmentation::Uax29,
        ..TokenizerOptions::default()
    });
    assert_eq!(
        spans(&uax29, "E\u{301}cole U.S. \u{130}z"),
        owned(&[("\u{e9}cole", 0, 7), ("u.s", 8, 11), ("i\u{307}z", 13, 16)])
    );
}

#[test]
fn explain_gives_every_span_its_fate() {
    let tokenizer = tokenizer(TokenizerOptions {
        min_len: 3,
        max_len: Some(6),
        ..TokenizerOptions::default()
    });
    let explained: Vec<_> = tokenizer
        .explain("The 3 cats, ok generals!")
        .into_iter()
        .map(|entry| (entry.start, entry.end, entry.fate, entry.token))
        .collect();
    let token = |token: &str| Some(token.to_owned());
    assert_eq!(
        explained,
        [
            (0, 3, Fate::Stopword, token("the")),
            (3, 4, Fate::Separator, None),
            (4, 5, Fate::Number, token("3")),
            (5, 6, Fate::Separator, None),
            (6, 10, Fate::Kept, token("cats")),
            (10, 12, Fate::Separator, None),
            (12, 14, Fate::Short, token("ok")),
            (14, 15, Fate::Separator, None),
            (15, 23, Fate::Long, token("generals")),
            (23, 24, Fate::Separator, None),
        ]
    );
    let stemming = Tokenizer::new(
        TokenizerOptions {
            stem: StemLanguage::from_name("english"),
            ..TokenizerOptions::default()
        },
        None::<[&str; 0]>,
    )
    .unwrap();
    let explained = stemming.explain("Cats");
    assert_eq!(explained.len(), 1);
    assert_eq!(
        (explained[0].fate, explained[0].stem.as_deref()),
        (Fate::Kept, Some("cat"))
    );
    assert!(stemming.explain("").is_empty());
}

#[test]
fn spans_lie_on_character_boundaries_in_order_whatever_the_options() {
    let texts = [
        "plain ASCII text, 42 words",
        "Ca\u{301}fe\u{301} \u{3a3}\u{3a3} \u{1f600}\u{200d}x \u{ad}a\u{ad}b\u{ad} \u{130}\u{130}",
        "\u{6771}\u{4eac}abc\u{309a}\u{30bf}\u{fb03} 1\u{2044}2 \u{2460}\u{2461}x \u{1100}\u{1161}\u{11a8}",
        "A\u{323}\u{302} \u{fdfa} \u{3392}",
    ];
    for normalize in [None, Some(NormalizationForm::Nfc), Some(NormalizationForm::Nfkc)] {
        for (cjk, segment) in [
            (CjkTokens::Words, Segmentation::Letters),
            (CjkTokens::Chars, Segmentation::Letters),
            (CjkTokens::Bigrams, Segmentation::Letters),
            (CjkTokens::Words, Segmentation::Uax29),
        ] {
            for lowercase in [true, false] {
                let tokenizer = tokenizer(TokenizerOptions {
                    normalize,
                    cjk,
                    segment,
                    lowercase,
                    keep_numbers: true,
                    ..TokenizerOptions::default()
                });
                for text in texts {
                    let spans = spans(&tokenizer, text);
                    for window in spans.windows(2) {
                        let [(_, start, end), (_, next_start, next_end)] = window else {
                            continue;
                        };
                        assert!(start <= next_start && end <= next_end, "{text:?} {spans:?}");
                    }
                    for (_, start, end) in &spans {
                        assert!(start < end && text.get(*start..*end).is_some(), "{text:?} {spans:?}");
                    }
                    let explained = tokenizer.explain(text);
                    let kept: Vec<_> = explained
                        .iter()
                        .filter(|entry| entry.fate == Fate::Kept)
                        .map(|entry| (entry.token.clone().unwrap_or_default(), entry.start, entry.end))
                        .collect();
                    assert_eq!(kept, spans, "{text:?}");
                    assert_eq!(explained.first().map(|entry| entry.start), Some(0));
                    assert_eq!(explained.iter().map(|entry| entry.end).max(), Some(text.len()));
                }
            }
        }
    }
}
