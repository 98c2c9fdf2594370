//! The tests of `render.rs`: documents rendered in each format, as a whole
//! and in parts, against the tokeniser, and the offsets of JSON Lines.

use super::*;
use crate::options::{Segmentation, TokenizerOptions};
use crate::stopwords::bundled_list;

fn document<'a>(id: &'a str, title: &'a str, body: &'a str) -> DocumentRef<'a> {
    DocumentRef {
        id,
        title,
        body,
        line: None,
    }
}

fn uax29() -> Tokenizer {
    let options = TokenizerOptions {
        segment: Segmentation::Uax29,
        ..TokenizerOptions::default()
    };
    Tokenizer::new(options, None::<Vec<&str>>).unwrap()
}

/// Token lengths around the fixed-size copy's 16 bytes.
fn words_of_every_length() -> Vec<String> {
    let letters = "abcdefghijklmnopqrstuvwxyz".repeat(2);
    (1..=40).map(|len| letters[..len].to_owned()).collect()
}

#[test]
fn json_strings_are_escaped_and_valid() {
    for text in [
        "plain",
        "q\"b\\s",
        "line\nbreak\ttab\r",
        "\u{1}\u{1f}\u{7f}",
        "\u{2028}\u{2029}",
        "\u{2027}\u{20ac}\u{2030}",
        "caf\u{e9} \u{1f600}",
        "",
    ] {
        let mut out = Vec::new();
        push_json_string(&mut out, text.as_bytes());
        let parsed: String = serde_json::from_slice(&out).unwrap();
        assert_eq!(parsed, text);
        let written = String::from_utf8(out).unwrap();
        assert!(!written.contains(['\n', '\r', '\u{2028}', '\u{2029}']), "{written}");
    }
    let mut out = Vec::new();
    push_json_string(&mut out, "a\"b\\c\n\u{1}\u{2028}\u{2029}\u{20ac}".as_bytes());
    assert_eq!(String::from_utf8(out).unwrap(), r#""a\"b\\c\n\u0001\u2028\u2029€""#);
}

#[test]
fn tokens_of_every_length_are_rendered_whole() {
    // Each length first, in the middle and last in a document, and at
    // the very end of the values buffer.
    let words = words_of_every_length();
    let documents: Vec<Vec<&str>> = (0..words.len())
        .map(|index| {
            let rotated = words[index..].iter().chain(&words[..index]);
            rotated.map(String::as_str).take(index % 5 + 1).collect()
        })
        .collect();
    let mut columns = TokenColumns::default();
    for tokens in &documents {
        tokens.iter().for_each(|token| columns.push_token(token));
        columns.end_doc();
    }
    for format in [OutputFormat::JsonLines, OutputFormat::Plain, OutputFormat::SeedFiles] {
        for (index, tokens) in documents.iter().enumerate() {
            let mut out = Vec::new();
            render_columns(
                format,
                &format!("d{index}"),
                "T \"t\"",
                &columns,
                index,
                false,
                &mut out,
            );
            let out = String::from_utf8(out).unwrap();
            match format {
                OutputFormat::JsonLines => {
                    let record: serde_json::Value = serde_json::from_str(&out).unwrap();
                    let expected = serde_json::json!({"id": format!("d{index}"), "title": "T \"t\"", "tokens": tokens});
                    assert_eq!(record, expected, "{out}");
                    assert!(out.ends_with("]}\n") && out.matches('\n').count() == 1);
                }
                OutputFormat::Plain => assert_eq!(out, format!("{}\n", tokens.join(" "))),
                OutputFormat::SeedFiles => {
                    let lines: String = tokens.iter().map(|token| format!("{token}\n")).collect();
                    assert_eq!(out, format!("T \"t\"\n\n{lines}"));
                }
            }
        }
    }
}

/// `render_tokenized` of each text, parsed back, against `tokenize`.
fn assert_rendered_tokens_round_trip(tokenizer: &Tokenizer, texts: &[&str]) {
    let title = "a \"title\"\n";
    for format in [OutputFormat::JsonLines, OutputFormat::Plain, OutputFormat::SeedFiles] {
        for (index, text) in texts.iter().enumerate() {
            let id = format!("d{index}");
            let mut out = b"before".to_vec();
            let document = document(&id, title, text);
            let count = render_tokenized(format, tokenizer, document, Part::WHOLE, None, &mut out);
            let out = String::from_utf8(out).unwrap();
            let out = out.strip_prefix("before").unwrap();
            let expected = tokenizer.tokenize(text);
            assert_eq!(count, expected.len(), "{text:?}");
            match format {
                OutputFormat::JsonLines => {
                    assert!(out.ends_with('\n') && out.matches('\n').count() == 1, "{out}");
                    let record: serde_json::Value = serde_json::from_str(out).unwrap();
                    assert_eq!(
                        record,
                        serde_json::json!({"id": id, "title": title, "tokens": expected})
                    );
                }
                OutputFormat::Plain => assert_eq!(out, format!("{}\n", expected.join(" ")), "{text:?}"),
                OutputFormat::SeedFiles => {
                    let lines: String = expected.iter().map(|token| format!("{token}\n")).collect();
                    assert_eq!(out, format!("{title}\n\n{lines}"));
                }
            }
        }
    }
}

#[test]
fn documents_are_rendered_as_they_are_tokenised() {
    let tokenizer = Tokenizer::new(TokenizerOptions::default(), Some(["the", "of"])).unwrap();
    let words = words_of_every_length();
    let mut texts: Vec<String> = (0..words.len())
        .map(|start| {
            words[start..]
                .iter()
                .take(start % 5 + 1)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    texts.extend(
        [
            "",
            "the of 2,000 !",
            "Caf\u{e9} na\u{ef}ve \u{3b1}\u{3b2}\u{3b3}",
            "a\u{2028}b\u{2029}c",
        ]
        .map(str::to_owned),
    );
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_rendered_tokens_round_trip(&tokenizer, &texts);
}

#[test]
fn tokens_that_need_escaping_are_escaped() {
    // Under UAX #29 a double quote between Hebrew letters stays in the
    // word (WB7b/c): the one place a token holds a JSON special.
    let tokenizer = uax29();
    assert_eq!(
        tokenizer.tokenize("\u{5e6}\"\u{5d4}\"\u{5dc}"),
        ["\u{5e6}\"\u{5d4}\"\u{5dc}"]
    );
    let texts = [
        "\u{5e6}\"\u{5d4}\"\u{5dc} and more",
        "first \u{5d0}\"\u{5d1}",
        "plain words only",
        "\"quoted\" words \\ back\\slash",
    ];
    assert_rendered_tokens_round_trip(&tokenizer, &texts);
    let mut out = Vec::new();
    render_tokenized(
        OutputFormat::JsonLines,
        &tokenizer,
        document("i", "", "x \u{5d0}\"\u{5d1}"),
        Part::WHOLE,
        None,
        &mut out,
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"id\": \"i\", \"title\": \"\", \"tokens\": [\"x\", \"\u{5d0}\\\"\u{5d1}\"]}\n"
    );
}

/// Each token's span in code points of `text` (`tokenize_with_offsets`
/// gives bytes).
fn expected_offsets(tokenizer: &Tokenizer, text: &str) -> Vec<[usize; 2]> {
    let chars = |at: usize| text[..at].chars().count();
    let spans = tokenizer.tokenize_with_offsets(text).into_iter();
    spans.map(|(_, span)| [chars(span.start), chars(span.end)]).collect()
}

const SPANNED_TEXTS: [&str; 6] = [
    "",
    "the of , ;",
    "Caf\u{e9} \u{130}stanbul co\u{ad}op \u{4e2d}\u{6587} \u{1f600} e\u{301}t\u{e9} words",
    // Tokens that need escaping (under UAX #29): the tokens are walked
    // twice.
    "x \u{5d0}\"\u{5d1} \u{5e6}\"\u{5d4}\"\u{5dc} and \u{e9}t\u{e9}",
    "plain words only",
    "\u{5d0}\"\u{5d1}",
];

#[test]
fn json_lines_records_say_where_each_token_came_from() {
    let tokenizers = [
        Tokenizer::new(TokenizerOptions::default(), Some(bundled_list("default").unwrap())).unwrap(),
        uax29(),
    ];
    let mut spans = DocumentSpans::default();
    for tokenizer in &tokenizers {
        for text in SPANNED_TEXTS {
            let document = document("i", "t\u{2028}", text);
            let mut out = b"before".to_vec();
            let count = render_tokenized(
                OutputFormat::JsonLines,
                tokenizer,
                document,
                Part::WHOLE,
                Some(&mut spans),
                &mut out,
            );
            let out = String::from_utf8(out).unwrap();
            let out = out.strip_prefix("before").unwrap();
            let record: serde_json::Value = serde_json::from_str(out).unwrap();
            let offsets = expected_offsets(tokenizer, text);
            let expected = serde_json::json!({
                "id": "i", "title": "t\u{2028}", "tokens": tokenizer.tokenize(text), "offsets": offsets
            });
            assert_eq!(record, expected, "{out}");
            assert_eq!((count, spans.len()), (offsets.len(), offsets.len()));
            // The record without offsets, with them after the tokens.
            let mut plain = Vec::new();
            render_tokenized(
                OutputFormat::JsonLines,
                tokenizer,
                document,
                Part::WHOLE,
                None,
                &mut plain,
            );
            let plain = String::from_utf8(plain).unwrap();
            let (before, after) = out.split_once(", \"offsets\": [").unwrap();
            assert_eq!(before, plain.strip_suffix("}\n").unwrap());
            assert!(after.ends_with("]}\n") && after.matches('\n').count() == 1, "{out}");
        }
    }
}

#[test]
fn columns_with_spans_in_code_points_give_the_same_offsets() {
    let tokenizer = uax29();
    let mut columns = TokenColumns::with_spans(OffsetUnit::CodePoints);
    tokenizer.extend_columns(&SPANNED_TEXTS, &mut columns);
    let mut in_bytes = TokenColumns::with_spans(OffsetUnit::Bytes);
    tokenizer.extend_columns(&SPANNED_TEXTS, &mut in_bytes);
    let mut spans = DocumentSpans::default();
    for (index, text) in SPANNED_TEXTS.iter().enumerate() {
        let document = document("i", "t", text);
        let render = |columns: &TokenColumns, offsets: bool| {
            let mut out = Vec::new();
            render_columns(OutputFormat::JsonLines, "i", "t", columns, index, offsets, &mut out);
            String::from_utf8(out).unwrap()
        };
        let mut scanned = Vec::new();
        render_tokenized(
            OutputFormat::JsonLines,
            &tokenizer,
            document,
            Part::WHOLE,
            Some(&mut spans),
            &mut scanned,
        );
        assert_eq!(render(&columns, true), String::from_utf8(scanned).unwrap());
        // Offsets not asked for, or spans in bytes: none written.
        let mut plain = Vec::new();
        render_tokenized(
            OutputFormat::JsonLines,
            &tokenizer,
            document,
            Part::WHOLE,
            None,
            &mut plain,
        );
        let plain = String::from_utf8(plain).unwrap();
        assert_eq!(render(&columns, false), plain);
        assert_eq!(render(&in_bytes, true), plain);
    }
}

/// `body` cut after every `step`-th space or line break (places where
/// no tokenisation rule looks across), with an empty part at each end
/// when `step` is odd.
fn parts_of(body: &str, step: usize) -> Vec<&str> {
    let bytes = body.as_bytes();
    let cuts = (1..bytes.len()).filter(|&at| matches!(bytes[at - 1], b' ' | b'\n'));
    let mut bounds: Vec<usize> = cuts.step_by(step).collect();
    bounds.insert(0, 0);
    bounds.push(body.len());
    if step % 2 == 1 {
        bounds.insert(0, 0);
        bounds.push(body.len());
    }
    bounds.windows(2).map(|pair| &body[pair[0]..pair[1]]).collect()
}

#[test]
fn a_document_rendered_in_parts_is_the_document_rendered_whole() {
    let stopwords = bundled_list("default").unwrap();
    let tokenizers = [
        Tokenizer::new(TokenizerOptions::default(), Some(stopwords)).unwrap(),
        uax29(),
    ];
    let long: String = words_of_every_length().iter().map(|word| format!("{word} ")).collect();
    let bodies = [
        "market share of the dollar rose 2,000 times\nand fell",
        "\u{5e6}\"\u{5d4}\"\u{5dc} and more \"quoted\" words, \u{5d0}\"\u{5d1}\n\u{5d2}\"\u{5d3} x",
        "the of a , ; the",
        "",
        "  \n ",
        "one",
        &long,
    ];
    for tokenizer in &tokenizers {
        for body in bodies {
            for format in [OutputFormat::JsonLines, OutputFormat::Plain, OutputFormat::SeedFiles] {
                let whole_document = document("id \"1\"", "T\u{2028}\"itle\"", body);
                let mut whole = Vec::new();
                let whole_count = render_tokenized(format, tokenizer, whole_document, Part::WHOLE, None, &mut whole);
                for step in [1, 2, 3, 7] {
                    let parts = parts_of(body, step);
                    let part_tokens: Vec<String> = parts.iter().flat_map(|part| tokenizer.tokenize(part)).collect();
                    assert_eq!(part_tokens, tokenizer.tokenize(body), "the parts are badly cut");
                    let (mut joined, mut count, mut has_tokens) = (Vec::new(), 0, false);
                    for (index, part) in parts.iter().enumerate() {
                        let part_document = DocumentRef {
                            body: part,
                            ..whole_document
                        };
                        let which = Part {
                            first: index == 0,
                            last: index == parts.len() - 1,
                        };
                        let mut bytes = Vec::new();
                        let tokens = render_tokenized(format, tokenizer, part_document, which, None, &mut bytes);
                        if has_tokens && tokens > 0 {
                            joined.extend_from_slice(format.token_separator());
                        }
                        has_tokens |= tokens > 0;
                        joined.extend_from_slice(&bytes);
                        count += tokens;
                    }
                    assert_eq!(
                        String::from_utf8_lossy(&joined),
                        String::from_utf8_lossy(&whole),
                        "{format:?}, step {step}, {body:?}"
                    );
                    assert_eq!(count, whole_count);
                }
            }
        }
    }
}
