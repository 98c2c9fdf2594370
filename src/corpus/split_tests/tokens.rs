//! The test that the cut points keep every token (see `split.rs`):
//! random texts, with every kind of character the tokenisers treat
//! specially, tokenised piece by piece and whole, by tokenisers of every
//! option.

use super::{parse, split, TempDir};
use crate::corpus::input::{InputFormat, ReadSettings};
use crate::options::{CjkTokens, Segmentation, TokenizerOptions};
use crate::stopwords::bundled_list;
use crate::tokenize::Tokenizer;
use crate::{NormalizationForm, StemLanguage};

/// Random text with every kind of character the tokenisers treat
/// specially, the separators among them, so that words also touch.
fn random_text(next: &mut impl FnMut(usize) -> usize, length: usize) -> String {
    const FRAGMENTS: &[&str] = &[
        "market",
        "Share",
        "the",
        "can't",
        "U.S.",
        "rock 'n' roll",
        "e\u{301}te\u{301}",
        "\u{301}",
        "a\u{301}",
        "ΟΔΟΣ",
        "ΣΑΣ Σ",
        "ΌΣΟΣ'",
        "naïve",
        "café",
        "Ωμέγα",
        "東京大学",
        "日本語",
        "ひらがな",
        "カタカナ",
        "צה\"ל",
        "\u{5e6}\"\u{5d4}\"\u{5dc}",
        "שלום",
        "a\u{200d}b",
        "\u{1f468}\u{200d}\u{1f469}",
        "\u{200d}",
        "\u{ad}",
        "2,000",
        "1987",
        "3.5",
        "covid19",
        "x_y",
        "\u{fb01}ne",
        "ＡＢＣ",
        "①",
        "&",
        ".",
        ",",
        ";",
        "!",
        "?",
        "-",
        "(",
        ")",
        "'",
        "\"",
        "#",
        "\u{1f1eb}\u{1f1f7}",
        " ",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        "\n",
        "\r\n",
        "\t",
        "\u{a0}",
        "\u{3000}",
        " \u{301}",
        "\n\u{301}",
        "\u{2028}",
    ];
    let mut text = String::new();
    while text.len() < length {
        text.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
    }
    text
}

fn tokenizers() -> Vec<(&'static str, Tokenizer)> {
    let stopwords = bundled_list("default").unwrap();
    let with = |options: TokenizerOptions| Tokenizer::new(options, Some(stopwords.clone())).unwrap();
    let default = TokenizerOptions::default();
    vec![
        ("default", with(default.clone())),
        (
            "uax29",
            with(TokenizerOptions {
                segment: Segmentation::Uax29,
                ..default.clone()
            }),
        ),
        (
            "cjk bigrams",
            with(TokenizerOptions {
                cjk: CjkTokens::Bigrams,
                ..default.clone()
            }),
        ),
        (
            "nfkc, numbers",
            with(TokenizerOptions {
                normalize: Some(NormalizationForm::Nfkc),
                keep_numbers: true,
                ..default.clone()
            }),
        ),
        (
            "uax29, numbers, case-sensitive, stemmed",
            with(TokenizerOptions {
                segment: Segmentation::Uax29,
                keep_numbers: true,
                case_sensitive: true,
                normalize: None,
                stem: StemLanguage::from_name("english"),
                ..default
            }),
        ),
    ]
}

#[test]
fn tokenising_the_pieces_one_by_one_gives_the_tokens_of_the_whole() {
    let dir = TempDir::new("split", "tokens");
    let tokenizers = tokenizers();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let read = ReadSettings::default();
    let mut pieces = 0;
    for round in 0..60 {
        let length = 100 + next(3000);
        let body = random_text(&mut next, length);
        let text = format!("Title of {round}\n{body}");
        let seed = dir.source("random.txt", text.as_bytes(), Some(InputFormat::Seed));
        let lines = dir.source("random-lines.txt", body.as_bytes(), Some(InputFormat::Lines));
        let whole_lines = parse(&lines, &read, 1 << 20, false);
        for chunk_bytes in [16, 41, 200] {
            let what = format!("round {round}, chunk_bytes={chunk_bytes}");
            let chunks = split(&seed, &read, chunk_bytes, true).unwrap();
            let joined: Vec<u8> = chunks.iter().flat_map(|c| c.bytes.iter().copied()).collect();
            assert_eq!(joined, text.as_bytes(), "{what}");
            pieces += chunks.len();
            let piece_bodies: Vec<&str> = chunks
                .iter()
                .enumerate()
                .map(|(index, chunk)| {
                    let piece = std::str::from_utf8(&chunk.bytes).unwrap();
                    if index == 0 {
                        piece.split_once('\n').map_or("", |(_, body)| body)
                    } else {
                        piece
                    }
                })
                .collect();
            let parsed = parse(&seed, &read, chunk_bytes, true);
            assert_eq!((&parsed.error, parsed.skipped.len()), (&None, 0), "{what}");
            assert_eq!(parsed.documents[0].title, format!("Title of {round}"));
            let parsed_lines = parse(&lines, &read, chunk_bytes, true);
            assert_eq!(parsed_lines.error, None, "{what}");
            for (name, tokenizer) in &tokenizers {
                let expected = tokenizer.tokenize(&body);
                let of_pieces: Vec<String> = piece_bodies
                    .iter()
                    .flat_map(|piece| tokenizer.tokenize(piece))
                    .collect();
                assert_eq!(of_pieces, expected, "{name}, {what}: {body:?}");
                let of_parsed: Vec<String> = parsed
                    .documents
                    .iter()
                    .flat_map(|d| tokenizer.tokenize(&d.body))
                    .collect();
                assert_eq!(of_parsed, expected, "{name}, {what}");
                // Lines: a line's pieces give the line's tokens.
                let mut by_line: Vec<(&str, Vec<String>)> = Vec::new();
                for document in &parsed_lines.documents {
                    let tokens = tokenizer.tokenize(&document.body);
                    match by_line.last_mut() {
                        Some((id, line_tokens)) if *id == document.id => line_tokens.extend(tokens),
                        _ => by_line.push((&document.id, tokens)),
                    }
                }
                let expected: Vec<(&str, Vec<String>)> = whole_lines
                    .documents
                    .iter()
                    .map(|d| (d.id.as_str(), tokenizer.tokenize(&d.body)))
                    .collect();
                assert_eq!(by_line, expected, "{name}, {what}, lines");
            }
        }
    }
    // Most documents came in many pieces.
    assert!(pieces > 60 * 3 * 10, "{pieces} pieces");
}
