//! Which format a source is in, when the user did not say: its content
//! first, its name after, and an error rather than a guess where the content
//! looks like JSON that is not JSON Lines.
//!
//! The rules, in order (the source already decompressed, its byte order mark
//! dropped, `source.rs`):
//! 1. a Parquet file: its first bytes are Parquet's magic `PAR1`;
//! 2. JSON Lines: its name ends in `.jsonl` or `.ndjson` (before any `.gz`);
//!    Parquet: its name ends in `.parquet`;
//! 3. JSON Lines: its first non-blank line is a JSON object;
//! 4. an error: its first non-blank line starts like JSON (`{"`, a lone `{`,
//!    or `[` before `{`, `[`, `"` or `]`) but is not an object on one line
//!    (pretty-printed JSON, a JSON array);
//! 5. else the seed format (a title line, then the body).

use std::io::{self, BufRead, Read};

use serde::de::IgnoredAny;

use super::input::{InputFormat, ReadError, Source};
use super::source::{open_source, OpenedSource};

/// What a source was found to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Text(InputFormat),
    /// Read by pyarrow, not by the Rust pipeline.
    Parquet,
}

const PARQUET_MAGIC: &[u8; 4] = b"PAR1";
/// How much is read at a time to find the first line.
pub const SNIFF_BYTES: usize = 1 << 16;

/// Why a source's format cannot be decided.
#[derive(Debug)]
pub enum DetectError {
    Io(io::Error),
    /// The content looks like JSON that is not one object per line.
    NotJsonLines(String),
}

impl DetectError {
    /// The error of reading `source`.
    pub fn for_source(self, source: &Source) -> ReadError {
        match self {
            DetectError::Io(error) => ReadError::Io {
                source: source.label(),
                error,
            },
            DetectError::NotJsonLines(reason) => ReadError::Format {
                source: source.label(),
                reason,
            },
        }
    }
}

/// The format of `source`, from its name and its first bytes (a small file
/// is read whole; of a larger one, the first line at most, up to
/// `max_document_bytes`).
pub fn detect_source(source: &Source, max_document_bytes: u64) -> Result<Detected, ReadError> {
    let detected = match open_source(source, SNIFF_BYTES as u64)? {
        OpenedSource::Whole(whole) => detect_whole(&whole.bytes, &source.name),
        OpenedSource::Stream(mut stream) => {
            let max_line = max_document_bytes.saturating_add(1);
            detect_format(&mut stream.reader, &source.name, max_line, &mut Vec::new())
        }
    };
    detected.map_err(|error| error.for_source(source))
}

/// Decides the format of a source from its name and its first bytes, read
/// from `stream` into `start` (64 KiB, or more when the first non-blank
/// line starts like JSON and is longer: up to its end, or `max_line` bytes
/// of it), so that a caller that goes on reading the stream can read them
/// again.
pub fn detect_format(
    stream: &mut dyn BufRead,
    name: &str,
    max_line: u64,
    start: &mut Vec<u8>,
) -> Result<Detected, DetectError> {
    decide(&mut Streamed { stream, start }, name, max_line)
}

/// Decides the format of a source read whole, `bytes`.
pub fn detect_whole(bytes: &[u8], name: &str) -> Result<Detected, DetectError> {
    decide(&mut Whole(bytes), name, u64::MAX)
}

/// The first bytes of a source, as far as they have been read.
trait Prefix {
    fn bytes(&self) -> &[u8];
    /// Reads on until the prefix holds `length` bytes; false at the end.
    fn grow_to(&mut self, length: usize) -> Result<bool, DetectError>;
}

struct Whole<'a>(&'a [u8]);

impl Prefix for Whole<'_> {
    fn bytes(&self) -> &[u8] {
        self.0
    }

    fn grow_to(&mut self, _: usize) -> Result<bool, DetectError> {
        Ok(false)
    }
}

struct Streamed<'a> {
    stream: &'a mut dyn BufRead,
    start: &'a mut Vec<u8>,
}

impl Prefix for Streamed<'_> {
    fn bytes(&self) -> &[u8] {
        self.start
    }

    fn grow_to(&mut self, length: usize) -> Result<bool, DetectError> {
        let wanted = length.saturating_sub(self.start.len()) as u64;
        let read = self
            .stream
            .take(wanted)
            .read_to_end(self.start)
            .map_err(DetectError::Io)?;
        Ok(read > 0)
    }
}

fn decide(prefix: &mut impl Prefix, name: &str, max_line: u64) -> Result<Detected, DetectError> {
    prefix.grow_to(SNIFF_BYTES)?;
    if prefix.bytes().starts_with(PARQUET_MAGIC) {
        return Ok(Detected::Parquet);
    }
    let base = name.strip_suffix(".gz").unwrap_or(name);
    if base.ends_with(".jsonl") || base.ends_with(".ndjson") {
        return Ok(Detected::Text(InputFormat::JsonLines));
    }
    if base.ends_with(".parquet") {
        return Ok(Detected::Parquet);
    }
    // The first byte that is not blank.
    let mut first = 0;
    loop {
        match prefix.bytes().get(first) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => first += 1,
            Some(_) => break,
            None => {
                let length = prefix.bytes().len();
                if !prefix.grow_to(length + SNIFF_BYTES)? {
                    // Empty, or blank: one empty document.
                    return Ok(Detected::Text(InputFormat::Seed));
                }
            }
        }
    }
    match prefix.bytes().get(first) {
        Some(b'{') | Some(b'[') => {}
        _ => return Ok(Detected::Text(InputFormat::Seed)),
    }
    let line_start = prefix
        .bytes()
        .get(..first)
        .and_then(|blank| blank.iter().rposition(|&b| b == b'\n'))
        .map_or(0, |newline| newline + 1);
    // The whole line, up to the limit.
    let limit = (line_start as u64).saturating_add(max_line);
    let line_end = loop {
        let bytes = prefix.bytes();
        if let Some(newline) = bytes.get(first..).and_then(|rest| memchr::memchr(b'\n', rest)) {
            break first + newline;
        }
        if bytes.len() as u64 >= limit {
            // Too long to check: a document this large is refused anyway
            // when read, so read it as JSON Lines, which names its line.
            return Ok(Detected::Text(InputFormat::JsonLines));
        }
        let wanted = (bytes.len() + SNIFF_BYTES).min(usize::try_from(limit).unwrap_or(usize::MAX));
        if !prefix.grow_to(wanted)? {
            break prefix.bytes().len();
        }
    };
    judge_first_line(prefix.bytes().get(first..line_end).unwrap_or_default())
}

/// The format a first non-blank line (from its first non-blank byte, `{` or
/// `[`, to its end) implies.
fn judge_first_line(line: &[u8]) -> Result<Detected, DetectError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.first() == Some(&b'{') && serde_json::from_slice::<IgnoredAny>(line).is_ok() {
        return Ok(Detected::Text(InputFormat::JsonLines));
    }
    let after_bracket = line
        .get(1..)
        .unwrap_or_default()
        .iter()
        .find(|&&byte| !matches!(byte, b' ' | b'\t'));
    let looks_like_json = match line.first() {
        Some(b'{') => line.trim_ascii_end() == b"{" || after_bracket == Some(&b'"'),
        _ => matches!(after_bracket, None | Some(b'{' | b'[' | b'"' | b']')),
    };
    if !looks_like_json {
        return Ok(Detected::Text(InputFormat::Seed));
    }
    let what = if line.first() == Some(&b'[') {
        "a JSON array"
    } else {
        "JSON over several lines, or a malformed JSON object"
    };
    Err(DetectError::NotJsonLines(format!(
        "looks like {what}, not JSON Lines (one JSON object per line); convert it (for example with \
         `jq -c '.[]'`), or give the input format to read it as text"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(name: &str, bytes: &[u8]) -> Result<Detected, String> {
        let mut start = Vec::new();
        let mut stream = bytes;
        let detected = detect_format(&mut stream, name, 1 << 20, &mut start);
        // What was read is a prefix of the stream, and the rest is unread.
        assert_eq!([start.as_slice(), stream].concat(), bytes);
        // Read whole, the same.
        let whole = detect_whole(bytes, name);
        assert_eq!(format!("{whole:?}"), format!("{detected:?}"));
        detected.map_err(|error| match error {
            DetectError::Io(error) => error.to_string(),
            DetectError::NotJsonLines(reason) => reason,
        })
    }

    const SEED: Result<Detected, String> = Ok(Detected::Text(InputFormat::Seed));
    const JSONL: Result<Detected, String> = Ok(Detected::Text(InputFormat::JsonLines));

    #[test]
    fn json_lines_are_known_by_their_first_line_whatever_the_name() {
        for name in ["news.json", "dump.txt", "-", "news.jsonl"] {
            assert_eq!(
                detect(name, b"{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2}\n"),
                JSONL,
                "{name}"
            );
            assert_eq!(detect(name, b"\n  \r\n\t{\"text\": \"after blank lines\"}"), JSONL);
            assert_eq!(detect(name, b"{}\r\n"), JSONL);
        }
    }

    #[test]
    fn seed_documents_stay_seed_documents() {
        for text in [
            &b"Dollar rises\nThe dollar rose.\n"[..],
            b"",
            b"\n\n",
            b"{Draft} plan for 1987\nbody",
            b"[UPDATE] Markets rally\nbody",
            b"[1987] A year\nbody",
            b"{\"unterminated\nbody",
        ] {
            let expected = if text.starts_with(b"{\"") { None } else { Some(SEED) };
            match expected {
                Some(expected) => assert_eq!(detect("a.txt", text), expected, "{text:?}"),
                None => assert!(detect("a.txt", text).is_err()),
            }
        }
    }

    #[test]
    fn json_that_is_not_json_lines_is_an_error() {
        for text in [
            &b"[{\"id\": 1}, {\"id\": 2}]"[..],
            b"[\n  {\"id\": 1}\n]\n",
            b"  [ {\"id\": 1} ]",
            b"[]",
            b"{\n  \"id\": 1\n}\n",
            b"{\"id\": 1, \"text\": \"cut",
        ] {
            let error = detect("news.json", text).unwrap_err();
            assert!(error.contains("not JSON Lines"), "{error}");
        }
    }

    #[test]
    fn names_decide_where_the_content_does_not() {
        assert_eq!(detect("x.jsonl", b"not json\n"), JSONL);
        assert_eq!(detect("x.ndjson.gz", b"[1, 2]\n"), JSONL);
        assert_eq!(detect("x.parquet", b"garbage"), Ok(Detected::Parquet));
        assert_eq!(detect("x.txt", b"PAR1\x15\x04"), Ok(Detected::Parquet));
    }

    #[test]
    fn a_first_line_longer_than_the_limit_is_not_held() {
        let mut text = b"{\"text\": \"".to_vec();
        text.extend(std::iter::repeat_n(b'a', 5000));
        text.extend_from_slice(b"\"}\n");
        let mut start = Vec::new();
        let mut stream = text.as_slice();
        let detected = detect_format(&mut stream, "big.txt", 1000, &mut start).unwrap();
        assert_eq!(detected, Detected::Text(InputFormat::JsonLines));
        assert!(start.len() <= 1000 + SNIFF_BYTES);
    }
}
