//! Rendering tokenised documents in the output formats: a JSON Lines record,
//! a line of plain text, or a seed file's contents. Tokens go from the
//! tokenizer's scan (or from token columns) straight into the output bytes,
//! with no list of them in between; a document streamed in pieces is
//! rendered a part at a time. A JSON Lines record may also say where each
//! token came from (`offsets.rs`).

use crate::corpus::input::DocumentRef;
use crate::corpus::offsets::{push_offsets, DocumentSpans};
use crate::output::columns::{OffsetUnit, TokenColumns};
use crate::tokenize::{TokenSink, Tokenizer};
use crate::unicode::ascii::{extend_with_padded, PADDED_TOKEN_BYTES};

/// The shape of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// `{"id": ..., "title": ..., "tokens": [...]}`, one document per line
    /// (with `"offsets": [[start, end], ...]` after the tokens when asked).
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
/// returns the number of its tokens. With `spans`, the tokens' spans in
/// the body are kept there as they are scanned and, in JSON Lines, written
/// after the tokens: for whole documents only (a piece's would count from
/// the piece).
pub fn render_tokenized(
    format: OutputFormat,
    tokenizer: &Tokenizer,
    document: DocumentRef<'_>,
    part: Part,
    spans: Option<&mut DocumentSpans>,
    out: &mut Vec<u8>,
) -> usize {
    let DocumentRef { id, title, body, .. } = document;
    match spans {
        Some(spans) => {
            debug_assert_eq!(part, Part::WHOLE, "offsets of a document in pieces");
            render_document(format, id, title, &mut SpannedTokens(tokenizer, body, spans), part, out)
        }
        None => render_document(format, id, title, &mut ScannedTokens(tokenizer, body), part, out),
    }
}

/// Appends document `doc` of token columns, whole, in `format`; with
/// `offsets`, and columns that keep spans in code points, JSON Lines says
/// where each token came from.
pub fn render_columns(
    format: OutputFormat,
    id: &str,
    title: &str,
    tokens: &TokenColumns,
    doc: usize,
    offsets: bool,
    out: &mut Vec<u8>,
) {
    let mut tokens = ColumnTokens {
        columns: tokens,
        doc,
        offsets,
    };
    render_document(format, id, title, &mut tokens, Part::WHOLE, out);
}

/// The tokens of one document, handed to `each` as bytes, with the 16 bytes
/// they start in when those can be read (for fixed-size copies). A document
/// may be walked twice.
trait DocumentTokens {
    fn each(&mut self, each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>));

    /// Where the tokens of the last walk came from, when that is to be
    /// written: their starts and ends in code points of their text.
    fn spans(&self) -> Option<(&[i64], &[i64])> {
        None
    }
}

/// The kept tokens of a text, straight from the scan.
struct ScannedTokens<'a>(&'a Tokenizer, &'a str);

impl DocumentTokens for ScannedTokens<'_> {
    #[inline]
    fn each(&mut self, each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)) {
        self.0.scan_kept(self.1, EachToken(each));
    }
}

/// The kept tokens of a text, straight from the scan, with their spans
/// kept in `.2` by the same scan.
struct SpannedTokens<'a>(&'a Tokenizer, &'a str, &'a mut DocumentSpans);

impl DocumentTokens for SpannedTokens<'_> {
    #[inline]
    fn each(&mut self, each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)) {
        // A second walk keeps the same spans again, in place of the first's.
        self.2.scan(self.0, self.1, each);
    }

    fn spans(&self) -> Option<(&[i64], &[i64])> {
        Some((&self.2.starts, &self.2.ends))
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

/// Document `doc` of token columns, and, with `offsets`, its spans.
struct ColumnTokens<'a> {
    columns: &'a TokenColumns,
    doc: usize,
    offsets: bool,
}

impl DocumentTokens for ColumnTokens<'_> {
    fn each(&mut self, mut each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)) {
        let ColumnTokens { columns, doc, .. } = *self;
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

    fn spans(&self) -> Option<(&[i64], &[i64])> {
        let spans = self.columns.spans.as_ref()?;
        if !self.offsets || spans.unit != OffsetUnit::CodePoints {
            return None;
        }
        let offset_at = |at: usize| self.columns.doc_offsets.get(at).map_or(0, |&offset| offset as usize);
        let tokens = offset_at(self.doc)..offset_at(self.doc + 1);
        Some((
            spans.starts.get(tokens.clone()).unwrap_or_default(),
            spans.ends.get(tokens).unwrap_or_default(),
        ))
    }
}

/// Appends one document (or a part of it); returns the number of its tokens.
fn render_document(
    format: OutputFormat,
    id: &str,
    title: &str,
    tokens: &mut impl DocumentTokens,
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
                out.push(b']');
                if let Some((starts, ends)) = tokens.spans() {
                    push_offsets(out, starts, ends);
                }
                out.extend_from_slice(b"}\n");
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
#[path = "render_tests.rs"]
mod tests;
