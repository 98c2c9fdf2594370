//! Rendering tokenised documents in the output formats: a JSON Lines record,
//! a line of plain text, or a seed file's contents. Tokens go from the
//! tokenizer's scan (or from token columns) straight into the output bytes,
//! with no list of them in between; a document streamed in pieces is
//! rendered a part at a time.

use crate::corpus::input::DocumentRef;
use crate::output::columns::TokenColumns;
use crate::tokenize::{TokenSink, Tokenizer};
use crate::unicode::ascii::{extend_with_padded, PADDED_TOKEN_BYTES};

/// The shape of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// `{"id": ..., "title": ..., "tokens": [...]}`, one document per line.
    JsonLines,
    /// One document per line, its tokens separated by spaces.
    Plain,
    /// One file per document, named by its id under a directory: the title
    /// line, a blank line, then one token per line.
    SeedFiles,
}

impl OutputFormat {
    /// The formats by the names the binding and the command use (Parquet is
    /// written by Python).
    pub const NAMES: [(&'static str, OutputFormat); 3] = [
        ("jsonl", OutputFormat::JsonLines),
        ("plain", OutputFormat::Plain),
        ("seed", OutputFormat::SeedFiles),
    ];

    pub fn from_name(name: &str) -> Option<OutputFormat> {
        Self::NAMES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, format)| format)
    }

    /// What goes between two tokens of one document, in two parts of it.
    pub fn token_separator(self) -> &'static [u8] {
        match self {
            OutputFormat::JsonLines => b", ",
            OutputFormat::Plain => b" ",
            // Each token ends its own line.
            OutputFormat::SeedFiles => b"",
        }
    }
}

/// Which part of a document to render: the whole, or a piece of one
/// streamed in pieces (the first has the start of the record, the last its
/// end; the tokens of a piece after the first come with no separator before
/// them, which the writer adds where tokens came before).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub first: bool,
    pub last: bool,
}

impl Part {
    pub const WHOLE: Part = Part {
        first: true,
        last: true,
    };
}

/// Tokenises `document` and appends it (or its `part`) in `format`;
/// returns the number of its tokens.
pub fn render_tokenized(
    format: OutputFormat,
    tokenizer: &Tokenizer,
    document: DocumentRef<'_>,
    part: Part,
    out: &mut Vec<u8>,
) -> usize {
    let DocumentRef { id, title, body, .. } = document;
    render_document(format, id, title, &ScannedTokens(tokenizer, body), part, out)
}

/// Appends document `doc` of token columns, whole, in `format`.
pub fn render_columns(
    format: OutputFormat,
    id: &str,
    title: &str,
    tokens: &TokenColumns,
    doc: usize,
    out: &mut Vec<u8>,
) {
    render_document(format, id, title, &ColumnTokens(tokens, doc), Part::WHOLE, out);
}

/// The tokens of one document, handed to `each` as bytes, with the 16 bytes
/// they start in when those can be read (for fixed-size copies). A document
/// may be walked twice.
trait DocumentTokens {
    fn each(&self, each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>));
}

/// The kept tokens of a text, straight from the scan.
struct ScannedTokens<'a>(&'a Tokenizer, &'a str);

impl DocumentTokens for ScannedTokens<'_> {
    #[inline]
    fn each(&self, each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)) {
        self.0.scan_kept(self.1, EachToken(each));
    }
}

/// A closure as the scan's sink.
struct EachToken<F>(F);

impl<F: FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)> TokenSink for EachToken<F> {
    #[inline(always)]
    fn token(&mut self, token: &str) {
        (self.0)(token.as_bytes(), None);
    }

    // Inlined into the scan's loop: a call per token costs as much as the
    // copy.
    #[inline(always)]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        (self.0)(token.as_bytes(), Some(padded));
    }
}

/// Document `.1` of token columns.
struct ColumnTokens<'a>(&'a TokenColumns, usize);

impl DocumentTokens for ColumnTokens<'_> {
    fn each(&self, mut each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)) {
        let ColumnTokens(columns, doc) = *self;
        let ends = columns.doc_token_ends(doc);
        for (&start, &end) in ends.iter().zip(ends.iter().skip(1)) {
            let (start, end) = (start as usize, end as usize);
            let window = columns.values.get(start..start + PADDED_TOKEN_BYTES);
            each(
                columns.values.get(start..end).unwrap_or_default(),
                window.and_then(|window| window.try_into().ok()),
            );
        }
    }
}

/// Appends one document (or a part of it); returns the number of its tokens.
fn render_document(
    format: OutputFormat,
    id: &str,
    title: &str,
    tokens: &impl DocumentTokens,
    part: Part,
    out: &mut Vec<u8>,
) -> usize {
    let mut count = 0;
    match format {
        OutputFormat::JsonLines => {
            if part.first {
                out.extend_from_slice(b"{\"id\": ");
                push_json_string(out, id.as_bytes());
                out.extend_from_slice(b", \"title\": ");
                push_json_string(out, title.as_bytes());
                out.extend_from_slice(b", \"tokens\": [");
            }
            let start = out.len();
            tokens.each(|token, padded| {
                push_quoted(out, token, padded, count == 0);
                count += 1;
            });
            // Tokens practically never need escaping; one look at what was
            // written tells: none of these bytes, and no quotes but the
            // two around each token.
            let (quotes, other_care) = json_care_in(out.get(start..).unwrap_or_default());
            if quotes != 2 * count || other_care {
                out.truncate(start);
                let mut first = true;
                tokens.each(|token, _| {
                    if !first {
                        out.extend_from_slice(b", ");
                    }
                    push_json_string(out, token);
                    first = false;
                });
            }
            if part.last {
                out.extend_from_slice(b"]}\n");
            }
        }
        OutputFormat::Plain => {
            tokens.each(|token, padded| {
                if count > 0 {
                    out.push(b' ');
                }
                match padded {
                    Some(padded) => extend_with_padded(out, token, padded),
                    None => out.extend_from_slice(token),
                }
                count += 1;
            });
            if part.last {
                out.push(b'\n');
            }
        }
        OutputFormat::SeedFiles => {
            if part.first {
                out.extend_from_slice(title.as_bytes());
                out.extend_from_slice(b"\n\n");
            }
            tokens.each(|token, padded| {
                match padded {
                    Some(padded) => extend_with_padded(out, token, padded),
                    None => out.extend_from_slice(token),
                }
                out.push(b'\n');
                count += 1;
            });
        }
    }
    count
}

/// Appends a token that needs no escaping as `"token"`, after `, ` unless it
/// is the first. A short one with its padded window is written as one
/// fixed-size move of separator, quote and window, the surplus cut off.
#[inline(always)]
fn push_quoted(out: &mut Vec<u8>, token: &[u8], padded: Option<&[u8; PADDED_TOKEN_BYTES]>, first: bool) {
    match padded {
        Some(padded) if !first && token.len() <= PADDED_TOKEN_BYTES => {
            let mut quoted = [b'"'; PADDED_TOKEN_BYTES + 3];
            quoted[..2].copy_from_slice(b", ");
            quoted[3..].copy_from_slice(padded);
            let end = out.len() + 3 + token.len();
            out.extend_from_slice(&quoted);
            out.truncate(end);
        }
        _ => {
            if !first {
                out.extend_from_slice(b", ");
            }
            out.push(b'"');
            out.extend_from_slice(token);
        }
    }
    out.push(b'"');
}

/// How many quotes `bytes` hold, and whether they hold any other byte that
/// may need escaping in JSON (see `needs_json_care`). Without an early exit,
/// in blocks of fixed size: the compiler makes it a vector loop, some 16
/// bytes an instruction or two.
fn json_care_in(bytes: &[u8]) -> (usize, bool) {
    const BLOCK: usize = 64;
    let mut quotes = 0;
    let mut care = 0u8;
    let blocks = bytes.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    for block in blocks.chain(std::iter::once(tail)) {
        // At most 64 quotes a block: a byte counts them.
        let mut block_quotes = 0u8;
        for &byte in block {
            block_quotes += u8::from(byte == b'"');
            care |= u8::from(byte < 0x20) | u8::from(byte == b'\\') | u8::from(byte == 0xE2);
        }
        quotes += usize::from(block_quotes);
    }
    (quotes, care != 0)
}

/// Whether a byte of UTF-8 text may need escaping in a JSON string: 0xE2
/// starts U+2028 and U+2029 (and other characters, copied as they are).
#[inline]
fn needs_json_care(&byte: &u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\' || byte == 0xE2
}

/// Appends `text` (UTF-8) as a JSON string. Tokens never need escaping,
/// but titles and ids may hold anything; U+2028 and U+2029 are escaped too,
/// since some readers of JSON Lines take them for line breaks.
fn push_json_string(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    let needs_care = needs_json_care;
    if !text.iter().any(needs_care) {
        out.extend_from_slice(text);
        out.push(b'"');
        return;
    }
    let mut rest = text;
    while let Some(at) = rest.iter().position(needs_care) {
        let (plain, from) = rest.split_at(at);
        out.extend_from_slice(plain);
        let Some(&byte) = from.first() else {
            break;
        };
        let mut taken = 1;
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0xE2 if matches!(from.get(1..3), Some([0x80, 0xA8 | 0xA9])) => {
                out.extend_from_slice(if from.get(2) == Some(&0xA8) {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
                taken = 3;
            }
            0xE2 => out.push(byte),
            _ => out.extend_from_slice(format!("\\u{byte:04x}").as_bytes()),
        }
        rest = from.get(taken..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
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
                render_columns(format, &format!("d{index}"), "T \"t\"", &columns, index, &mut out);
                let out = String::from_utf8(out).unwrap();
                match format {
                    OutputFormat::JsonLines => {
                        let record: serde_json::Value = serde_json::from_str(&out).unwrap();
                        let expected =
                            serde_json::json!({"id": format!("d{index}"), "title": "T \"t\"", "tokens": tokens});
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
                let count = render_tokenized(format, tokenizer, document(&id, title, text), Part::WHOLE, &mut out);
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
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\": \"i\", \"title\": \"\", \"tokens\": [\"x\", \"\u{5d0}\\\"\u{5d1}\"]}\n"
        );
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
                    let whole_count = render_tokenized(format, tokenizer, whole_document, Part::WHOLE, &mut whole);
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
                            let tokens = render_tokenized(format, tokenizer, part_document, which, &mut bytes);
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
}
